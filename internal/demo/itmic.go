package demo

import (
	"fmt"
	"time"

	"toren/internal/itteam"
	"toren/internal/toren"
)

// ITMIC is one of the demo's incident reports: made in the family's IT
// case by one of the duo (Worker 0 or 1), reported the day after the
// incident, with the team leader's two follow-up questions asked on the
// day each was due.
type ITMIC struct {
	Family string
	Worker int
	MIC    itteam.MIC // On, What, Harm, Involved
	// Reported is the day it was reported; the follow-ups are asked on
	// their due dates.
	Reported toren.Date
}

// ITMICs are the Interventieteam's incident reports of 2013 and 2014 as
// the evaluation counts them (seed S3, chapter 3: "In 2013 zijn er zeven
// MIC meldingen gedaan, in 2014 één"), in cases of ITYear that were in
// their intensive phase at the time. Every worker who reported was asked
// after six weeks and after three months whether they needed further
// help.
func ITMICs() []ITMIC {
	what := []struct {
		what, involved string
		harm           []itteam.Harm
	}{
		{"Vader werd tijdens het huisbezoek boos en duwde de IT-medewerker tegen de deurpost.", "Vader; IT-medewerker", []itteam.Harm{itteam.HarmBodily}},
		{"Ex-partner stond bij vertrek op de stoep en dreigde de IT-medewerker iets aan te doen.", "Ex-partner; IT-medewerker", []itteam.Harm{itteam.HarmMental}},
		{"Zoon gooide een stoel door de kamer; de bril van de IT-medewerker brak.", "Zoon (16); moeder; IT-medewerker", []itteam.Harm{itteam.HarmMaterial}},
		{"Moeder kreeg tijdens het netwerkberaad een paniekaanval na verwijten van de familie.", "Moeder; familie; IT-medewerker", []itteam.Harm{itteam.HarmMental}},
		{"Vader reed de IT-medewerker na het huisbezoek achterna tot aan het kantoor.", "Vader; IT-medewerker", []itteam.Harm{itteam.HarmMental}},
		{"De autoband van de IT-medewerker was na het huisbezoek lek gestoken.", "Onbekend; IT-medewerker", []itteam.Harm{itteam.HarmMaterial}},
		{"Tijdens een ruzie tussen de ouders werd de IT-medewerker geraakt toen zij tussenbeide kwam.", "Vader; moeder; IT-medewerker", []itteam.Harm{itteam.HarmBodily, itteam.HarmMental}},
		{"Dreigende berichten aan de IT-medewerker via WhatsApp na het besluit tot een uithuisplaatsing.", "Moeder; IT-medewerker", []itteam.Harm{itteam.HarmMental}},
	}
	var out []ITMIC
	// 2013: seven, in cases started from January to July (2013 cases 13
	// to 19, all in their intensive phase for months).
	for i := range 7 {
		n := 13 + i
		started := toren.NewDate(2013, time.Month(1+(n-1)%12), 3+(n-1)%25)
		on := started.AddDays(20)
		w := what[i]
		out = append(out, ITMIC{Family: fmt.Sprintf("Gezin IT-2013-%02d", n), Worker: i % 2, Reported: on.AddDays(1),
			MIC: itteam.MIC{On: on, What: w.what, Involved: w.involved, Harm: w.harm}})
	}
	// 2014: one, in a case of 12 September 2014 still intensive at the end
	// of the year.
	on := toren.NewDate(2014, 10, 2)
	w := what[7]
	out = append(out, ITMIC{Family: "Gezin IT-2014-31", Worker: 1, Reported: on.AddDays(1),
		MIC: itteam.MIC{On: on, What: w.what, Involved: w.involved, Harm: w.harm}})
	return out
}
