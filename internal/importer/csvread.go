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
	"unicode/utf8"

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
func parseHeader(names []string, comma rune) (*csvLayout, error) {
	if err := diagnoseHeader(names, comma); err != nil {
		return nil, err
	}
	l := &csvLayout{width: len(names)}
	seen := make(map[string]bool, len(names))
	for i, raw := range names {
		name := strings.ToLower(strings.TrimSpace(raw))
		if name == "" {
			return nil, fmt.Errorf("line 1: column %d has no name", i+1)
		}
		if seen[name] {
			return nil, fmt.Errorf("line 1: column %q appears twice", shorten(name))
		}
		seen[name] = true
		if c := findColumn(reportColumns, name); c != nil {
			l.report = append(l.report, csvReportField{i, c})
			continue
		}
		g, rest, ok := splitPersonColumn(name)
		if !ok {
			return nil, fmt.Errorf("line 1: unknown column %q", shorten(name))
		}
		if g >= MaxCSVPersons {
			return nil, fmt.Errorf("line 1: unknown column %q: a row names at most %d persons (person1_ to person%d_)", shorten(name), MaxCSVPersons, MaxCSVPersons)
		}
		c := findColumn(personColumns, rest)
		if c == nil {
			return nil, fmt.Errorf("line 1: unknown column %q", shorten(name))
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
	p.Add(field, ve.rule, name+" "+ve.msg)
}

// Limits on what one CSV record may take. encoding/csv keeps reading until
// a record ends, so an unterminated quote or a file without line breaks
// would otherwise be read into memory whole. A data record may hold a
// description of 20,000 characters and six persons: 1 MiB is far more than
// any genuine row (the same limit as a JSON Lines line). A header names at
// most a few hundred columns.
const (
	maxCSVRecord = 1 << 20
	maxCSVHeader = 64 << 10
)

// csvSource reads rows from a CSV file with a header row.
type csvSource struct {
	r      *csv.Reader
	limit  *recordLimit
	layout *csvLayout
	// nextLine is the line after the last record read, where the next one
	// starts unless blank lines follow.
	nextLine int
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
	limit := &recordLimit{r: br, max: maxCSVHeader}
	cr := csv.NewReader(limit)
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if limit.hit {
		return nil, fmt.Errorf("line 1: the header row is longer than %d KiB; is this a CSV file with a header row?", maxCSVHeader>>10)
	}
	if errors.Is(err, io.EOF) {
		return nil, errors.New("line 1: the file is empty; a CSV import starts with a header row")
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line 1: read header: %w", pe.Err)
		}
		return nil, fmt.Errorf("line 1: read header: %w", err)
	}
	layout, err := parseHeader(header, comma)
	if err != nil {
		return nil, err
	}
	// Every row must have as many fields as the header; encoding/csv
	// reports the ones that do not.
	cr.FieldsPerRecord = len(header)
	limit.next(cr.InputOffset(), maxCSVRecord)
	return &csvSource{r: cr, limit: limit, layout: layout, nextLine: 2}, nil
}

func (s *csvSource) next() (row, error) {
	rec, err := s.r.Read()
	if s.limit.hit {
		// The reader was cut off: the record is not whole, and where the
		// next one would start is unknown. Stop, naming where it began.
		start := s.nextLine
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			start = pe.StartLine
		} else if err == nil {
			start, _ = s.r.FieldPos(0)
		}
		return row{}, fmt.Errorf("line %d: the record starting here is longer than %d MiB (an opening quote without its closing quote?); stopped here: the rows before line %d were read, nothing after it",
			start, maxCSVRecord>>20, start)
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return row{}, err // io.EOF or a read error
		}
		s.nextLine = pe.Line + 1
		s.limit.next(s.r.InputOffset(), maxCSVRecord)
		// A row that breaks the CSV syntax is one bad row; reading goes
		// on at the next line.
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return row{line: pe.StartLine, problems: []toren.FieldError{{
				Rule:    "field_count",
				Message: fmt.Sprintf("row has %d fields, the header has %d", len(rec), s.layout.width),
			}}}, nil
		}
		if errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine {
			// An opening quote that is never closed takes every line after
			// it into one field; say so, or the rows seem to vanish.
			return row{line: pe.StartLine, problems: []toren.FieldError{{Rule: "csv_quote",
				Message: fmt.Sprintf("a quoted field opened on this line is not closed where it should be; lines %d to %d were read as one field and are not imported", pe.StartLine, pe.Line)}}}, nil
		}
		return row{line: pe.StartLine, problems: []toren.FieldError{{Rule: "csv", Message: "CSV syntax: " + pe.Err.Error()}}}, nil
	}
	s.limit.next(s.r.InputOffset(), maxCSVRecord)
	line, _ := s.r.FieldPos(0)
	s.nextLine = line + 1
	for _, f := range rec {
		s.nextLine += strings.Count(f, "\n")
	}
	r, column, problems := s.layout.parseRecord(rec)
	return row{line: line, report: r, problems: problems, personColumn: column}, nil
}

// recordLimit passes the input to encoding/csv and cuts it off (io.EOF)
// once the record being read has taken more than max bytes, so a broken
// file costs bounded memory. The csv reader reads ahead, so the count runs
// from the end of the last whole record (its InputOffset), not from the
// last read.
type recordLimit struct {
	r    io.Reader
	read int64 // bytes passed on so far
	from int64 // input offset where the current record starts
	max  int64
	hit  bool
}

func (l *recordLimit) Read(p []byte) (int, error) {
	room := l.from + l.max + 1 - l.read
	if room <= 0 {
		l.hit = true
		return 0, io.EOF
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// next starts the count for the record after the input offset end.
func (l *recordLimit) next(end, max int64) {
	l.from, l.max = end, max
}

// diagnoseHeader explains a header that cannot be right because the file
// is not what its name says: UTF-16 (NUL bytes between the letters), or
// another separator (a single column).
func diagnoseHeader(names []string, comma rune) error {
	if strings.IndexByte(strings.Join(names, ""), 0) >= 0 {
		return errors.New("line 1: the header contains NUL bytes: the file looks like UTF-16; save it as UTF-8, or run again with --encoding utf-16")
	}
	if len(names) != 1 {
		return nil
	}
	h := names[0]
	switch {
	case strings.Contains(h, "\t"):
		return fmt.Errorf("line 1: the header is one column with tabs in it: the file looks tab-separated; Toren reads CSV separated by commas or semicolons (found %q)", string(comma))
	case strings.Contains(h, "|"):
		return errors.New("line 1: the header is one column with | in it: Toren reads CSV separated by commas or semicolons")
	}
	return nil
}

// shorten keeps a column name short enough for an error message: a header
// of megabytes must not be printed back whole.
func shorten(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes)", len(s))
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
