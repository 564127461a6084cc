package intake

import "time"

// MaxDraftsPerUser is how many drafts a user may keep at once (the store
// refuses one more with rule max_items on field key): saving while typing
// cannot fill the database, and the page can say the number.
const MaxDraftsPerUser = 20

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
