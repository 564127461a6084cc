package itteam

import (
	"reflect"
	"testing"

	"toren/internal/cases"
	"toren/internal/toren"
)

// The compact facts read back as they were written, a name with a line
// break in it stays one line, and what is not the format is refused (F2,
// the form before the sexes, and F3, before children present, too: the
// store then reads the document).
func TestFactsRoundTrip(t *testing.T) {
	in := Facts{Admitted: true, ReferredOn: toren.NewDate(2014, 3, 3),
		Events:      []FactEvent{{toren.NewDate(2014, 3, 3), cases.ITIntensive}, {toren.NewDate(2014, 7, 1), cases.ITMonitor}},
		ColourStart: cases.ColourOrange, ColourEnd: cases.ColourGreen, Providers: []string{"Maatschappelijk werk", "GGZ\nBreburg"},
		Meetings: []FactMeeting{{On: toren.NewDate(2014, 4, 1), Forms: [][]ItemScore{{{"respect", 9}, {"vertrouwen", 8}}, {{"respect", 7}}}}},
		Client:   []ItemScore{{"eindoordeel", 9}, {"informatie", 8}}, HasClient: true,
		Municipality: "GM0758", ViolenceType: "ex_partner", Natures: []string{"threats", "physical"}, ProblemAreas: []string{"verslaving"}, CCBOn: toren.NewDate(2014, 5, 2),
		PerpetratorSexes: []string{"male", "female"}, VictimSexes: []string{"female"}, ChildrenPresent: "yes"}
	b := AppendFacts(nil, &in)
	var out Facts
	if err := ParseFacts(b, &out); err != nil {
		t.Fatal(err)
	}
	want := in
	want.Providers = []string{"Maatschappelijk werk", "GGZ Breburg"}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("read back\n%+v\nwant\n%+v\nfrom %q", out, want, b)
	}
	// A second case into the same value: nothing of the first remains.
	small := Facts{ReferredOn: toren.NewDate(2013, 1, 2)}
	if err := ParseFacts(AppendFacts(nil, &small), &out); err != nil || out.Admitted || len(out.Events) != 0 || len(out.Providers) != 0 ||
		out.HasClient || len(out.Meetings) != 0 || out.Municipality != "" || len(out.PerpetratorSexes) != 0 || len(out.VictimSexes) != 0 || out.ChildrenPresent != "" || !out.ReferredOn.Equal(small.ReferredOn) {
		t.Errorf("reused: %+v %v", out, err)
	}
	for _, bad := range []string{`{"id":1}`, "F2\nr 2014-03-01 1\n", "F3\nr 2014-03-01 1\n", "F4\nr 2014-13-01 1\n", "F4\nq x\n", "F4\nx respect=negen\n"} {
		if err := ParseFacts([]byte(bad), &out); err == nil {
			t.Errorf("%q read without error", bad)
		}
	}
}
