package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"toren/internal/reports"
)

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("api: encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// A failed write means the client went away after the status was
	// sent: there is no one left to tell.
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// reportOut returns a copy of r whose lists are empty instead of null, so
// that clients can always iterate them.
func reportOut(r *reports.Report) *reports.Report {
	out := *r
	out.ViolenceTypes = nonNil(out.ViolenceTypes)
	out.Natures = nonNil(out.Natures)
	out.Persons = nonNil(out.Persons)
	return &out
}

func summaryOut(s reports.Summary) reports.Summary {
	s.ViolenceTypes = nonNil(s.ViolenceTypes)
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
