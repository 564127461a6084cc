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

var dayClasses = []string{"Op de dag van ontvangst", "1 werkdag", "2 werkdagen", "3 werkdagen", "4 werkdagen",
	"5 werkdagen", "6 tot en met 10 werkdagen", "Meer dan 10 werkdagen", "Nog niet beoordeeld"}

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
	for i, label := range dayClasses {
		g.add(label, 0, tp.days[0][i])
		g.add(label, 1, tp.days[1][i])
	}
	rows, total := g.cells()
	total.Label = "Dossiers"
	days := Table{ID: "doorlooptijd", Caption: "Doorlooptijd van ontvangst tot veiligheidsbeoordeling", RowHead: "Doorlooptijd",
		Columns: []string{"Niet acuut", "Acuut"}, Rows: rows, Total: &total,
		Note: "Dossiers waarvan de eerste melding in de periode is ontvangen, tot de goedkeuring van de eerste veiligheidsbeoordeling; in werkdagen, zonder weekenden en feestdagen."}

	d := newGrid(1, true)
	n := strconv.Itoa(deadlineDays)
	d.add("Beoordeeld binnen de termijn", 0, tp.within)
	d.add("Beoordeeld na de termijn", 0, tp.late)
	d.add("Nog niet beoordeeld, termijn verstreken", 0, tp.overdue)
	d.add("Nog niet beoordeeld, termijn loopt nog", 0, tp.running)
	drows, dtotal := d.cells()
	dtotal.Label = "Niet-acute dossiers"
	withShare(drows, 0, dtotal.Cells[0])
	dtotal.Cells = append(dtotal.Cells, Percent(dtotal.Cells[0], dtotal.Cells[0]))
	deadline := Table{ID: "termijn", Caption: "Veiligheidsbeoordeling binnen " + n + " werkdagen", RowHead: "Termijn",
		Columns: []string{"Dossiers", "%"}, Rows: drows, Total: &dtotal,
		Note: "De termijn eindigt aan het einde van de " + n + "e werkdag na de dag van ontvangst (Uitvoeringsbesluit Wmo 2015, art. 4.1.7). Acute dossiers moeten direct worden beoordeeld en staan hier niet in."}
	return days, deadline
}
