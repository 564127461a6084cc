package api

import (
	"encoding/json"
	"strings"
	"testing"

	"toren/internal/itteam"
	"toren/internal/toren"
)

// TestPublishITStatsSuppresses: the API gives no count from 1 to 4, nor a
// share, mean or duration resting on one, and hides a second count where
// the total would give the first away.
func TestPublishITStatsSuppresses(t *testing.T) {
	st := itteam.YearStats{Year: 2014, AsOf: toren.NewDate(2014, 12, 31),
		New: itteam.StatusTable{Total: 30, Rows: []itteam.Count{
			{Label: "a", N: 3, Percent: 10}, {Label: "b", N: 7, Percent: 23}, {Label: "c", N: 20, Percent: 67}, {Label: "d", N: 0}}},
		Meetings:  itteam.EvaluationTable{Evaluated: 2, Rows: []itteam.Mean{{Code: "respect", Label: "Met respect behandeld", Mean: 7.5, N: 2}, {Code: "vertrouwen", Label: "Vertrouwen", Mean: 8, N: 6}}},
		Intensive: itteam.Duration{N: 3, Mean: 100, Min: 5, Max: 230},
		MIC:       1, CCB: 0, CCBBefore: 12,
		// 55 cases: 49 with a male perpetrator, 3 with a female one, 3 left
		// open; the victims' side has no small count.
		Sexes: itteam.Sexes{
			Perpetrators: itteam.SexDistribution{Cases: 55, Missing: 3, Rows: []itteam.Count{
				{Label: "Vrouw", Code: "female", N: 3, Percent: 5}, {Label: "Man", Code: "male", N: 49, Percent: 89}, {Label: "X", Code: "x"}}},
			Victims: itteam.SexDistribution{Cases: 55, Missing: 5, Rows: []itteam.Count{
				{Label: "Vrouw", Code: "female", N: 41, Percent: 75}, {Label: "Man", Code: "male", N: 9, Percent: 16}, {Label: "X", Code: "x"}}},
		},
		// Children present in 43 of 55, not in 9, left open in 3: the three
		// are withheld, and so is the nine, which 55 - 43 would give away.
		Children: itteam.CaseShares{Cases: 55, Missing: 3, Rows: []itteam.Count{
			{Label: "Kinderen aanwezig", Code: "yes", N: 43, Percent: 78}, {Label: "Geen kinderen aanwezig", Code: "no", N: 9, Percent: 16}}},
	}
	out := publishITStats(st)
	rows := out.New.Rows
	if rows[0].N != nil || !rows[0].Suppressed || rows[0].Percent != nil {
		t.Errorf("small count given: %+v", rows[0])
	}
	if rows[1].N != nil || !rows[1].Suppressed {
		t.Errorf("secondary rule not applied (30 - 20 - 0 gives 3 away): %+v", rows[1])
	}
	if rows[2].N == nil || *rows[2].N != 20 || rows[2].Percent == nil || *rows[2].Percent != 67 || rows[2].Suppressed {
		t.Errorf("large count withheld: %+v", rows[2])
	}
	if rows[3].N == nil || *rows[3].N != 0 || rows[3].Suppressed {
		t.Errorf("zero withheld: %+v", rows[3])
	}
	if m := out.Meetings.Rows[0]; m.Mean != nil || m.N != nil || !m.Suppressed || out.Meetings.Evaluated != nil {
		t.Errorf("mean of two answers given: %+v", m)
	}
	if m := out.Meetings.Rows[1]; m.Mean == nil || *m.Mean != 8 || m.N == nil || *m.N != 6 {
		t.Errorf("mean of six answers withheld: %+v", m)
	}
	// A question is given by its code, with the Dutch label readers of the
	// API have always had beside it.
	if m := out.Meetings.Rows[1]; m.Code != "vertrouwen" || m.Label != "Vertrouwen" {
		t.Errorf("question %+v, want code vertrouwen labelled Vertrouwen", m)
	}
	if d := out.Intensive; !d.Suppressed || d.N != nil || d.Min != nil || d.Max != nil || d.Mean != nil {
		t.Errorf("durations of three phases given: %+v", d)
	}
	if out.MIC != nil || out.CCB == nil || *out.CCB != 0 || out.CCBBefore == nil || *out.CCBBefore != 12 {
		t.Errorf("mic %v ccb %v ccb_before %v", out.MIC, out.CCB, out.CCBBefore)
	}
	p := out.Sexes.Perpetrators
	if p.Rows[0].N != nil || !p.Rows[0].Suppressed || p.Missing.N != nil || !p.Missing.Suppressed || p.Missing.Code != "missing" {
		t.Errorf("perpetrators: small counts given: %+v, missing %+v", p.Rows[0], p.Missing)
	}
	if p.Rows[1].N == nil || *p.Rows[1].N != 49 || p.Rows[1].Percent == nil || *p.Rows[1].Percent != 89 || p.Cases == nil || *p.Cases != 55 {
		t.Errorf("perpetrators: the 49 men of 55 cases withheld: %+v, cases %v", p.Rows[1], p.Cases)
	}
	if p.Rows[2].N == nil || *p.Rows[2].N != 0 {
		t.Errorf("perpetrators: zero X withheld: %+v", p.Rows[2])
	}
	v := out.Sexes.Victims
	if v.Missing.N == nil || *v.Missing.N != 5 || v.Missing.Percent == nil || *v.Missing.Percent != 9 || v.Rows[1].N == nil || *v.Rows[1].N != 9 {
		t.Errorf("victims: %+v, missing %+v", v.Rows, v.Missing)
	}
	ch := out.Children
	if ch.Rows[0].N == nil || *ch.Rows[0].N != 43 || ch.Rows[0].Percent == nil || *ch.Rows[0].Percent != 78 || ch.Rows[0].Code != "yes" ||
		ch.Cases == nil || *ch.Cases != 55 {
		t.Errorf("children: the 43 of 55 cases withheld: %+v, cases %v", ch.Rows[0], ch.Cases)
	}
	if ch.Missing.N != nil || !ch.Missing.Suppressed || ch.Rows[1].N != nil || ch.Rows[1].Percent != nil {
		t.Errorf("children: the small count given or derivable: no %+v, missing %+v", ch.Rows[1], ch.Missing)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"mic":null`) || !strings.Contains(string(b), `"suppressed_below":5`) {
		t.Errorf("JSON %s", b)
	}
}
