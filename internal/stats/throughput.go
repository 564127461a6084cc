package stats

import (
	"slices"
	"strconv"
)

// throughput is the time from receipt to the safety assessment, in
// working days, per case file.
type throughput struct {
	// days[acute][i] counts the case files in working-day class i (see
	// dayClasses); the last class is "not assessed yet".
	days [2][]int64
	// For the case files that are not acute: assessed within or after the
	// deadline; not assessed with the deadline passed or still running.
	within, late, overdue, running int64
	// assessed counts the non-acute case files per working days taken,
	// for the median.
	assessed map[int]int64
}

// dayClasses are the rows of the throughput table, worded by the web
// (stats.row.days.<class>).
var dayClasses = []string{"days.0", "days.1", "days.2", "days.3", "days.4",
	"days.5", "days.6_10", "days.over_10", "not_assessed"}

func dayClass(k int) int {
	switch {
	case k <= 5:
		return max(k, 0)
	case k <= 10:
		return 6
	}
	return 7
}

func (s *Service) throughput(f *Figures) *throughput {
	tp := &throughput{assessed: map[int]int64{}}
	for a := range tp.days {
		tp.days[a] = make([]int64, len(dayClasses))
	}
	for _, r := range f.Assessments {
		acute := 0
		if r.Acute {
			acute = 1
		}
		if r.Assessed.IsZero() {
			tp.days[acute][len(dayClasses)-1] += r.N
		} else {
			k := s.cfg.Calendar.WorkingDaysBetween(r.Received, r.Assessed)
			tp.days[acute][dayClass(k)] += r.N
			if !r.Acute {
				tp.assessed[max(k, 0)] += r.N
			}
		}
		if r.Acute {
			continue
		}
		// The deadline ends with the due day: a later day is late.
		due := s.cfg.Deadlines.SafetyAssessmentDueDay(s.cfg.Calendar, r.Received)
		switch {
		case !r.Assessed.IsZero() && !r.Assessed.After(due):
			tp.within += r.N
		case !r.Assessed.IsZero():
			tp.late += r.N
		case f.Today.After(due):
			tp.overdue += r.N
		default:
			tp.running += r.N
		}
	}
	return tp
}

// median returns the median of the non-acute working days and how many
// case files it rests on.
func (tp *throughput) median() (float64, int64) {
	var n int64
	keys := make([]int, 0, len(tp.assessed))
	for k, c := range tp.assessed {
		keys = append(keys, k)
		n += c
	}
	if n == 0 {
		return 0, 0
	}
	slices.Sort(keys)
	// The values at positions lo and hi (0-based) of the sorted list;
	// equal when n is odd.
	lo, hi := (n-1)/2, n/2
	var seen int64
	var vlo, vhi int
	found := false
	for _, k := range keys {
		next := seen + tp.assessed[k]
		if !found && lo < next {
			vlo, found = k, true
		}
		if hi < next {
			vhi = k
			break
		}
		seen = next
	}
	return float64(vlo+vhi) / 2, n
}

func (tp *throughput) tables(deadlineDays int) (Table, Table) {
	g := newGrid(2, true)
	for i, c := range dayClasses {
		g.add(code(c), 0, tp.days[0][i])
		g.add(code(c), 1, tp.days[1][i])
	}
	rows, total := g.cells()
	total.Code = "cases"
	days := Table{ID: "doorlooptijd", ColumnCodes: []string{"not_acute", "acute"}, Rows: rows, Total: &total}

	d := newGrid(1, true)
	d.add(code("assessed_within_term"), 0, tp.within)
	d.add(code("assessed_after_term"), 0, tp.late)
	d.add(code("not_assessed_term_passed"), 0, tp.overdue)
	d.add(code("not_assessed_term_running"), 0, tp.running)
	drows, dtotal := d.cells()
	dtotal.Code = "non_acute_cases"
	withShare(drows, 0, dtotal.Cells[0])
	dtotal.Cells = append(dtotal.Cells, Percent(dtotal.Cells[0], dtotal.Cells[0]))
	deadline := Table{ID: "termijn", ColumnCodes: []string{"cases", "share"}, Rows: drows, Total: &dtotal,
		Vars: map[string]string{"days": strconv.Itoa(deadlineDays)}}
	return days, deadline
}
