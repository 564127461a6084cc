// Package breakglass is emergency access: an intake or crisis worker
// opens a report, case or person outside their team with a reason from a
// short list and a written explanation; the grant lasts one shift, is in
// the audit log, and a team leader of the team that owns the content
// reviews it, seeing everything the grant opened. Web and API both call
// this service; the policy (authz) decides who may break the glass and
// what a grant opens.
package breakglass

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/toren"
)

// ReasonCode is why the glass was broken, from a short list the team
// leader can count and compare; the written reason says the rest.
type ReasonCode string

const (
	ReasonAcuteDanger      ReasonCode = "acute_danger"      // acuut gevaar voor een kind of volwassene
	ReasonCrisisCall       ReasonCode = "crisis_call"       // crisisdienst: oproep buiten kantoortijd
	ReasonPoliceRequest    ReasonCode = "police_request"    // politie of hulpdiensten vragen nu om informatie
	ReasonOwnerUnreachable ReasonCode = "owner_unreachable" // het betrokken team is niet bereikbaar en het kan niet wachten
)

// Reasons is the list, in the order the form shows it (the pages name
// the reasons from the web's catalogue, breakglass.reason.<code>).
func Reasons() []ReasonCode {
	return []ReasonCode{ReasonAcuteDanger, ReasonCrisisCall, ReasonPoliceRequest, ReasonOwnerUnreachable}
}

// Valid reports whether c is on the list.
func (c ReasonCode) Valid() bool {
	return slices.Contains(Reasons(), c)
}

// Outcome is the team leader's verdict on a grant; the audit log carries
// it as a code (the note stays with the grant: the log may be shown to a
// data subject).
type Outcome string

const (
	OutcomeJustified   Outcome = "justified"    // terecht
	OutcomeUnjustified Outcome = "unjustified"  // niet terecht: wordt besproken met de medewerker
	OutcomeFollowUp    Outcome = "needs_follow" // navragen bij de medewerker
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	return o == OutcomeJustified || o == OutcomeUnjustified || o == OutcomeFollowUp
}

// Request asks for a grant.
type Request struct {
	ObjectKind authz.Kind
	ObjectID   int64
	ReasonCode ReasonCode
	Reason     string
}

// Access is one thing the holder opened under the grant (from the audit log).
type Access struct {
	At         time.Time `json:"at"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	PersonIDs  []int64   `json:"person_ids"`
}

// Record is a stored grant.
type Record struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	UserName   string     `json:"user_name"`
	ObjectKind authz.Kind `json:"object_kind"`
	ObjectID   int64      `json:"object_id"`
	ReasonCode ReasonCode `json:"reason_code"`
	Reason     string     `json:"reason"`
	// Teams owned the object when the grant was issued: their team
	// leaders review it.
	Teams         []string  `json:"teams"`
	IssuedAt      time.Time `json:"issued_at"`
	ExpiresAt     time.Time `json:"expires_at"`
	ReviewedBy    int64     `json:"reviewed_by,omitempty"`
	ReviewedAt    time.Time `json:"reviewed_at,omitzero"`
	ReviewOutcome Outcome   `json:"review_outcome,omitempty"`
	ReviewNote    string    `json:"review_note,omitempty"`
	// Opened is what the holder read under the grant (filled in for the
	// review).
	Opened []Access `json:"opened"`
}

// Grant returns the policy's view of the record.
func (r Record) Grant() authz.Grant {
	return authz.Grant{UserID: r.UserID, Object: authz.Ref{Kind: r.ObjectKind, ID: r.ObjectID}, Reason: r.Reason,
		IssuedAt: r.IssuedAt, ExpiresAt: r.ExpiresAt}
}

// Review is a team leader's verdict.
type Review struct {
	Outcome Outcome `json:"outcome"`
	Note    string  `json:"note"`
}

// Store keeps grants (satisfied by *store.DB). Each write stores the
// audit entry with it, in one transaction.
type Store interface {
	IssueGrant(ctx context.Context, r Record, entry audit.Entry) (int64, error)
	UnreviewedGrants(ctx context.Context) ([]Record, error)
	GetGrant(ctx context.Context, id int64) (Record, error)
	ReviewGrant(ctx context.Context, id, reviewer int64, rv Review, now time.Time, entry audit.Entry) error
	AuditByActor(ctx context.Context, actorID string, from, to time.Time) ([]audit.Entry, error)
}

// Resources describes an object for the policy, with its owning teams
// (access.Reader satisfies it).
type Resources interface {
	Resource(ctx context.Context, ref authz.Ref) (authz.Resource, error)
}

// Service issues and reviews grants.
type Service struct {
	store     Store
	resources Resources
	clock     toren.Clock
}

// New returns the service.
func New(s Store, res Resources, clock toren.Clock) *Service {
	return &Service{store: s, resources: res, clock: clock}
}

// ErrNotNeeded says the actor may open the object without breaking the
// glass; no grant is issued.
var ErrNotNeeded = toren.Errorf(toren.CodeConflict, "the object is open to the user without breaking the glass")

// MaxNoteBytes is the longest note a review may carry.
const MaxNoteBytes = 2000

// minWords is the fewest words a written reason has: a sentence, not
// twenty times the same letter.
const minWords = 4

// Open issues a grant for actor on the requested object. origin is the
// client's address for the audit entry.
func (s *Service) Open(ctx context.Context, a authz.Actor, req Request, origin string) (Record, error) {
	ref := authz.Ref{Kind: req.ObjectKind, ID: req.ObjectID}
	var p toren.Problems
	if !req.ReasonCode.Valid() {
		p.Add("reason_code", "enum", "reason_code must be one of "+codes())
	}
	if !sentence(req.Reason) {
		p.Add("reason", "sentence", "reason must be a written sentence of at least 20 characters and 4 words")
	}
	if ref.ID <= 0 || !slices.Contains([]authz.Kind{authz.KindReport, authz.KindPerson}, ref.Kind) {
		p.Add("object_kind", "break_glass_object", "must name a report or person")
	}
	if err := p.Err(); err != nil {
		return Record{}, err
	}
	res, err := s.resources.Resource(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	now := s.clock.Now()
	if authz.Decide(a, viewAction(ref.Kind), res, authz.Opts{Now: now}).Full() {
		return Record{}, ErrNotNeeded
	}
	d := authz.Decide(a, authz.ActionBreakGlass, res, authz.Opts{Now: now})
	if !d.Allowed {
		return Record{}, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	g, err := authz.NewGrant(a, ref, req.Reason, now)
	if err != nil {
		return Record{}, err
	}
	rec := Record{UserID: a.UserID, UserName: a.Name, ObjectKind: ref.Kind, ObjectID: ref.ID, ReasonCode: req.ReasonCode,
		Reason: g.Reason, Teams: slices.Clone(res.Teams), IssuedAt: g.IssuedAt, ExpiresAt: g.ExpiresAt}
	entry := audit.DecidedEntry(a, d.Role, origin, now, audit.ActionBreakGlass, string(ref.Kind), strconv.FormatInt(ref.ID, 10))
	entry.Reason = string(req.ReasonCode) + ": " + g.Reason
	if ref.Kind == authz.KindPerson {
		entry.PersonIDs = []int64{ref.ID}
	}
	if rec.ID, err = s.store.IssueGrant(ctx, rec, entry); err != nil {
		return Record{}, err
	}
	wrote(ctx)
	return rec, nil
}

// ToReview lists the unreviewed grants the actor reviews (a team leader:
// those on their teams' content, not their own) or oversees (the privacy
// officer: all), each with everything it opened.
func (s *Service) ToReview(ctx context.Context, a authz.Actor) ([]Record, error) {
	if d := authz.Decide(a, authz.ActionBreakGlassReview, authz.Resource{}, authz.Opts{Now: s.clock.Now()}); !d.Allowed {
		return nil, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	all, err := s.store.UnreviewedGrants(ctx)
	if err != nil {
		return nil, err
	}
	out := []Record{}
	for _, r := range all {
		if !a.Has(authz.RolePrivacyOfficer) && mayReview(a, r) != nil {
			continue
		}
		if r.Opened, err = s.opened(ctx, r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Reviewable reports whether the actor may mark r reviewed.
func Reviewable(a authz.Actor, r Record) bool { return mayReview(a, r) == nil }

// mayReview is the rule: a team leader of a team that owned the content
// when the grant was issued, never the holder.
func mayReview(a authz.Actor, r Record) error {
	switch {
	case r.UserID == a.UserID:
		return errors.New("the holder of a grant never reviews it")
	case !a.Has(authz.RoleTeamLeader):
		return errors.New("only a team leader reviews a grant")
	case !slices.ContainsFunc(r.Teams, a.InTeam):
		return errors.New("only a team leader of the team that owns the content reviews the grant")
	}
	return nil
}

// Review records the team leader's verdict on grant id; the audit entry
// names the grant and carries the outcome's code.
func (s *Service) Review(ctx context.Context, a authz.Actor, id int64, rv Review, origin string) (Record, error) {
	if d := authz.Decide(a, authz.ActionBreakGlassReview, authz.Resource{}, authz.Opts{Now: s.clock.Now()}); !d.Allowed {
		return Record{}, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	r, err := s.store.GetGrant(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if err := mayReview(a, r); err != nil {
		return Record{}, toren.Errorf(toren.CodeForbidden, "%s", err.Error())
	}
	var p toren.Problems
	if !rv.Outcome.Valid() {
		p.Add("outcome", "enum", "outcome must be justified, unjustified or needs_follow")
	}
	rv.Note = strings.TrimSpace(rv.Note)
	if len(rv.Note) > MaxNoteBytes {
		p.Add("note", "max_length", "note may be at most "+strconv.Itoa(MaxNoteBytes)+" bytes")
	}
	if err := p.Err(); err != nil {
		return Record{}, err
	}
	now := s.clock.Now()
	// The review is allowed by mayReview, which only a team leader
	// passes: the entry names that role, whatever else the actor holds.
	entry := audit.DecidedEntry(a, authz.RoleTeamLeader, origin, now, string(authz.ActionBreakGlassReview), "grant", strconv.FormatInt(id, 10))
	entry.Reason = "grant " + strconv.FormatInt(id, 10) + " (" + string(r.ReasonCode) + "): " + string(rv.Outcome)
	if r.ObjectKind == authz.KindPerson {
		entry.PersonIDs = []int64{r.ObjectID}
	}
	if err := s.store.ReviewGrant(ctx, id, a.UserID, rv, now, entry); err != nil {
		return Record{}, err
	}
	wrote(ctx)
	r.ReviewedBy, r.ReviewedAt, r.ReviewOutcome, r.ReviewNote = a.UserID, now, rv.Outcome, rv.Note
	if r.Opened, err = s.opened(ctx, r); err != nil {
		return Record{}, err
	}
	return r, nil
}

// opened lists what the holder read under the grant: their audit entries
// in its validity that say a break-glass grant was used.
func (s *Service) opened(ctx context.Context, r Record) ([]Access, error) {
	es, err := s.store.AuditByActor(ctx, strconv.FormatInt(r.UserID, 10), r.IssuedAt, r.ExpiresAt)
	if err != nil {
		return nil, err
	}
	out := []Access{}
	for _, e := range es {
		if !strings.HasPrefix(e.Reason, "break-glass grant:") {
			continue
		}
		out = append(out, Access{At: e.At, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, PersonIDs: append([]int64{}, e.PersonIDs...)})
	}
	return out, nil
}

// wrote tells the request's audit recorder that the service wrote the
// request's entry itself (with the grant), so the access gate adds none.
func wrote(ctx context.Context) {
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Wrote(1)
	}
}

func viewAction(k authz.Kind) authz.Action {
	switch k {
	case authz.KindPerson:
		return authz.ActionPersonView
	case authz.KindCase:
		return authz.ActionCaseView
	}
	return authz.ActionReportView
}

func codes() string {
	var s []string
	for _, r := range Reasons() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// sentence reports whether s reads as a written reason: at least
// authz.MinReasonRunes characters, minWords words of letters, and not one
// character repeated.
func sentence(s string) bool {
	s = strings.TrimSpace(s)
	if len([]rune(s)) < authz.MinReasonRunes {
		return false
	}
	words := 0
	for _, w := range strings.Fields(s) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			words++
		}
	}
	distinct := map[rune]bool{}
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) {
			distinct[c] = true
		}
	}
	return words >= minWords && len(distinct) >= 5
}
