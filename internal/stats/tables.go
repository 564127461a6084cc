package stats

import (
	"cmp"
	"slices"
	"strconv"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
)

// Columns of the tables that count both kinds of signal.
const (
	colAdvice = iota
	colReport
)

var kindColumns = []string{"advice", "reports"}

func kindCol(k reports.Kind) int {
	if k == reports.KindAdvice {
		return colAdvice
	}
	return colReport
}

func violenceCodes() []reports.ViolenceType {
	out := make([]reports.ViolenceType, len(reports.ViolenceTypes))
	for i, l := range reports.ViolenceTypes {
		out[i] = l.Code
	}
	return out
}

// Tables builds the tables of f, in the order the page shows them, with
// the suppression rule applied to every cell.
func (s *Service) Tables(f *Figures) []Table {
	volume := volumeTable(f)
	acute := acuteTable(f)
	repeats := repeatTable(f)
	tp := s.throughput(f)
	days, deadline := tp.tables(s.cfg.Deadlines.SafetyAssessmentWorkingDays)
	tables := []Table{
		keyFigures(volume, acute, repeats, deadline, tp, s.cfg.Deadlines.SafetyAssessmentWorkingDays),
		volume,
		reporterTable(f),
		violenceTable(f),
		s.municipalityTable(f),
		childrenTable(f),
		acute,
		meldcodeTable(f),
		repeats,
		// A decision's outcome is worded as stats.row.outcome.<code>.
		decisionTable(f, "vervolg", casework.KindSafetyAssessment, []string{
			string(cases.DecideHandover), casework.OutcomeVTService, string(cases.RequestRvdK),
			string(cases.ConvertToAdvice), string(cases.EndInvolvement),
		}),
		decisionTable(f, "interventie", casework.KindInterventionChoice, []string{
			string(cases.DecideConditions), string(cases.DecideInvestigation),
		}),
		days,
		deadline,
	}
	return tables
}

func volumeTable(f *Figures) Table {
	step := "period"
	if len(f.Buckets) > 0 {
		step = f.Buckets[0].Step
	}
	// A bucket's row is "bucket.<step>" labelled with its first day: the
	// web words it ("maart 2024", "1e kwartaal 2024").
	bucket := func(b Bucket) key { return key{code: "bucket." + b.Step, label: b.Start.String()} }
	g := newGrid(2, true)
	for _, b := range f.Buckets {
		g.row(bucket(b))
	}
	for _, v := range f.Volume {
		if v.Bucket >= 0 && v.Bucket < len(f.Buckets) {
			g.add(bucket(f.Buckets[v.Bucket]), kindCol(v.Kind), v.N)
		}
	}
	rows, total := g.cells()
	return Table{ID: "per-periode", Vars: map[string]string{"step": step},
		ColumnCodes: kindColumns, Rows: rows, Total: &total}
}

func reporterTable(f *Figures) Table {
	g := newGrid(2, true)
	for _, l := range reports.ReporterKinds {
		g.row(label(l.NL))
	}
	other := code("other_or_unknown")
	for _, r := range f.Reporters {
		k := label(reports.LabelOf(reports.ReporterKinds, r.Reporter))
		if k.label == string(r.Reporter) {
			k = other
		}
		g.add(k, kindCol(r.Kind), r.N)
	}
	g.drop(func(k key) bool { return k != other })
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "melders", ColumnCodes: append(kindColumns[:2:2], "share_of_reports"), Rows: rows, Total: &total}
}

func violenceTable(f *Figures) Table {
	g := newGrid(2, false)
	types := violenceCodes()
	for _, l := range reports.ViolenceTypes {
		g.row(label(l.NL))
	}
	none := code("no_violence")
	g.row(none)
	for _, v := range f.Violence {
		col := kindCol(v.Kind)
		for i, n := range v.ByType {
			if i < len(types) {
				g.add(label(reports.LabelOf(reports.ViolenceTypes, types[i])), col, n)
			}
		}
		g.add(none, col, v.None)
		g.totals[col] += v.N
	}
	rows, total := g.cells()
	total.Code = "advice_and_reports"
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "vormen-van-geweld", ColumnCodes: append(kindColumns[:2:2], "share_of_reports"), Rows: rows, Total: &total}
}

func (s *Service) municipalityTable(f *Figures) Table {
	g := newGrid(2, true)
	unknown := code("unknown")
	for _, m := range f.Municipalities {
		k := unknown
		if m.Municipality != "" {
			k = label(s.cfg.MunicipalityName(m.Municipality))
		}
		g.add(k, kindCol(m.Kind), m.N)
	}
	rows, total := g.cells()
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch {
		case a.Code == unknown.code:
			return 1
		case b.Code == unknown.code:
			return -1
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return Table{ID: "gemeenten", ColumnCodes: kindColumns, Rows: rows, Total: &total}
}

func childrenTable(f *Figures) Table {
	g := newGrid(2, true)
	keys := map[reports.Tri]key{reports.Yes: code("children"), reports.No: code("no_children"), reports.Unknown: code("unknown")}
	for _, t := range []reports.Tri{reports.Yes, reports.No, reports.Unknown} {
		g.row(keys[t])
	}
	for _, c := range f.Children {
		k, ok := keys[c.Children]
		if !ok {
			k = keys[reports.Unknown]
		}
		g.add(k, kindCol(c.Kind), c.N)
	}
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "kinderen", ColumnCodes: append(kindColumns[:2:2], "share_of_reports"), Rows: rows, Total: &total}
}

func acuteTable(f *Figures) Table {
	g := newGrid(2, true)
	g.row(code("acute"))
	g.row(code("not_acute"))
	for _, a := range f.Acute {
		k := code("not_acute")
		if a.Acute {
			k = code("acute")
		}
		g.add(k, kindCol(a.Kind), a.N)
	}
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "acuut", ColumnCodes: append(kindColumns[:2:2], "share_of_reports"), Rows: rows, Total: &total}
}

// meldcodeTable: of the reports by professionals, how many went through the
// meldcode's five steps, how many skipped steps, and how many did not say.
func meldcodeTable(f *Figures) Table {
	g := newGrid(1, true)
	keys := map[MeldcodeState]key{
		MeldcodeAllSteps:    code("meldcode_all_steps"),
		MeldcodeIncomplete:  code("meldcode_incomplete"),
		MeldcodeNotRecorded: code("meldcode_not_recorded"),
	}
	for _, st := range []MeldcodeState{MeldcodeAllSteps, MeldcodeIncomplete, MeldcodeNotRecorded} {
		g.row(keys[st])
	}
	for _, m := range f.Meldcode {
		if k, ok := keys[m.State]; ok {
			g.add(k, 0, m.N)
		}
	}
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: "meldcode", ColumnCodes: []string{"reports", "share_of_reports"}, Rows: rows, Total: &total}
}

func repeatTable(f *Figures) Table {
	g := newGrid(1, true)
	first, again := code("first_report"), code("repeat_report")
	g.row(first)
	g.row(again)
	for _, r := range f.Repeats {
		k := first
		if r.Repeat {
			k = again
		}
		g.add(k, 0, r.N)
	}
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: "herhaald", ColumnCodes: []string{"reports", "share"}, Rows: rows, Total: &total}
}

// decisionTable counts the approved decisions of kind by outcome: a row
// per outcome (code "outcome.<outcome>"), and one for any other.
func decisionTable(f *Figures, id string, kind authz.DecisionKind, outcomes []string) Table {
	g := newGrid(1, true)
	for _, o := range outcomes {
		g.row(code("outcome." + o))
	}
	other := code("other")
	for _, d := range f.Decisions {
		if d.Kind != kind {
			continue
		}
		k := other
		if slices.Contains(outcomes, d.Outcome) {
			k = code("outcome." + d.Outcome)
		}
		g.add(k, 0, d.N)
	}
	g.drop(func(k key) bool { return k != other })
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: id, ColumnCodes: []string{"decisions", "share"}, Rows: rows, Total: &total}
}

// keyFigures is the summary at the top, built from the cells of the
// other tables so that it hides what they hide.
func keyFigures(volume, acute, repeats, deadline Table, tp *throughput, deadlineDays int) Table {
	reportsTotal := volume.Total.Cells[colReport]
	// The deadline share is of the case files whose deadline has passed:
	// within, late, and overdue without assessment.
	passed := Sum(deadline.Rows[0].Cells[0], deadline.Rows[1].Cells[0], deadline.Rows[2].Cells[0])
	med, n := tp.median()
	rows := []Row{
		{Code: "advice", Cells: []Cell{volume.Total.Cells[colAdvice]}},
		{Code: "reports", Cells: []Cell{reportsTotal}},
		{Code: "acute_share", Cells: []Cell{Percent(acute.Rows[0].Cells[colReport], reportsTotal)}},
		{Code: "repeat_share", Cells: []Cell{Percent(repeats.Rows[1].Cells[0], repeats.Total.Cells[0])}},
		{Code: "within_term_share", Cells: []Cell{Percent(deadline.Rows[0].Cells[0], passed)}},
		{Code: "median_days", Cells: []Cell{Days(med, n)}},
	}
	return Table{ID: "kerncijfers", ColumnCodes: []string{"value"}, Rows: rows,
		Vars: map[string]string{"days": strconv.Itoa(deadlineDays)}}
}
