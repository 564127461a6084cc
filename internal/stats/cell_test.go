package stats

import "testing"

// The suppression rule at its boundary: 4 is hidden, 5 is shown.
func TestSmallCountsAreHidden(t *testing.T) {
	tests := []struct {
		n          int64
		hidden     bool
		show, csv  string
		valueShown bool
	}{
		{0, false, "0", "0", true},
		{1, true, "<5", "<5", false},
		{4, true, "<5", "<5", false},
		{5, false, "5", "5", true},
		{6, false, "6", "6", true},
		{1234, false, "1.234", "1234", true},
		{1234567, false, "1.234.567", "1234567", true},
	}
	for _, tt := range tests {
		c := Count(tt.n)
		if c.Suppressed() != tt.hidden || c.String() != tt.show || c.CSV() != tt.csv {
			t.Errorf("Count(%d): hidden %v %q %q; want %v %q %q", tt.n, c.Suppressed(), c.String(), c.CSV(), tt.hidden, tt.show, tt.csv)
		}
		if v, ok := c.Value(); ok != tt.valueShown || ok && v != tt.n {
			t.Errorf("Count(%d).Value() = %d, %v", tt.n, v, ok)
		}
	}
	if Small(4) != true || Small(5) != false || Small(0) != false {
		t.Error("Small is not the rule 0 < n < 5")
	}
}

// A share of a small count, or of a small total, would show the count.
func TestPercentHidesWhatItRestsOn(t *testing.T) {
	tests := []struct {
		num, den  Cell
		show, csv string
	}{
		{Count(5), Count(100), "5,0%", "5,0"},
		{Count(4), Count(100), Hidden, Hidden},
		{Count(1), Count(3), Hidden, Hidden},
		{Count(0), Count(4), Hidden, Hidden}, // 0 of a hidden total
		{Count(0), Count(5), "0,0%", "0,0"},
		{Count(0), Count(0), NoData, NoData},
		{Count(2), Count(3), Hidden, Hidden},
		{Count(1), Count(3), Hidden, Hidden},
		{Count(10), Sum(Count(10), Count(3)), Hidden, Hidden}, // the total rests on a hidden 3
		{Count(10), Sum(Count(10), Count(5)), "66,7%", "66,7"},
	}
	for i, tt := range tests {
		p := Percent(tt.num, tt.den)
		if p.String() != tt.show || p.CSV() != tt.csv {
			t.Errorf("%d: Percent = %q / %q, want %q / %q", i, p.String(), p.CSV(), tt.show, tt.csv)
		}
		if _, ok := p.Value(); ok {
			t.Errorf("%d: a percentage gave a count", i)
		}
	}
}

func TestDaysNeedFiveCaseFiles(t *testing.T) {
	if got := Days(3.5, 4).String(); got != Hidden {
		t.Errorf("median of 4 case files: %q", got)
	}
	if got := Days(3.5, 5).String(); got != "3,5" {
		t.Errorf("median of 5 case files: %q", got)
	}
	if got := Days(0, 0).String(); got != NoData {
		t.Errorf("median of none: %q", got)
	}
}

// The secondary rule: with one count hidden in a line that adds up to a
// total, the smallest other count is hidden too; with two or more hidden,
// or none, nothing more is.
func TestProtectLine(t *testing.T) {
	tests := []struct {
		counts []int64
		hidden []bool
	}{
		{[]int64{3, 10, 7, 0}, []bool{true, false, true, false}},
		{[]int64{3, 2, 10}, []bool{true, true, false}},
		{[]int64{10, 7, 5}, []bool{false, false, false}},
		{[]int64{4, 0, 0}, []bool{true, false, false}}, // the total is 4 and hidden as well
		{[]int64{0, 5, 4, 5}, []bool{false, true, true, false}},
	}
	for _, tt := range tests {
		cells := make([]Cell, len(tt.counts))
		line := make([]*Cell, len(cells))
		for i, n := range tt.counts {
			cells[i] = Count(n)
			line[i] = &cells[i]
		}
		protectLine(line)
		for i, c := range cells {
			if c.Suppressed() != tt.hidden[i] {
				t.Errorf("%v: cell %d hidden %v, want %v", tt.counts, i, c.Suppressed(), tt.hidden[i])
			}
			if c.Suppressed() && !Small(tt.counts[i]) && c.String() != Hidden {
				t.Errorf("%v: cell %d hidden for the total shows %q", tt.counts, i, c.String())
			}
		}
	}
}

// A grid of counts: no column with exactly one hidden count, so no total
// gives a small count away.
func TestGridNeverLeavesOneHiddenCount(t *testing.T) {
	g := newGrid(2, true)
	for i, n := range []int64{3, 40, 12, 0, 9} {
		g.add(label(string(rune('a'+i))), 0, n)
		g.add(label(string(rune('a'+i))), 1, n*2)
	}
	rows, total := g.cells()
	if got, _ := total.Cells[0].Value(); got != 64 {
		t.Errorf("total %d", got)
	}
	for col := range 2 {
		hidden := 0
		for _, r := range rows {
			if r.Cells[col].Suppressed() {
				hidden++
			}
		}
		if hidden == 1 {
			t.Errorf("column %d has exactly one hidden count", col)
		}
	}
	if !rows[0].Cells[0].Suppressed() || !rows[4].Cells[0].Suppressed() || rows[4].Cells[1].Suppressed() {
		t.Errorf("column 0: the 3 and the smallest other (9) hidden; column 1: 6 and 18 shown: %+v", rows)
	}
}
