package demo

import "toren/internal/reports"

// pregnancyCase is seed S1: addiction care reports a mother, 13 weeks
// pregnant, who cannot stop using alcohol and cannabis and has left
// treatment. Veilig Thuis chose Voorwaarden & Vervolg and closed with four
// safety conditions and monitoring after 3 months and a year.
func pregnancyCase(c clock) []SeedReport {
	const (
		street = "Lijsterstraat"
		number = "31"
		pc     = "8021 KT"
		city   = "Zwolle"
		gm     = "GM0193"
	)
	at := c.at(80, 14, 5)
	report := reports.Report{
		Kind:       reports.KindReport,
		ReceivedAt: at,
		Channel:    reports.ChannelPhone,
		Reporter: reports.Reporter{
			Kind:         reports.ReporterMentalHealth,
			Name:         "Sandra Veenstra",
			Organisation: "Verslavingszorg IJsselland",
			Function:     "behandelaar",
			Email:        "s.veenstra@verslavingszorg-ijsselland.example",
		},
		ChildrenPresent: reports.No,
		ViolenceTypes:   []reports.ViolenceType{reports.TypeChildAbuse},
		Natures:         []reports.Nature{reports.NaturePhysicalNeglect},
		Municipality:    gm,
		Description: "Mevrouw is 13 weken zwanger. Ondanks vrijwillige behandeling lukt het haar niet te stoppen met alcohol en cannabis; " +
			"gebruik tijdens de zwangerschap kan het ongeboren kind ernstige schade toebrengen. Zij komt afspraken niet na en heeft besloten " +
			"zich terug te trekken uit de behandeling. In het verleden was er sprake van huiselijk geweld. Wij twijfelen aan haar " +
			"opvoedvaardigheden en aan de relatie met haar partner en denken aan een dwangkader. Er is een ambulant begeleider betrokken.",
		Persons: []reports.Mention{
			{Role: reports.RoleParent, FirstNames: "Naomi", Surname: "Brouwer", Sex: reports.SexFemale, BirthDate: c.born(27, 80, 61),
				Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
			// Veilig Thuis registers an unborn child under the mother's surname.
			{Role: reports.RoleChild, FirstNames: "Ongeboren kind", Surname: "Brouwer"},
			{Role: reports.RoleOther, FirstNames: "Rick", Surname: "Hendriks", Sex: reports.SexMale, Age: age(30),
				Street: street, HouseNumber: number, Postcode: pc, City: city, Municipality: gm},
		},
	}
	return []SeedReport{{
		Key: "demo:pregnancy:addiction-care", Story: "pregnancy",
		Note:   "Pregnant mother with addiction (S1): report by addiction care, handled with Voorwaarden & Vervolg, monitoring at 3 and 12 months.",
		Report: report,
		Conditions: []string{
			"Er vindt geen huiselijk geweld plaats.",
			"Moeder maakt de GGZ-behandeling in het kader van haar verslaving af.",
			"Moeder gebruikt geen alcohol meer.",
			"Moeder blijft ondersteuning van de ambulante hulpverlening accepteren.",
		},
	}}
}
