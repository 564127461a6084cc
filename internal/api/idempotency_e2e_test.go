package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"toren/internal/api"
	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/importer"
)

func reportBody(surname, ref string) map[string]any {
	return map[string]any{
		"external_ref":   ref,
		"reporter":       map[string]any{"kind": "police", "organisation": "Politie", "phone": "0900-8844"},
		"violence_types": []string{"partner"}, "description": "Sleutels botsen niet.",
		"persons": []map[string]any{{"role": "victim", "surname": surname}},
	}
}

// post sends a report with an Idempotency-Key and returns the status and
// the stored report's number.
func post(t *testing.T, srv *apptest.Server, c *apptest.Client, key string, body map[string]any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/reports", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	req.Header.Set(api.IdempotencyKeyHeader, key)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Number string }
	json.NewDecoder(resp.Body).Decode(&r)
	return resp.StatusCode, r.Number
}

// An idempotency key belongs to the caller who sent it: another user's
// identical key neither blocks a request (409) nor replays someone else's
// report, and an API key that looks like an import key ("police:" and a
// registration number) does not keep the police import from storing that
// row.
func TestIdempotencyKeysAreScopedPerCaller(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.Demo(t, a, 0, 1)
	apptest.User(t, a, "intake2", "Ilse Tweede", []authz.Role{authz.RoleIntake}, "Frontoffice")
	srv := apptest.Serve(t, a)
	one, two := srv.SignIn(t, "intake"), srv.SignIn(t, "intake2")

	codeA, numA := post(t, srv, one, "client-A-0001", reportBody("Eerste", ""))
	if codeA != http.StatusCreated {
		t.Fatalf("first user: %d", codeA)
	}
	// The same key and the same body from another user: a report of their own.
	codeB, numB := post(t, srv, two, "client-A-0001", reportBody("Eerste", ""))
	if codeB != http.StatusCreated || numB == numA {
		t.Errorf("second user with the same key and body: %d, report %s (first %s); want 201 and a report of its own", codeB, numB, numA)
	}
	// Another body under that key from another user: no conflict either.
	if code, _ := post(t, srv, two, "client-A-0002", reportBody("Tweede", "")); code != http.StatusCreated {
		t.Fatalf("second user, new key: %d", code)
	}
	if code, _ := post(t, srv, one, "client-A-0002", reportBody("Ander", "")); code != http.StatusCreated {
		t.Errorf("first user, a key the second used with another body: %d, want 201", code)
	}
	// The caller's own retry still replays.
	if code, num := post(t, srv, one, "client-A-0001", reportBody("Eerste", "")); code != http.StatusOK || num != numA {
		t.Errorf("retry by the first user: %d %s, want 200 %s", code, num, numA)
	}

	// An API key shaped like the import's key of registration PLNS-1.
	if code, _ := post(t, srv, one, importer.IdempotencyKey("PLNS-1"), reportBody("Api", "")); code != http.StatusCreated {
		t.Fatalf("api key police:PLNS-1: %d", code)
	}
	var csv strings.Builder
	csv.WriteString("registration_number,received_at,unit,phone,violence_types,description,person1_role,person1_surname\n")
	csv.WriteString("PLNS-1,2026-01-05 10:00,Politie Utrecht,0900-8844,partner,Ruzie,victim,Import\n")
	sum, err := importer.Import(context.Background(), authz.Console("toren import police"), a.Intake(), strings.NewReader(csv.String()), importer.Options{Format: importer.FormatCSV})
	if err != nil || sum.Stored != 1 {
		t.Errorf("police import of PLNS-1 after an API key police:PLNS-1: %+v %v; want the row stored", sum, err)
	}
}
