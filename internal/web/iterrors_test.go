package web

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"toren/internal/itteam"
	"toren/internal/toren"
)

// Every rule the Interventieteam's services refuse a field by has Dutch
// words in the catalogue (it.rule.*), so a new rule without words fails
// here, not on a worker's screen.
func TestITRulesHaveWords(t *testing.T) {
	checkRulesHaveWords(t, "../itteam", "it.rule", 25)
	checkRulesHaveWords(t, "../itteamsvc", "it.rule", 3)
}

// The services give rule codes only: the Dutch is the web's.
func TestITServicesWordNoRule(t *testing.T) {
	c := &itteam.Case{}
	err := c.SavePlan(itteam.Plan{Agreements: []itteam.Agreement{{What: "Belt de huisarts"}}}, itteam.Worker{ID: 1}, time.Now())
	fe := toren.FieldErrors(err)
	if len(fe) != 1 || fe[0].Field != "agreements[0].owner" || fe[0].Rule != "required" || fe[0].MessageNL != "" {
		t.Errorf("an agreement without owner: %+v", fe)
	}
}

// A refused field is worded by rule and field and named in front as the
// form labels it, with its row; a checklist's answer and an evaluation's
// question by their own labels, a care provider by its name and a
// decider by their role. No line is the generic "De invoer klopt niet."
// or English.
func TestITNames(t *testing.T) {
	cl := itteam.Bijlage1()
	number := ""
	for _, cr := range cl.Criteria {
		if cr.Kind == itteam.KindNumber {
			number = cr.Code
			break
		}
	}
	cr, _ := cl.Criterion(number)
	for _, c := range []struct {
		names itNames
		fe    toren.FieldError
		want  string
	}{
		{itNames{form: "plan"}, toren.FieldError{Field: "agreements[2].owner", Rule: "required"}, "Afspraak 3, wie: Vul in wie de afspraak nakomt."},
		{itNames{form: "schaalvragen"}, toren.FieldError{Field: "scores[0].safety", Rule: "range_0_10"}, "Beoordelaar 1, veiligheid: Een schaalscore ligt tussen 0 en 10."},
		{itNames{form: "schaalvragen"}, toren.FieldError{Field: "scores", Rule: "required"}, "Scores: Vul er minstens één in."},
		{itNames{form: "beraden", items: itteam.MeetingItems()}, toren.FieldError{Field: "scores.respect", Rule: "range_1_10"}, "Met respect behandeld: Een cijfer ligt tussen 1 en 10."},
		{itNames{form: "beraden"}, toren.FieldError{Field: "participants[1].organisation", Rule: "required"}, "Deelnemer 2, organisatie: Vul de organisatie van de professional in."},
		{itNames{form: "fase"}, toren.FieldError{Field: "on", Rule: "not_future"}, "Datum van de overgang: De datum ligt niet in de toekomst."},
		{itNames{form: "mic"}, toren.FieldError{Field: "on", Rule: "required"}, "Datum van het incident: Vul de datum in."},
		{itNames{form: "kleurcode"}, toren.FieldError{Field: "colour", Rule: "enum"}, "Kleurcode: Kies rood, oranje, geel of groen."},
		{itNames{form: "registratie", values: map[string][]string{"care_providers": {"GGZ Breburg", "Zorgboerderij De Vlinder"}}},
			toren.FieldError{Field: "care_providers[1]", Rule: "catalogue"}, "Betrokken hulpverlener Zorgboerderij De Vlinder: Staat niet in de lijst van partners."},
		{itNames{form: "registratie"}, toren.FieldError{Field: "perpetrator_sexes", Rule: "max_items"}, "Plegers: Vul hoogstens 40 personen in."},
		{itNames{form: "ccb", values: map[string][]string{"deciders": {"IT-medewerker", "Teamleider"}}},
			toren.FieldError{Field: "deciders[0].id", Rule: "duo"}, "IT-medewerker, medewerker: De IT-medewerker moet een van het duo zijn."},
		{itNames{form: "ccb"}, toren.FieldError{Field: "deciders", Rule: "three_deciders"}, "Wie besloten: Opschalen naar CCB besluiten"},
		{itNames{form: "ccb-uitkomst"}, toren.FieldError{Field: "actions[0].due", Rule: "required"}, "Veiligheidsactie 1, datum: Vul de datum van de actie in."},
		{itNames{form: "aanmelden", checklist: &cl}, toren.FieldError{Field: "answers." + number, Rule: "range"},
			cr.Label + ": Vul een getal van " + dutchNumber(cr.Min) + " tot en met " + dutchNumber(cr.Max) + " in."},
		{itNames{form: "aanmelden", checklist: &cl}, toren.FieldError{Field: "family", Rule: "required"}, "Gezin: Vul de naam van het gezin in."},
		{itNames{form: "nazorg"}, toren.FieldError{Field: "moment", Rule: "asked"}, "Moment: Deze nazorgvraag is al vastgelegd."},
		{itNames{form: "statistiek"}, toren.FieldError{Field: "year", Rule: "range"}, "Jaar: Kies een jaar tussen 2000 en 2100."},
		// A message the web wrote itself is named the same way, and one of
		// package cases (the process's rules) keeps its words.
		{itNames{form: "kleurcode"}, toren.FieldError{Field: "on", Rule: "date", MessageNL: msg("itteam.error.date")}, "Datum van de kleurcode: Vul een datum in als jjjj-mm-dd."},
		{itNames{form: "fase"}, toren.FieldError{Field: "status", Rule: "transition_not_allowed", MessageNL: `"Start" kan niet vanuit de status "Afgesloten"`}, `Fase: "Start" kan niet vanuit de status "Afgesloten"`},
	} {
		got := c.names.words([]toren.FieldError{c.fe})[0].MessageNL
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %s %s: %q, want %q", c.names.form, c.fe.Field, c.fe.Rule, got, c.want)
		}
	}
	// A scaling round's date is one field of the form for every rater: a
	// date in the future is one line, not one per row.
	got := itNames{form: "schaalvragen"}.words([]toren.FieldError{{Field: "scores[0].on", Rule: "date"}, {Field: "scores[1].on", Rule: "date"},
		{Field: "scores[1].kind", Rule: "enum"}})
	if len(got) != 2 || got[0].MessageNL != "Datum van de ronde: Vul een datum in die niet in de toekomst ligt." ||
		got[1].MessageNL != "Beoordelaar 2, soort: Kies gezinslid, professional of netwerk." {
		t.Errorf("a round's date in the future: %+v", got)
	}
}

// Every field the Interventieteam's services refuse by name (a literal
// in a call of broke) and every list they refuse a row of has a name on
// the pages, so a new field cannot reach the error list as words without
// saying where. The case-level rules ("ccb": escalated or not) stand
// alone.
func TestITFieldsHaveNames(t *testing.T) {
	fieldRe := regexp.MustCompile(`broke\([^,]+, "([a-z_.]+)",`)
	listRe := regexp.MustCompile(`fmt\.Sprintf\("([a-z_]+)\[%d\]"`)
	// A checklist is published through the API only: its fields have no
	// form.
	alone := map[string]bool{"ccb": true, "version": true, "criteria": true}
	var fields, lists int
	for _, dir := range []string{"../itteam", "../itteamsvc"} {
		for f, src := range goSources(t, dir+"/*.go") {
			for _, m := range fieldRe.FindAllStringSubmatch(src, -1) {
				fields++
				if !alone[m[1]] && (itNames{}).label(m[1]) == "" {
					t.Errorf("%s refuses %q, which the pages do not name (it.field.%s)", f, m[1], m[1])
				}
			}
			for _, m := range listRe.FindAllStringSubmatch(src, -1) {
				lists++
				if m[1] != "criteria" && !hasMsg("it.field."+m[1]+".row") {
					t.Errorf("%s refuses a row of %q, which the pages do not name (it.field.%s.row)", f, m[1], m[1])
				}
			}
		}
	}
	if fields < 30 || lists < 5 {
		t.Fatalf("found only %d fields and %d lists", fields, lists)
	}
}
