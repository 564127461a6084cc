package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/partners"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The Interventieteam's 2013 and 2014 (seed S3, the 2014 evaluation of the
// Interventieteam Huiselijk Geweld West-Brabant): generated IT cases whose
// registration gives the evaluation's published figures — 61 cases
// started in 2013 (4 ended before 2014; of the 57 that ran on, 22 in
// monitoring, 32 closed and 3 ended early on 31 December 2014), 55 started
// in 2014 (32 intensive, 11 monitoring, 12 ended early), table 3's
// mentions, tables 4 and 5's marks, the 11 intensive phases of 2014 with
// mean 122, minimum 5 and maximum 230 days ending 10 green and 1 yellow —
// with the three families of chapter 4 among them, with their plans,
// meetings and colour codes. Every case is built through the domain's
// rules, as the team would have registered it.

// ITYearNow is the day the year's registration is complete: the
// evaluation was written in May 2015.
var ITYearNow = time.Date(2015, 5, 1, 12, 0, 0, 0, time.UTC)

// Table 3: organisations involved beside the IT in the 33 cases of 2014
// where it was filled in, as the evaluation names them.
var itProviders2014 = []struct {
	Name string
	N    int
}{
	{"Maatschappelijk werk", 17}, {"Jeugdzorg", 17}, {"GGZ WNB", 8}, {"GGZ Breburg", 4}, {"Het Dok", 3},
	{"Sociale dienst", 9}, {"Safegroup Ambulant", 4}, {"Steunpunt Huiselijk Geweld", 4},
}

// ITPartners are the organisations the demo IT cases name as involved
// care providers, for the partner catalogue: table 3's, and the two of
// chapter 4's first case outside it (its family doctor and addiction
// care). Their contact is a desk, not a person or a number of a real
// organisation.
func ITPartners() []partners.Partner {
	kinds := map[string]partners.Kind{"Maatschappelijk werk": partners.KindSocialWork, "Jeugdzorg": partners.KindYouthCare,
		"GGZ WNB": partners.KindMentalHealth, "GGZ Breburg": partners.KindMentalHealth, "Het Dok": partners.KindCareProvider,
		"Sociale dienst": partners.KindMunicipality, "Safegroup Ambulant": partners.KindCareProvider,
		"Steunpunt Huiselijk Geweld": partners.KindCareProvider}
	var out []partners.Partner
	for _, p := range itProviders2014 {
		out = append(out, partners.Partner{Name: p.Name, Kind: kinds[p.Name], Contact: "Aanmeldpunt"})
	}
	return append(out, partners.Partner{Name: "Huisarts", Kind: partners.KindGP, Contact: "Praktijkassistent"},
		partners.Partner{Name: "Novadic-Kentron", Kind: partners.KindAddictionCare, Contact: "Aanmeldpunt"})
}

// Tables 4 and 5 as published: a mean per question, and for table 5 the
// number of cases that answered it.
var (
	itMeetingMeans = map[int][]float64{ // per year, in the order of itteam.MeetingItems
		2013: {9.1, 8.5, 9, 8.8, 8.4, 8},
		2014: {8.8, 8.4, 8.9, 9, 8.5, 6.6},
	}
	itMeetingsEvaluated = map[int]int{2013: 8, 2014: 6}
	itClientMeans       = map[int][]float64{ // in the order of itteam.ClientItems
		2013: {7.9, 7.8, 8.2, 8.1, 8.3, 8.2, 7.5, 7.0, 7.9, 8.1, 7.2, 8.6, 8.2},
		2014: {8.3, 8.1, 8.8, 8.9, 8.5, 7.9, 8.7, 8.4, 8.2, 8.9, 8.8, 8.9, 9.1},
	}
	itClientCounts = map[int][]int{
		2013: {17, 17, 17, 15, 15, 17, 16, 14, 11, 12, 14, 15, 13},
		2014: {11, 11, 11, 9, 11, 10, 10, 8, 6, 9, 10, 9, 9},
	}
	// The 11 intensive phases of 2014 that ended in monitoring, in days:
	// mean 122, minimum 5, maximum 230.
	itDurations2014 = []int{5, 230, 60, 90, 100, 110, 120, 130, 150, 160, 187}
)

// marks spreads n whole marks so that their mean, rounded to one decimal
// half up, is mean: the sum nearest mean×n that rounds right, as evenly as
// marks can be.
func marks(mean float64, n int) []int {
	target := int(mean*10 + 0.5)
	for _, d := range []int{0, 1, -1, 2, -2} {
		s := int(mean*float64(n)+0.5) + d
		if (s*20+n)/(2*n) != target || s < n || s > 10*n {
			continue
		}
		out := make([]int, n)
		for i := range out {
			out[i] = s / n
			if i < s%n {
				out[i]++
			}
		}
		return out
	}
	panic(fmt.Sprintf("demo: no %d marks with mean %.1f", n, mean))
}

// itBuilder builds the year's cases through the domain's rules.
type itBuilder struct {
	duo      [2]itteam.Worker
	referrer itteam.Worker
	cl       itteam.Checklist
	out      []itteam.Case
	n        int
}

func (b *itBuilder) must(err error) {
	if err != nil {
		panic(fmt.Sprintf("demo: IT case %d: %v", b.n, err))
	}
}

func num(f float64) *float64 { return &f }

var itAnswers = map[string]itteam.Answer{
	"dreigend_gevaar": {Choice: "orange"}, "geweld_per_maand": {Number: num(2)}, "kans_herhaling": {Number: num(70)},
	"veiligheidsschaal": {Number: num(3)}, "geen_vooruitgang": {Number: num(2), Signs: []string{"minimaliseren", "afspraken"}},
	"leefgebieden":  {Items: []string{"huisvesting", "werk_inkomen", "participatie_netwerk", "gezondheid", "persoonlijk_functioneren"}},
	"hulpverlening": {Items: []string{"onvoldoende_progressie"}},
}

// start refers a family on day on and starts the intensive phase the same
// day with the start colour.
func (b *itBuilder) start(family string, on toren.Date, colour cases.ITColour) *itteam.Case {
	b.n++
	c := &itteam.Case{Version: 1, Family: family, Team: "Interventieteam", ReferredOn: on, ReferredBy: b.referrer,
		Referrer: "HG-overleg Veiligheidshuis", Answers: itAnswers,
		Admission: itteam.Admission{Admitted: true, DecidedBy: b.referrer, DecidedOn: on},
		CreatedAt: on.Time().Add(10 * time.Hour), UpdatedAt: on.Time().Add(10 * time.Hour)}
	today := toren.DateOf(ITYearNow)
	b.must(itteam.Refer(c, b.cl, today))
	b.must(c.AssignDuo(b.duo[0], b.duo[1]))
	b.must(c.RateColour(itteam.ColourRating{On: on, Colour: colour, Moment: itteam.MomentStart, Rater: b.duo[0]}, today))
	b.must(c.Apply(itteam.PhaseChange{Transition: cases.ITStartIntensive, On: on}, b.duo[0], on.Time().Add(11*time.Hour)))
	return c
}

func (b *itBuilder) monitor(c *itteam.Case, on toren.Date, colour cases.ITColour) {
	b.must(c.RateColour(itteam.ColourRating{On: on, Colour: colour, Moment: itteam.MomentEnd, Rater: b.duo[1]}, toren.DateOf(ITYearNow)))
	b.must(c.Apply(itteam.PhaseChange{Transition: cases.ITStartMonitor, On: on, SafetySufficient: true}, b.duo[1], on.Time().Add(11*time.Hour)))
}

func (b *itBuilder) close(c *itteam.Case, on toren.Date) {
	b.must(c.Apply(itteam.PhaseChange{Transition: cases.ITClose, On: on, LastingSafety: true}, b.duo[0], on.Time().Add(11*time.Hour)))
}

func (b *itBuilder) endEarly(c *itteam.Case, on toren.Date, why itteam.EndReason) {
	b.must(c.Apply(itteam.PhaseChange{Transition: cases.ITEndEarly, On: on, EndReason: why}, b.duo[0], on.Time().Add(11*time.Hour)))
}

// meeting adds a network meeting on day on with two evaluation forms.
func (b *itBuilder) meeting(c *itteam.Case, on toren.Date, forms []itteam.Form) {
	b.must(c.AddMeeting(itteam.Meeting{On: on, Family: true, Participants: []itteam.Participant{
		{Name: "Moeder", Kind: itteam.ParticipantFamily}, {Name: "Buurvrouw", Kind: itteam.ParticipantNetwork},
		{Name: "Maatschappelijk werker", Kind: itteam.ParticipantProfessional, Organisation: "Maatschappelijk werk"}},
		Decisions: "Afspraken van het veiligheidsplan doorgenomen.", Evaluations: forms, By: b.duo[0]}, toren.DateOf(ITYearNow)))
}

// meetingForms returns the year's evaluation forms, two per meeting.
func meetingForms(year int) [][]itteam.Form {
	n := itMeetingsEvaluated[year]
	forms := make([]itteam.Form, 2*n)
	for i := range forms {
		forms[i] = itteam.Form{Scores: map[string]int{}}
	}
	for j, it := range itteam.MeetingItems() {
		for i, m := range marks(itMeetingMeans[year][j], len(forms)) {
			forms[i].Scores[it.Value] = m
		}
	}
	out := make([][]itteam.Form, n)
	for i := range out {
		out[i] = forms[2*i : 2*i+2]
	}
	return out
}

// clientForms returns the year's client evaluations: every question
// answered by as many cases as the table says, the first ones.
func clientForms(year int) []itteam.Form {
	counts := itClientCounts[year]
	n := counts[0]
	for _, c := range counts {
		n = max(n, c)
	}
	forms := make([]itteam.Form, n)
	for i := range forms {
		forms[i] = itteam.Form{Scores: map[string]int{}}
	}
	for j, it := range itteam.ClientItems() {
		for i, m := range marks(itClientMeans[year][j], counts[j]) {
			// Rotate who leaves a question open, so that no form is empty.
			forms[(i+j)%n].Scores[it.Value] = m
		}
	}
	return forms
}

func (b *itBuilder) evaluate(c *itteam.Case, on toren.Date, f itteam.Form) {
	b.must(c.AddClientEvaluation(itteam.ClientEvaluation{On: on, Form: f, By: b.duo[0]}, toren.DateOf(ITYearNow)))
}

var itMunicipalities = []string{"GM0758", "GM1674", "GM0748", "GM0826", "GM0851", "GM0777", "GM1719", "GM0840"}

// register fills in the registration fields of a 2014 case (i of 55).
func register(c *itteam.Case, i int, providers []string) {
	r := itteam.Registration{Municipality: itMunicipalities[i%len(itMunicipalities)], CareProviders: providers}
	if i < 52 { // 3 of 55 left open (5%)
		r.PerpetratorSexes = []reports.Sex{reports.SexMale}
		if i%17 == 3 { // 3 of 55 (5%), 49 men (89%)
			r.PerpetratorSexes = []reports.Sex{reports.SexFemale}
		}
		r.VictimSexes = []reports.Sex{reports.SexFemale}
		if i%6 == 2 { // 9 of 55 (16%), 43 women (78%)
			r.VictimSexes = []reports.Sex{reports.SexMale}
		}
		r.ChildrenPresent = reports.Yes
		if i%6 == 3 { // 9 of 55 (16%), present in 43 (78%)
			r.ChildrenPresent = reports.No
		}
		types := []reports.ViolenceType{reports.TypePartner, reports.TypeChildToParent, reports.TypeExPartner, reports.TypeChildAbuse}
		r.ViolenceType = types[i%len(types)]
		r.Natures = []reports.Nature{reports.NaturePhysicalAbuse, []reports.Nature{reports.NatureDomesticQuarrel, reports.NatureThreats}[i%2]}
	}
	if i < 47 { // 8 of 55 without problem areas
		areas := itteam.ProblemAreas()
		r.ProblemAreas = []string{areas[i%3].Value, areas[3+i%5].Value}
		if i%6 == 0 {
			r.LVG = reports.Yes
		}
	}
	c.Registration = r
}

// ITYear returns the Interventieteam's cases of 2013 and 2014, worked by
// the duo, referred by referrer.
func ITYear(duo [2]itteam.Worker, referrer itteam.Worker) []itteam.Case {
	b := &itBuilder{duo: duo, referrer: referrer, cl: itteam.Bijlage1()}
	d := toren.NewDate
	add := func(c *itteam.Case) { b.out = append(b.out, *c) }

	// 2013: 61 cases. The three families of chapter 4 come first.
	forms13, meetings13 := clientForms(2013), meetingForms(2013)
	chapter4 := itChapter4(b)
	evaluated, met := 0, 0
	for i := 0; i < 61; i++ {
		on := d(2013, time.Month(1+i%12), 3+i%25)
		var c *itteam.Case
		if i < len(chapter4) {
			c = chapter4[i]
		} else {
			c = b.start(fmt.Sprintf("Gezin IT-2013-%02d", i+1), on, []cases.ITColour{cases.ColourOrange, cases.ColourRed, cases.ColourOrange, cases.ColourYellow}[i%4])
		}
		if met < len(meetings13) && i >= len(chapter4) && on.Month() <= time.October {
			b.meeting(c, on.AddDays(30), meetings13[met])
			met++
		}
		switch {
		case i < 3: // chapter 4: built with their story
		case i < 7: // ended early in 2013
			b.endEarly(c, on.AddDays(40), []itteam.EndReason{itteam.EndMoved, itteam.EndRegularCare, itteam.EndNoCooperate, itteam.EndMoved}[i-3])
		case i < 7+30: // closed in 2014 (with the two closed families of chapter 4: 32)
			m := on.AddDays(150)
			b.monitor(c, m, cases.ColourGreen)
			closed := m.AddDays(60)
			if closed.Year() < 2014 {
				closed = d(2014, 1, 15+i%10)
			}
			b.close(c, closed)
		case i < 7+30+21: // in monitoring on 31 December 2014 (with one family of chapter 4: 22)
			b.monitor(c, d(2014, time.Month(1+i%11), 10), cases.ColourGreen)
		default: // ended early in 2014
			b.endEarly(c, d(2014, 3, 1+i%20), itteam.EndRegularCare)
		}
		if i >= len(chapter4) && (c.Status == cases.ITMonitor || c.Status == cases.ITClosed) && evaluated < len(forms13) {
			on, _ := c.PhaseStart(cases.ITMonitor)
			b.evaluate(c, on, forms13[evaluated])
			evaluated++
		}
		add(c)
	}
	if met != len(meetings13) || evaluated != len(forms13) {
		panic(fmt.Sprintf("demo: 2013 has %d evaluated meetings and %d client evaluations", met, evaluated))
	}

	// 2014: 55 cases; 11 to monitoring with the published durations, 12
	// ended early, 32 still intensive on 31 December.
	forms14, meetings14 := clientForms(2014), meetingForms(2014)
	var mentions []string
	for _, p := range itProviders2014 {
		for range p.N {
			mentions = append(mentions, p.Name)
		}
	}
	half := len(mentions) / 2 // 33 cases, each with two different organisations
	met = 0
	for i := 0; i < 55; i++ {
		on := d(2014, time.Month(1+i%11), 2+i%20)
		if i < len(itDurations2014) {
			on = d(2014, time.Month(1+i%4), 6+i) // early in the year, so that 230 days fit
		}
		colour := []cases.ITColour{cases.ColourOrange, cases.ColourOrange, cases.ColourRed, cases.ColourYellow, cases.ColourOrange}[i%5]
		c := b.start(fmt.Sprintf("Gezin IT-2014-%02d", i+1), on, colour)
		var providers []string
		if i < half {
			providers = []string{mentions[i], mentions[i+half]}
		}
		register(c, i, providers)
		switch {
		case i < len(itDurations2014):
			end := cases.ColourGreen
			if i == 3 {
				end = cases.ColourYellow
			}
			mon := on.AddDays(itDurations2014[i])
			b.monitor(c, mon, end)
			b.evaluate(c, mon, forms14[i])
		case i < len(itDurations2014)+12:
			b.endEarly(c, on.AddDays(20+i), []itteam.EndReason{itteam.EndMoved, itteam.EndRegularCare, itteam.EndNoCooperate}[i%3])
		}
		if met < len(meetings14) && on.Month() <= time.September && i >= len(itDurations2014) {
			if c.Status == cases.ITIntensive || c.Events[len(c.Events)-1].On.After(on.AddDays(21)) {
				b.meeting(c, on.AddDays(21), meetings14[met])
				met++
			}
		}
		add(c)
	}
	if met != len(meetings14) {
		panic(fmt.Sprintf("demo: 2014 has %d evaluated meetings", met))
	}
	b.escalate()
	return b.out
}

// itCCB are the cases escalated to the CCB protocol ten days after their
// start: four in 2013, five in 2014 (seed S3, chapter 3: "In 2013 is het
// protocol CCB bij 4 casussen uitgevoerd en in 2014 bij 5 casussen").
var itCCB = []string{"Gezin IT-2013-20", "Gezin IT-2013-21", "Gezin IT-2013-22", "Gezin IT-2013-23",
	"Gezin IT-2014-41", "Gezin IT-2014-42", "Gezin IT-2014-43", "Gezin IT-2014-44", "Gezin IT-2014-45"}

// escalate takes the decision for the cases of itCCB, by one of the duo,
// the team leader and the HG-overleg's chair, with the threat
// assessment's outcome two days later.
func (b *itBuilder) escalate() {
	today := toren.DateOf(ITYearNow)
	for i := range b.out {
		c := &b.out[i]
		n := slices.Index(itCCB, c.Family)
		if n < 0 {
			continue
		}
		on := c.StartedOn().AddDays(10)
		worker := cmp.Or(b.duo[n%2].Name, "IT-medewerker")
		b.must(c.EscalateCCB(itteam.CCB{RiskEstimate: "Dreiging van partnerdoding na aangekondigde vrijlating of scheiding.", DecidedOn: on,
			Deciders: []itteam.Decider{{Role: itteam.DeciderWorker, Name: worker, ID: b.duo[n%2].ID},
				{Role: itteam.DeciderTeamLeader, Name: "Ivo Hendriks"}, {Role: itteam.DeciderChair, Name: "Voorzitter HG-overleg"}}}, today))
		b.must(c.RecordCCBOutcome(n%3 != 2, on.AddDays(2), []itteam.CCBAction{
			{What: "Alarmknop (AWARE) geplaatst", Owner: "Politie", Due: on.AddDays(3)},
			{What: "Veiligheidsafspraken met het netwerk aangescherpt", Owner: worker, Due: on.AddDays(5)}}, today))
	}
}
