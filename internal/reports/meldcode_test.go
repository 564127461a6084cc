package reports

import (
	"testing"

	"toren/internal/toren"
)

func TestValidateMeldcode(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(r *Report)
		field string // "" when valid
	}{
		{"none", func(r *Report) {}, ""},
		{"five steps and answers", func(r *Report) {
			r.Meldcode = &Meldcode{Steps: []int{1, 2, 3, 4, 5}, Suspicion: Yes, Unsafety: No, HelpPossible: Yes, HelpAccepted: No}
		}, ""},
		{"no steps taken", func(r *Report) { r.Meldcode = &Meldcode{Suspicion: Yes} }, ""},
		{"step 6", func(r *Report) { r.Meldcode = &Meldcode{Steps: []int{1, 6}} }, "meldcode.steps[1]"},
		{"step twice", func(r *Report) { r.Meldcode = &Meldcode{Steps: []int{2, 2}} }, "meldcode.steps[1]"},
		{"answer not yes or no", func(r *Report) { r.Meldcode = &Meldcode{Unsafety: "misschien"} }, "meldcode.unsafety"},
		{"a citizen", func(r *Report) {
			r.Reporter = Reporter{Kind: ReporterCitizen, Name: "Buurvrouw", Phone: "0612345678"}
			r.Meldcode = &Meldcode{Steps: []int{1}}
		}, "meldcode"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, v := goodReport(), validator()
			tt.edit(r)
			v.Normalize(r)
			err := v.Validate(r)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			fes := toren.FieldErrors(err)
			if len(fes) != 1 || fes[0].Field != tt.field || fes[0].Rule == "" {
				t.Errorf("errors %+v, want one at %s", fes, tt.field)
			}
		})
	}
}
