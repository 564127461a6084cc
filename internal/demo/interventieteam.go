package demo

import "toren/internal/reports"

// interventionTeamCases are the three cases of seed S3, the 2014
// evaluation of the Interventieteam Huiselijk Geweld in West-Brabant, told
// as the reports that came before the team was involved. The story placed
// them in 2013; here they start about a year and a half before now.
func interventionTeamCases(c clock) []SeedReport {
	var all []SeedReport
	all = append(all, itCase1(c)...)
	all = append(all, itCase2(c)...)
	all = append(all, itCase3(c)...)
	return all
}

// itCase1: a young woman addicted to GHB, harassed and beaten by her
// ex-boyfriend; one night she comes home high and aggressive towards her
// father and her mother calls the police.
func itCase1(c clock) []SeedReport {
	const (
		street = "Vinkenstraat"
		number = "7"
		pc     = "4814 GL"
		city   = "Breda"
		gm     = "GM0758"
	)
	policeAt := c.at(430, 2, 10)
	amwAt := c.at(415, 11, 30)
	daughter := c.born(22, 430, 95)
	police := reports.Report{
		Kind:        reports.KindReport,
		ReceivedAt:  policeAt,
		Channel:     reports.ChannelImport,
		ExternalRef: policeRef(8, policeAt, 40_211),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Organisation: "Politie Eenheid Zeeland-West-Brabant",
			Function:     "Team Zorg en Veiligheid",
			Phone:        "0900-8844",
		},
		Acute:           true,
		ChildrenPresent: reports.No,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeChildToParent},
		Natures:         []reports.Nature{reports.NatureThreats, reports.NatureDomesticQuarrel},
		Municipality:    gm,
		Description: "Melding van moeder: dochter (22) kwam 's nachts thuis, zwaar onder invloed van GHB, en was agressief richting haar vader. " +
			"Bij aankomst van de politie was de situatie rustig. Dochter woont formeel thuis maar is er nauwelijks. " +
			"Zij wordt volgens ouders lastiggevallen door haar ex-vriend, die haar een half jaar geleden na een cafébezoek bont en blauw heeft geslagen. " +
			"Ex-vriend heeft een strafblad en geen vaste verblijfplaats.",
		Persons: []reports.Mention{
			{Role: reports.RolePerpetrator, FirstNames: "Chantal Maria", Surname: "Verbeek", Sex: reports.SexFemale, BirthDate: daughter,
				BSN: testBSN(20), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleVictim, FirstNames: "Ronald", Surname: "Verbeek", Sex: reports.SexMale, BirthDate: c.born(55, 430, 12),
				BSN: testBSN(21), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleWitness, FirstNames: "Ingrid", Surname: "Verbeek-Smits", Sex: reports.SexFemale, BirthDate: c.born(53, 430, 300),
				BSN: testBSN(22), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
		},
	}
	amw := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: amwAt,
		Channel:    reports.ChannelEmail,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterSocialCare,
			Name:         "Hanneke de Graaf",
			Organisation: "Algemeen Maatschappelijk Werk Breda",
			Function:     "maatschappelijk werker",
			Email:        "h.degraaf@amw-breda.example",
		},
		ChildrenPresent: reports.No,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner},
		Natures:         []reports.Nature{reports.NatureStalking, reports.NatureThreats, reports.NaturePhysicalAbuse},
		Municipality:    gm,
		Description: "Cliënte wordt al maanden lastiggevallen en bedreigd door haar ex-vriend, met telefoontjes en sms'jes. " +
			"Eerder is zij door hem mishandeld. Zij raakt geïsoleerd van haar familie en gebruikt GHB. " +
			"Onze hulp, die van het Steunpunt Huiselijk Geweld en van een psycholoog heeft onvoldoende opgeleverd.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Chantal", Surname: "Verbeek", Sex: reports.SexFemale, BirthDate: daughter,
				Street: street, HouseNumber: number, Postcode: pc, City: city},
			{Role: reports.RolePerpetrator, Initials: "J.", Surname: "Lammers", Sex: reports.SexMale, Age: age(25)},
		},
	}
	return []SeedReport{
		{Key: "demo:it1:police", Story: "interventieteam-1", Report: police,
			Note: "Interventieteam case 1 (S3): start about 13 months ago, closed; colour orange at start, end not recorded; " +
				"ex-partner violence, threats; all 6 criteria met; earlier care AMW, Steunpunt HG, psychologist; IT involved GP and addiction care."},
		{Key: "demo:it1:amw", Story: "interventieteam-1", Report: amw,
			Note: "Interventieteam case 1 (S3): social work reports the ex-boyfriend's harassment; he is known only by initial and age."},
	}
}

// itCase2: separated young parents; he keeps harassing her, then stands
// bloodied and confused in her garden, headbutts her father and kicks in
// the back door's window. Turkish names, spelled without diacritics by
// youth care.
func itCase2(c clock) []SeedReport {
	const (
		street = "Rozenstraat"
		number = "52"
		pc     = "4702 BK"
		city   = "Roosendaal"
		gm     = "GM1674"
	)
	youthAt := c.at(600, 9, 40)
	policeAt := c.at(420, 23, 5)
	mother := c.born(24, 600, 180)
	father := c.born(27, 600, 30)
	elif := c.born(3, 600, 110)
	youth := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: youthAt,
		Channel:    reports.ChannelWeb,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterYouthCare,
			Name:         "Gerard Timmermans",
			Organisation: "Bureau Jeugdzorg West-Brabant",
			Function:     "gezinscoach",
			Email:        "g.timmermans@jeugdzorg-wb.example",
		},
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NatureStalking, reports.NaturePsychologicalAbuse},
		Municipality:    gm,
		Description: "Ouders zijn uit elkaar; moeder is zwanger van het tweede kind. Vader blijft moeder lastigvallen, gebruikt drugs en drank " +
			"en heeft psychische problemen. Hij legt beschreven stoelen en koffiepakken in haar tuin. Vader ziet de dochter zonder begeleiding. " +
			"Moeder voedt goed op maar kan het kind onvoldoende beschermen.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Ozlem", Surname: "Yildirim", Sex: reports.SexFemale, BirthDate: mother,
				Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RolePerpetrator, FirstNames: "Burak", Surname: "Aydin", Sex: reports.SexMale, BirthDate: father},
			{Role: reports.RoleChild, FirstNames: "Elif", Surname: "Aydin", Sex: reports.SexFemale, BirthDate: elif,
				Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
		},
	}
	police := reports.Report{
		Kind:        reports.KindReport,
		ReceivedAt:  policeAt,
		Channel:     reports.ChannelImport,
		ExternalRef: policeRef(8, policeAt, 77_058),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Organisation: "Politie Eenheid Zeeland-West-Brabant",
			Function:     "Basisteam Roosendaal",
			Phone:        "0900-8844",
		},
		Acute:           true,
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePhysicalAbuse, reports.NatureThreats},
		Municipality:    gm,
		Description: "Ex-partner stond onder het bloed, verward en agressief in de tuin van mevrouw. Hij gaf de vader van mevrouw een kopstoot " +
			"en trapte het raam van de achterdeur in. De broer van mevrouw hield hem buiten. Verdachte aangehouden. " +
			"De oudste dochter heeft het incident gezien. Interventieteam en Mozaïek zijn betrokken; extra surveillance was afgesproken.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Özlem", Surname: "Yıldırım", Sex: reports.SexFemale, BirthDate: mother,
				BSN: testBSN(30), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RolePerpetrator, FirstNames: "Burak", Surname: "Aydın", Sex: reports.SexMale, BirthDate: father, BSN: testBSN(31),
				Street: "Molenstraat", HouseNumber: "118B", Postcode: "4701 JS", City: city, Municipality: gm},
			{Role: reports.RoleVictim, FirstNames: "Mehmet", Surname: "Yıldırım", Sex: reports.SexMale, BirthDate: c.born(51, 420, 200),
				BSN: testBSN(32), Street: "Kastanjelaan", HouseNumber: "9", Postcode: "4703 CX", City: city, Municipality: gm},
			{Role: reports.RoleChild, FirstNames: "Elif", Surname: "Aydın", Sex: reports.SexFemale, BirthDate: elif,
				BSN: testBSN(33), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleChild, FirstNames: "Yusuf", Surname: "Aydın", Sex: reports.SexMale, BirthDate: c.born(0, 420, 120),
				BSN: testBSN(34), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
		},
	}
	return []SeedReport{
		{Key: "demo:it2:youth-care", Story: "interventieteam-2", Report: youth,
			Note: "Interventieteam case 2 (S3): youth care reports the harassment; names written without diacritics, no BSNs. " +
				"Start about 18 months ago; intensive phase reopened after the perpetrator's release; colour orange to green; " +
				"77 intensive days; ex-partner violence, physical; all 6 criteria; earlier care BJZ, Het Dok, Safegroup, probation; IT involved Mozaïek, police, OM, municipality."},
		{Key: "demo:it2:police", Story: "interventieteam-2", Report: police,
			Note: "Interventieteam case 2 (S3): police report of the incident in the garden and the arrest; names with Turkish diacritics and BSNs."},
	}
}

// itCase3: recurring partner violence between a man and a woman who do not
// officially live together; her teenage daughter was placed with the
// grandparents, where the woman once forced her way in.
func itCase3(c clock) []SeedReport {
	const (
		gm   = "GM0748"
		city = "Bergen op Zoom"
	)
	policeAt := c.at(450, 20, 35)
	youthAt := c.at(400, 15, 50)
	woman := c.born(38, 450, 33)
	police := reports.Report{
		Kind:        reports.KindReport,
		ReceivedAt:  policeAt,
		Channel:     reports.ChannelImport,
		ExternalRef: policeRef(8, policeAt, 51_907),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Organisation: "Politie Eenheid Zeeland-West-Brabant",
			Function:     "Team Zorg en Veiligheid",
			Phone:        "0900-8844",
		},
		ChildrenPresent: reports.No,
		ViolenceTypes:   []reports.ViolenceType{reports.TypePartner},
		Natures:         []reports.Nature{reports.NaturePhysicalAbuse, reports.NatureDomesticQuarrel},
		Municipality:    gm,
		Description: "Wederom mishandeling tussen partners die niet samenwonen maar veel bij elkaar verblijven. Mevrouw claimde de man, " +
			"hij sloeg haar van zich af. Beiden onder invloed van alcohol. Mevrouw is psychisch in de war en gebruikt haar medicatie niet goed. " +
			"Haar dochter woont bij de grootouders.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Sandra Wilhelmina", Particle: "de", Surname: "Kok", Sex: reports.SexFemale, BirthDate: woman,
				BSN: testBSN(40), Street: "Beukenlaan", HouseNumber: "3-2", Postcode: "4614 RH", City: city, Municipality: gm},
			{Role: reports.RolePerpetrator, FirstNames: "Marco", Surname: "Jacobs", Sex: reports.SexMale, BirthDate: c.born(44, 450, 250),
				BSN: testBSN(41), Street: "Stationsstraat", HouseNumber: "88", Postcode: "4611 CE", City: city, Municipality: gm},
		},
	}
	youth := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: youthAt,
		Channel:    reports.ChannelPhone,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterYouthCare,
			Name:         "Petra Oomen",
			Organisation: "Bureau Jeugdzorg West-Brabant",
			Function:     "gezinsvoogd",
			Email:        "p.oomen@jeugdzorg-wb.example",
		},
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeOtherDomestic, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NatureThreats, reports.NaturePsychologicalAbuse},
		Municipality:    gm,
		Description: "De dochter (14) staat onder toezicht en is uit huis geplaatst bij haar grootouders. Moeder mag haar daar niet bezoeken, " +
			"maar is met agressie het huis van haar ouders binnengedrongen om haar dochter op te eisen. Moeder belt de dochter veelvuldig " +
			"met haar eigen problemen. Er speelt partnergeweld tussen moeder en haar vriend.",
		Persons: []reports.Mention{
			{Role: reports.RoleChild, FirstNames: "Demi", Particle: "de", Surname: "Kok", Sex: reports.SexFemale, BirthDate: c.born(14, 400, 160),
				Street: "Zuidsingel", HouseNumber: "21", Postcode: "4621 AK", City: city, Municipality: gm},
			{Role: reports.RolePerpetrator, FirstNames: "Sandra", Surname: "de Kok", Sex: reports.SexFemale, BirthDate: woman},
			{Role: reports.RoleVictim, FirstNames: "Riet", Particle: "de", Surname: "Kok-van Loon", Sex: reports.SexFemale, Age: age(66),
				Street: "Zuidsingel", HouseNumber: "21", Postcode: "4621 AK", City: city, Municipality: gm},
			{Role: reports.RoleOther, Initials: "H.", Particle: "de", Surname: "Kok", Sex: reports.SexMale,
				Street: "Zuidsingel", HouseNumber: "21", Postcode: "4621 AK", City: city, Municipality: gm},
		},
	}
	return []SeedReport{
		{Key: "demo:it3:police", Story: "interventieteam-3", Report: police,
			Note: "Interventieteam case 3 (S3): start about 13 months ago, monitor phase; colour orange to green; 291 intensive days, not closed; " +
				"partner violence, domestic; criteria 1, 3, 5, 6; earlier care social work, BJZ, GGZ, Steunpunt HG; IT involved GGZ FACT, Het Dok, Helder bewindvoering."},
		{Key: "demo:it3:youth-care", Story: "interventieteam-3", Report: youth,
			Note: "Interventieteam case 3 (S3): youth protection reports the mother forcing her way into the grandparents' home; grandmother under her double name."},
	}
}
