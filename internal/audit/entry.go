package audit

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/toren"
)

// Entry is one audit event.
type Entry struct {
	Seq int64     // 1, 2, 3, …: set by Chain
	At  time.Time // when it happened; Chain stores it in UTC at microsecond precision

	ActorID   string // staff account ID (or "system" for jobs)
	ActorName string // name at the time, so the log stays readable after accounts change
	Role      string // the role the actor acted in
	// OnBehalfOf is the account the actor acted for, when not themselves
	// (NEN 7513 asks "on whose behalf").
	OnBehalfOf string

	Action     string // one of the Action constants, e.g. "report.view"
	ObjectType string // "report", "case", "person", …
	ObjectID   string
	// PersonIDs are the registry persons whose personal data was touched,
	// for the data subject's access view. Chain sorts and deduplicates them.
	PersonIDs []int64

	Reason  string // purpose or justification; required for break-glass
	Outcome string // OutcomeOK, OutcomeDenied or OutcomeError
	Origin  string // where the request came from: client IP, "cli", "job:…"

	PrevHash string // Hash of the previous entry, or GenesisHash
	Hash     string // SHA-256 of this entry's canonical encoding, hex

	// KeyID and MAC key the chain (key.go): the key's ID and HMAC-SHA256
	// under it over Hash; both empty for an entry written without a key.
	// They are not part of the canonical encoding.
	KeyID string
	MAC   string
}

// Actions Toren logs. NEN 7513 asks for reads, searches, creation, change,
// deletion, copy/print/export, merge, transfer and emergency access.
const (
	ActionSignIn       = "session.sign_in"
	ActionSignInFailed = "session.sign_in_failed"
	ActionSignOut      = "session.sign_out"
	ActionReportView   = "report.view"
	ActionReportCreate = "report.create"
	ActionReportUpdate = "report.update"
	ActionPersonView   = "person.view"
	ActionPersonSearch = "person.search"
	ActionPersonMerge  = "person.merge"
	ActionCaseView     = "case.view"
	ActionCaseCreate   = "case.create"
	ActionCaseUpdate   = "case.update"
	ActionCaseHandover = "case.handover"
	ActionExport       = "export"
	ActionPrint        = "print"
	ActionDelete       = "delete"
	ActionBreakGlass   = "break_glass"
	ActionAuditView    = "audit.view"
	ActionSettings     = "settings.update"
)

// Outcomes.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeError  = "error"
)

// maxFieldBytes bounds every text field; a log line is not a document.
const maxFieldBytes = 4096

// Validate checks e before it is chained: the fields a NEN 7513 record
// needs are present, text is valid UTF-8 without NUL bytes (which some
// databases refuse, so the stored text could not be hashed back), and a
// break-glass access carries its reason.
func (e Entry) Validate() error {
	var p toren.Problems
	if e.At.IsZero() {
		p.Add("at", "required", "is required")
	} else if y := e.At.UTC().Year(); y < 2000 || y > 9999 {
		p.Add("at", "range", "must be between the years 2000 and 9999")
	}
	if e.ActorID == "" {
		p.Add("actor_id", "required", "is required")
	}
	if !validAction(e.Action) {
		p.Add("action", "format", "must be lowercase letters, dots and underscores")
	}
	switch e.Outcome {
	case OutcomeOK, OutcomeDenied, OutcomeError:
	default:
		p.Add("outcome", "enum", "must be ok, denied or error")
	}
	if e.Action == ActionBreakGlass && strings.TrimSpace(e.Reason) == "" {
		p.Add("reason", "required", "is required for break-glass access")
	}
	for i, id := range e.PersonIDs {
		if id <= 0 {
			p.Add(fmt.Sprintf("person_ids[%d]", i), "positive", "must be a positive ID")
		}
	}
	for _, f := range []struct{ name, v string }{
		{"actor_id", e.ActorID}, {"actor_name", e.ActorName}, {"role", e.Role},
		{"on_behalf_of", e.OnBehalfOf}, {"action", e.Action}, {"object_type", e.ObjectType},
		{"object_id", e.ObjectID}, {"reason", e.Reason}, {"origin", e.Origin},
	} {
		if len(f.v) > maxFieldBytes || !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			p.Add(f.name, "text", "must be valid UTF-8 text without NUL, at most 4096 bytes")
		}
	}
	return p.Err()
}

func validAction(a string) bool {
	if a == "" || len(a) > 64 {
		return false
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}
