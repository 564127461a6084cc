package stats

// Table is one table of figures, as the page and the export show it. The
// cells have the suppression rule applied.
//
// The service gives codes, not words: the web words a table from its
// catalogue (stats.table.<ID>.caption, .note and .head, stats.col.<code>,
// stats.row.<code>) before it shows or exports it. Caption, Note, RowHead
// and Columns are empty until then.
type Table struct {
	// ID is stable: the anchor on the page and the "tabel" column of the
	// export.
	ID      string
	Caption string
	// Note explains what is counted, shown under the table.
	Note    string
	RowHead string   // header of the column of row labels
	Columns []string // headers of the columns of figures
	// ColumnCodes name the columns of figures.
	ColumnCodes []string
	// Vars are the values the table's words hold: "days" (the safety
	// assessment's term), "step" (month, quarter or year of a row).
	Vars map[string]string
	Rows []Row
	// Total is the row of totals, nil when the rows add up to nothing
	// meaningful.
	Total *Row
}

// Row is one line of a table: a row of the catalogue (Code, worded by
// the web) or of data (Label: a period, a municipality, a code list's
// recorded words).
type Row struct {
	Code  string
	Label string
	Cells []Cell
}

// key names a row of a grid: by its code, or by its data label.
type key struct{ code, label string }

func code(c string) key  { return key{code: c} }
func label(l string) key { return key{label: l} }

// grid is a table of counts under construction: rows of labelled counts
// in the same columns, with the column totals.
type grid struct {
	labels []key
	counts [][]int64
	totals []int64
	// additive: each column's counts add up to its total, so the secondary
	// suppression rule applies. A report with several kinds of violence
	// counts in several rows; that table is not additive.
	additive bool
}

func newGrid(cols int, additive bool) *grid {
	return &grid{totals: make([]int64, cols), additive: additive}
}

// row returns the counts of the row named label, adding it when new.
func (g *grid) row(label key) []int64 {
	for i, l := range g.labels {
		if l == label {
			return g.counts[i]
		}
	}
	g.labels = append(g.labels, label)
	g.counts = append(g.counts, make([]int64, len(g.totals)))
	return g.counts[len(g.counts)-1]
}

// add counts n in row label, column col, and in the column's total.
func (g *grid) add(label key, col int, n int64) {
	g.row(label)[col] += n
	if g.additive {
		g.totals[col] += n
	}
}

// drop removes rows whose counts are all zero, except those in keep.
func (g *grid) drop(keep func(label key) bool) {
	labels, counts := g.labels[:0], g.counts[:0]
	for i, l := range g.labels {
		zero := true
		for _, n := range g.counts[i] {
			zero = zero && n == 0
		}
		if !zero || keep(l) {
			labels = append(labels, l)
			counts = append(counts, g.counts[i])
		}
	}
	g.labels, g.counts = labels, counts
}

// cells returns the rows and the total row with the suppression rule
// applied: small counts hidden, and in an additive column the count that
// would give a single hidden one away hidden too.
func (g *grid) cells() ([]Row, Row) {
	rows := make([]Row, len(g.labels))
	for i, l := range g.labels {
		rows[i] = Row{Code: l.code, Label: l.label, Cells: make([]Cell, len(g.totals))}
		for j, n := range g.counts[i] {
			rows[i].Cells[j] = Count(n)
		}
	}
	total := Row{Code: "total", Cells: make([]Cell, len(g.totals))}
	for j, n := range g.totals {
		total.Cells[j] = Count(n)
		if !g.additive {
			continue
		}
		line := make([]*Cell, len(rows))
		for i := range rows {
			line[i] = &rows[i].Cells[j]
		}
		protectLine(line)
	}
	return rows, total
}

// withShare appends to each row the share of the count in column col of
// den, the cell it is a share of.
func withShare(rows []Row, col int, den Cell) {
	for i := range rows {
		rows[i].Cells = append(rows[i].Cells, Percent(rows[i].Cells[col], den))
	}
}
