package api

import (
	"testing"

	"toren/internal/toren"
)

// FuzzDecodeAck feeds arbitrary bytes to the acknowledgement decoder: it
// must not panic, and whatever it refuses it refuses as a validation
// problem naming a field.
func FuzzDecodeAck(f *testing.F) {
	for _, s := range []string{`{"note":"Gebeld."}`, `{"note":1}`, `{"note":"x","y":2}`, `{"note":"x"} {}`, `null`, `[]`, ``, `{"note":"\u0000"}`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := decodeAck(body)
		if err == nil {
			return
		}
		if toren.ErrorCode(err) != toren.CodeInvalid || len(toren.FieldErrors(err)) == 0 {
			t.Fatalf("%q: %v is not a validation problem naming a field", body, err)
		}
	})
}
