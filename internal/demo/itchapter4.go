package demo

import (
	"time"

	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/reports"
	"toren/internal/toren"
)

// itChapter4 are the three families of the evaluation's chapter 4 as IT
// cases of 2013, with their safety plans, meetings, scaling scores and
// colour codes. The seed did not record case 1's colour at the end of the
// intensive phase; the process asks for one, so it has the green its
// story implies.
func itChapter4(b *itBuilder) []*itteam.Case {
	d := toren.NewDate
	at := func(on toren.Date) time.Time { return on.Time().Add(14 * time.Hour) }
	score := func(v int) *int { return &v }
	pro := func(name, org string) itteam.Participant {
		return itteam.Participant{Name: name, Kind: itteam.ParticipantProfessional, Organisation: org}
	}
	fam := func(name string) itteam.Participant {
		return itteam.Participant{Name: name, Kind: itteam.ParticipantFamily}
	}
	net := func(name string) itteam.Participant {
		return itteam.Participant{Name: name, Kind: itteam.ParticipantNetwork}
	}
	today := toren.DateOf(ITYearNow)

	// Case 1: a young woman, her ex-boyfriend and GHB; closed in 2014.
	c1 := b.start("Familie Verbeek", d(2013, 11, 18), cases.ColourOrange)
	c1.Registration = itteam.Registration{Municipality: "GM0758", PerpetratorSexes: []reports.Sex{reports.SexMale},
		VictimSexes: []reports.Sex{reports.SexFemale}, ChildrenPresent: reports.No, ViolenceType: reports.TypeExPartner,
		Natures: []reports.Nature{reports.NatureThreats}, ProblemAreas: []string{"verslaving", "huisvesting"},
		EarlierHelp:   []string{"Algemeen Maatschappelijk Werk", "Steunpunt Huiselijk Geweld", "Zelfstandig psycholoog"},
		CareProviders: []string{"Huisarts", "Novadic-Kentron"}}
	b.must(c1.SavePlan(itteam.Plan{
		Dangers:     "Ex-vriend valt haar lastig en heeft haar mishandeld; verslaving aan GHB; zij raakt geïsoleerd van haar familie.",
		Strengths:   "Ouders houden de deur open met duidelijke regels; zij staat open voor hulp sinds het incident thuis.",
		Exceptions:  "Weken waarin zij thuis at en niet reageerde op zijn berichten.",
		FamilyGoals: "Een toekomst zonder ex-vriend en zonder verslaving; een opleiding; zelfstandig wonen.",
		BottomLines: "Geen contact met de ex-vriend; geen geweld in huis; opname als afkicken thuis niet lukt.",
		Agreements: []itteam.Agreement{
			{Owner: "Chantal", What: "Zoekt geen contact met haar ex-vriend en reageert niet op zijn telefoontjes of sms'jes; bewaart ze voor aangifte", When: "vanaf nu", Check: "IT vraagt wekelijks", CheckedBy: "moeder"},
			{Owner: "Ouders", What: "Bieden onderdak en eten; er wordt samen gegeten", When: "dagelijks", Check: "huisbezoek IT", CheckedBy: "vader"},
			{Owner: "Moeder of vader", What: "Gaat mee naar de huisarts voor de medicatie", When: "bij elk bezoek", Check: "huisarts koppelt terug aan IT"},
			{Owner: "Politie", What: "Komt altijd ter plaatse als Chantal of haar familie belt over een dreiging", When: "bij elke melding", Check: "terugkoppeling aan IT"},
		}}, b.duo[0], at(d(2013, 11, 25))))
	b.must(c1.AddMeeting(itteam.Meeting{On: d(2013, 11, 28), Family: true, Participants: []itteam.Participant{
		fam("Chantal"), fam("Moeder"), fam("Vader"), net("Vriend van de ouders"), net("Vriendin van de ouders"), pro("Ilse Smit", "Interventieteam")},
		Decisions: "Het veiligheidsplan is besproken; ouders blijven onderdak bieden.", Agreements: []int{1, 2}, By: b.duo[0]}, today))
	for _, m := range []struct {
		on   toren.Date
		with []itteam.Participant
	}{
		{d(2014, 1, 14), []itteam.Participant{fam("Chantal"), pro("Psychologe", "Zelfstandig psycholoog")}},
		{d(2014, 2, 18), []itteam.Participant{fam("Chantal"), pro("Psychologe", "Zelfstandig psycholoog")}},
		{d(2014, 3, 20), []itteam.Participant{fam("Chantal"), pro("Begeleider", "Novadic-Kentron kliniek"), pro("Wijkagent", "Politie")}},
		{d(2014, 4, 10), []itteam.Participant{fam("Chantal"), pro("Begeleider", "Novadic-Kentron kliniek"), pro("Wijkagent", "Politie")}},
	} {
		b.must(c1.AddMeeting(itteam.Meeting{On: m.on, Participants: m.with, Decisions: "Afspraken van het veiligheidsplan nagelopen.", By: b.duo[0]}, today))
	}
	b.must(c1.AddScaling([]itteam.ScalingScore{
		{On: d(2013, 11, 28), Kind: itteam.RaterFamily, Rater: "Chantal", Safety: score(3), Progress: score(2)},
		{On: d(2013, 11, 28), Kind: itteam.RaterFamily, Rater: "Moeder", Safety: score(2)},
		{On: d(2013, 11, 28), Kind: itteam.RaterProfessional, Rater: "IT", Safety: score(3)},
	}, today))
	b.must(c1.AddScaling([]itteam.ScalingScore{
		{On: d(2014, 4, 10), Kind: itteam.RaterFamily, Rater: "Chantal", Safety: score(7), Progress: score(7)},
		{On: d(2014, 4, 10), Kind: itteam.RaterFamily, Rater: "Moeder", Safety: score(7)},
		{On: d(2014, 4, 10), Kind: itteam.RaterProfessional, Rater: "IT", Safety: score(6)},
	}, today))
	b.must(c1.SetAgreementStatus(1, itteam.StatusChange{On: d(2014, 4, 10), Status: itteam.AgreementKept, By: b.duo[0]}, at(d(2014, 4, 10))))
	b.monitor(c1, d(2014, 4, 15), cases.ColourGreen)
	b.close(c1, d(2014, 12, 1))

	// Case 2: separated young parents, his harassment, her father
	// headbutted; still monitored at the end of 2014.
	c2 := b.start("Familie Yıldırım / Aydın", d(2013, 9, 10), cases.ColourRed)
	c2.Registration = itteam.Registration{Municipality: "GM1674", PerpetratorSexes: []reports.Sex{reports.SexMale},
		VictimSexes: []reports.Sex{reports.SexFemale, reports.SexMale}, ChildrenPresent: reports.Yes, ViolenceType: reports.TypeExPartner,
		Natures: []reports.Nature{reports.NatureStalking, reports.NaturePhysicalAbuse}, ProblemAreas: []string{"verslaving", "psychisch"},
		CareProviders: []string{"Jeugdzorg", "GGZ WNB"}}
	b.must(c2.SavePlan(itteam.Plan{
		Dangers:     "Vader valt moeder lastig, gebruikt drugs en drank; hij sloeg haar vader en trapte de achterdeur in.",
		Strengths:   "Moeder voedt goed op; haar ouders steunen haar.",
		FamilyGoals: "Rust voor moeder en de kinderen; omgang met vader alleen als het veilig is.",
		BottomLines: "Geen contact van vader met moeder buiten de afspraken; omgang alleen begeleid.",
		Agreements: []itteam.Agreement{
			{Owner: "Vader", What: "Komt niet naar het huis van moeder of haar ouders", When: "vanaf nu", Check: "politie en IT", CheckedBy: "opa"},
			{Owner: "Moeder", What: "Belt 112 bij dreiging en daarna het IT", When: "bij dreiging", Check: "politiemutaties"},
			{Owner: "Jeugdzorg", What: "Regelt begeleide omgang voor Elif", When: "binnen vier weken", Check: "gezinsvoogd koppelt terug"},
		}}, b.duo[0], at(d(2013, 9, 20))))
	b.must(c2.AddMeeting(itteam.Meeting{On: d(2013, 10, 2), Family: true, Participants: []itteam.Participant{
		fam("Moeder"), fam("Opa"), fam("Oma"), pro("Gezinsvoogd", "Bureau Jeugdzorg")}, Decisions: "Omgang alleen begeleid.", Agreements: []int{1, 3}, By: b.duo[0]}, today))
	b.must(c2.AddScaling([]itteam.ScalingScore{
		{On: d(2013, 10, 2), Kind: itteam.RaterFamily, Rater: "Moeder", Safety: score(2)},
		{On: d(2013, 10, 2), Kind: itteam.RaterProfessional, Rater: "IT", Safety: score(1)},
	}, today))
	b.must(c2.AddScaling([]itteam.ScalingScore{
		{On: d(2014, 8, 20), Kind: itteam.RaterFamily, Rater: "Moeder", Safety: score(7)},
		{On: d(2014, 8, 20), Kind: itteam.RaterProfessional, Rater: "IT", Safety: score(6)},
	}, today))
	b.must(c2.RateColour(itteam.ColourRating{On: d(2014, 2, 1), Colour: cases.ColourOrange, Moment: itteam.MomentChange, Rater: b.duo[1],
		Note: "Vader houdt zich aan het contactverbod."}, today))
	b.monitor(c2, d(2014, 9, 1), cases.ColourGreen)

	// Case 3: a mother with a borderline disorder and her partner; kept
	// apart, with the FACT team and Het Dok; closed in 2014.
	c3 := b.start("Familie De Kok / Jacobs", d(2013, 6, 3), cases.ColourOrange)
	c3.Registration = itteam.Registration{Municipality: "GM0748", PerpetratorSexes: []reports.Sex{reports.SexMale, reports.SexFemale},
		VictimSexes: []reports.Sex{reports.SexFemale, reports.SexMale}, ChildrenPresent: reports.Yes, ViolenceType: reports.TypePartner,
		Natures: []reports.Nature{reports.NaturePhysicalAbuse, reports.NatureDomesticQuarrel}, ProblemAreas: []string{"psychisch", "financien", "verslaving"},
		CareProviders: []string{"GGZ Breburg", "Het Dok", "Maatschappelijk werk"}}
	b.must(c3.SavePlan(itteam.Plan{
		Dangers:     "Escalaties onder invloed van alcohol; huurachterstand en dreigende uitzetting.",
		Strengths:   "Een vriend die beiden opvangt; de broer van mevrouw.",
		FamilyGoals: "De relatie houden en veilig maken.",
		BottomLines: "Gescheiden blijven wonen; time-out bij oplopende spanning.",
		Agreements: []itteam.Agreement{
			{Owner: "Beiden", What: "Nemen een time-out als de spanning oploopt", When: "bij elke ruzie", Check: "IT vraagt bij huisbezoek", CheckedBy: "vriend"},
			{Owner: "Mevrouw", What: "Logeert bij haar broer als het niet goed gaat", When: "bij spanning", Check: "broer belt IT"},
			{Owner: "Meneer", What: "Gaat naar zijn afspraken bij Het Dok", When: "wekelijks", Check: "Het Dok koppelt terug"},
		}}, b.duo[0], at(d(2013, 6, 14))))
	for _, on := range []toren.Date{d(2013, 7, 10), d(2013, 11, 6)} {
		b.must(c3.AddMeeting(itteam.Meeting{On: on, Participants: []itteam.Participant{fam("Mevrouw"), fam("Meneer"), pro("Wijkagent", "Politie"),
			pro("Consulent", "Woningbouw"), pro("Behandelaar", "GGZ FACT-team"), pro("Hulpverlener", "Het Dok"), pro("Maatschappelijk werker", "Maatschappelijk werk")},
			Decisions: "Huurachterstand: ouders van meneer betalen; bewindvoering aanvragen.", By: b.duo[0]}, today))
	}
	b.must(c3.AddScaling([]itteam.ScalingScore{{On: d(2013, 7, 10), Kind: itteam.RaterFamily, Rater: "Mevrouw", Safety: score(4)},
		{On: d(2013, 7, 10), Kind: itteam.RaterFamily, Rater: "Meneer", Safety: score(5)}}, today))
	b.must(c3.AddScaling([]itteam.ScalingScore{{On: d(2014, 2, 12), Kind: itteam.RaterFamily, Rater: "Mevrouw", Safety: score(7)},
		{On: d(2014, 2, 12), Kind: itteam.RaterFamily, Rater: "Meneer", Safety: score(8)}}, today))
	b.monitor(c3, d(2014, 2, 12), cases.ColourGreen)
	b.close(c3, d(2014, 10, 1))
	return []*itteam.Case{c1, c2, c3}
}
