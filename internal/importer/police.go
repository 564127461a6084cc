package importer

import (
	"strings"
	"unicode/utf8"

	"toren/internal/reports"
	"toren/internal/toren"
)

// maxRegistrationNumber is the longest registration number accepted; the
// report validator allows external_ref up to this length too.
const maxRegistrationNumber = 100

// asPoliceReport makes r a police report received by import and adds the
// import's own rules to p: a registration number (it is the idempotency
// key) and a time of receipt (intake would otherwise stamp the time of the
// import, and a rerun on another day would then differ). Values that
// contradict a police report are refused rather than overwritten. A field
// that already has a problem from reading it gets no second one.
func asPoliceReport(r *reports.Report, read []toren.FieldError) []toren.FieldError {
	var p toren.Problems
	switch r.Kind {
	case "":
		r.Kind = reports.KindReport
	case reports.KindReport:
	default:
		p.Add("kind", "police_import", "kind must be report (or left out) in a police import")
	}
	switch r.Channel {
	case "":
		r.Channel = reports.ChannelImport
	case reports.ChannelImport:
	default:
		p.Add("channel", "police_import", "channel must be import (or left out) in a police import")
	}
	switch r.Reporter.Kind {
	case "":
		r.Reporter.Kind = reports.ReporterPolice
	case reports.ReporterPolice:
	default:
		p.Add("reporter.kind", "police_import", "reporter.kind must be police (or left out) in a police import")
	}
	ref := strings.TrimSpace(r.ExternalRef)
	switch {
	case ref == "":
		p.Add("external_ref", "required", "the police registration number is required: it keeps a second import of the same file from storing the report twice")
	case utf8.RuneCountInString(ref) > maxRegistrationNumber:
		p.Add("external_ref", "max_length", "the police registration number may be at most 100 characters")
	}
	if r.ReceivedAt.IsZero() {
		p.Add("received_at", "required", "received_at is required in an import")
	}
	out := read
	for _, f := range toren.FieldErrors(p.Err()) {
		if !hasField(read, f.Field) {
			out = append(out, f)
		}
	}
	return out
}

func hasField(list []toren.FieldError, field string) bool {
	for _, f := range list {
		if f.Field == field {
			return true
		}
	}
	return false
}
