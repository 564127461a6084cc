package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// strictKeysTokens is strictKeys as it was before the byte scanner: a walk
// over json.Decoder.Token. The scanner must give the same answer on every
// body (TestStrictKeysAsTokenWalk, FuzzStrictKeys).
func strictKeysTokens(body []byte, t reflect.Type, readOnly map[string]bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := tokenWalker{dec: dec, readOnly: readOnly}
	w.value(t, "", "")
	return w.err
}

type tokenWalker struct {
	dec      *json.Decoder
	readOnly map[string]bool
	err      error
	// fields holds the JSON fields of each struct type met (collectFields):
	// a report's persons are objects of one type.
	fields map[reflect.Type]map[string]reflect.Type
}

// value reads one JSON value decoded into t; path names it in errors
// ("persons[2].surname") and pattern in readOnly ("persons[].surname").
func (w *tokenWalker) value(t reflect.Type, path, pattern string) {
	if w.err != nil {
		return
	}
	tok, err := w.dec.Token()
	if err != nil {
		w.err = nil // the decoder reports syntax errors with their place
		w.dec = nil
		return
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		w.object(t, path, pattern)
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; w.err == nil && w.dec != nil && w.dec.More(); i++ {
			w.value(elem, path+"["+strconv.Itoa(i)+"]", pattern+"[]")
		}
		if w.dec != nil && w.err == nil {
			_, _ = w.dec.Token()
		}
	}
}

func (w *tokenWalker) object(t reflect.Type, path, pattern string) {
	var fields map[string]reflect.Type
	isStruct := t != nil && t.Kind() == reflect.Struct && !implementsUnmarshaler(t)
	if isStruct {
		if fields = w.fields[t]; fields == nil {
			fields = map[string]reflect.Type{}
			collectFields(t, fields)
			if w.fields == nil {
				w.fields = map[reflect.Type]map[string]reflect.Type{}
			}
			w.fields[t] = fields
		}
	}
	seen := map[string]bool{}
	for w.err == nil && w.dec != nil && w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			w.dec = nil
			return
		}
		key, _ := tok.(string)
		field := key
		if path != "" {
			field = path + "." + key
		}
		fpattern := key
		if pattern != "" {
			fpattern = pattern + "." + key
		}
		switch {
		case seen[key]:
			w.err = invalid(field, "duplicate_key", "the key is given twice in one object")
			return
		case isStruct && fields[key] == nil && hasFoldedKey(fields, key):
			w.err = invalid(field, "key_case", "keys are case-sensitive: write the field as documented, in lower case")
			return
		case w.readOnly[fpattern]:
			w.err = invalid(field, "read_only", "the field is set by the server and may not be sent")
			return
		}
		seen[key] = true
		var ft reflect.Type
		if isStruct {
			ft = fields[key]
		} else if t != nil && t.Kind() == reflect.Map {
			ft = t.Elem()
		}
		w.value(ft, field, fpattern)
	}
	if w.dec != nil && w.err == nil {
		_, _ = w.dec.Token()
	}
}

// strictBodies are bodies the scanner and the token walk must agree on:
// refusals at every depth, escapes in keys, and broken JSON (a syntax
// error before a refusal hides it; after it, the refusal stands).
func strictBodies(t testing.TB) []string {
	valid := encode(t, validReport())
	return []string{
		valid,
		strings.Replace(valid, `"description":`, `"description":"eerste","description":`, 1),
		strings.Replace(valid, `"reporter":{`, `"reporter":{"Protect_Identity":true,`, 1),
		strings.Replace(valid, `"reporter":{`, `"reporter":{"protect_identity":false,"protect_identity":true,`, 1),
		strings.Replace(valid, `"description":`, `"Description":`, 1),
		strings.Replace(valid, `"persons":[{`, `"persons":[{"person_id":4,`, 1),
		strings.Replace(valid, `"persons":[{`, `"persons":[{"id":4,`, 1),
		`{"id":1}`, `{"number":"x"}`, `{"persons":[{},{"person_id":1}]}`, `{"persons":[{},{"Surname":"x"}]}`,
		`{"persons":[{},{"surname":"a","surname":"b"}]}`, `{"persons":[[{"id":1}]]}`,
		`{"sur\u006eame":1}`, `{"de\u0073cription":"a","description":"b"}`, `{"\u0069d":1}`,
		`{"descr\u0069ption":1,"Description":2}`, "{\"a\xffb\":1,\"a\xffb\":2}", "{\"a\xffb\":1,\"a\ufffdb\":2}",
		`{"a":{"b":1,"b":2}}`, `{"a":[{"b":1},{"b":1,"b":2}]}`, `{"x":{"id":1}}`,
		`{"description":1 "description":2}`, `{"description":1,"description":2,}`, `{"a":tru,"a":1}`,
		`{"a":1,,"a":2}`, `{"a" 1,"a":2}`, `{"a":01,"a":2}`, `{"a":1.,"a":2}`, `{"a":-,"a":2}`, `{"a":1e,"a":2}`,
		`{"a":1.5e+3,"a":2}`, `{"a":-0.0E-2,"a":2}`, `{"a":"\x","a":2}`, `{"a":"\u12g4","a":2}`, "{\"a\":\"\x01\",\"a\":2}",
		`{"a":[1,2,],"a":2}`, `{"a":[1 2],"a":2}`, `{"a":[],"a":[]}`, `{"a":{},"a":{}}`, `{"a":null,"a":true,"a":false}`,
		`{"a":1,"a":2`, `{"a":1`, `{"a"`, `{"`, `{`, `[`, `]`, `}`, ``, `   `, `null`, `[{"id":1}]`, `"x"`, `12`,
		`{"a":1} {"a":1,"a":2}`, `{"a":1}x`, ` {"a" : 1 , "a" : 2 } `, "\t{\"a\":\n1,\r\"a\":2}",
		`{"persons":[{"first_names":"x"},{"first_names":"y","first_names":"z"}]}`,
		`{"received_at":"2026-01-01T00:00:00Z","received_at":"x"}`, `{"acute":{"a":1,"a":1}}`,
	}
}

func TestStrictKeysAsTokenWalk(t *testing.T) {
	many := `{` // more keys than the short list holds, the last a repeat
	for i := range 40 {
		many += `"k` + strconv.Itoa(i) + `":1,`
	}
	bodies := append(strictBodies(t), many+`"k3":2}`, many+`"k40":2}`)
	for _, b := range bodies {
		for _, ro := range []map[string]bool{reportReadOnly, nil} {
			want := strictKeysTokens([]byte(b), reportType, ro)
			got := strictKeys([]byte(b), reportType, ro)
			if !sameRefusal(got, want) {
				t.Errorf("%q: strictKeys = %v, the token walk %v", b, got, want)
			}
		}
	}
}

func FuzzStrictKeys(f *testing.F) {
	for _, b := range strictBodies(f) {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if bytes.Count(body, []byte("["))+bytes.Count(body, []byte("{")) > 5000 {
			t.Skip() // the token walk has no depth limit; the scanner stops at encoding/json's
		}
		want := strictKeysTokens(body, reportType, reportReadOnly)
		got := strictKeys(body, reportType, reportReadOnly)
		if !sameRefusal(got, want) {
			t.Errorf("%q: strictKeys = %v, the token walk %v", body, got, want)
		}
	})
}

func sameRefusal(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return a.Error() == b.Error() && string(ja) == string(jb)
}

// BenchmarkStrictKeys checks the keys of a report of five persons, as the
// load harness sends it, with the scanner and with the token walk.
func BenchmarkStrictKeys(b *testing.B) {
	body := []byte(encode(b, fivePersons()))
	for name, check := range map[string]func([]byte, reflect.Type, map[string]bool) error{"scan": strictKeys, "tokens": strictKeysTokens} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := check(body, reportType, reportReadOnly); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeReport is the whole decoding of that report.
func BenchmarkDecodeReport(b *testing.B) {
	body := []byte(encode(b, fivePersons()))
	for b.Loop() {
		if _, err := decodeReport(body); err != nil {
			b.Fatal(err)
		}
	}
}

func fivePersons() map[string]any {
	r := validReport()
	ps := r["persons"].([]any)
	for len(ps) < 5 {
		p := map[string]any{}
		for k, v := range ps[len(ps)%2].(map[string]any) {
			p[k] = v
		}
		ps = append(ps, p)
	}
	r["persons"] = ps
	return r
}

// TestStrictKeysDepth: nesting deeper than encoding/json allows is the
// decoder's syntax error, whatever lies within, and the scan stops there
// instead of recursing through a body of brackets.
func TestStrictKeysDepth(t *testing.T) {
	deep := strings.Repeat(`{"a":`, maxKeyDepth+1) + `{"b":1,"b":2}` + strings.Repeat(`}`, maxKeyDepth+1)
	if err := strictKeys([]byte(deep), reportType, reportReadOnly); err != nil {
		t.Errorf("beyond the depth limit: %v, want nil (the decoder's error)", err)
	}
	shallow := strings.Repeat(`{"a":`, maxKeyDepth-1) + `{"b":1,"b":2}` + strings.Repeat(`}`, maxKeyDepth-1)
	if json.Valid([]byte(deep)) || !json.Valid([]byte(shallow)) {
		t.Fatal("maxKeyDepth is not encoding/json's limit")
	}
	if err := strictKeys([]byte(shallow), reportType, reportReadOnly); err == nil {
		t.Error("a duplicate within the depth limit was let through")
	}
	if err := strictKeys([]byte(strings.Repeat("[", MaxBodyBytes)), reportType, reportReadOnly); err != nil {
		t.Errorf("a body of brackets: %v, want nil", err)
	}
}
