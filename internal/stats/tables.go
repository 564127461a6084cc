package stats

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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

var kindColumns = []string{"Adviesvragen", "Meldingen"}

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
		decisionTable(f, "vervolg", "Vervolg na de veiligheidsbeoordeling", casework.KindSafetyAssessment, []outcome{
			{string(cases.DecideHandover), "Overdracht aan het lokale veld of de al betrokken hulpverlening"},
			{casework.OutcomeVTService, "Veilig Thuis zelf: Voorwaarden & Vervolg of Onderzoek"},
			{string(cases.RequestRvdK), "Verzoek aan de Raad voor de Kinderbescherming"},
			{string(cases.ConvertToAdvice), "Omgezet naar advies"},
			{string(cases.EndInvolvement), "Betrokkenheid beëindigd"},
		}),
		decisionTable(f, "interventie", "Keuze van de interventie", casework.KindInterventionChoice, []outcome{
			{string(cases.DecideConditions), "Voorwaarden & Vervolg"},
			{string(cases.DecideInvestigation), "Onderzoek"},
		}),
		days,
		deadline,
	}
	return tables
}

func volumeTable(f *Figures) Table {
	step := "periode"
	if len(f.Buckets) > 0 {
		step = bucketWord(f.Period)
	}
	g := newGrid(2, true)
	for _, b := range f.Buckets {
		g.row(b.Label)
	}
	for _, v := range f.Volume {
		if v.Bucket >= 0 && v.Bucket < len(f.Buckets) {
			g.add(f.Buckets[v.Bucket].Label, kindCol(v.Kind), v.N)
		}
	}
	rows, total := g.cells()
	return Table{ID: "per-periode", Caption: "Adviesvragen en meldingen per " + step, RowHead: capitalise(step),
		Columns: kindColumns, Rows: rows, Total: &total,
		Note: "Geteld op de datum van ontvangst."}
}

func bucketWord(p Period) string {
	switch d := p.Days(); {
	case d <= 92:
		return "maand"
	case d <= 3*366:
		return "kwartaal"
	}
	return "jaar"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func reporterTable(f *Figures) Table {
	g := newGrid(2, true)
	for _, l := range reports.ReporterKinds {
		g.row(l.NL)
	}
	const other = "Overig of onbekend"
	for _, r := range f.Reporters {
		label := reports.LabelOf(reports.ReporterKinds, r.Reporter)
		if label == string(r.Reporter) {
			label = other
		}
		g.add(label, kindCol(r.Kind), r.N)
	}
	g.drop(func(l string) bool { return l != other })
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "melders", Caption: "Adviesvragen en meldingen naar soort melder", RowHead: "Soort melder",
		Columns: append(kindColumns[:2:2], "% van de meldingen"), Rows: rows, Total: &total,
		Note: "Indeling van het CBS: niet-beroepsmatige melders (burgers) en beroepsmatige melders per sector."}
}

func violenceTable(f *Figures) Table {
	g := newGrid(2, false)
	types := violenceCodes()
	for _, l := range reports.ViolenceTypes {
		g.row(l.NL)
	}
	const none = "Geen vorm van geweld vastgelegd"
	g.row(none)
	for _, v := range f.Violence {
		col := kindCol(v.Kind)
		for i, n := range v.ByType {
			if i < len(types) {
				g.add(reports.LabelOf(reports.ViolenceTypes, types[i]), col, n)
			}
		}
		g.add(none, col, v.None)
		g.totals[col] += v.N
	}
	rows, total := g.cells()
	total.Label = "Adviesvragen en meldingen"
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "vormen-van-geweld", Caption: "Vormen van geweld", RowHead: "Vorm van geweld",
		Columns: append(kindColumns[:2:2], "% van de meldingen"), Rows: rows, Total: &total,
		Note: "Eén melding kan meer vormen van geweld hebben: de regels tellen samen op tot meer dan het aantal meldingen."}
}

func (s *Service) municipalityTable(f *Figures) Table {
	g := newGrid(2, true)
	const unknown = "Onbekend"
	for _, m := range f.Municipalities {
		label := unknown
		if m.Municipality != "" {
			label = s.cfg.MunicipalityName(m.Municipality)
		}
		g.add(label, kindCol(m.Kind), m.N)
	}
	rows, total := g.cells()
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch {
		case a.Label == unknown:
			return 1
		case b.Label == unknown:
			return -1
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return Table{ID: "gemeenten", Caption: "Adviesvragen en meldingen per gemeente", RowHead: "Gemeente",
		Columns: kindColumns, Rows: rows, Total: &total,
		Note: "De gemeente waar de betrokkenen wonen, zoals bij de melding vastgelegd. Gemeenten zonder adviesvragen of meldingen staan er niet in."}
}

func childrenTable(f *Figures) Table {
	g := newGrid(2, true)
	labels := map[reports.Tri]string{reports.Yes: "Kinderen aanwezig", reports.No: "Geen kinderen aanwezig", reports.Unknown: "Onbekend"}
	for _, t := range []reports.Tri{reports.Yes, reports.No, reports.Unknown} {
		g.row(labels[t])
	}
	for _, c := range f.Children {
		label, ok := labels[c.Children]
		if !ok {
			label = labels[reports.Unknown]
		}
		g.add(label, kindCol(c.Kind), c.N)
	}
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "kinderen", Caption: "Kinderen in het gezin", RowHead: "Kinderen",
		Columns: append(kindColumns[:2:2], "% van de meldingen"), Rows: rows, Total: &total,
		Note: "Of er kinderen in het gezin of huishouden aanwezig waren, zoals de melder het gaf."}
}

func acuteTable(f *Figures) Table {
	g := newGrid(2, true)
	g.row("Acuut")
	g.row("Niet acuut")
	for _, a := range f.Acute {
		label := "Niet acuut"
		if a.Acute {
			label = "Acuut"
		}
		g.add(label, kindCol(a.Kind), a.N)
	}
	rows, total := g.cells()
	withShare(rows, colReport, total.Cells[colReport])
	total.Cells = append(total.Cells, Percent(total.Cells[colReport], total.Cells[colReport]))
	return Table{ID: "acuut", Caption: "Acute en niet-acute adviesvragen en meldingen", RowHead: "Acuut",
		Columns: append(kindColumns[:2:2], "% van de meldingen"), Rows: rows, Total: &total,
		Note: "Acuut: bij ontvangst beoordeeld als acute onveiligheid; de crisisdienst handelt direct."}
}

// meldcodeTable: of the reports by professionals, how many went through the
// meldcode's five steps, how many skipped steps, and how many did not say.
func meldcodeTable(f *Figures) Table {
	g := newGrid(1, true)
	labels := map[MeldcodeState]string{
		MeldcodeAllSteps:    "Alle vijf stappen gezet",
		MeldcodeIncomplete:  "Niet alle stappen gezet",
		MeldcodeNotRecorded: "Niet vastgelegd",
	}
	for _, st := range []MeldcodeState{MeldcodeAllSteps, MeldcodeIncomplete, MeldcodeNotRecorded} {
		g.row(labels[st])
	}
	for _, m := range f.Meldcode {
		if l, ok := labels[m.State]; ok {
			g.add(l, 0, m.N)
		}
	}
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: "meldcode", Caption: "Meldcode bij meldingen van beroepskrachten", RowHead: "Stappen van de meldcode",
		Columns: []string{"Meldingen", "% van de meldingen"}, Rows: rows, Total: &total,
		Note: "Alleen meldingen van beroepskrachten. Het afwegingskader is sinds 2019 verplicht in stap 4 en 5."}
}

func repeatTable(f *Figures) Table {
	g := newGrid(1, true)
	const first, again = "Eerste melding over de betrokkenen", "Herhaalde melding"
	g.row(first)
	g.row(again)
	for _, r := range f.Repeats {
		label := first
		if r.Repeat {
			label = again
		}
		g.add(label, 0, r.N)
	}
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: "herhaald", Caption: "Herhaalde meldingen", RowHead: "Melding",
		Columns: []string{"Meldingen", "%"}, Rows: rows, Total: &total,
		Note: "Een herhaalde melding noemt een persoon die al in een eerdere melding voorkwam. Adviesvragen tellen niet mee."}
}

type outcome struct{ code, label string }

func decisionTable(f *Figures, id, caption string, kind authz.DecisionKind, outcomes []outcome) Table {
	g := newGrid(1, true)
	for _, o := range outcomes {
		g.row(o.label)
	}
	const other = "Overig"
	for _, d := range f.Decisions {
		if d.Kind != kind {
			continue
		}
		label := other
		for _, o := range outcomes {
			if o.code == d.Outcome {
				label = o.label
			}
		}
		g.add(label, 0, d.N)
	}
	g.drop(func(l string) bool { return l != other })
	rows, total := g.cells()
	withShare(rows, 0, total.Cells[0])
	total.Cells = append(total.Cells, Percent(total.Cells[0], total.Cells[0]))
	return Table{ID: id, Caption: caption, RowHead: "Besluit", Columns: []string{"Besluiten", "%"}, Rows: rows, Total: &total,
		Note: "Goedgekeurde besluiten (vier ogen), geteld op de datum van goedkeuring."}
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
		{Label: "Adviesvragen", Cells: []Cell{volume.Total.Cells[colAdvice]}},
		{Label: "Meldingen", Cells: []Cell{reportsTotal}},
		{Label: "Acute meldingen (% van de meldingen)", Cells: []Cell{Percent(acute.Rows[0].Cells[colReport], reportsTotal)}},
		{Label: "Herhaalde meldingen (% van de meldingen)", Cells: []Cell{Percent(repeats.Rows[1].Cells[0], repeats.Total.Cells[0])}},
		{Label: fmt.Sprintf("Veiligheidsbeoordeling binnen %d werkdagen (%% van de niet-acute dossiers met verstreken termijn)", deadlineDays),
			Cells: []Cell{Percent(deadline.Rows[0].Cells[0], passed)}},
		{Label: "Mediane doorlooptijd tot de veiligheidsbeoordeling, niet acuut (werkdagen)", Cells: []Cell{Days(med, n)}},
	}
	return Table{ID: "kerncijfers", Caption: "Kerncijfers", RowHead: "Kerncijfer", Columns: []string{"Waarde"}, Rows: rows}
}
