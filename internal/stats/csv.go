package stats

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// CSVHeader is the first line of the export.
var CSVHeader = []string{"van", "tot", "tabel", "rij", "kolom", "waarde"}

// WriteCSV writes the report in long form, one figure per line, with the
// period on each line so that exports of several periods can be stacked.
// The separator is ";" and the decimal sign ",", as Dutch spreadsheets
// expect; a byte order mark tells them it is UTF-8. Cells are written
// exactly as the page shows them, so the export carries no figure the
// page hides.
func WriteCSV(w io.Writer, rep *Report) (lines int, err error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, fmt.Errorf("stats: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return 0, fmt.Errorf("stats: write csv: %w", err)
	}
	from, to := rep.Period.From.String(), rep.Period.To.String()
	for _, t := range rep.Tables {
		rows := t.Rows
		if t.Total != nil {
			rows = append(rows[:len(rows):len(rows)], *t.Total)
		}
		for _, r := range rows {
			for j, c := range r.Cells {
				col := ""
				if j < len(t.Columns) {
					col = t.Columns[j]
				}
				rec := []string{from, to, t.ID, SafeCSVText(r.Label), SafeCSVText(col), c.CSV()}
				if err := cw.Write(rec); err != nil {
					return lines, fmt.Errorf("stats: write csv: %w", err)
				}
				lines++
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return lines, fmt.Errorf("stats: write csv: %w", err)
	}
	return lines, nil
}

// SafeCSVText makes a text cell safe to open in a spreadsheet. Labels
// are one line: control characters become spaces and bytes that are not
// UTF-8 the replacement character. A cell starting with =, +, - or @ gets
// a leading apostrophe, so that a spreadsheet does not run it as a
// formula (CSV injection, OWASP). encoding/csv does the quoting.
func SafeCSVText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
