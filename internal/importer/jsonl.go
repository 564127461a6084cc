package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// MaxJSONLine is the longest JSON line read: far above the largest valid
// report (a description of 20,000 characters and 50 persons), low enough
// that one runaway line cannot exhaust memory.
const MaxJSONLine = 1 << 20

// wireReport is a report as a JSON line holds it. The shadow fields hide
// the fields Toren assigns itself (encoding/json prefers the shallower of
// two fields with one name), so the writer leaves them out and the reader
// notices when a line sets them: an import may not choose a report's
// number or link a person to a registry person.
type wireReport struct {
	reports.Report
	ID           json.RawMessage `json:"id,omitempty"`
	Number       json.RawMessage `json:"number,omitempty"`
	RegisteredAt json.RawMessage `json:"registered_at,omitempty"`
	RegisteredBy json.RawMessage `json:"registered_by,omitempty"`
	Version      json.RawMessage `json:"version,omitempty"`
	Persons      []wireMention   `json:"persons"`
}

type wireMention struct {
	reports.Mention
	ID       json.RawMessage `json:"id,omitempty"`
	PersonID json.RawMessage `json:"person_id,omitempty"`
}

// parseJSONLine reads one JSON line (not blank) into a police report.
func parseJSONLine(line []byte) (*reports.Report, []toren.FieldError) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return nil, []toren.FieldError{{Rule: "json", Message: "a line must hold one JSON object"}}
	}
	var w wireReport
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, []toren.FieldError{jsonProblem(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, []toren.FieldError{{Rule: "json", Message: "a line must hold one JSON object and nothing after it"}}
	}
	var p toren.Problems
	assigned := func(field string, v json.RawMessage) {
		if v != nil && string(v) != "null" {
			p.Add(field, "assigned_by_toren", field+" is assigned by Toren and may not be given in an import")
		}
	}
	assigned("id", w.ID)
	assigned("number", w.Number)
	assigned("registered_at", w.RegisteredAt)
	assigned("registered_by", w.RegisteredBy)
	assigned("version", w.Version)
	r := &w.Report
	r.Persons = nil
	if w.Persons != nil {
		r.Persons = make([]reports.Mention, len(w.Persons))
	}
	for i := range w.Persons {
		at := fmt.Sprintf("persons[%d].", i)
		assigned(at+"id", w.Persons[i].ID)
		assigned(at+"person_id", w.Persons[i].PersonID)
		r.Persons[i] = w.Persons[i].Mention
	}
	if problems := asPoliceReport(r, toren.FieldErrors(p.Err())); problems != nil {
		return nil, problems
	}
	return r, nil
}

// jsonProblem turns a decoding error into a field error, naming the field
// where encoding/json tells it.
func jsonProblem(err error) toren.FieldError {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return toren.FieldError{Rule: "json", Message: fmt.Sprintf("malformed JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return toren.FieldError{Rule: "json", Message: "malformed JSON: the object is not closed"}
	case errors.As(err, &typ):
		field := jsonPath(typ.Field)
		return toren.FieldError{Field: field, Rule: "type", Message: fmt.Sprintf("%s must be a JSON %s, not %s", field, jsonType(typ.Type.Kind().String()), typ.Value)}
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return toren.FieldError{Field: strings.Trim(name, `"`), Rule: "unknown_field", Message: "unknown field; see docs/import.md for the fields of a report"}
	}
	return toren.FieldError{Rule: "json", Message: strings.TrimPrefix(msg, "json: ")}
}

// jsonPath drops the names of the embedded Go structs encoding/json puts
// in a field path ("Report.persons.Mention.age" is "persons.age").
func jsonPath(p string) string {
	parts := strings.Split(p, ".")
	out := parts[:0]
	for _, s := range parts {
		if s != "Report" && s != "Mention" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ".")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	case "float32", "float64":
		return "number"
	}
	return "whole number"
}

// jsonlSource reads rows from a JSON Lines file, one report per line.
type jsonlSource struct {
	br      *bufio.Reader
	line    int
	buf     []byte
	started bool
}

func newJSONLSource(in io.Reader) *jsonlSource {
	return &jsonlSource{br: bufio.NewReaderSize(in, 64<<10)}
}

func (s *jsonlSource) next() (row, error) {
	if !s.started {
		s.started = true
		if err := skipBOM(s.br); err != nil {
			return row{}, err
		}
	}
	for {
		line, tooLong, err := s.readLine()
		if err != nil {
			return row{}, err
		}
		if tooLong {
			return row{line: s.line, problems: []toren.FieldError{{Rule: "max_length",
				Message: fmt.Sprintf("line is longer than %d bytes", MaxJSONLine)}}}, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue // blank lines, such as a final newline, are no rows
		}
		r, problems := parseJSONLine(line)
		return row{line: s.line, report: r, problems: problems}, nil
	}
}

// readLine returns the next line without its line ending. A line longer
// than MaxJSONLine is skipped to its end and reported as too long. The
// returned slice is valid until the next call.
func (s *jsonlSource) readLine() (line []byte, tooLong bool, err error) {
	s.buf = s.buf[:0]
	for {
		chunk, err := s.br.ReadSlice('\n')
		if !tooLong {
			if len(s.buf)+len(chunk) > MaxJSONLine+2 { // room for "\r\n"
				tooLong = true
				s.buf = s.buf[:0]
			} else {
				s.buf = append(s.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			s.line++
			return bytes.TrimRight(s.buf, "\r\n"), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(s.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			s.line++ // a last line without a newline
			return bytes.TrimRight(s.buf, "\r\n"), tooLong, nil
		default:
			return nil, false, fmt.Errorf("line %d: read: %w", s.line+1, err)
		}
	}
}
