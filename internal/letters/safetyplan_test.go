package letters

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"toren/internal/toren"
)

func safetyPlanSample() SafetyPlan {
	return SafetyPlan{Family: "Familie Verbeek", Team: "Interventieteam", Reference: "IT-casus 12", Version: 3,
		Date: toren.NewDate(2014, 5, 12), Duo: []string{"Ilse Smit", "Ahmed Bakr"},
		Dangers: "Ex-vriend valt haar lastig.\n\nDe kinderen zagen het geweld.", Strengths: "Ouders houden de deur open.",
		FamilyGoals: "Los van hem; afkicken.", BottomLines: "Geen geweld waar de kinderen bij zijn.",
		Agreements: []PlanAgreement{
			{Owner: "Chantal", What: "Geen contact met ex", When: "vanaf nu", Check: "moeder vraagt wekelijks", Status: "Nagekomen"},
			{Owner: "Moeder", What: "Samen eten", When: "dagelijks", Check: "IT bij huisbezoek"},
			{Owner: "Politie", What: "Rijdt langs bij melding", When: "bij elke melding", Check: "terugkoppeling aan IT", CheckedBy: "wijkagent"},
		}}
}

// The safety plan for the family: every part of the plan in the PDF, in
// the order of the screen version, with the Dutch language and the plan's
// title in the document information; a plan without family or version is
// refused naming the field.
func TestSafetyPlanPDF(t *testing.T) {
	r := testRenderer(t)
	doc, err := r.SafetyPlan(safetyPlanSample())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != KindSafetyPlan || doc.Title != "Veiligheidsplan Familie Verbeek (versie 3)" {
		t.Errorf("document %s %q", doc.Kind, doc.Title)
	}
	text := pdfText(t, doc.PDF)
	rest := text
	for _, want := range []string{"Gezin Familie Verbeek", "Versie 3 van 12 mei 2014", "Uw IT-medewerkers Ilse Smit en Ahmed Bakr", "Veiligheidsplan",
		"Zorgen en gevaar", "Ex-vriend valt haar lastig.", "De kinderen zagen het geweld.", "Wat gaat goed", "Doelen van het gezin",
		"Bodemeisen van de hulpverlening", "Afspraken", "Geen contact met ex", "Wie: Chantal", "Stand van zaken: Nagekomen",
		"Samen eten", "Rijdt langs bij melding", "Wie controleert: wijkagent", "0800-2000"} {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Errorf("%q is not in the PDF after what came before it:\n%s", want, text)
			continue
		}
		rest = rest[i+len(want):]
	}
	if strings.Contains(text, "Uitzonderingen") {
		t.Error("an empty part is printed")
	}
	if !bytes.Contains(doc.PDF, []byte("/Lang (nl-NL)")) {
		t.Error("the PDF has no language")
	}
	blocks, err := parseBlocks(string(doc.HTML))
	if err != nil || len(blocks) < 10 {
		t.Errorf("%d blocks, %v", len(blocks), err)
	}
	bad := safetyPlanSample()
	bad.Family, bad.Version = " ", 0
	_, err = r.SafetyPlan(bad)
	var fields []string
	for _, f := range toren.FieldErrors(err) {
		fields = append(fields, f.Field)
	}
	if !slices.Equal(fields, []string{"family", "version"}) {
		t.Errorf("bad plan: %v", err)
	}
}
