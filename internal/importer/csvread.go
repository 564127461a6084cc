package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// csvLayout is what the header row says: which column holds what.
type csvLayout struct {
	width   int
	report  []csvReportField
	persons [MaxCSVPersons][]csvPersonField // per group, the columns present
	used    [MaxCSVPersons]bool             // whether the header has any column of the group
}

type csvReportField struct {
	at  int // index in the record
	col *column[reports.Report]
}

type csvPersonField struct {
	at  int
	col *column[reports.Mention]
}

// parseHeader reads the header row. Names are matched without regard to
// case or surrounding spaces. An unknown, repeated or missing column makes
// the whole file unreadable: better to stop at line 1 than to report every
// row as bad or to drop a column the sender meant.
func parseHeader(names []string) (*csvLayout, error) {
	l := &csvLayout{width: len(names)}
	seen := make(map[string]bool, len(names))
	for i, raw := range names {
		name := strings.ToLower(strings.TrimSpace(raw))
		if name == "" {
			return nil, fmt.Errorf("line 1: column %d has no name", i+1)
		}
		if seen[name] {
			return nil, fmt.Errorf("line 1: column %q appears twice", name)
		}
		seen[name] = true
		if c := findColumn(reportColumns, name); c != nil {
			l.report = append(l.report, csvReportField{i, c})
			continue
		}
		g, rest, ok := splitPersonColumn(name)
		if !ok {
			return nil, fmt.Errorf("line 1: unknown column %q", name)
		}
		if g >= MaxCSVPersons {
			return nil, fmt.Errorf("line 1: unknown column %q: a row names at most %d persons (person1_ to person%d_)", name, MaxCSVPersons, MaxCSVPersons)
		}
		c := findColumn(personColumns, rest)
		if c == nil {
			return nil, fmt.Errorf("line 1: unknown column %q", name)
		}
		l.persons[g] = append(l.persons[g], csvPersonField{i, c})
		l.used[g] = true
	}
	for _, name := range requiredColumns {
		if !seen[name] {
			return nil, fmt.Errorf("line 1: required column %q is missing", name)
		}
	}
	return l, nil
}

func findColumn[T any](cols []column[T], name string) *column[T] {
	for i := range cols {
		if cols[i].name == name {
			return &cols[i]
		}
	}
	return nil
}

// splitPersonColumn splits "person3_surname" into group 2 and "surname".
func splitPersonColumn(name string) (group int, rest string, ok bool) {
	s, ok := strings.CutPrefix(name, "person")
	if !ok {
		return 0, "", false
	}
	num, rest, ok := strings.Cut(s, "_")
	if !ok || num == "" || num[0] == '0' || len(num) > 3 {
		return 0, "", false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		return 0, "", false
	}
	return n - 1, rest, true
}

// parseRecord turns one data record into a report. It reads every value
// and collects every problem, so a row needs one round of fixes, not one
// per problem. Person groups whose columns are all empty are left out.
func (l *csvLayout) parseRecord(rec []string) (*reports.Report, []int, []toren.FieldError) {
	var p toren.Problems
	r := &reports.Report{}
	for _, f := range l.report {
		if err := f.col.set(r, rec[f.at]); err != nil {
			addValueProblem(&p, f.col.field, err)
		}
	}
	var column []int
	for g := range MaxCSVPersons {
		if l.used[g] && !l.groupEmpty(g, rec) {
			column = append(column, g)
		}
	}
	if len(column) > 0 {
		r.Persons = make([]reports.Mention, len(column))
	}
	for k, g := range column {
		m := &r.Persons[k]
		for _, f := range l.persons[g] {
			if err := f.col.set(m, rec[f.at]); err != nil {
				addValueProblem(&p, "persons["+strconv.Itoa(k)+"]."+f.col.field, err)
			}
		}
	}
	if problems := asPoliceReport(r, toren.FieldErrors(p.Err())); problems != nil {
		return nil, column, problems
	}
	return r, column, nil
}

func (l *csvLayout) groupEmpty(g int, rec []string) bool {
	for _, f := range l.persons[g] {
		if strings.TrimSpace(rec[f.at]) != "" {
			return false
		}
	}
	return true
}

func addValueProblem(p *toren.Problems, field string, err error) {
	ve := asValueError(err)
	name := field[strings.LastIndexByte(field, '.')+1:]
	p.Add(field, ve.rule, name+" "+ve.msg, ve.msgNL)
}

// csvSource reads rows from a CSV file with a header row.
type csvSource struct {
	r      *csv.Reader
	layout *csvLayout
}

func newCSVSource(in io.Reader) (*csvSource, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	if err := skipBOM(br); err != nil {
		return nil, err
	}
	comma, err := sniffComma(br)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("line 1: the file is empty; a CSV import starts with a header row")
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: read header: %w", err)
	}
	layout, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	// Every row must have as many fields as the header; encoding/csv
	// reports the ones that do not.
	cr.FieldsPerRecord = len(header)
	return &csvSource{r: cr, layout: layout}, nil
}

func (s *csvSource) next() (row, error) {
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return row{}, err // io.EOF or a read error
		}
		// A row that breaks the CSV syntax is one bad row; reading goes
		// on at the next line.
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return row{line: pe.StartLine, problems: []toren.FieldError{{
				Rule:    "field_count",
				Message: fmt.Sprintf("row has %d fields, the header has %d", len(rec), s.layout.width),
			}}}, nil
		}
		return row{line: pe.StartLine, problems: []toren.FieldError{{Rule: "csv", Message: "CSV syntax: " + pe.Err.Error()}}}, nil
	}
	line, _ := s.r.FieldPos(0)
	r, column, problems := s.layout.parseRecord(rec)
	return row{line: line, report: r, problems: problems, personColumn: column}, nil
}

// skipBOM drops the byte order mark spreadsheet programs put before UTF-8.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("read: %w", err)
	}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	return nil
}

// sniffComma picks the separator from the header line: Dutch spreadsheet
// programs save CSV with semicolons. Column names hold neither character,
// so a header with semicolons and no commas is semicolon-separated.
func sniffComma(br *bufio.Reader) (rune, error) {
	b, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, fmt.Errorf("read: %w", err)
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if bytes.IndexByte(b, ',') < 0 && bytes.IndexByte(b, ';') >= 0 {
		return ';', nil
	}
	return ',', nil
}
