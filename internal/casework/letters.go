package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Letters made from a case: the closing letter to the family and the
// feedback letter to a professional reporter, composed from what the file
// holds by internal/letters on the organisation's current letterhead, and
// filed with their audit entries. A protected reporter's identity cannot
// reach a letter: the feedback letter takes its addressee only through
// letters.ReporterFrom.

// Letterheads gives the letterhead letters are printed on now, which the
// administrator may change while Toren runs (satisfied by
// *settings.Service).
type Letterheads interface {
	Letterhead(ctx context.Context) (letters.Letterhead, error)
}

// LetterRequest asks for the letters of one kind from a case. The field
// names are those a refusal names (the web form's and the API's alike).
type LetterRequest struct {
	Kind letters.Kind `json:"kind"`

	// A closing letter (kind closing): to the chosen persons of the case,
	// one letter each unless Joint, stating the case's active safety
	// conditions and the planned monitoring moments.
	Service letters.Service `json:"service,omitempty"`
	// ClosedOn is the day Veilig Thuis ended its involvement.
	ClosedOn toren.Date `json:"closed_on"`
	// Recipients are registry persons of the case's reports that may be
	// addressed (Addressable): victims, perpetrators and parents with a
	// postal address.
	Recipients []int64 `json:"recipients,omitempty"`
	Joint      bool    `json:"joint,omitempty"`
	// ConditionsUntil is the last day of the conditions that have no end
	// date of their own.
	ConditionsUntil toren.Date            `json:"conditions_until"`
	CaseDirection   letters.CaseDirection `json:"case_direction"`
	Note            string                `json:"note,omitempty"`

	// A feedback letter (kind feedback): to the professional reporter of
	// one of the case's reports.
	ReportID     int64            `json:"report_id,omitempty"`
	Concerning   string           `json:"concerning,omitempty"`
	Moment       letters.Moment   `json:"moment,omitempty"`
	DecidedOn    toren.Date       `json:"decided_on"`
	FollowUp     letters.FollowUp `json:"follow_up,omitempty"`
	Partners     []string         `json:"partners,omitempty"`
	ReporterRole string           `json:"reporter_role,omitempty"`
	// ShareConditions puts the safety conditions and the monitoring
	// moments in the letter; only for a reporter with a role in the
	// follow-up.
	ShareConditions bool `json:"share_conditions,omitempty"`
}

// Addressable reports whether a mention may be the addressee of a closing
// letter. A letter goes by post: only a victim, perpetrator or parent in
// the registry with a known address.
func Addressable(m reports.Mention) bool {
	return m.PersonID != 0 && (m.Role == reports.RoleVictim || m.Role == reports.RolePerpetrator || m.Role == reports.RoleParent) &&
		(m.Street != "" || m.Postcode != "")
}

// MakeLetters makes the letters req asks for from case caseID and files
// them: a must be allowed to generate letters on the case
// (letter.generate, in full). A closing letter to several persons is one
// letter each, unless req.Joint; all letters of the request are made
// before any is kept, and filed with their audit entries (letter.generate,
// naming the persons of the case) in one transaction: one refused, none
// is. The entries are the request's (its audit recorder) or, without one,
// a's own, as for every case write. Bad input is a toren.CodeInvalid error naming the request's
// fields. The letters are returned in the order filed.
func (s *Service) MakeLetters(ctx context.Context, a authz.Actor, caseID int64, req LetterRequest) ([]letters.Record, error) {
	if s.letters == nil {
		return nil, errors.New("casework: no letter renderer configured")
	}
	f, err := s.loadFor(ctx, a, caseID, authz.ActionLetterGenerate)
	if err != nil {
		return nil, err
	}
	rd, err := s.Renderer(ctx)
	if err != nil {
		return nil, err
	}
	var docs []letters.Document
	switch req.Kind {
	case letters.KindClosing:
		docs, err = s.closingLetters(ctx, rd, f, a, req)
	case letters.KindFeedback:
		var doc letters.Document
		if doc, err = s.feedbackLetter(ctx, rd, f, a, req); err == nil {
			docs = []letters.Document{doc}
		}
	default:
		var p toren.Problems
		broke(&p, "kind", "enum", "must be closing or feedback")
		err = p.Err()
	}
	if err != nil {
		return nil, letterFields(req.Kind, err)
	}
	at := s.clock.Now()
	recs := make([]*letters.Record, len(docs))
	for i, doc := range docs {
		rec := doc.Record(caseID, a.UserID, at, f.PersonIDs)
		recs[i] = &rec
	}
	if err := s.store.SaveLetters(audit.As(ctx, a, "casework"), recs); err != nil {
		return nil, err
	}
	out := make([]letters.Record, len(recs))
	for i, rec := range recs {
		out[i] = *rec
	}
	s.log.InfoContext(ctx, "letters made", "case", f.Case.Number, "kind", req.Kind, "letters", len(out))
	return out, nil
}

// Renderer is the renderer on the organisation's letterhead as the
// administrator last set it, for documents other than the case's letters
// (the Interventieteam's safety plan for the family).
func (s *Service) Renderer(ctx context.Context) (*letters.Renderer, error) {
	if s.letterheads == nil {
		return s.letters, nil
	}
	h, err := s.letterheads.Letterhead(ctx)
	if err != nil {
		return nil, fmt.Errorf("casework: letterhead: %w", err)
	}
	return s.letters.On(h)
}

// letterReports are the case's reports the actor may read in full, with
// their persons: the addressees of a closing letter and the reporters of
// a feedback letter come from them. A report also in another team's case
// that is closed to the actor is left out.
func (s *Service) letterReports(ctx context.Context, a authz.Actor, f *File) ([]*reports.Report, error) {
	var out []*reports.Report
	for _, ref := range f.Reports {
		r, err := s.store.GetReport(ctx, ref.ID)
		if err != nil {
			return nil, fmt.Errorf("casework: report %d of case %d: %w", ref.ID, f.Case.ID, err)
		}
		teams, err := s.store.ReportCaseTeams(ctx, ref.ID)
		if err != nil {
			return nil, fmt.Errorf("casework: report %d of case %d: %w", ref.ID, f.Case.ID, err)
		}
		res := authz.Resource{Kind: authz.KindReport, ID: r.ID, Teams: teams, ReporterProtected: r.Reporter.ProtectIdentity}
		if !authz.Decide(a, authz.ActionReportView, res, authz.Opts{Now: s.clock.Now()}).Full() {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// mentionOf returns the fullest mention of a person in the reports: one
// with an address when there is one.
func mentionOf(rs []*reports.Report, personID int64) (reports.Mention, bool) {
	var found reports.Mention
	ok := false
	for _, r := range rs {
		for _, m := range r.Persons {
			if m.PersonID != personID {
				continue
			}
			if !ok || (found.Street == "" && m.Street != "") {
				found, ok = m, true
			}
		}
	}
	return found, ok
}

// activeConditions are the case's safety conditions of the current
// episode that must hold, for a letter; those without an end date end on
// until.
func activeConditions(f *File, until toren.Date) []letters.SafetyCondition {
	var out []letters.SafetyCondition
	for _, c := range f.Conditions {
		if c.Episode != f.Episode || c.Status != ConditionActive {
			continue
		}
		u := c.Until
		if u.IsZero() {
			u = until
		}
		out = append(out, letters.SafetyCondition{What: c.Text, CheckedBy: c.CheckedBy, Until: u})
	}
	return out
}

// monitoringDates are the monitoring moments of the current episode, or
// the default ones after day when none are planned yet.
func monitoringDates(f *File, day toren.Date) []toren.Date {
	var out []toren.Date
	for _, m := range f.Monitoring {
		if m.Episode == f.Episode && m.Status != MomentCancelled {
			out = append(out, toren.DateOf(m.Due.In(toren.Amsterdam)))
		}
	}
	if len(out) == 0 {
		return letters.DefaultMonitoring(day)
	}
	return out
}

// signer is who signs a letter: the worker, with their role.
func signer(a authz.Actor) letters.Signer {
	sg := letters.Signer{Name: a.Name}
	if len(a.Roles) > 0 {
		sg.Function = SignerFunction(a.Roles[0])
	}
	return sg
}

// SignerFunction is a role as a letter's signature names it ("Cas
// Jansen, casemanager"). The words stay here rather than coming from the
// web's catalogue: a letter is a document of its own, worded with the
// letters (internal/letters' templates) and filed as it was sent, so its
// text is made where the letter is made. They are the pages' names of
// the roles (role.<code>) in a letter's lower case; the web's
// TestDocumentRecordedWords holds them equal.
func SignerFunction(r authz.Role) string {
	switch r {
	case authz.RoleIntake:
		return "medewerker frontoffice / crisisdienst"
	case authz.RoleCaseManager:
		return "casemanager"
	case authz.RoleMonitoring:
		return "medewerker Team Monitoring"
	case authz.RoleInterventionTeam:
		return "medewerker Interventieteam"
	case authz.RoleBehaviouralScientist:
		return "gedragswetenschapper"
	case authz.RoleTeamLeader:
		return "teamleider"
	case authz.RoleAnalyst:
		return "analist"
	case authz.RoleAdmin:
		return "functioneel beheerder"
	case authz.RolePrivacyOfficer:
		return "privacyfunctionaris"
	}
	return ""
}

// closingLetters makes the closing letter once per addressee, or one
// joint letter to all of them.
func (s *Service) closingLetters(ctx context.Context, rd *letters.Renderer, f *File, a authz.Actor, req LetterRequest) ([]letters.Document, error) {
	rs, err := s.letterReports(ctx, a, f)
	if err != nil {
		return nil, err
	}
	l := letters.ClosingLetter{CaseNumber: f.Case.Number, Date: toren.DateOf(s.clock.Now().In(toren.Amsterdam)),
		Service: req.Service, ClosedOn: req.ClosedOn, Note: req.Note, Signer: signer(a), CaseDirection: req.CaseDirection}
	var p toren.Problems
	for i, id := range req.Recipients {
		if slices.Contains(req.Recipients[:i], id) {
			broke(&p, "recipients", "duplicate", "an addressee is chosen twice")
			continue
		}
		if !slices.ContainsFunc(rs, func(r *reports.Report) bool { return hasAddressable(r, id) }) {
			broke(&p, "recipients", "choice", "choose addressees from the persons of the case with a postal address")
			continue
		}
		m, _ := mentionOf(rs, id)
		l.Recipients = append(l.Recipients, letters.AddresseeFrom(m))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	l.Conditions = activeConditions(f, req.ConditionsUntil)
	l.Monitoring = monitoringDates(f, l.ClosedOn)
	doc, err := rd.Closing(l)
	if err != nil {
		return nil, err
	}
	if req.Joint || len(l.Recipients) < 2 {
		return []letters.Document{doc}, nil
	}
	out := make([]letters.Document, 0, len(l.Recipients))
	for _, to := range l.Recipients {
		one := l
		one.Recipients = []letters.Addressee{to}
		d, err := rd.Closing(one)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// hasAddressable reports whether r names person id in a way that may be
// addressed.
func hasAddressable(r *reports.Report, id int64) bool {
	return slices.ContainsFunc(r.Persons, func(m reports.Mention) bool { return m.PersonID == id && Addressable(m) })
}

// feedbackLetter makes the feedback letter to the reporter of one of the
// case's reports.
func (s *Service) feedbackLetter(ctx context.Context, rd *letters.Renderer, f *File, a authz.Actor, req LetterRequest) (letters.Document, error) {
	rs, err := s.letterReports(ctx, a, f)
	if err != nil {
		return letters.Document{}, err
	}
	i := slices.IndexFunc(rs, func(r *reports.Report) bool { return r.ID == req.ReportID })
	if i < 0 {
		var p toren.Problems
		broke(&p, "report_id", "required", "choose one of the case's reports")
		return letters.Document{}, p.Err()
	}
	rep := rs[i]
	l := letters.FeedbackLetter{CaseNumber: f.Case.Number, Date: toren.DateOf(s.clock.Now().In(toren.Amsterdam)),
		ReportNumber: rep.Number, Reporter: letters.ReporterFrom(rep.Reporter), ReportedOn: toren.DateOf(rep.ReceivedAt.In(toren.Amsterdam)),
		Concerning: req.Concerning, Moment: req.Moment, DecidedOn: req.DecidedOn, FollowUp: req.FollowUp,
		ReporterRole: req.ReporterRole, Signer: signer(a)}
	for _, partner := range req.Partners {
		if partner = strings.TrimSpace(partner); partner != "" {
			l.Partners = append(l.Partners, partner)
		}
	}
	if req.ShareConditions {
		l.Conditions = activeConditions(f, l.DecidedOn.AddDate(1, 0, 0))
		l.Monitoring = monitoringDates(f, l.DecidedOn)
	}
	return rd.Feedback(l)
}

// letterFields names the request's fields in the letter's own validation
// errors: an addressee's address is the choice of recipients, a
// condition's end date the conditions' default end, the reporter the
// report chosen, the shared conditions the choice to share them.
func letterFields(kind letters.Kind, err error) error {
	var te *toren.Error
	if !errors.As(err, &te) || len(te.Fields) == 0 {
		return err
	}
	out := *te
	out.Fields = slices.Clone(te.Fields)
	for i, fe := range out.Fields {
		f := fe.Field
		switch {
		case strings.HasPrefix(f, "recipients"):
			f = "recipients"
		case strings.HasPrefix(f, "conditions[") && strings.HasSuffix(f, ".until") && kind == letters.KindClosing:
			f = "conditions_until"
		case (f == "conditions" || f == "monitoring") && kind == letters.KindFeedback:
			f = "share_conditions"
		case f == "reporter" || strings.HasPrefix(f, "reporter."), f == "report_number", f == "reported_on":
			f = "report_id"
		case strings.HasPrefix(f, "partners"):
			f = "partners"
		}
		out.Fields[i].Field = f
	}
	return &out
}
