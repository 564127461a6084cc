package api

import (
	"encoding/json"
	"fmt"
	"strings"

	"toren/internal/reports"
)

// ReportRequest is r as a client sends it to POST /api/v1/reports or
// /api/v1/advice-requests: the JSON of a report without the fields the
// server sets (reportReadOnly), which the API refuses. For Go clients of
// the API: the load harness and tests.
func ReportRequest(r *reports.Report) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("api: encode report: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("api: encode report: %w", err)
	}
	for field := range reportReadOnly {
		if list, sub, ok := strings.Cut(field, "[]."); ok {
			items, _ := m[list].([]any)
			for _, it := range items {
				if obj, ok := it.(map[string]any); ok {
					delete(obj, sub)
				}
			}
			continue
		}
		delete(m, field)
	}
	return json.Marshal(m)
}
