package importer

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"toren/internal/reports"
)

// The writers write police reports in the formats the importer reads, so
// that test and benchmark files can be made from generated reports and
// read back. They leave out what Toren assigns on import (ID, number,
// registration time, person links; the channel is always import) and
// refuse what the format cannot carry, rather than lose it.

// CSVWriter writes reports as CSV rows under the header CSVHeader.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	rec    []string
}

// NewCSVWriter returns a writer to w; call Flush when done.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one report (and the header before the first).
func (cw *CSVWriter) Write(r *reports.Report) error {
	if err := checkWritable(r); err != nil {
		return err
	}
	if r.Reporter.Relation != "" {
		return fmt.Errorf("write CSV: report %q: the CSV format has no column for reporter.relation", r.ExternalRef)
	}
	if len(r.Persons) > MaxCSVPersons {
		return fmt.Errorf("write CSV: report %q names %d persons; a CSV row holds at most %d", r.ExternalRef, len(r.Persons), MaxCSVPersons)
	}
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(CSVHeader()); err != nil {
			return fmt.Errorf("write CSV header: %w", err)
		}
	}
	cw.rec = cw.rec[:0]
	for _, c := range reportColumns {
		cw.rec = append(cw.rec, c.get(r))
	}
	for g := range MaxCSVPersons {
		for _, c := range personColumns {
			v := ""
			if g < len(r.Persons) {
				v = c.get(&r.Persons[g])
			}
			cw.rec = append(cw.rec, v)
		}
	}
	if err := cw.w.Write(cw.rec); err != nil {
		return fmt.Errorf("write CSV: report %q: %w", r.ExternalRef, err)
	}
	return nil
}

// Flush writes buffered rows to the underlying writer. It writes the
// header if no report was written, so an empty export is still a valid file.
func (cw *CSVWriter) Flush() error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(CSVHeader()); err != nil {
			return fmt.Errorf("write CSV header: %w", err)
		}
	}
	cw.w.Flush()
	if err := cw.w.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// WriteCSV writes reports as a CSV file with a header row.
func WriteCSV(w io.Writer, rs []reports.Report) error {
	cw := NewCSVWriter(w)
	for i := range rs {
		if err := cw.Write(&rs[i]); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// JSONLWriter writes reports as JSON Lines.
type JSONLWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewJSONLWriter returns a writer to w; call Flush when done.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLWriter{bw: bw, enc: enc}
}

// Write writes one report as one line.
func (jw *JSONLWriter) Write(r *reports.Report) error {
	if err := checkWritable(r); err != nil {
		return err
	}
	w := wireReport{Report: *r}
	w.Report.Channel = reports.ChannelImport // how Toren receives it, whatever the source said
	w.Report.Persons = nil
	if r.Persons != nil {
		w.Persons = make([]wireMention, len(r.Persons))
		for i := range r.Persons {
			w.Persons[i].Mention = r.Persons[i]
		}
	}
	if err := jw.enc.Encode(&w); err != nil {
		return fmt.Errorf("write JSON line: report %q: %w", r.ExternalRef, err)
	}
	return nil
}

// Flush writes buffered lines to the underlying writer.
func (jw *JSONLWriter) Flush() error {
	if err := jw.bw.Flush(); err != nil {
		return fmt.Errorf("write JSON lines: %w", err)
	}
	return nil
}

// WriteJSONL writes reports as JSON Lines, one report per line.
func WriteJSONL(w io.Writer, rs []reports.Report) error {
	jw := NewJSONLWriter(w)
	for i := range rs {
		if err := jw.Write(&rs[i]); err != nil {
			return err
		}
	}
	return jw.Flush()
}

// checkWritable refuses reports the import would not take as police
// reports: writing them would change what they are.
func checkWritable(r *reports.Report) error {
	if r.Kind != "" && r.Kind != reports.KindReport {
		return fmt.Errorf("write: report %q is of kind %q; the police format holds reports only", r.ExternalRef, r.Kind)
	}
	if r.Reporter.Kind != "" && r.Reporter.Kind != reports.ReporterPolice {
		return fmt.Errorf("write: report %q has reporter kind %q; the police format holds police reports only", r.ExternalRef, r.Reporter.Kind)
	}
	return nil
}
