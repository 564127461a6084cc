package demo

import "toren/internal/reports"

// lisanneCase is seed S0, "De casus van Lisanne": two reports about one
// family within a day, from the police and from the care provider where
// mother and children stay. The second spells mother's surname differently
// and carries no BSN, so the radar has to link the two.
func lisanneCase(c clock) []SeedReport {
	const (
		street = "Merelstraat"
		number = "14"
		pc     = "3514 CN"
		city   = "Utrecht"
		gm     = "GM0344"
	)
	policeAt := c.at(12, 22, 47)
	careAt := c.at(11, 10, 15)
	motherBorn := c.born(33, 12, 140)
	fatherBorn := c.born(36, 12, 20)
	daughterBorn := c.born(11, 12, 203)
	twinsBorn := c.born(4, 12, 75)

	police := reports.Report{
		Kind:        reports.KindReport,
		ReceivedAt:  policeAt,
		Channel:     reports.ChannelImport,
		ExternalRef: policeRef(9, policeAt, 118_342),
		Reporter: reports.Reporter{
			Kind:         reports.ReporterPolice,
			Organisation: "Politie Eenheid Midden-Nederland",
			Function:     "Team Zorg en Veiligheid",
			Phone:        "0900-8844",
		},
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePsychologicalAbuse, reports.NatureThreats},
		Municipality:    gm,
		Description: "Politie ter plaatse geweest bij de opvanglocatie van een zorgaanbieder, waar moeder met haar drie kinderen verblijft. " +
			"Ouders hebben recent de relatie verbroken. Vader was verbaal agressief naar moeder en nam een dreigende houding aan. " +
			"Hij sloeg de telefoon uit de handen van de aanwezige hulpverlener en nam de handtas van moeder mee, met daarin haar huissleutels en telefoon. " +
			"Aangifte van diefstal opgenomen. De kinderen (dochter 11 jaar, tweelingzonen 4 jaar) waren getuige van het incident. " +
			"Vader was bij aankomst van de politie vertrokken; hij staat nog ingeschreven op het gezinsadres.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Lisanne Johanna", Surname: "Wijnands", Sex: reports.SexFemale, BirthDate: motherBorn,
				BSN: testBSN(1), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RolePerpetrator, FirstNames: "Dennis Pieter", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale, BirthDate: fatherBorn,
				BSN: testBSN(2), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleChild, FirstNames: "Fleur Anna", Particle: "van der", Surname: "Meulen", Sex: reports.SexFemale, BirthDate: daughterBorn,
				BSN: testBSN(3), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleChild, FirstNames: "Sem Johannes", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale, BirthDate: twinsBorn,
				BSN: testBSN(4), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleChild, FirstNames: "Daan Willem", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale, BirthDate: twinsBorn,
				BSN: testBSN(5), Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			{Role: reports.RoleWitness, Initials: "M.", Surname: "Bakker", Sex: reports.SexFemale},
		},
	}

	care := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: careAt,
		Channel:    reports.ChannelPhone,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterSocialCare,
			Name:         "Marieke Bakker",
			Organisation: "Stichting Opvang De Linde",
			Function:     "persoonlijk begeleider",
			Email:        "m.bakker@opvangdelinde.example",
		},
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeExPartner, reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePsychologicalAbuse, reports.NatureThreats},
		Municipality:    gm,
		Description: "Moeder verblijft sinds kort met haar drie kinderen bij onze opvanglocatie (adres geheim). Gisteravond kwam vader verhaal halen: " +
			"hij schreeuwde naar moeder, nam een dreigende houding aan en sloeg mijn telefoon uit mijn handen toen ik de politie wilde bellen. " +
			"Daarna nam hij de handtas van moeder mee met haar sleutels en telefoon. De kinderen hebben alles gezien. " +
			"Volgens moeder is er eerder ook fysiek geweld geweest en accepteert vader de breuk niet. Wij maken ons zorgen of wij de veiligheid " +
			"van moeder en kinderen voldoende kunnen waarborgen.",
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Lisanne", Surname: "Wijnants", Sex: reports.SexFemale, BirthDate: motherBorn},
			{Role: reports.RolePerpetrator, FirstNames: "Dennis", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale},
			{Role: reports.RoleChild, FirstNames: "Fleur", Particle: "van der", Surname: "Meulen", Sex: reports.SexFemale, Age: age(11)},
			{Role: reports.RoleChild, FirstNames: "Sem", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale, Age: age(4)},
			{Role: reports.RoleChild, FirstNames: "Daan", Particle: "van der", Surname: "Meulen", Sex: reports.SexMale, Age: age(4)},
		},
	}

	// Days later the family doctor reports what the daughter told her,
	// naming the father by his initial only. The radar links Fleur, and
	// living with her speaks for "D. v.d. Meulen" being her father, but an
	// initial is too little to tell him from a relative: a review item,
	// about a person of an open case.
	gpAt := c.at(3, 16, 40)
	gp := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: gpAt,
		Channel:    reports.ChannelPhone,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterHealthCare,
			Name:         "Ingrid Hoekstra",
			Organisation: "Huisartsenpraktijk Oudwijk",
			Function:     "huisarts",
			Phone:        "030-2712345",
		},
		ChildrenPresent: reports.Yes,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeWitnessingDomestic},
		Natures:         []reports.Nature{reports.NaturePsychologicalAbuse},
		Municipality:    gm,
		Description: "Fleur (11) vertelde op het spreekuur dat haar vader haar na school opwacht en haar vraagt waar moeder nu woont. " +
			"Zij is bang en slaapt slecht. Moeder is op de hoogte; wij melden omdat vader het nieuwe adres mogelijk zoekt.",
		Persons: []reports.Mention{
			{Role: reports.RoleChild, FirstNames: "Fleur", Particle: "van der", Surname: "Meulen", Sex: reports.SexFemale, Age: age(11)},
			{Role: reports.RolePerpetrator, Initials: "D.", Particle: "v.d.", Surname: "Meulen", Sex: reports.SexMale},
		},
	}

	return []SeedReport{
		{
			Key: "demo:lisanne:gp", Story: "lisanne-gp",
			Note:   "Case of Lisanne (S0), days later: the family doctor names the father by his initial only; the radar asks a person to decide.",
			Report: gp,
		},
		{
			Key: "demo:lisanne:police", Story: "lisanne",
			Note:   "Case of Lisanne (S0): police report of the escalation at the shelter; full BRP data with BSNs.",
			Report: police,
			Conditions: []string{
				"Er vindt geen huiselijk geweld plaats.",
				"Vader en de kinderen hebben een duidelijke omgangsregeling.",
				"De overdracht van de kinderen gebeurt op het kantoor van de zorgaanbieder; moeder wacht binnen tot vader weg is.",
				"Bij de politie staan een afspraak op locatie en een afspraak op persoon.",
				"Beide ouders werken mee aan de intake bij de nieuwe zorgaanbieder.",
			},
		},
		{
			Key: "demo:lisanne:care", Story: "lisanne",
			Note:   "Case of Lisanne (S0): the shelter's report of the same incident; mother's surname spelled Wijnants, no BSNs, children by age only.",
			Report: care,
		},
	}
}
