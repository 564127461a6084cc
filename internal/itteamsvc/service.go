// Package itteamsvc is the Interventieteam's use cases: referral with the
// selection checklist, the duo, phases, colour codes, registration, the
// safety plan, scaling questions, network meetings, client evaluations
// and the year's statistics. Every method takes the acting user, asks the
// policy, and stores its change with its audit entry in one transaction.
//
// An IT case is content of the IT team: the policy is asked with the case
// as a case-kind resource owned by the IT team and assigned to the duo, so
// a member of another team gets the signal level — the family is known to
// the IT, and whom to ask — and nothing of the content. The service never
// passes a break-glass grant: none opens an IT case.
package itteamsvc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/letters"
	"toren/internal/partners"
	"toren/internal/toren"
)

// Store keeps IT cases and checklist versions (satisfied by *store.DB).
// Every write stores its audit entry in the same transaction.
type Store interface {
	// Checklist returns a published version; CodeNotFound when absent.
	Checklist(ctx context.Context, version int) (itteam.Checklist, error)
	// LatestChecklist returns the highest published version; CodeNotFound
	// when none is.
	LatestChecklist(ctx context.Context) (itteam.Checklist, error)
	// PublishChecklist stores a new version; CodeConflict when it exists.
	PublishChecklist(ctx context.Context, cl itteam.Checklist, at time.Time, entry audit.Entry) error
	// CreateITCase stores a new case (version 1) and, when its checklist
	// version is not stored yet, that version.
	CreateITCase(ctx context.Context, c itteam.Case, cl itteam.Checklist, entry audit.Entry) (int64, error)
	ITCase(ctx context.Context, id int64) (itteam.Case, error)
	// ITCaseForPage returns a case to show, read only: the current plan
	// and version planVersion in full, the other versions only by number,
	// author and time.
	ITCaseForPage(ctx context.Context, id int64, planVersion int) (itteam.Case, error)
	// ITCaseSummaries returns what a list shows of every case, newest
	// referral first, without reading each case's document.
	ITCaseSummaries(ctx context.Context) ([]itteam.Summary, error)
	// ITCasesOfCase returns the IT cases referred from a case file.
	ITCasesOfCase(ctx context.Context, caseID int64) ([]itteam.Case, error)
	// EachITCaseFacts calls fn with the facts of every case (itteam.Facts),
	// reusing one *Facts.
	EachITCaseFacts(ctx context.Context, fn func(*itteam.Facts) error) error
	// UpdateITCase stores c when the stored case is at c.Version-1;
	// CodeConflict when someone else changed it first.
	UpdateITCase(ctx context.Context, c itteam.Case, entry audit.Entry) error
	// AppendAudit records entries of reads that leave a trace (an export).
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Partners is the catalogue of chain partners (satisfied by *store.DB).
type Partners interface {
	ListPartners(ctx context.Context) ([]partners.Partner, error)
}

// Config is what the service is built with.
type Config struct {
	Store Store
	// MIC keeps the incident reports (nil: the Store, when it keeps them).
	MIC   MICStore
	Clock toren.Clock
	// Team is the IT team's name; its members and the duo see the cases.
	Team string
	// Municipality checks the registration's municipality (nil: any).
	Municipality func(code string) bool
	// Partners is the partner catalogue the involved care providers are
	// chosen from (nil: the Store, when it keeps the catalogue).
	Partners Partners
	// Letters is the renderer on the organisation's current letterhead
	// (casework.Service.Renderer), for the safety plan printed for the
	// family; nil: the plan is not printed.
	Letters func(ctx context.Context) (*letters.Renderer, error)
}

// Service is the Interventieteam's use cases.
type Service struct{ cfg Config }

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil || cfg.Team == "" {
		return nil, errors.New("itteamsvc: store, clock and team are required")
	}
	if cfg.MIC == nil {
		ms, ok := cfg.Store.(MICStore)
		if !ok {
			return nil, errors.New("itteamsvc: a store for the incident reports is required")
		}
		cfg.MIC = ms
	}
	if cfg.Partners == nil {
		ps, ok := cfg.Store.(Partners)
		if !ok {
			return nil, errors.New("itteamsvc: the partner catalogue is required")
		}
		cfg.Partners = ps
	}
	return &Service{cfg: cfg}, nil
}

// Team is the IT team's name.
func (s *Service) Team() string { return s.cfg.Team }

// Audit actions of the Interventieteam.
const (
	ActionRefer     = "itcase.create"
	ActionUpdate    = "itcase.update"
	ActionView      = "itcase.view"
	ActionChecklist = "itteam.checklist.publish"
)

// resource is the case as the policy sees it.
func (s *Service) resource(c *itteam.Case) authz.Resource { return Resource(c) }

// Resource is the case as the policy sees it: a page that offers a form
// asks the policy about the same resource the service will decide on.
func Resource(c *itteam.Case) authz.Resource {
	sum := itteam.Summary{ID: c.ID, Team: c.Team, Status: c.Status, Admitted: c.Admission.Admitted, Duo: c.Duo}
	return summaryResource(&sum)
}

// summaryResource is the case as the policy sees it, from its summary:
// the same answer as from the whole case.
func summaryResource(c *itteam.Summary) authz.Resource {
	return authz.Resource{Kind: authz.KindCase, ID: c.ID, Teams: []string{c.Team}, Assigned: c.DuoIDs(),
		Closed: c.Closed() || !c.Admitted}
}

func worker(a authz.Actor) itteam.Worker { return itteam.Worker{ID: a.UserID, Name: a.Name} }

func (s *Service) entry(ctx context.Context, a authz.Actor, d authz.Decision, action string, id int64, reason string) audit.Entry {
	origin := "service"
	if rec, ok := audit.RecorderFrom(ctx); ok && rec.Template.Origin != "" {
		origin = rec.Template.Origin
	}
	e := audit.DecidedEntry(a, d.Role, origin, s.cfg.Clock.Now(), action, string(authz.KindITCase), strconv.FormatInt(id, 10))
	e.Reason = reason
	return e
}

// wrote tells the request's recorder the service wrote the entry.
func wrote(ctx context.Context) {
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Wrote(1)
	}
}

// CurrentChecklist is the version a new referral is assessed with: the
// latest published, or appendix 1 as version 1 on a fresh database.
func (s *Service) CurrentChecklist(ctx context.Context) (itteam.Checklist, error) {
	cl, err := s.cfg.Store.LatestChecklist(ctx)
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return itteam.Bijlage1(), nil
	}
	return cl, err
}

// ChecklistVersion returns version v (appendix 1 for 1 when none is
// stored yet).
func (s *Service) ChecklistVersion(ctx context.Context, v int) (itteam.Checklist, error) {
	cl, err := s.cfg.Store.Checklist(ctx, v)
	if toren.ErrorCode(err) == toren.CodeNotFound && v == 1 {
		return itteam.Bijlage1(), nil
	}
	return cl, err
}

// PublishChecklist stores a new checklist version (the functional
// administrator's task): the next version number, checked, never changed
// after.
func (s *Service) PublishChecklist(ctx context.Context, a authz.Actor, cl itteam.Checklist) (itteam.Checklist, error) {
	d := authz.Decide(a, authz.ActionCatalogueManage, authz.Resource{}, authz.Opts{Now: s.cfg.Clock.Now()})
	if !d.Allowed {
		return itteam.Checklist{}, d.Err()
	}
	cur, err := s.CurrentChecklist(ctx)
	if err != nil {
		return itteam.Checklist{}, err
	}
	cl.Version = cur.Version + 1
	if err := cl.Check(); err != nil {
		return itteam.Checklist{}, err
	}
	if cur.Version == 1 {
		// Version 1 may exist only as the built-in appendix; store it first
		// so that it stays readable beside the new one.
		if _, err := s.cfg.Store.Checklist(ctx, 1); toren.ErrorCode(err) == toren.CodeNotFound {
			if err := s.cfg.Store.PublishChecklist(ctx, cur, s.cfg.Clock.Now(), s.entry(ctx, a, d, ActionChecklist, 0, "version 1")); err != nil {
				return itteam.Checklist{}, err
			}
		}
	}
	e := s.entry(ctx, a, d, ActionChecklist, 0, "version "+strconv.Itoa(cl.Version))
	e.ObjectType, e.ObjectID = "it_checklist", strconv.Itoa(cl.Version)
	if err := s.cfg.Store.PublishChecklist(ctx, cl, s.cfg.Clock.Now(), e); err != nil {
		return itteam.Checklist{}, err
	}
	wrote(ctx)
	return cl, nil
}

// Referral is a referral to the Interventieteam with the checklist's
// answers and the admission decision.
type Referral struct {
	Family   string                   `json:"family"`
	CaseID   int64                    `json:"case_id,omitempty"`
	Referrer string                   `json:"referrer"`
	On       toren.Date               `json:"referred_on"`
	Answers  map[string]itteam.Answer `json:"answers"`
	Admitted bool                     `json:"admitted"`
	Reason   string                   `json:"reason"`
}

// Refer registers a referral, assessed with the current checklist.
func (s *Service) Refer(ctx context.Context, a authz.Actor, r Referral) (itteam.Case, error) {
	now := s.cfg.Clock.Now()
	d := authz.Decide(a, authz.ActionCaseCreate, authz.Resource{}, authz.Opts{Now: now})
	if !d.Allowed {
		return itteam.Case{}, d.Err()
	}
	cl, err := s.CurrentChecklist(ctx)
	if err != nil {
		return itteam.Case{}, err
	}
	c := itteam.Case{Version: 1, Family: r.Family, CaseID: r.CaseID, Team: s.cfg.Team, Referrer: r.Referrer, ReferredOn: r.On,
		ReferredBy: worker(a), Answers: r.Answers,
		Admission: itteam.Admission{Admitted: r.Admitted, Reason: r.Reason, DecidedBy: worker(a), DecidedOn: toren.DateOf(now)},
		CreatedAt: now, UpdatedAt: now}
	if c.Answers == nil {
		c.Answers = map[string]itteam.Answer{}
	}
	if err := itteam.Refer(&c, cl, toren.DateOf(now)); err != nil {
		return itteam.Case{}, err
	}
	verdict := "qualifies"
	if !c.Qualification.Qualifies {
		verdict = "does not qualify"
	}
	admitted := "admitted"
	if !c.Admission.Admitted {
		admitted = "not admitted"
	}
	e := s.entry(ctx, a, d, ActionRefer, 0, "checklist v"+strconv.Itoa(cl.Version)+" "+verdict+"; "+admitted)
	if c.ID, err = s.cfg.Store.CreateITCase(ctx, c, cl, e); err != nil {
		return itteam.Case{}, err
	}
	wrote(ctx)
	return c, nil
}

// ActionImport is the audit action of a case taken over from earlier
// registration.
const ActionImport = "itcase.import"

// Import registers a case from the team's earlier registration (a year
// kept elsewhere before Toren) as a whole: its verdict is recomputed with
// the checklist version it names, its registration is checked as
// SetRegistration checks it (its care providers against the partner
// catalogue), its status must be where its dated events lead, and it is
// stored with its audit entry.
func (s *Service) Import(ctx context.Context, a authz.Actor, c itteam.Case) (itteam.Case, error) {
	now := s.cfg.Clock.Now()
	d := authz.Decide(a, authz.ActionCaseCreate, authz.Resource{}, authz.Opts{Now: now})
	if !d.Allowed {
		return itteam.Case{}, d.Err()
	}
	cl, err := s.ChecklistVersion(ctx, c.Qualification.Version)
	if err != nil {
		return itteam.Case{}, err
	}
	if err := s.checkRegistration(ctx, &c.Registration, nil); err != nil {
		return itteam.Case{}, err
	}
	want := c.Status
	events := c.Events
	if err := itteam.Refer(&c, cl, toren.DateOf(now)); err != nil {
		return itteam.Case{}, err
	}
	c.Status = cases.ITReferred
	for _, e := range events {
		if e.From != c.Status {
			return itteam.Case{}, toren.Errorf(toren.CodeInvalid, "event on %s starts from %s, the case was %s", e.On, e.From, c.Status)
		}
		c.Status = e.To
	}
	if c.Status != want {
		return itteam.Case{}, toren.Errorf(toren.CodeInvalid, "status %s is not where the events lead (%s)", want, c.Status)
	}
	c.Team, c.Version, c.ID = s.cfg.Team, 1, 0
	e := s.entry(ctx, a, d, ActionImport, 0, "from earlier registration; checklist v"+strconv.Itoa(cl.Version))
	if c.ID, err = s.cfg.Store.CreateITCase(ctx, c, cl, e); err != nil {
		return itteam.Case{}, err
	}
	wrote(ctx)
	return c, nil
}

// View is what the actor may see of an IT case: the whole case, or at the
// signal level only that the family is known to the IT and whom to ask.
type View struct {
	Level authz.Level
	Known Known
	Case  *itteam.Case // nil below the full level
}

// Known is the signal: the family is known to the Interventieteam.
type Known struct {
	ID     int64           `json:"id"`
	Family string          `json:"family"`
	Team   string          `json:"team"`
	Duo    []itteam.Worker `json:"duo"`
}

// Get returns the case as far as the actor may see it.
func (s *Service) Get(ctx context.Context, a authz.Actor, id int64) (View, error) {
	c, err := s.cfg.Store.ITCase(ctx, id)
	if err != nil {
		return View{}, err
	}
	return s.view(a, c)
}

// Page returns the case for its page as far as the actor may see it, as
// Get does, except that of the safety plan's versions only the current
// one and version planVersion (0: none besides) are whole: the others
// hold their number, author and time, for the links to them. Only for
// showing: the case is never changed and stored from it.
func (s *Service) Page(ctx context.Context, a authz.Actor, id int64, planVersion int) (View, error) {
	c, err := s.cfg.Store.ITCaseForPage(ctx, id, planVersion)
	if err != nil {
		return View{}, err
	}
	return s.view(a, c)
}

func (s *Service) view(a authz.Actor, c itteam.Case) (View, error) {
	d := authz.Decide(a, authz.ActionCaseView, s.resource(&c), authz.Opts{Now: s.cfg.Clock.Now()})
	if !d.Allowed {
		return View{}, d.Err()
	}
	v := View{Level: d.Level, Known: Known{ID: c.ID, Family: c.Family, Team: c.Team, Duo: append([]itteam.Worker{}, c.Duo...)}}
	if d.Full() {
		v.Case = &c
	}
	return v, nil
}

// List returns the summaries of the cases the actor sees in full, newest
// referral first, and those known to the IT that the actor sees only as
// a signal. It reads the summaries the store keeps, not the cases.
func (s *Service) List(ctx context.Context, a authz.Actor) (full []itteam.Summary, known []Known, err error) {
	now := s.cfg.Clock.Now()
	if d := authz.Decide(a, authz.ActionCaseList, authz.Resource{}, authz.Opts{Now: now}); !d.Allowed {
		return nil, nil, d.Err()
	}
	all, err := s.cfg.Store.ITCaseSummaries(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i := range all {
		c := &all[i]
		d := authz.Decide(a, authz.ActionCaseView, summaryResource(c), authz.Opts{Now: now})
		switch {
		case d.Full():
			full = append(full, *c)
		case d.Allowed:
			known = append(known, Known{ID: c.ID, Family: c.Family, Team: c.Team, Duo: c.Duo})
		}
	}
	return full, known, nil
}

// change loads the case, asks the policy for action, applies fn and
// stores the result with its audit entry in one transaction (the version
// check refuses a lost update).
func (s *Service) change(ctx context.Context, a authz.Actor, id int64, action authz.Action, what string,
	fn func(c *itteam.Case, by itteam.Worker, now time.Time) error) (itteam.Case, error) {
	c, err := s.cfg.Store.ITCase(ctx, id)
	if err != nil {
		return itteam.Case{}, err
	}
	now := s.cfg.Clock.Now()
	d := authz.Decide(a, action, s.resource(&c), authz.Opts{Now: now})
	if err := d.ErrUnlessFull(); err != nil {
		return itteam.Case{}, err
	}
	if err := fn(&c, worker(a), now); err != nil {
		return itteam.Case{}, err
	}
	c.Version++
	c.UpdatedAt = now
	if err := s.cfg.Store.UpdateITCase(ctx, c, s.entry(ctx, a, d, ActionUpdate, c.ID, what)); err != nil {
		return itteam.Case{}, err
	}
	wrote(ctx)
	return c, nil
}

// AssignDuo names the two IT workers (the team leader of the IT team).
func (s *Service) AssignDuo(ctx context.Context, a authz.Actor, id int64, w1, w2 itteam.Worker) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseAssign, "duo", func(c *itteam.Case, _ itteam.Worker, _ time.Time) error {
		return c.AssignDuo(w1, w2)
	})
}

// ChangePhase moves the case through the process.
func (s *Service) ChangePhase(ctx context.Context, a authz.Actor, id int64, ch itteam.PhaseChange) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseTransition, "phase: "+string(ch.Transition), func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		return c.Apply(ch, by, now)
	})
}

// RateColour adds a colour code given by the actor.
func (s *Service) RateColour(ctx context.Context, a authz.Actor, id int64, r itteam.ColourRating) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "colour: "+string(r.Moment), func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		r.Rater = by
		return c.RateColour(r, toren.DateOf(now))
	})
}

// SetRegistration replaces the registration fields.
func (s *Service) SetRegistration(ctx context.Context, a authz.Actor, id int64, r itteam.Registration) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "registration", func(c *itteam.Case, _ itteam.Worker, _ time.Time) error {
		if err := s.checkRegistration(ctx, &r, c.Registration.CareProviders); err != nil {
			return err
		}
		c.Registration = r
		return nil
	})
}

// checkRegistration checks r against its lists, the involved care
// providers against the partner catalogue, and writes each provider as
// the catalogue spells it.
func (s *Service) checkRegistration(ctx context.Context, r *itteam.Registration, had []string) error {
	names := map[string]string{}
	if len(r.CareProviders) > 0 {
		choices, err := s.CareProviderChoices(ctx, had)
		if err != nil {
			return err
		}
		for _, c := range choices {
			names[itteam.ProviderKey(c.Name)] = c.Name
		}
	}
	r.CareProviders = slices.Clone(r.CareProviders)
	for i, name := range r.CareProviders {
		if canon, ok := names[itteam.ProviderKey(name)]; ok {
			r.CareProviders[i] = canon
		}
	}
	return r.Check(s.cfg.Municipality, func(name string) bool { _, ok := names[itteam.ProviderKey(name)]; return ok })
}

// ProviderChoice is an organisation a case may name as involved care
// provider.
type ProviderChoice struct {
	Name string
	// Inactive: a partner switched off (or gone from the catalogue) since
	// the case named it; it stays a choice of that case only.
	Inactive bool
}

// CareProviderChoices are the organisations a case that names had may
// choose from: the catalogue's active partners in the catalogue's order,
// then those of had that are no active partner (any more), so that a
// partner switched off later stays on the cases that had it.
func (s *Service) CareProviderChoices(ctx context.Context, had []string) ([]ProviderChoice, error) {
	all, err := s.cfg.Partners.ListPartners(ctx)
	if err != nil {
		return nil, fmt.Errorf("itteamsvc: partner catalogue: %w", err)
	}
	var out []ProviderChoice
	seen := map[string]bool{}
	for _, p := range all {
		if k := itteam.ProviderKey(p.Name); p.Active && !seen[k] {
			seen[k] = true
			out = append(out, ProviderChoice{Name: p.Name})
		}
	}
	for _, h := range had {
		if k := itteam.ProviderKey(h); !seen[k] {
			seen[k] = true
			out = append(out, ProviderChoice{Name: h, Inactive: true})
		}
	}
	return out, nil
}

// SavePlan adds a version of the safety plan.
func (s *Service) SavePlan(ctx context.Context, a authz.Actor, id int64, p itteam.Plan) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "safety plan", func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		return c.SavePlan(p, by, now)
	})
}

// SetAgreementStatus records an agreement's new status.
func (s *Service) SetAgreementStatus(ctx context.Context, a authz.Actor, id int64, n int, ch itteam.StatusChange) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "agreement "+strconv.Itoa(n)+": "+string(ch.Status), func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		ch.By = by
		return c.SetAgreementStatus(n, ch, now)
	})
}

// AddScaling records a round of scaling scores.
func (s *Service) AddScaling(ctx context.Context, a authz.Actor, id int64, round []itteam.ScalingScore) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "scaling", func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		for i := range round {
			round[i].By = by
		}
		return c.AddScaling(round, toren.DateOf(now))
	})
}

// AddMeeting records a (familie)netwerkberaad.
func (s *Service) AddMeeting(ctx context.Context, a authz.Actor, id int64, m itteam.Meeting) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "meeting", func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		m.By = by
		return c.AddMeeting(m, toren.DateOf(now))
	})
}

// AddMeetingEvaluation types in an evaluation form of meeting n.
func (s *Service) AddMeetingEvaluation(ctx context.Context, a authz.Actor, id int64, n int, f itteam.Form) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "meeting evaluation", func(c *itteam.Case, _ itteam.Worker, _ time.Time) error {
		return c.AddMeetingEvaluation(n, f)
	})
}

// AddClientEvaluation records the client evaluation.
func (s *Service) AddClientEvaluation(ctx context.Context, a authz.Actor, id int64, e itteam.ClientEvaluation) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "client evaluation", func(c *itteam.Case, by itteam.Worker, now time.Time) error {
		e.By = by
		return c.AddClientEvaluation(e, toren.DateOf(now))
	})
}

// EscalateCCB records the decision to escalate to the CCB protocol, taken
// by an IT worker of the duo, the team leader and the HG-overleg's chair
// together; the actor is one of them.
func (s *Service) EscalateCCB(ctx context.Context, a authz.Actor, id int64, e itteam.CCB) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "ccb: escalated", func(c *itteam.Case, _ itteam.Worker, now time.Time) error {
		var p toren.Problems
		if !slices.ContainsFunc(e.Deciders, func(d itteam.Decider) bool { return d.ID == a.UserID }) {
			broke(&p, "deciders", "actor_decides", "the user who records the decision is one of its deciders")
		}
		if err := p.Err(); err != nil {
			return err
		}
		return c.EscalateCCB(e, toren.DateOf(now))
	})
}

// RecordCCBOutcome records the CCB threat assessment's outcome and the
// safety actions that follow.
func (s *Service) RecordCCBOutcome(ctx context.Context, a authz.Actor, id int64, stelsel bool, on toren.Date, actions []itteam.CCBAction) (itteam.Case, error) {
	return s.change(ctx, a, id, authz.ActionCaseEdit, "ccb: outcome", func(c *itteam.Case, _ itteam.Worker, now time.Time) error {
		return c.RecordCCBOutcome(stelsel, on, actions, toren.DateOf(now))
	})
}

// Statistics computes the year's tables as of a date (team leaders,
// behavioural scientists and analysts: no names in them).
func (s *Service) Statistics(ctx context.Context, a authz.Actor, year int, asOf toren.Date) (itteam.YearStats, error) {
	d := authz.Decide(a, authz.ActionStatsView, authz.Resource{}, authz.Opts{Now: s.cfg.Clock.Now()})
	if !d.Allowed {
		return itteam.YearStats{}, d.Err()
	}
	var p toren.Problems
	if year < 2000 || year > 2100 {
		broke(&p, "year", "range", "year must be between 2000 and 2100")
	}
	if asOf.IsZero() {
		broke(&p, "as_of", "required", "as_of is required")
	}
	if err := p.Err(); err != nil {
		return itteam.YearStats{}, err
	}
	tally := itteam.NewTally(year, asOf)
	if err := s.cfg.Store.EachITCaseFacts(ctx, func(f *itteam.Facts) error { tally.Add(f); return nil }); err != nil {
		return itteam.YearStats{}, err
	}
	st := tally.Stats()
	var err error
	if st.MIC, err = s.cfg.MIC.MICCount(ctx, s.cfg.Team, year); err != nil {
		return itteam.YearStats{}, err
	}
	if st.MICBefore, err = s.cfg.MIC.MICCount(ctx, s.cfg.Team, year-1); err != nil {
		return itteam.YearStats{}, err
	}
	return st, nil
}

// Transitions lists the process's steps from the case's status, for the
// form.
func Transitions(c *itteam.Case) []cases.Transition[cases.ITStatus, cases.ITFacts] {
	return c.Possible()
}

// PrintedPlan is a version of the safety plan printed for the family.
type PrintedPlan struct {
	CaseID  int64
	Version int
	PDF     []byte
}

// Filename is the name the PDF is handed out under.
func (p PrintedPlan) Filename() string {
	return "veiligheidsplan-it-" + strconv.FormatInt(p.CaseID, 10) + "-versie-" + strconv.Itoa(p.Version) + ".pdf"
}

// PlanPDF prints version v of the case's safety plan (0: the current one)
// for the family, on the organisation's current letterhead: a copy that
// leaves Toren, so the actor must be allowed to export from the case (the
// IT team and the duo), and the export is audited before it is handed
// out; a refusal is audited too, as denied. CodeNotFound when the case
// has no such version.
func (s *Service) PlanPDF(ctx context.Context, a authz.Actor, id int64, v int) (PrintedPlan, error) {
	if s.cfg.Letters == nil {
		return PrintedPlan{}, errors.New("itteamsvc: no letter renderer configured")
	}
	c, err := s.cfg.Store.ITCase(ctx, id)
	if err != nil {
		return PrintedPlan{}, err
	}
	d := authz.Decide(a, authz.ActionExport, s.resource(&c), authz.Opts{Now: s.cfg.Clock.Now()})
	if err := d.ErrUnlessFull(); err != nil {
		// A refused read leaves its trace as every refused read does, here
		// with the IT case as its object and the policy's reason (the
		// gate's entry would name only a case number).
		e := s.entry(ctx, a, d, audit.ActionExport, c.ID, "safety plan as PDF for the family refused: "+d.Reason)
		e.Outcome = audit.OutcomeDenied
		if aerr := s.cfg.Store.AppendAudit(ctx, e); aerr != nil {
			return PrintedPlan{}, aerr
		}
		wrote(ctx)
		return PrintedPlan{}, err
	}
	p, ok := c.CurrentPlan()
	if v > 0 {
		p, ok = c.PlanVersion(v)
	}
	if !ok {
		return PrintedPlan{}, toren.Errorf(toren.CodeNotFound, "IT case %d has no safety plan version %d", id, v)
	}
	rd, err := s.cfg.Letters(ctx)
	if err != nil {
		return PrintedPlan{}, fmt.Errorf("itteamsvc: letterhead: %w", err)
	}
	doc, err := rd.SafetyPlan(safetyPlan(&c, &p))
	if err != nil {
		return PrintedPlan{}, fmt.Errorf("itteamsvc: safety plan of IT case %d: %w", id, err)
	}
	e := s.entry(ctx, a, d, audit.ActionExport, c.ID, "safety plan version "+strconv.Itoa(p.Version)+" as PDF for the family")
	if err := s.cfg.Store.AppendAudit(ctx, e); err != nil {
		return PrintedPlan{}, err
	}
	wrote(ctx)
	return PrintedPlan{CaseID: c.ID, Version: p.Version, PDF: doc.PDF}, nil
}

// safetyPlan composes the family's copy of plan p of case c.
func safetyPlan(c *itteam.Case, p *itteam.Plan) letters.SafetyPlan {
	sp := letters.SafetyPlan{Family: c.Family, Team: c.Team, Reference: "IT-casus " + strconv.FormatInt(c.ID, 10),
		Version: p.Version, Date: toren.DateOf(p.At), Dangers: p.Dangers, Strengths: p.Strengths,
		Exceptions: p.Exceptions, FamilyGoals: p.FamilyGoals, BottomLines: p.BottomLines}
	for _, wk := range c.Duo {
		sp.Duo = append(sp.Duo, wk.Name)
	}
	for _, ag := range p.Agreements {
		sp.Agreements = append(sp.Agreements, letters.PlanAgreement{Owner: ag.Owner, What: ag.What, When: ag.When, Check: ag.Check,
			CheckedBy: ag.CheckedBy, Status: ag.Status().NL()})
	}
	return sp
}

// CCBFlag is the warning on a page where the family appears: the family
// is escalated to the CCB protocol (a threatened family drama), known to
// the IT, and whom to ask.
type CCBFlag struct {
	ITCaseID  int64
	Team      string
	DecidedOn toren.Date
	Duo       []itteam.Worker
}

// CCBOfCase returns the flag of an IT case with a CCB escalation referred
// from the case file caseID, nil when there is none. The caller shows it
// where the case file is shown in full (need-to-know on the case file);
// the flag itself is the signal level of the IT case: that it exists,
// since when, and whom to ask.
func (s *Service) CCBOfCase(ctx context.Context, a authz.Actor, caseID int64) (*CCBFlag, error) {
	its, err := s.cfg.Store.ITCasesOfCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	for i := range its {
		c := &its[i]
		if c.CCB == nil || !authz.Decide(a, authz.ActionCaseView, s.resource(c), authz.Opts{Now: now}).Allowed {
			continue
		}
		return &CCBFlag{ITCaseID: c.ID, Team: c.Team, DecidedOn: c.CCB.DecidedOn, Duo: append([]itteam.Worker{}, c.Duo...)}, nil
	}
	return nil, nil
}

// broke records that field broke rule, msg saying so in English (the
// API's); the pages word the rule from the web's catalogue (it.rule.*).
func broke(p *toren.Problems, field, rule, msg string) { p.Add(field, rule, msg) }
