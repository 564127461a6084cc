package intake

import "time"

// Draft is an unfinished intake form, saved while its author types. It
// holds personal data: every read names the user, and only that user's
// drafts are found.
type Draft struct {
	UserID int64
	// Key is the form's own key (the idempotency key of its submit).
	Key string
	// Form is the form's fields, URL-encoded, exactly as typed.
	Form      string
	SavedAt   time.Time
	ExpiresAt time.Time
}
