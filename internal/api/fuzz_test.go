package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/intake/intaketest"
	"toren/internal/nl"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/toren"
)

// FuzzCreateReport posts arbitrary bytes as a report. Whatever comes in,
// the API must not panic, must answer 201 with a stored report or a
// problem with nothing stored, and must never answer 500.
func FuzzCreateReport(f *testing.F) {
	seeds := []string{
		encode(f, validReport()),
		encode(f, validAdvice()),
		encode(f, set(validReport(), "persons[1].age", "vier")),
		encode(f, set(validReport(), "persons[0].bsn", "123456789")),
		`{"persons":[{"nick":1,"age":[]}],"acute":{}}`,
		`{"received_at":"2026-13-45T99:00:00Z","persons":[{"birth_date":5}]}`,
		`{"a":`, `null`, `[]`, `"x"`, ``, `{} {}`, "{\"description\":\"\xff\"}",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	clock := toren.NewFixedClock(now)
	mem := &intaketest.MemStore{}
	v := reports.Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: clock}
	svc := intake.NewService(mem, v, intaketest.ExactResolver{}, clock, slog.New(slog.DiscardHandler))
	// An intake worker sends every body.
	worker := func(*http.Request) (authz.Actor, error) {
		return authz.Actor{UserID: 7, Name: "Iris de Wit", Roles: []authz.Role{authz.RoleIntake}}, nil
	}
	a := New(Config{Intake: svc, Reader: failingReader{}, Actor: worker})
	mux := httpx.NewRouter()
	a.Register(mux)

	f.Fuzz(func(t *testing.T, body []byte) {
		before := mem.Reports()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/reports", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		stored := mem.Reports() - before

		switch rec.Code {
		case http.StatusCreated:
			if stored != 1 {
				t.Fatalf("201 but %d stored", stored)
			}
			var r reports.Report
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || r.ID == 0 || r.Kind != reports.KindReport {
				t.Fatalf("201 with body %s (%v)", rec.Body, err)
			}
		case http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge:
			if stored != 0 {
				t.Fatalf("%d but %d stored", rec.Code, stored)
			}
			var p Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != rec.Code || p.Type == "" {
				t.Fatalf("bad problem %s (%v)", rec.Body, err)
			}
			if rec.Code == http.StatusUnprocessableEntity && len(p.Errors) == 0 {
				t.Fatalf("422 naming no field: %s", rec.Body)
			}
			for _, e := range p.Errors {
				if e.Field == "" || e.Rule == "" || e.Message == "" {
					t.Fatalf("incomplete field error %+v", e)
				}
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzDecodeReport checks the decoder alone: a report or an error naming
// fields, never both, never neither; and it agrees with encoding/json on
// what decodes.
func FuzzDecodeReport(f *testing.F) {
	for _, s := range []string{encode(f, validReport()), `{"persons":[{"age":"x"}]}`, `{"x":1}`, `{`, `{}`, `{"kind":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rep, err := decodeReport(body)
		if (rep == nil) == (err == nil) {
			t.Fatalf("report %v and error %v", rep, err)
		}
		if err != nil && len(toren.FieldErrors(err)) == 0 {
			t.Fatalf("error names no field: %v", err)
		}
		if rep != nil {
			var plain reports.Report
			if jerr := json.Unmarshal(body, &plain); jerr != nil {
				t.Fatalf("decoded what encoding/json refuses: %v", jerr)
			}
		}
	})
}

// FuzzIdempotencyKey: the header parser never panics, and a key it accepts
// is visible ASCII (or spaces inside quotes) that reads back the same when
// sent in the quoted form.
func FuzzIdempotencyKey(f *testing.F) {
	for _, s := range []string{"abc", `"abc"`, `"a\"b"`, `"a\b"`, `"`, ``, "caf\u00e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set(IdempotencyKeyHeader, v)
		key, err := idempotencyKey(h)
		if err != nil {
			if len(toren.FieldErrors(err)) == 0 {
				t.Fatalf("error names no field: %v", err)
			}
			return
		}
		if key == "" && strings.TrimSpace(v) != "" {
			t.Fatalf("%q accepted as an empty key", v)
		}
		for i := 0; i < len(key); i++ {
			if key[i] < ' ' || key[i] > '~' {
				t.Fatalf("key %q holds byte %#x", key, key[i])
			}
		}
		if key == "" {
			return
		}
		quoted := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(key) + `"`
		h.Set(IdempotencyKeyHeader, quoted)
		if again, err := idempotencyKey(h); err != nil || again != key {
			t.Fatalf("%q reads back as %q, %v", quoted, again, err)
		}
	})
}

// FuzzDecodeObject feeds arbitrary bytes to the strict decoder behind the
// case-file, review and merge bodies. It must not panic, and whatever it
// refuses it refuses as invalid input naming a field, never as anything
// that would become a server error.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{"kind":"safety_assessment","outcome":"vt_service","reasoning":"x"}`,
		`{"person_id":3,"reason":"zelfde BSN"}`, `{"accept":true,"note":"x","version":1}`, `{"version":"1"}`,
		`{"x":1}`, `{} {}`, `[]`, ``, `{"checks":[{"condition_id":1,"result":7}]}`, "{\"reason\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		targets := []any{new(casework.DecisionInput), new(casework.MonitoringInput), new(casework.HandoverInput),
			new(registry.MergeInput), new(registry.Decision)}
		for _, v := range targets {
			err := decodeObject(body, v)
			if err == nil {
				continue
			}
			var te *toren.Error
			if toren.ErrorCode(err) != toren.CodeInvalid || !errors.As(err, &te) || len(te.Fields) == 0 || te.Fields[0].Field == "" {
				t.Fatalf("%T: %q refused without naming a field: %v", v, body, err)
			}
		}
	})
}
