package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// strictKeys walks the JSON body token by token beside the Go type it is
// decoded into, and refuses what encoding/json lets through silently: a
// key given twice in one object (encoding/json keeps the last, so a
// client and Toren could read different values), a key that matches a
// field only when case is ignored ("Protect_Identity" would set
// protect_identity), and a field the server sets itself (readOnly: paths
// such as "id" or "persons[].person_id"). A token pass on the standard
// decoder was chosen over github.com/go-json-experiment/json (which
// rejects duplicates and matches case-sensitively by default) because
// that package is still experimental, decodes some types differently
// (nil slices, time formats, embedded Unmarshalers), and would change
// every endpoint's behaviour at once; the token pass changes nothing but
// these three refusals. Syntax errors are left to the decoder, which
// names them.
func strictKeys(body []byte, t reflect.Type, readOnly map[string]bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := keyWalker{dec: dec, readOnly: readOnly}
	w.value(t, "", "")
	return w.err
}

type keyWalker struct {
	dec      *json.Decoder
	readOnly map[string]bool
	err      error
	// fields holds the JSON fields of each struct type met (collectFields):
	// a report's persons are objects of one type.
	fields map[reflect.Type]map[string]reflect.Type
}

// value reads one JSON value decoded into t; path names it in errors
// ("persons[2].surname") and pattern in readOnly ("persons[].surname").
func (w *keyWalker) value(t reflect.Type, path, pattern string) {
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

func (w *keyWalker) object(t reflect.Type, path, pattern string) {
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
