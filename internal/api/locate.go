package api

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"toren/internal/toren"
)

// encoding/json stops at the first unknown field without saying where it
// is, and names a mistyped field without its array index ("persons.age").
// locateProblems walks a syntactically valid body next to the Go type it
// should decode into and names every problem with its full path, such as
// "persons[1].age", the way the validator names fields.

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	dateType        = reflect.TypeFor[toren.Date]()
)

type locator struct {
	dec  *json.Decoder
	errs []toren.FieldError
}

// locateProblems returns the unknown fields and mistyped values in body
// for type t, in document order.
func locateProblems(body []byte, t reflect.Type) []toren.FieldError {
	l := &locator{dec: json.NewDecoder(bytes.NewReader(body))}
	l.dec.UseNumber()
	// A syntax error ends the walk; what was found before it still counts.
	_ = l.value("", t)
	return l.errs
}

func (l *locator) add(path, rule, msg string) {
	if path == "" {
		path = "body"
	}
	l.errs = append(l.errs, toren.FieldError{Field: path, Rule: rule, Message: msg})
}

func (l *locator) typeError(path string, t reflect.Type) {
	name := path
	if name == "" {
		name = "the body"
	}
	l.add(path, "type", name+" must be "+describe(t))
}

func (l *locator) value(path string, t reflect.Type) error {
	tok, err := l.dec.Token()
	if err != nil {
		return err
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		if t.Kind() != reflect.Struct || decodesItself(t) {
			l.typeError(path, t)
			return l.skip()
		}
		for l.dec.More() {
			kt, err := l.dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			name, ft, ok := jsonField(t, key)
			if !ok {
				l.add(join(path, key), "unknown_field", fmt.Sprintf("unknown field %q", key))
				if err := l.skipValue(); err != nil {
					return err
				}
				continue
			}
			if err := l.value(join(path, name), ft); err != nil {
				return err
			}
		}
		_, err := l.dec.Token() // the closing brace
		return err
	case json.Delim('['):
		if (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) || decodesItself(t) {
			l.typeError(path, t)
			return l.skip()
		}
		for i := 0; l.dec.More(); i++ {
			if err := l.value(fmt.Sprintf("%s[%d]", path, i), t.Elem()); err != nil {
				return err
			}
		}
		_, err := l.dec.Token() // the closing bracket
		return err
	}
	// A scalar: decode it alone into the Go type, exactly as encoding/json
	// would have, so both agree on what is acceptable.
	raw, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		var te *json.UnmarshalTypeError
		if _, isString := tok.(string); isString && decodesItself(t) && !errors.As(err, &te) {
			l.add(path, "format", path+" must be "+describe(t))
		} else {
			l.typeError(path, t)
		}
	}
	return nil
}

// skipValue skips the next value, whatever it is.
func (l *locator) skipValue() error {
	tok, err := l.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return l.skip()
	}
	return nil
}

// skip skips to the end of the object or array just opened.
func (l *locator) skip() error {
	for depth := 1; depth > 0; {
		tok, err := l.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decodesItself reports whether t has its own JSON or text decoding.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// jsonField finds the struct field key decodes into, matching names the
// way encoding/json does: exactly, else without regard to case.
func jsonField(t reflect.Type, key string) (name string, ft reflect.Type, ok bool) {
	var folded reflect.StructField
	foldedName, found := "", false
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if n == "-" {
			continue
		}
		if n == "" {
			n = f.Name
		}
		if n == key {
			return n, f.Type, true
		}
		if !found && strings.EqualFold(n, key) {
			folded, foldedName, found = f, n, true
		}
	}
	if found {
		return foldedName, folded.Type, true
	}
	return "", nil, false
}

// describe says in words what JSON a Go type takes.
func describe(t reflect.Type) string {
	switch t {
	case timeType:
		return "a date-time in RFC 3339 form, such as 2026-03-02T09:30:00+01:00"
	case dateType:
		return "a date of the form YYYY-MM-DD"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}
