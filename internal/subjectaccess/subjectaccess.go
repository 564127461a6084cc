// Package subjectaccess is the data subject's right of access (AVG art.
// 15) and the record of their objections (art. 16): the privacy officer
// compiles, for one registry person, everything Toren holds about them —
// the registry record, every report naming them, the case files about
// them, the letters sent and who looked at their file — as JSON for the
// file and as PDF for the person. Third parties and a protected reporter
// are redacted by the rules that protect them elsewhere; the compilation
// itself is in the audit log. A contested statement gets a note attached
// to it; the original is never changed.
package subjectaccess

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/itteam"
	"toren/internal/letters"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Store is what the service reads and writes (satisfied by *store.DB).
type Store interface {
	GetPerson(ctx context.Context, id int64) (persons.Person, error)
	MentionsOfPerson(ctx context.Context, personID int64) ([]intake.PersonMention, error)
	GetReport(ctx context.Context, id int64) (*reports.Report, error)
	CasesOfReport(ctx context.Context, reportID int64) ([]cases.Ref, error)
	CaseFile(ctx context.Context, caseID int64) (*casework.File, error)
	// CasesWithContact lists the cases that recorded a contact with the
	// person, whether or not a report of the case names them.
	CasesWithContact(ctx context.Context, personID int64) ([]int64, error)
	// ListLetters lists a case's generated letters (without their text);
	// GetLetter reads one with its text.
	ListLetters(ctx context.Context, caseID int64) ([]letters.Record, error)
	GetLetter(ctx context.Context, id int64) (*letters.Record, error)
	// ITCasesOfCase lists the Interventieteam cases referred from a case.
	ITCasesOfCase(ctx context.Context, caseID int64) ([]itteam.Case, error)
	AuditForPerson(ctx context.Context, personID int64, limit int) ([]audit.Entry, error)
	Rectifications(ctx context.Context, personID int64) ([]Rectification, error)
	AddRectification(ctx context.Context, r Rectification, entry audit.Entry) (int64, error)
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
}

// Audit actions.
const (
	ActionAccessCopy = string(authz.ActionPersonAccessRequest) // an access copy compiled
	ActionRectify    = "person.rectify"                        // an objection recorded
)

// Redaction marks.
const (
	MarkThirdParty = "[derde]"
	MarkReporter   = "[melder afgeschermd]"
)

// accessLogLimit bounds the access log in a copy (newest first; the
// store reads at most 1000 at once); the copy says so when
// the log is longer.
const accessLogLimit = 999

// ObjectKind is what a rectification is attached to.
type ObjectKind string

const (
	ObjectPerson ObjectKind = "person"
	ObjectReport ObjectKind = "report"
	ObjectCase   ObjectKind = "case"
)

// Rectification is a data subject's objection to a statement, attached
// to the record it is about. The record itself is not changed.
type Rectification struct {
	ID         int64      `json:"id"`
	PersonID   int64      `json:"person_id"`
	ObjectKind ObjectKind `json:"object_kind"`
	// ObjectRef is the report or case number, or the person's number.
	ObjectRef string `json:"object_ref"`
	// Statement is what the person contests, in their words or quoted.
	Statement string `json:"statement"`
	// Note is the person's account and what Veilig Thuis did with it.
	Note string `json:"note"`
	// Changed is what was changed in Toren as the result (the record,
	// the field, from what to what); empty when nothing was changed and
	// the objection is only attached to the record.
	Changed    string    `json:"changed"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Copy is the access copy of one person.
type Copy struct {
	CompiledAt time.Time      `json:"compiled_at"`
	CompiledBy string         `json:"compiled_by"`
	Subject    persons.Person `json:"subject"`
	Reports    []ReportCopy   `json:"reports"`
	Cases      []CaseCopy     `json:"cases"`
	AccessLog  []Access       `json:"access_log"`
	// AccessLogTruncated is true when the log had more entries than the
	// copy holds.
	AccessLogTruncated bool            `json:"access_log_truncated,omitempty"`
	Rectifications     []Rectification `json:"rectifications"`
	// Redactions explains what was left out and why.
	Redactions []string `json:"redactions"`
}

// ReportCopy is a report as the subject may see it.
type ReportCopy struct {
	Number        string                 `json:"number"`
	Kind          reports.Kind           `json:"kind"`
	ReceivedAt    time.Time              `json:"received_at"`
	Channel       reports.Channel        `json:"channel"`
	Reporter      reports.Reporter       `json:"reporter"`
	Acute         bool                   `json:"acute"`
	ViolenceTypes []reports.ViolenceType `json:"violence_types"`
	Description   string                 `json:"description"`
	// SubjectAs is how the report named the subject.
	SubjectAs []reports.Mention `json:"subject_as"`
	// Others are the other persons named, by role only.
	Others []reports.Role `json:"others"`
}

// CaseCopy is a case file as the subject may see it.
type CaseCopy struct {
	Number     string       `json:"number"`
	Status     cases.Status `json:"status"`
	Team       string       `json:"team"`
	OpenedAt   time.Time    `json:"opened_at"`
	Steps      []Step       `json:"steps"`
	Phases     []Entry      `json:"phases"`
	Decisions  []Entry      `json:"decisions"`
	Contacts   []Entry      `json:"contacts"`
	Informants []Entry      `json:"informants"`
	Agreements []Entry      `json:"agreements"`
	Conditions []Entry      `json:"conditions"`
	Handovers  []Entry      `json:"handovers"`
	Monitoring []Entry      `json:"monitoring"`
	Signals    []Entry      `json:"signals"`
	// Feedback is what was fed back to the reporter about the case.
	Feedback    []Entry `json:"feedback"`
	LettersSent []Entry `json:"letters_sent"`
	// Letters are the letters Toren generated in the case: the text of
	// those addressed to the subject, the kind and date of the others.
	Letters []Letter `json:"letters"`
	// PoliceReports are the disclosures to the police: to whom, when and on
	// which legal ground (AVG art. 15(1)(c): the recipients).
	PoliceReports []Entry `json:"police_reports"`
	// Interventieteam are the IT cases referred from this case.
	Interventieteam []ITCaseCopy `json:"interventieteam"`
}

// ITCaseCopy is an Interventieteam case as the subject may see it: its
// course, every version of the safety plan, the network meetings and the
// scaling scores; participants and raters other than the subject are
// third parties.
type ITCaseCopy struct {
	Team       string    `json:"team"`
	Status     string    `json:"status"`
	ReferredOn string    `json:"referred_on"`
	Steps      []Entry   `json:"steps"`
	Plans      []Entry   `json:"plans"`
	Meetings   []Entry   `json:"meetings"`
	Scaling    []Entry   `json:"scaling"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Letter is a letter generated in a case.
type Letter struct {
	At time.Time `json:"at"`
	// Kind is closing or feedback.
	Kind letters.Kind `json:"kind"`
	// ToSubject is true when the letter is addressed to the subject.
	ToSubject bool `json:"to_subject"`
	// Text is the letter's text (only of a letter to the subject).
	Text string `json:"text,omitempty"`
}

// Step is a move of the case through the process.
type Step struct {
	At     time.Time    `json:"at"`
	From   cases.Status `json:"from"`
	To     cases.Status `json:"to"`
	Reason string       `json:"reason,omitempty"`
}

// Entry is a dated line of a case file.
type Entry struct {
	At   time.Time `json:"at"`
	What string    `json:"what"`
	Text string    `json:"text,omitempty"`
}

// Access is one line of who looked at or changed the subject's file.
type Access struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`
	Role   string    `json:"role"`
	Action string    `json:"action"`
	Object string    `json:"object"`
}

// accessObject names what an access-log entry was about as the copy may
// show it: the subject's own data, or a report or case of the copy by its
// number. Anything else (another person, whom an entry about a merge or a
// household names; an object the copy does not hold) is named by its kind
// only: its internal number could be another person's registry number,
// which is a third party's data.
func accessObject(numbers map[string]string, kind, id string) string {
	if n, ok := numbers[kind+" "+id]; ok {
		return n
	}
	if kind == "person" {
		return "een andere persoon " + MarkThirdParty
	}
	return kind
}

// Service compiles access copies and records objections.
type Service struct {
	store Store
	clock toren.Clock
	words Words
}

// Words names a code of one of the code lists the copy shows, in the
// copy's language: list is the list's name in the web's catalogue
// (case.legal-ground, case.channel, ...). The wiring gives the
// catalogue's (web.CodeWord), so the copy names a legal ground, a channel
// or a status as the pages do and the words are written once. The copy's
// own sentences around them ("contact met u", the PDF's headings) stay
// here: the copy is a document of its own, compiled when asked for and
// never stored. Nil: the codes themselves.
type Words func(list, code string) string

// New returns the service; words names the codes in the copy.
func New(s Store, clock toren.Clock, words Words) *Service {
	return &Service{store: s, clock: clock, words: words}
}

func (s *Service) allow(a authz.Actor, personID int64) (authz.Decision, error) {
	d := authz.Decide(a, authz.ActionPersonAccessRequest, authz.Resource{Kind: authz.KindPerson, ID: personID},
		authz.Opts{Now: s.clock.Now(), Purpose: authz.PurposeAccessRequest})
	if !d.Allowed {
		return d, toren.Errorf(toren.CodeForbidden, "%s", d.Reason)
	}
	return d, nil
}

func entry(a authz.Actor, d authz.Decision, origin string, at time.Time, action string, personID int64) audit.Entry {
	e := audit.DecidedEntry(a, d.Role, origin, at, action, "person", strconv.FormatInt(personID, 10))
	e.PersonIDs = []int64{personID}
	return e
}

// Compile builds the access copy of person personID. The audit log records
// that the copy was made (before it is handed out: a copy that fails to
// be recorded is not made).
func (s *Service) Compile(ctx context.Context, a authz.Actor, personID int64, origin string) (*Copy, error) {
	d, err := s.allow(a, personID)
	if err != nil {
		return nil, err
	}
	subject, err := s.store.GetPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	c := &Copy{CompiledAt: now, CompiledBy: a.Name, Subject: subject, Reports: []ReportCopy{}, Cases: []CaseCopy{},
		AccessLog: []Access{}, Rectifications: []Rectification{}}
	ms, err := s.store.MentionsOfPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	var reportIDs []int64
	for _, m := range ms {
		if !slices.Contains(reportIDs, m.ReportID) {
			reportIDs = append(reportIDs, m.ReportID)
		}
	}
	red := newRedactor(subject, s.words)
	var full []*reports.Report
	for _, id := range reportIDs {
		r, err := s.store.GetReport(ctx, id)
		if err != nil {
			return nil, err
		}
		full = append(full, r)
		red.learnReport(r, personID)
	}
	var caseIDs []int64
	for _, r := range full {
		refs, err := s.store.CasesOfReport(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, ref := range refs {
			if !slices.Contains(caseIDs, ref.ID) {
				caseIDs = append(caseIDs, ref.ID)
			}
		}
	}
	// A case that spoke with the subject without a report naming them.
	contacted, err := s.store.CasesWithContact(ctx, personID)
	if err != nil {
		return nil, err
	}
	for _, id := range contacted {
		if !slices.Contains(caseIDs, id) {
			caseIDs = append(caseIDs, id)
		}
	}
	var files []*casework.File
	letterTexts := map[int64][]*letters.Record{}
	itCases := map[int64][]itteam.Case{}
	for _, id := range caseIDs {
		f, err := s.store.CaseFile(ctx, id)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		for _, ct := range f.Contacts {
			if ct.PersonID != personID {
				red.learnName(ct.With, MarkThirdParty)
			}
		}
		// An informant is a third party: their name, organisation and
		// contact details are hidden wherever free text names them.
		for _, in := range f.Informants {
			red.learnName(in.Name, MarkThirdParty)
			red.learnName(in.Organisation, MarkThirdParty)
			red.add(in.Phone, MarkThirdParty)
			red.add(in.Email, MarkThirdParty)
		}
		for _, l := range f.Letters {
			if !red.isSubject(l.Recipient) {
				red.learnName(l.Recipient, MarkThirdParty)
			}
		}
		its, err := s.store.ITCasesOfCase(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, it := range its {
			red.learnIT(it)
		}
		itCases[id] = its
		ls, err := s.store.ListLetters(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if red.isSubject(l.Recipient) {
				full, err := s.store.GetLetter(ctx, l.ID)
				if err != nil {
					return nil, err
				}
				letterTexts[id] = append(letterTexts[id], full)
				continue
			}
			red.learnName(l.Recipient, MarkThirdParty)
			letterTexts[id] = append(letterTexts[id], &l)
		}
	}
	for _, r := range full {
		c.Reports = append(c.Reports, red.report(r, personID))
	}
	for _, f := range files {
		cc := red.caseFile(f, personID)
		for _, l := range letterTexts[f.Case.ID] {
			lc := Letter{At: l.CreatedAt, Kind: l.Kind, ToSubject: red.isSubject(l.Recipient)}
			if lc.ToSubject {
				lc.Text = red.text(htmlText(l.HTML))
			}
			cc.Letters = append(cc.Letters, lc)
		}
		cc.Interventieteam = []ITCaseCopy{}
		for _, it := range itCases[f.Case.ID] {
			cc.Interventieteam = append(cc.Interventieteam, red.itCase(it))
		}
		c.Cases = append(c.Cases, cc)
	}
	log, err := s.store.AuditForPerson(ctx, personID, accessLogLimit+1)
	if err != nil {
		return nil, err
	}
	if len(log) > accessLogLimit {
		log, c.AccessLogTruncated = log[:accessLogLimit], true
	}
	numbers := map[string]string{"person " + strconv.FormatInt(personID, 10): "uw gegevens"}
	for _, r := range full {
		numbers["report "+strconv.FormatInt(r.ID, 10)] = "melding " + r.Number
	}
	for _, f := range files {
		numbers["case "+strconv.FormatInt(f.Case.ID, 10)] = "dossier " + f.Case.Number
	}
	for _, e := range log {
		c.AccessLog = append(c.AccessLog, Access{At: e.At, Who: e.ActorName, Role: e.Role, Action: e.Action,
			Object: accessObject(numbers, e.ObjectType, e.ObjectID)})
	}
	if c.Rectifications, err = s.store.Rectifications(ctx, personID); err != nil {
		return nil, err
	}
	c.Redactions = []string{
		"Andere personen in een melding of dossier zijn derden: alleen hun rol staat in dit overzicht; hun namen, BSN, telefoonnummers en adressen zijn in vrije tekst vervangen door " + MarkThirdParty + ".",
		"Een melder die heeft gevraagd anoniem te blijven tegenover het gezin is afgeschermd: naam, functie, organisatie, relatie en contactgegevens zijn weggelaten en in vrije tekst vervangen door " + MarkReporter + ".",
		"Van een melder die niet is afgeschermd staan soort, naam, organisatie en functie in het overzicht, zonder telefoonnummer en e-mailadres.",
		"Informanten (beroepskrachten die Veilig Thuis informatie gaven) en geadresseerden van brieven aan anderen zijn derden: van een brief aan een ander staan alleen soort en datum in het overzicht.",
		"In het overzicht van wie uw gegevens inzag of wijzigde staat een andere persoon als " + MarkThirdParty + ", zonder naam of nummer; een melding of dossier staat er met het nummer dat ook in dit overzicht staat.",
		"Vrije tekst is automatisch geschoond op de namen die Toren kent; de privacyfunctionaris leest het overzicht na voordat het wordt verstrekt.",
	}
	e := entry(a, d, origin, now, ActionAccessCopy, personID)
	e.Reason = fmt.Sprintf("access copy: %d reports, %d cases, %d log lines", len(c.Reports), len(c.Cases), len(c.AccessLog))
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return nil, err
	}
	wrote(ctx)
	return c, nil
}

// Rectifications lists the objections recorded for the person.
func (s *Service) Rectifications(ctx context.Context, a authz.Actor, personID int64) ([]Rectification, error) {
	if _, err := s.allow(a, personID); err != nil {
		return nil, err
	}
	return s.store.Rectifications(ctx, personID)
}

// wrote tells the request's recorder that the service wrote its own audit
// entry, so the access gate writes no second one.
func wrote(ctx context.Context) {
	if rec, ok := audit.RecorderFrom(ctx); ok {
		rec.Wrote(1)
	}
}

// RectifyRequest records an objection.
type RectifyRequest struct {
	PersonID   int64
	ObjectKind ObjectKind
	ObjectRef  string
	Statement  string
	Note       string
	// Changed: what was changed as the result; empty: nothing.
	Changed string
}

// Rectify attaches the person's objection to the record it is about.
func (s *Service) Rectify(ctx context.Context, a authz.Actor, req RectifyRequest, origin string) (Rectification, error) {
	d, err := s.allow(a, req.PersonID)
	if err != nil {
		return Rectification{}, err
	}
	var p toren.Problems
	switch req.ObjectKind {
	case ObjectPerson, ObjectReport, ObjectCase:
	default:
		p.Add("object_kind", "enum", "must be person, report or case")
	}
	req.Statement, req.Note, req.ObjectRef = strings.TrimSpace(req.Statement), strings.TrimSpace(req.Note), strings.TrimSpace(req.ObjectRef)
	req.Changed = strings.TrimSpace(req.Changed)
	if req.Statement == "" {
		p.Add("statement", "required", "say which statement the person contests")
	}
	if len(req.Note) < 10 {
		p.Add("note", "sentence", "note must say what the person says, in at least 10 characters")
	}
	for _, f := range []struct{ name, v string }{{"statement", req.Statement}, {"note", req.Note}, {"changed", req.Changed}, {"object_ref", req.ObjectRef}} {
		if len(f.v) > 4000 || strings.ContainsRune(f.v, 0) || strings.ContainsRune(f.v, '\uFFFD') {
			p.Add(f.name, "text", "must be text of at most 4000 bytes")
		}
	}
	if err := p.Err(); err != nil {
		return Rectification{}, err
	}
	if err := s.belongs(ctx, req); err != nil {
		return Rectification{}, err
	}
	now := s.clock.Now()
	r := Rectification{PersonID: req.PersonID, ObjectKind: req.ObjectKind, ObjectRef: req.ObjectRef, Statement: req.Statement,
		Note: req.Note, Changed: req.Changed, RecordedBy: a.Name, RecordedAt: now}
	if r.ObjectKind == ObjectPerson {
		r.ObjectRef = strconv.FormatInt(req.PersonID, 10)
	}
	e := entry(a, d, origin, now, ActionRectify, req.PersonID)
	// The log holds no personal data: whether something changed, not what.
	e.Reason = "objection to " + string(r.ObjectKind) + " " + r.ObjectRef + "; nothing changed"
	if r.Changed != "" {
		e.Reason = "objection to " + string(r.ObjectKind) + " " + r.ObjectRef + "; record changed (see the rectification)"
	}
	if r.ID, err = s.store.AddRectification(ctx, r, e); err != nil {
		return Rectification{}, err
	}
	wrote(ctx)
	return r, nil
}

// belongs checks that the report or case named is one about the person.
func (s *Service) belongs(ctx context.Context, req RectifyRequest) error {
	if _, err := s.store.GetPerson(ctx, req.PersonID); err != nil {
		return err
	}
	if req.ObjectKind == ObjectPerson {
		return nil
	}
	ms, err := s.store.MentionsOfPerson(ctx, req.PersonID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if req.ObjectKind == ObjectReport && m.ReportNumber == req.ObjectRef {
			return nil
		}
		if req.ObjectKind == ObjectCase {
			refs, err := s.store.CasesOfReport(ctx, m.ReportID)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(refs, func(r cases.Ref) bool { return r.Number == req.ObjectRef }) {
				return nil
			}
		}
	}
	var p toren.Problems
	p.Add("object_ref", "about_person", fmt.Sprintf("%s %q is not about this person", req.ObjectKind, req.ObjectRef))
	return p.Err()
}
