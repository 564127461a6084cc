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
		Meetings:  itteam.EvaluationTable{Evaluated: 2, Rows: []itteam.Mean{{Label: "respect", Mean: 7.5, N: 2}, {Label: "x", Mean: 8, N: 6}}},
		Intensive: itteam.Duration{N: 3, Mean: 100, Min: 5, Max: 230},
		MIC:       1, CCB: 0, CCBBefore: 12,
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
	if d := out.Intensive; !d.Suppressed || d.N != nil || d.Min != nil || d.Max != nil || d.Mean != nil {
		t.Errorf("durations of three phases given: %+v", d)
	}
	if out.MIC != nil || out.CCB == nil || *out.CCB != 0 || out.CCBBefore == nil || *out.CCBBefore != 12 {
		t.Errorf("mic %v ccb %v ccb_before %v", out.MIC, out.CCB, out.CCBBefore)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"mic":null`) || !strings.Contains(string(b), `"suppressed_below":5`) {
		t.Errorf("JSON %s", b)
	}
}
