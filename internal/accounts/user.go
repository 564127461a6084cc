package accounts

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/toren"
)

// Team is a group of workers; a case belongs to one team.
type Team struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// User is a staff account. Accounts are disabled, never deleted: the
// audit log keeps naming them.
type User struct {
	ID       int64  `json:"id"`
	Username string `json:"username"` // unique, compared case-insensitively
	// DisplayName and Email are shown to colleagues and in the audit log.
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	// PasswordHash is an auth.Hasher PHC string; empty means the account
	// cannot sign in with a password (e.g. it uses OIDC only).
	PasswordHash string `json:"-"`
	// TOTPSecret is stored as given: a deployment that encrypts secrets at
	// rest does so before it reaches the store.
	TOTPSecret string `json:"-"`
	// TOTPLastStep is read-only here: only RecordTOTPStep advances it.
	TOTPLastStep int64    `json:"-"`
	Roles        []string `json:"roles"` // role codes, sorted without duplicates
	// Teams the user belongs to, sorted by name. On write only the IDs
	// count; the store fills in the names.
	Teams     []Team    `json:"teams"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// TeamIDs returns the IDs of u's teams.
func (u *User) TeamIDs() []int64 {
	ids := make([]int64, len(u.Teams))
	for i, t := range u.Teams {
		ids[i] = t.ID
	}
	return ids
}

// validUsername allows ASCII letters, digits and . _ - @: enough for
// "j.bakker" and e-mail style names, and no look-alike characters from
// other scripts that could pass for a colleague's name.
func validUsername(s string) bool {
	if s == "" || len(s) > maxUsernameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._-@", c) >= 0) {
			return false
		}
	}
	return true
}

// Prepare checks u and brings it into stored form: trimmed user name,
// sorted roles, UTC times at microsecond precision.
func (u *User) Prepare() error {
	var p toren.Problems
	u.Username = strings.TrimSpace(u.Username)
	if !validUsername(u.Username) {
		p.Add("username", "format", "must be 1 to 64 letters, digits or . _ - @")
	}
	if !ValidText(u.DisplayName, 200) {
		p.Add("display_name", "text", "must be valid text of at most 200 bytes")
	}
	if !ValidText(u.Email, 254) {
		p.Add("email", "text", "must be valid text of at most 254 bytes")
	}
	if !ValidText(u.PasswordHash, 1024) || !ValidText(u.TOTPSecret, 1024) {
		p.Add("password_hash", "text", "must be valid text of at most 1024 bytes")
	}
	roles := slices.Clone(u.Roles)
	slices.Sort(roles)
	u.Roles = slices.Compact(roles)
	for i, r := range u.Roles {
		if !ValidCode(r) {
			p.Add(fmt.Sprintf("roles[%d]", i), "format", "must be lowercase letters and underscores")
		}
	}
	for i, t := range u.Teams {
		if t.ID <= 0 {
			p.Add(fmt.Sprintf("teams[%d]", i), "positive", "must name a team by its ID")
		}
	}
	if u.CreatedAt.IsZero() {
		p.Add("created_at", "required", "is required")
	}
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	u.CreatedAt = u.CreatedAt.UTC().Truncate(time.Microsecond)
	u.UpdatedAt = u.UpdatedAt.UTC().Truncate(time.Microsecond)
	return p.Err()
}

// CheckUser applies the rules on an account (user name form,
// text lengths, role codes) without storing it, so that a form can report
// them together with its own.
func CheckUser(u User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Unix(1, 0)
	}
	return u.Prepare()
}

// UsernameKey is the form user names are unique in and looked up by.
func UsernameKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

const maxUsernameLen = 64

// validRole keeps role codes safe for the comma list they are stored in.
func ValidCode(r string) bool {
	if r == "" || len(r) > 32 {
		return false
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; !('a' <= c && c <= 'z' || c == '_') {
			return false
		}
	}
	return true
}

// ValidText reports whether s is UTF-8 text without NUL of at most max
// bytes, as every stored account and session text must be.
func ValidText(s string, max int) bool {
	return len(s) <= max && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
