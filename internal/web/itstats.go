package web

import (
	"fmt"
	"net/http"
	"strconv"

	"toren/internal/access"
	"toren/internal/itteam"
	"toren/internal/stats"
	"toren/internal/toren"
)

// The Interventieteam's year as the page and the CSV export show it:
// tables 1-5 and graphs 1-6 of the evaluation, every count through the
// statistics' suppression rule (stats.Count: 1 to 4 shown as "<5", with
// the secondary rule on each additive column), the graphs as SVG bar
// charts beside the same figures in a table.

// itFigure is one table, with the bar chart of its first column when it
// is a graph.
type itFigure struct {
	stats.Table
	Chart *barChart
}

// barChart is a horizontal bar chart: one bar per row, its label left and
// its figure right, so that it reads without colour; a hidden figure
// gets no bar (its length would give the count away).
type barChart struct {
	ID            string
	Title         string
	Width, Height int
	Bars          []bar
}

type bar struct {
	Y, W  int
	Label string
	Value string
}

const (
	barLabelW, barPlotW, barH, barGap = 220, 300, 18, 8
)

func newBarChart(id, title string, rows []stats.Row, counts []int) *barChart {
	ch := &barChart{ID: id, Title: title, Width: barLabelW + barPlotW + 60}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	for i, r := range rows {
		b := bar{Y: i * (barH + barGap), Label: r.Label, Value: r.Cells[0].String()}
		if !r.Cells[0].Suppressed() && top > 0 {
			b.W = counts[i] * barPlotW / top
		}
		ch.Bars = append(ch.Bars, b)
	}
	ch.Height = len(rows)*(barH+barGap) + barGap
	return ch
}

// countRows turns counts into rows of count and percentage of den (the
// percentages of the domain rounded as the evaluation prints them are
// not used: stats.Percent hides a share of a small count), with the
// secondary rule over the column when additive.
func countRows(cs []itteam.Count, den int, additive bool) ([]stats.Row, []int) {
	rows := make([]stats.Row, len(cs))
	counts := make([]int, len(cs))
	total := stats.Count(int64(den))
	for i, c := range cs {
		rows[i] = stats.Row{Label: c.Label, Cells: []stats.Cell{stats.Count(int64(c.N))}}
		counts[i] = c.N
	}
	if additive {
		line := make([]*stats.Cell, len(rows))
		for i := range rows {
			line[i] = &rows[i].Cells[0]
		}
		stats.ProtectLine(line)
	}
	for i := range rows {
		rows[i].Cells = append(rows[i].Cells, stats.Percent(rows[i].Cells[0], total))
	}
	return rows, counts
}

func totalRow(n int) *stats.Row {
	c := stats.Count(int64(n))
	return &stats.Row{Label: msg("itstats.total"), Cells: []stats.Cell{c, stats.Percent(c, c)}}
}

// meanRows are the rows of table 4 or 5, each question worded by the
// catalogue's list (wordsMeetingItem, wordsClientItem) from its code.
func meanRows(list string, ms []itteam.Mean) []stats.Row {
	rows := make([]stats.Row, len(ms))
	for i, m := range ms {
		rows[i] = stats.Row{Label: codeWord(list, m.Code), Cells: []stats.Cell{stats.Days(m.Mean, int64(m.N)), stats.Count(int64(m.N))}}
	}
	return rows
}

// The catalogue lists that word the Interventieteam's evaluation
// questions and problem areas (itteam.MeetingItems, ClientItems,
// ProblemAreas): the key of a code is list + "." + code.
const (
	wordsMeetingItem = "it.meeting-item"
	wordsClientItem  = "it.client-item"
	wordsProblemArea = "it.problem-area"
)

// itFigures lays the year's figures out as the evaluation does.
func itFigures(st *itteam.YearStats, municipality func(string) string) []itFigure {
	y, prev := strconv.Itoa(st.Year), strconv.Itoa(st.Year-1)
	asOf := st.AsOf.Dutch()
	count := []string{msg("itstats.count"), msg("itstats.percentage")}
	mentions := []string{msg("itstats.count"), msg("itstats.percentage.mentions")}
	var out []itFigure
	status := func(id, caption string, t itteam.StatusTable, note string) {
		rows, _ := countRows(t.Rows, t.Total, true)
		out = append(out, itFigure{Table: stats.Table{ID: id, Caption: caption, RowHead: msgVars("itstats.status-on", "date", asOf), Columns: count,
			Rows: rows, Total: totalRow(t.Total), Note: note}})
	}
	status("tabel-1", msgVars("itstats.table-1", "year", y), st.New, "")
	status("tabel-2", msgVars("itstats.table-2", "year", y, "previous", prev), st.Continuing,
		msgVars("itstats.table-2.note", "year", y, "previous", prev, "n", stats.Count(int64(st.EndedBefore)).String()))

	rows, _ := countRows(st.Providers.Rows, st.Providers.Total, true)
	out = append(out, itFigure{Table: stats.Table{ID: "tabel-3", Caption: msgVars("itstats.table-3", "year", y),
		RowHead: msg("itstats.organisation"), Columns: mentions, Rows: rows, Total: totalRow(st.Providers.Total),
		Note: msgVars("itstats.table-3.note", "n", stats.Count(int64(st.Providers.CasesFilled)).String(), "cases", stats.Count(int64(st.Providers.CasesTotal)).String())}})
	means := []string{msg("itstats.mean"), msg("itstats.answers")}
	out = append(out, itFigure{Table: stats.Table{ID: "tabel-4", Caption: msgVars("itstats.table-4", "year", y),
		RowHead: msg("itstats.question"), Columns: means, Rows: meanRows(wordsMeetingItem, st.Meetings.Rows),
		Note: msgVars("itstats.table-4.note", "n", stats.Count(int64(st.Meetings.Evaluated)).String())}})
	out = append(out, itFigure{Table: stats.Table{ID: "tabel-5", Caption: msgVars("itstats.table-5", "year", y),
		RowHead: msg("itstats.question"), Columns: means, Rows: meanRows(wordsClientItem, st.Clients.Rows),
		Note: msgVars("itstats.table-5.note", "n", stats.Count(int64(st.Clients.Evaluated)).String())}})
	d := st.Intensive
	n := int64(d.N)
	out = append(out, itFigure{Table: stats.Table{ID: "duur", Caption: msgVars("itstats.duration", "year", y, "date", asOf),
		RowHead: msg("itstats.duration.days"), Columns: []string{msg("itstats.duration.value")}, Rows: []stats.Row{
			{Label: msg("itstats.duration.n"), Cells: []stats.Cell{stats.Count(n)}},
			{Label: msg("itstats.duration.mean"), Cells: []stats.Cell{stats.Days(float64(d.Mean), n)}},
			{Label: msg("itstats.duration.min"), Cells: []stats.Cell{stats.Days(float64(d.Min), n)}},
			{Label: msg("itstats.duration.max"), Cells: []stats.Cell{stats.Days(float64(d.Max), n)}}}}})

	// graph lays out a graph whose rows label names: the municipality by
	// its code (the row's label), the others by the row's code from the
	// catalogue.
	graph := func(id, caption, head string, dist itteam.Distribution, label func(itteam.Count) string) {
		cs := append([]itteam.Count{}, dist.Rows...)
		for i := range cs {
			cs[i].Label = label(cs[i])
		}
		rows, counts := countRows(cs, dist.Mentions, true)
		note := msgVars("itstats.graph.missing", "n", stats.Count(int64(dist.Missing)).String(), "cases", stats.Count(int64(dist.Cases)).String(),
			"percent", stats.Percent(stats.Count(int64(dist.Missing)), stats.Count(int64(dist.Cases))).String())
		out = append(out, itFigure{Table: stats.Table{ID: id, Caption: caption, RowHead: head,
			Columns: mentions, Rows: rows, Total: totalRow(dist.Mentions), Note: note},
			Chart: newBarChart(id+"-grafiek", caption, rows, counts)})
	}
	byCode := func(list string) func(itteam.Count) string {
		return func(c itteam.Count) string { return codeWord(list, c.Code) }
	}
	graph("grafiek-1", msgVars("itstats.graph-1", "year", y), msg("itstats.graph-1.head"), st.Graphs.Municipality,
		func(c itteam.Count) string { return municipality(c.Label) })
	out = append(out, sexFigure(st.Sexes, y), childrenFigure(st.Children, y))
	graph("grafiek-2", msgVars("itstats.graph-2", "year", y), msg("itstats.graph-2.head"), st.Graphs.ViolenceType, byCode(wordsViolence))
	graph("grafiek-3", msgVars("itstats.graph-3", "year", y), msg("itstats.graph-3.head"), st.Graphs.Natures, byCode(wordsNature))
	graph("grafiek-4", msgVars("itstats.graph-4", "year", y), msg("itstats.graph-4.head"), st.Graphs.ProblemAreas, byCode(wordsProblemArea))
	colours := func(id, caption string, cs []itteam.Count) {
		total := 0
		for _, c := range cs {
			total += c.N
		}
		rows, counts := countRows(cs, total, true)
		out = append(out, itFigure{Table: stats.Table{ID: id, Caption: caption, RowHead: msg("itstats.colour"), Columns: count, Rows: rows, Total: totalRow(total)},
			Chart: newBarChart(id+"-grafiek", caption, rows, counts)})
	}
	colours("grafiek-5", msgVars("itstats.graph-5", "year", y), st.ColourStart)
	colours("grafiek-6", msgVars("itstats.graph-6", "year", y), st.ColourEnd)
	out = append(out, itFigure{Table: stats.Table{ID: "ccb", Caption: msg("itstats.ccb"), RowHead: msg("itstats.ccb.year"), Columns: []string{msg("itstats.count")},
		Rows: []stats.Row{{Label: y, Cells: []stats.Cell{stats.Count(int64(st.CCB))}}, {Label: prev, Cells: []stats.Cell{stats.Count(int64(st.CCBBefore))}}}}})
	out = append(out, itFigure{Table: stats.Table{ID: "mic", Caption: msg("itstats.mic"), RowHead: msg("itstats.mic.year"), Columns: []string{msg("itstats.count")},
		Rows: []stats.Row{{Label: y, Cells: []stats.Cell{stats.Count(int64(st.MIC))}}, {Label: prev, Cells: []stats.Cell{stats.Count(int64(st.MICBefore))}}}}})
	return out
}

// sexFigure is the evaluation's "verdeling mannen/vrouwen": per sex the
// cases naming a perpetrator and a victim of it, and the cases left open,
// each column suppressed as one (with one sex per case it adds up to the
// cohort, which the note gives), percentages of the cases.
func sexFigure(sx itteam.Sexes, year string) itFigure {
	side := func(d itteam.SexDistribution) []stats.Row {
		cs := append(append([]itteam.Count{}, d.Rows...), itteam.Count{Label: msg("itstats.sexes.missing"), N: d.Missing})
		rows, _ := countRows(cs, d.Cases, true)
		return rows
	}
	p, v := side(sx.Perpetrators), side(sx.Victims)
	rows := make([]stats.Row, len(p))
	for i := range p {
		rows[i] = stats.Row{Label: p[i].Label, Cells: append(append([]stats.Cell{}, p[i].Cells...), v[i].Cells...)}
	}
	return itFigure{Table: stats.Table{ID: "geslacht", Caption: msgVars("itstats.sexes", "year", year), RowHead: msg("itstats.sexes.head"),
		Columns: []string{msg("itstats.sexes.perpetrators.count"), msg("itstats.sexes.perpetrators.percentage"),
			msg("itstats.sexes.victims.count"), msg("itstats.sexes.victims.percentage")},
		Rows: rows, Note: msgVars("itstats.sexes.note", "cases", stats.Count(int64(sx.Perpetrators.Cases)).String())}}
}

// childrenFigure is the evaluation's "betrokkenheid kinderen": the cases
// with children present in the family situation, without, and left open,
// one column suppressed as one (the rows add up to the cohort, the total),
// percentages of the cases.
func childrenFigure(ch itteam.CaseShares, year string) itFigure {
	cs := make([]itteam.Count, 0, len(ch.Rows)+1)
	for _, c := range ch.Rows {
		c.Label = msg("itstats.children." + c.Code)
		cs = append(cs, c)
	}
	cs = append(cs, itteam.Count{Label: msg("itstats.children.missing"), N: ch.Missing})
	rows, _ := countRows(cs, ch.Cases, true)
	return itFigure{Table: stats.Table{ID: "kinderen", Caption: msgVars("itstats.children", "year", year), RowHead: msg("itstats.children.head"),
		Columns: []string{msg("itstats.count"), msg("itstats.children.percentage")}, Rows: rows, Total: totalRow(ch.Cases)}}
}

// itStatsCSV exports the year's figures as the page shows them.
func (w *Web) itStatsCSV(rw http.ResponseWriter, r *http.Request) {
	p, _ := access.FromContext(r.Context())
	year, err := strconv.Atoi(r.URL.Query().Get("jaar"))
	if err != nil {
		year = 0
	}
	asOf, derr := toren.ParseDate(r.URL.Query().Get("peildatum"))
	if r.URL.Query().Get("peildatum") == "" {
		asOf, derr = toren.NewDate(year, 12, 31), nil
	}
	if derr != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "peildatum: not a date"))
		return
	}
	st, err := w.cfg.ITTeam.Statistics(r.Context(), p.Actor, year, asOf)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	rep := &stats.Report{Period: stats.Period{From: toren.NewDate(year, 1, 1), To: asOf}}
	for _, f := range itFigures(&st, w.municipalityName) {
		rep.Tables = append(rep.Tables, f.Table)
	}
	p.Note(fmt.Sprintf("it statistics %d as of %s: csv", year, asOf))
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="interventieteam-%d-peildatum-%s.csv"`, year, asOf))
	if _, err := stats.WriteCSV(rw, rep); err != nil {
		w.cfg.Logger.ErrorContext(r.Context(), "it statistics: write csv", "err", err)
	}
}
