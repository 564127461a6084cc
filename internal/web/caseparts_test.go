package web

import (
	"net/url"
	"regexp"
	"slices"
	"testing"

	"toren/internal/toren"
)

// Every section of the case page is on exactly one part: a section left
// out would never be shown but on "alles".
func TestCasePartsCoverEverySection(t *testing.T) {
	b, err := templateFS.ReadFile("templates/page_case.html")
	if err != nil {
		t.Fatal(err)
	}
	found := regexp.MustCompile(`<h2 class="utrecht-heading-2" id="([a-z]+)"`).FindAllStringSubmatch(string(b), -1)
	if len(found) < 10 {
		t.Fatalf("found %d sections", len(found))
	}
	for _, m := range found {
		n := 0
		for _, p := range caseParts {
			if slices.Contains(p.Sections, m[1]) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("section %s is on %d parts", m[1], n)
		}
	}
}

// A refused form comes back on the part its section is on.
func TestCasePartOfForm(t *testing.T) {
	for form, want := range map[string]string{
		"phase": "overzicht", "assign": "overzicht", "step": "overzicht", "reopen": "overzicht",
		"decision-safety_assessment": "besluiten", "refuse-3": "besluiten", "handover": "besluiten", "respond-2": "besluiten",
		"monitoring-4": "besluiten", "contact": "contacten", "informant": "contacten", "agreement": "veiligheid",
		"agreement-12": "veiligheid", "condition-1": "veiligheid", "feedback": "brieven", "closing": "brieven", "sent": "brieven",
	} {
		if got := partOfForm(form); got != want {
			t.Errorf("form %s on part %s, want %s", form, got, want)
		}
	}
}

func TestChoosePart(t *testing.T) {
	for q, want := range map[string][2]string{
		"":                              {"overzicht", ""},
		"deel=veiligheid&bij=afspraken": {"veiligheid", "afspraken"},
		"deel=veiligheid&bij=contacten": {"veiligheid", ""}, // a section of another part is ignored
		"deel=alles":                    {"alles", ""},
	} {
		v, _ := url.ParseQuery(q)
		part, at, err := choosePart(v)
		if err != nil || part != want[0] || at != want[1] {
			t.Errorf("%q: %s %s %v, want %v", q, part, at, err, want)
		}
	}
	if _, _, err := choosePart(url.Values{"deel": {"geheim"}}); err == nil {
		t.Error("an unknown part was taken")
	}
}

// The error summary's field names are the labels the forms show.
func TestCaseFieldLabelsMatchTheForms(t *testing.T) {
	b, err := templateFS.ReadFile("templates/page_case.html")
	if err != nil {
		t.Fatal(err)
	}
	found := regexp.MustCompile(`\((?:\.|\$\.)(?:Req|Text|Choice|Check|Checks|Radios) "([a-z]+)" "([\w.]+)" \(t "([^"]+)"\)`).FindAllStringSubmatch(string(b), -1)
	if len(found) < 40 {
		t.Fatalf("found %d labelled fields", len(found))
	}
	for _, m := range found {
		if got := caseFieldLabel(m[1], m[2]); got != msg(m[3]) || got == "" {
			t.Errorf("%s.%s is labelled %q on the page, %q in the summary", m[1], m[2], msg(m[3]), got)
		}
	}
}

// An empty contact form names each field in the summary instead of
// repeating "Dit veld is verplicht." four times.
func TestCaseSummaryNamesTheField(t *testing.T) {
	s := newFormSet()
	s.refuse("contact", nil, []toren.FieldError{{Field: "at", MessageNL: "Dit veld is verplicht."}, {Field: "with", MessageNL: "Dit veld is verplicht."},
		{Field: "summary", MessageNL: "Dit veld is verplicht."}})
	var got []string
	for _, it := range s.Summary("contact") {
		got = append(got, it.Message)
	}
	want := []string{"Wanneer: Dit veld is verplicht.", "Met wie: Dit veld is verplicht.", "Samenvatting: Dit veld is verplicht."}
	if !slices.Equal(got, want) {
		t.Errorf("summary %q, want %q", got, want)
	}
	s = newFormSet()
	s.refuse("agreement-12", nil, []toren.FieldError{{Field: "note", MessageNL: "Schrijf op waarom."}})
	if got := s.Summary("agreement-12"); len(got) != 1 || got[0].Message != "Toelichting: Schrijf op waarom." {
		t.Errorf("row form summary %+v", got)
	}
}
