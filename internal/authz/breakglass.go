package authz

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/toren"
)

// GrantDuration is how long a break-glass grant lasts: one night shift
// (auth.DefaultSessionPolicy's absolute 12 hours). Long enough for the
// crisis to be handled, short enough that the grant is gone by the time
// the owning team is back at work and can be asked.
const GrantDuration = 12 * time.Hour

// MinReasonRunes is the shortest written reason a grant accepts: a
// sentence, not "spoed". The team leader reads it the next working day.
const MinReasonRunes = 20

// maxReasonBytes bounds the reason to what the audit log accepts.
const maxReasonBytes = 4096

// Grant is a break-glass grant: one intake worker may read one object,
// and what lies within it (Resource.Within), in full for GrantDuration.
// The service that issues it stores it and writes it to the audit log
// (audit.ActionBreakGlass with Reason); the request that uses it passes it
// in Opts.Grant.
type Grant struct {
	UserID    int64
	Object    Ref
	Reason    string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// NewGrant issues a break-glass grant for actor on obj at now, after the
// same checks Decide makes for ActionBreakGlass (role intake, a second
// factor) and a written reason. Errors are toren.Errors: CodeForbidden
// when the actor may not break the glass, CodeInvalid naming the field
// "reason" or "object" otherwise.
//
// NewGrant does not know whether the actor already has access to obj; ask
// Decide(actor, ActionBreakGlass, res, ...) first, which refuses then.
func NewGrant(a Actor, obj Ref, reason string, now time.Time) (Grant, error) {
	if a.UserID <= 0 || !a.Has(RoleIntake) {
		return Grant{}, toren.Errorf(toren.CodeForbidden, "only intake and crisis workers may break the glass")
	}
	if !a.MultiFactor {
		return Grant{}, toren.Errorf(toren.CodeForbidden, "breaking the glass needs a sign-in with a second factor")
	}
	var p toren.Problems
	if !glassKind(obj.Kind) || obj.ID <= 0 {
		p.Add("object", "break_glass_object", "must be a case, report or person")
	}
	if err := checkReason(reason); err != nil {
		p.Add("reason", "min_length", err.Error())
	}
	if now.IsZero() {
		p.Add("now", "required", "is required")
	}
	if err := p.Err(); err != nil {
		return Grant{}, err
	}
	return Grant{
		UserID:    a.UserID,
		Object:    obj,
		Reason:    strings.TrimSpace(reason),
		IssuedAt:  now,
		ExpiresAt: now.Add(GrantDuration),
	}, nil
}

func glassKind(k Kind) bool { return slices.Contains([]Kind{KindCase, KindReport, KindPerson}, k) }

func checkReason(reason string) error {
	r := strings.TrimSpace(reason)
	if utf8.RuneCountInString(r) < MinReasonRunes {
		return errors.New("must be a written reason of at least 20 characters")
	}
	if len(r) > maxReasonBytes || !utf8.ValidString(r) || strings.ContainsRune(r, 0) {
		return errors.New("must be valid text of at most 4096 bytes")
	}
	return nil
}

// check reports why g does not open res for a at now, or nil when it does.
// A stored grant is checked again on every use: it may have been edited,
// or the actor may have lost the role or the second factor since.
func (g Grant) check(a Actor, res Resource, now time.Time) error {
	switch {
	case g.UserID != a.UserID:
		return errors.New("issued to another user")
	case !a.Has(RoleIntake):
		return errors.New("user no longer holds the intake role")
	case !a.MultiFactor:
		return errors.New("session has no second factor")
	case checkReason(g.Reason) != nil:
		return errors.New("no written reason")
	case !glassKind(g.Object.Kind) || !res.covers(g.Object):
		return errors.New("issued for another object")
	case now.IsZero():
		return errors.New("no time given to check it against")
	case !g.ExpiresAt.After(g.IssuedAt) || g.ExpiresAt.Sub(g.IssuedAt) > GrantDuration:
		return errors.New("validity is not within 12 hours")
	case now.Before(g.IssuedAt):
		return errors.New("not yet valid")
	case !now.Before(g.ExpiresAt):
		return errors.New("expired")
	}
	return nil
}
