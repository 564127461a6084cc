package web

import (
	"net/url"
	"slices"
	"testing"

	"toren/internal/toren"
)

func TestTimeLeftInWords(t *testing.T) {
	tests := []struct {
		seconds int64
		want    string
	}{
		{3 * 86400, "nog 3 dagen"},
		{2 * 86400, "nog 2 dagen"},
		{86400 + 3600, "nog 1 dag"},
		{5 * 3600, "nog 5 uur"},
		{3600, "nog 1 uur"},
		{10 * 60, "nog 10 minuten"},
		{30, "nog minder dan 2 minuten"},
		{-30, "minder dan 2 minuten te laat"},
		{-2 * 3600, "2 uur te laat"},
		{-72 * 86400, "72 dagen te laat"},
	}
	for _, tt := range tests {
		if got := timeLeft(tt.seconds); got != tt.want {
			t.Errorf("timeLeft(%d) = %q, want %q", tt.seconds, got, tt.want)
		}
	}
}

// A refused form keeps every value, puts each Dutch message next to its
// field (a list's item at the list) and orders the summary as the form.
func TestRefusedFormKeepsValuesAndPlacesErrors(t *testing.T) {
	s := newFormSet()
	s.Defaults["contact.with"] = "default"
	sent := url.Values{"with": {"Juf <Annemiek>"}, "summary": {""}, "at": {"gisteren"}}
	s.refuse("contact", sent, []toren.FieldError{
		{Field: "summary", Rule: "required", MessageNL: "Dit veld is verplicht."},
		{Field: "at", Rule: "datetime", MessageNL: "Vul datum en tijd in."},
		{Field: "version", Rule: "stale", MessageNL: "Het dossier is intussen gewijzigd."},
	})
	if f := s.Text("contact", "with", "Met wie", ""); f.Value != "Juf <Annemiek>" || f.ID != "contact-with" || len(f.Errs) != 0 {
		t.Errorf("with: %+v", f)
	}
	if f := s.Text("contact", "at", "Wanneer", ""); f.Value != "gisteren" || !slices.Equal(f.Errs, []string{"Vul datum en tijd in."}) ||
		f.DescribedBy() != "contact-at-fout" {
		t.Errorf("at: %+v", f)
	}
	sum := s.Summary("contact")
	if len(sum) != 3 || sum[0].Href != "#contact-at" || sum[1].Href != "#contact-summary" || sum[2].Href != "" {
		t.Errorf("summary %+v: want the fields in the form's order, the version last without a link", sum)
	}
	// Other forms keep their defaults and show no errors.
	if f := s.Text("informant", "name", "Naam", ""); f.Value != "" || len(f.Errs) != 0 || s.Summary("informant") != nil {
		t.Errorf("another form: %+v", f)
	}

	s = newFormSet()
	s.refuse("handover", url.Values{"condition_ids": {"7"}}, []toren.FieldError{{Field: "condition_ids[0]", MessageNL: "Geen geldende voorwaarde."}})
	f := s.Checks("handover", "condition_ids", "Voorwaarden", "", nil)
	if !slices.Equal(f.Errs, []string{"Geen geldende voorwaarde."}) || s.Summary("handover")[0].Href != "#handover-condition_ids" {
		t.Errorf("a list item's error: %+v %+v", f, s.Summary("handover"))
	}
	// A record's form uses its kind's fields.
	s = newFormSet()
	s.refuse("agreement-12", url.Values{}, []toren.FieldError{{Field: "note", MessageNL: "Dit veld is verplicht."}})
	if got := s.Summary("agreement-12"); len(got) != 1 || got[0].Href != "#agreement-12-note" {
		t.Errorf("record form summary %+v", got)
	}
}
