package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// strictKeys reads the JSON body beside the Go type it is decoded into,
// and refuses what encoding/json lets through silently: a
// key given twice in one object (encoding/json keeps the last, so a
// client and Toren could read different values), a key that matches a
// field only when case is ignored ("Protect_Identity" would set
// protect_identity), and a field the server sets itself (readOnly: paths
// such as "id" or "persons[].person_id"). A token pass on the standard
// decoder was chosen over github.com/go-json-experiment/json (which
// rejects duplicates and matches case-sensitively by default) because
// that package is still experimental, decodes some types differently
// (nil slices, time formats, embedded Unmarshalers), and would change
// every endpoint's behaviour at once; the pass changes nothing but these
// three refusals. Syntax errors are left to the decoder, which names
// them.
func strictKeys(body []byte, t reflect.Type, readOnly map[string]bool) error {
	s := keyScan{b: body, readOnly: readOnly, known: reportFields}
	s.value(t, 0)
	if s.bad {
		return nil // the decoder reports syntax errors with their place
	}
	return s.err
}

// maxKeyDepth is encoding/json's limit on nesting; deeper is a syntax
// error to the decoder, so the scan stops there too.
const maxKeyDepth = 10000

// keyScan reads a JSON body byte by byte, checking its syntax as
// encoding/json does, and stops at the first refusal (err) or the first
// syntax error (bad). It replaced a walk over json.Decoder.Token, which
// allocated for every token (a tenth of the server's allocations per
// report); it allocates only for what it refuses, keys with escapes and
// objects of many keys. TestStrictKeysAsTokenWalk holds it to the
// token walk's answers.
type keyScan struct {
	b        []byte
	i        int
	readOnly map[string]bool
	err      error
	bad      bool
	// path is the place of the value read ("persons[2].surname"), pattern
	// the same for readOnly ("persons[].surname"); both grow and shrink
	// as the scan goes in and out.
	path, pattern []byte
	// known holds the JSON fields of the struct types of a report, read
	// once (reportFields); fields those of other struct types met
	// (collectFields).
	known, fields map[reflect.Type]map[string]reflect.Type
}

// reportFields are the JSON fields of every struct type in a report,
// read once: the scan of a report then allocates nothing for them. It is
// not changed after start-up.
var reportFields = structFields(reportType, map[reflect.Type]map[string]reflect.Type{})

// structFields adds the JSON fields of t and of every struct type within
// it to out.
func structFields(t reflect.Type, out map[reflect.Type]map[string]reflect.Type) map[reflect.Type]map[string]reflect.Type {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return structFields(t.Elem(), out)
	case reflect.Struct:
		if _, ok := out[t]; ok || implementsUnmarshaler(t) {
			return out
		}
		fields := map[string]reflect.Type{}
		collectFields(t, fields)
		out[t] = fields
		for _, ft := range fields {
			structFields(ft, out)
		}
	}
	return out
}

func (s *keyScan) stop() bool { return s.bad || s.err != nil }

func (s *keyScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value reads one JSON value decoded into t (nil: no Go type is known).
func (s *keyScan) value(t reflect.Type, depth int) {
	s.ws()
	if s.i >= len(s.b) {
		s.bad = true
		return
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch c := s.b[s.i]; {
	case (c == '{' || c == '[') && depth >= maxKeyDepth:
		s.bad = true
	case c == '{':
		s.i++
		s.object(t, depth+1)
	case c == '[':
		s.i++
		s.array(t, depth+1)
	case c == '"':
		s.i++
		s.str()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		s.number()
	default:
		s.bad = true
	}
}

func (s *keyScan) array(t reflect.Type, depth int) {
	var elem reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		elem = t.Elem()
	}
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return
	}
	pathLen, patternLen := len(s.path), len(s.pattern)
	s.pattern = append(s.pattern, "[]"...)
	for n := 0; ; n++ {
		s.path = append(append(append(s.path[:pathLen], '['), strconv.Itoa(n)...), ']')
		s.value(elem, depth)
		if s.stop() || !s.after(']') {
			break
		}
	}
	s.path, s.pattern = s.path[:pathLen], s.pattern[:patternLen]
}

func (s *keyScan) object(t reflect.Type, depth int) {
	var fields map[string]reflect.Type
	isStruct := t != nil && t.Kind() == reflect.Struct && !implementsUnmarshaler(t)
	if isStruct {
		if fields = s.known[t]; fields == nil {
			fields = s.fields[t]
		}
		if fields == nil {
			fields = map[string]reflect.Type{}
			collectFields(t, fields)
			if s.fields == nil {
				s.fields = map[reflect.Type]map[string]reflect.Type{}
			}
			s.fields[t] = fields
		}
	}
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return
	}
	pathLen, patternLen := len(s.path), len(s.pattern)
	var seen keySet
	for {
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			s.bad = true
			return
		}
		s.i++
		key := s.key()
		if s.bad {
			return
		}
		s.path, s.pattern = s.path[:pathLen], s.pattern[:patternLen]
		if pathLen > 0 {
			s.path = append(s.path, '.')
		}
		if patternLen > 0 {
			s.pattern = append(s.pattern, '.')
		}
		s.path, s.pattern = append(s.path, key...), append(s.pattern, key...)
		switch {
		case seen.has(key):
			s.err = invalid(string(s.path), "duplicate_key", "the key is given twice in one object")
			return
		case isStruct && fields[string(key)] == nil && hasFoldedKey(fields, string(key)):
			s.err = invalid(string(s.path), "key_case", "keys are case-sensitive: write the field as documented, in lower case")
			return
		case s.readOnly[string(s.pattern)]:
			s.err = invalid(string(s.path), "read_only", "the field is set by the server and may not be sent")
			return
		}
		seen.add(key)
		// A key is checked before its colon, as the token walk did.
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			s.bad = true
			return
		}
		s.i++
		var ft reflect.Type
		if isStruct {
			ft = fields[string(key)]
		} else if t != nil && t.Kind() == reflect.Map {
			ft = t.Elem()
		}
		s.value(ft, depth)
		if s.stop() || !s.after('}') {
			break
		}
	}
	s.path, s.pattern = s.path[:pathLen], s.pattern[:patternLen]
}

// after reads what follows a value in an array or object: a comma (true)
// or its closing bracket (false); anything else is a syntax error.
func (s *keyScan) after(closer byte) bool {
	s.ws()
	if s.i >= len(s.b) {
		s.bad = true
		return false
	}
	c := s.b[s.i]
	s.i++
	if c == ',' {
		return true
	}
	if c != closer {
		s.bad = true
	}
	return false
}

// key reads a string after its opening quote and returns it as
// encoding/json reads it: escapes resolved, invalid UTF-8 replaced. A key
// without either is a slice of the body.
func (s *keyScan) key() []byte {
	start := s.i
	plain := s.str()
	if s.bad {
		return nil
	}
	raw := s.b[start : s.i-1]
	if plain && utf8.Valid(raw) {
		return raw
	}
	var k string
	if err := json.Unmarshal(s.b[start-1:s.i], &k); err != nil {
		s.bad = true
		return nil
	}
	return []byte(k)
}

// str reads a string after its opening quote, up to and including the
// closing one; plain says it held no escape.
func (s *keyScan) str() (plain bool) {
	plain = true
	for s.i < len(s.b) {
		c := s.b[s.i]
		s.i++
		switch {
		case c == '"':
			return plain
		case c == '\\':
			plain = false
			if s.i >= len(s.b) {
				s.bad = true
				return false
			}
			e := s.b[s.i]
			s.i++
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 > len(s.b) {
					s.bad = true
					return false
				}
				for _, h := range s.b[s.i : s.i+4] {
					if !isHex(h) {
						s.bad = true
						return false
					}
				}
				s.i += 4
			default:
				s.bad = true
				return false
			}
		case c < 0x20:
			s.bad = true
			return false
		}
	}
	s.bad = true
	return false
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *keyScan) literal(word string) {
	if !bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		s.bad = true
		return
	}
	s.i += len(word)
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *keyScan) number() {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		s.bad = true
		return
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			s.bad = true
			return
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			s.bad = true
		}
	}
}

func (s *keyScan) digits() int {
	n := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// keySet holds the keys of one object: a short list on the stack, which
// most objects need, and a map beyond it, so that an object of thousands
// of keys is not checked in quadratic time.
type keySet struct {
	few  [keySetList][]byte
	n    int
	many map[string]bool
}

const keySetList = 24

func (k *keySet) has(key []byte) bool {
	if k.many != nil {
		return k.many[string(key)]
	}
	for _, f := range k.few[:k.n] {
		if bytes.Equal(f, key) {
			return true
		}
	}
	return false
}

func (k *keySet) add(key []byte) {
	if k.many == nil && k.n < keySetList {
		k.few[k.n] = key
		k.n++
		return
	}
	if k.many == nil {
		k.many = make(map[string]bool, 2*keySetList)
		for _, f := range k.few[:k.n] {
			k.many[string(f)] = true
		}
	}
	k.many[string(key)] = true
}

func hasFoldedKey(fields map[string]reflect.Type, key string) bool {
	for k := range fields {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func implementsUnmarshaler(t reflect.Type) bool {
	return t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType)
}

// collectFields maps the JSON names of t's fields (embedded structs
// included) to their types.
func collectFields(t reflect.Type, out map[string]reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, out)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
}

// reportReadOnly are the fields of a report the server sets.
var reportReadOnly = map[string]bool{
	"id": true, "number": true, "version": true, "registered_at": true, "registered_by": true,
	"persons[].id": true, "persons[].person_id": true,
}
