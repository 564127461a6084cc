package casework

import (
	"context"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/letters"
	"toren/internal/partners"
	"toren/internal/reports"
)

// Store keeps case files (satisfied by *store.DB). Every write runs in one
// transaction together with its audit entry, which it builds from the
// audit.Recorder in ctx (the Service puts one there); a write without a
// recorder fails. Writes that race carry the version that was read and
// return a toren.CodeConflict error when it no longer matches; every write
// to a case raises the case's version, so a step decided on facts that
// changed meanwhile is refused too.
type Store interface {
	// Reads.
	GetReport(ctx context.Context, id int64) (*reports.Report, error)
	ReportCaseTeams(ctx context.Context, reportID int64) ([]string, error)
	// TeamExists reports whether a team of that name exists.
	TeamExists(ctx context.Context, name string) (bool, error)
	Worker(ctx context.Context, id int64) (Worker, error)
	// CaseFile returns the case with every record, the derived parts empty.
	CaseFile(ctx context.Context, caseID int64) (*File, error)
	// CaseFiles returns the files of those of ids that exist, in the order
	// of ids, with the parts asked for, in a few queries for all (the
	// lists and queues read many files at once).
	CaseFiles(ctx context.Context, ids []int64, parts Parts) ([]*File, error)
	// DecisionCase returns the case a decision belongs to.
	DecisionCase(ctx context.Context, decisionID int64) (int64, error)
	// CasesOfReport returns the cases a report is in, newest first.
	CasesOfReport(ctx context.Context, reportID int64) ([]cases.Ref, error)
	// QueueCases returns the cases that are not final of a team or of a
	// worker (by active assignment).
	QueueCases(ctx context.Context, scope QueueScope) ([]int64, error)
	// TriageReports returns one page of the reports in triage (in no case
	// yet, not advice requests) that match q, and how many match in all.
	TriageReports(ctx context.Context, q TriageQuery) ([]TriageRow, int, error)
	// CasesAwaitingApproval returns the cases with a proposed decision.
	CasesAwaitingApproval(ctx context.Context) ([]int64, error)
	// ListLetters returns the letters of a case, oldest first, without
	// their text; GetLetter one letter with it.
	ListLetters(ctx context.Context, caseID int64) ([]letters.Record, error)
	GetLetter(ctx context.Context, id int64) (*letters.Record, error)
	// ListPartners returns the partner catalogue.
	ListPartners(ctx context.Context) ([]partners.Partner, error)
	// HandoverCase returns the case a handover belongs to.
	HandoverCase(ctx context.Context, handoverID int64) (int64, error)
	// PartnerHandoverCases returns the cases with a handover to the
	// catalogue partner that is proposed or accepted.
	PartnerHandoverCases(ctx context.Context, partnerID int64) ([]int64, error)
	// CaseMentions returns the persons the case's reports name, one row per
	// mention, with the registry person's identity where linked.
	CaseMentions(ctx context.Context, caseID int64) ([]MentionedPerson, error)
	// AuditForCase returns the audit entries about a case, newest first.
	AuditForCase(ctx context.Context, caseID int64, limit int) ([]audit.Entry, error)

	// Writes.

	// SaveLetters files the letters of one request, each with its audit
	// entry (letter.generate), in one transaction: all or none. The actor
	// is that of the audit recorder in ctx, which must be each letter's
	// CreatedBy; without a recorder nothing is stored.
	SaveLetters(ctx context.Context, ls []*letters.Record) error

	// OpenCase stores the case with its reports and first history record.
	// A report already in a case that is not final is a CodeConflict.
	OpenCase(ctx context.Context, c *cases.Case, first TransitionRecord) error
	AssignCase(ctx context.Context, caseID int64, version int, team string, workers []AssignedWorker, by Stamp) error
	// ApplyTransition moves the case from tr.From to tr.To. For a
	// reopening it stores sig (when not nil), marks every waiting signal
	// consumed by the new episode and cancels the planned monitoring
	// moments.
	ApplyTransition(ctx context.Context, caseID int64, version int, tr *TransitionRecord, sig *Signal) error
	// ProposeDecision stores a proposed decision. Another proposed
	// decision of the same kind in the episode is a CodeConflict.
	ProposeDecision(ctx context.Context, d *Decision) error
	// DecideDecision stores the approval or refusal of d (d.Version is the
	// version read) and, for an approval with a step, applies tr with the
	// case's version check.
	DecideDecision(ctx context.Context, d *Decision, caseVersion int, tr *TransitionRecord) error
	AddContact(ctx context.Context, caseID int64, c *Contact) error
	AddInformant(ctx context.Context, caseID int64, in *Informant) error
	AddAgreement(ctx context.Context, caseID int64, ag *Agreement) error
	// UpdateAgreement stores ag's status and note (ag.Version is the version read).
	UpdateAgreement(ctx context.Context, caseID int64, ag *Agreement, by Stamp) error
	AddCondition(ctx context.Context, caseID int64, c *Condition) error
	// UpdateCondition stores c's status and note, and sig when not nil.
	UpdateCondition(ctx context.Context, caseID int64, c *Condition, by Stamp, sig *Signal) error
	SetPhase(ctx context.Context, caseID int64, p *PhaseRecord) error
	// ProposeHandover stores a proposed handover with its conditions. A
	// handover of the episode that is proposed or accepted is a CodeConflict.
	ProposeHandover(ctx context.Context, caseID int64, h *Handover) error
	// RespondHandover stores the partner's answer (h.Version is the
	// version read) and, on acceptance, the monitoring moments.
	RespondHandover(ctx context.Context, caseID int64, h *Handover, moments []MonitoringMoment) error
	// TakeOver stores t in one transaction: the handover's answer
	// (t.Handover.Version is the version read) with its moments, the move
	// of the case to t.Team with t.Workers, and t.Transition.
	TakeOver(ctx context.Context, caseID int64, t *Takeover) error
	// CasesAwaitingHandover returns the cases in status handover with a
	// proposed handover to team.
	CasesAwaitingHandover(ctx context.Context, team string) ([]int64, error)
	AddFeedback(ctx context.Context, caseID int64, fb *Feedback) error
	RecordLetter(ctx context.Context, caseID int64, l *LetterSent) error
	// RecordMonitoring stores the moment as done with its checks
	// (m.Version is the version read), marks the breached conditions, and
	// stores sig and applies reopen when they are not nil.
	RecordMonitoring(ctx context.Context, caseID int64, m *MonitoringMoment, breached []int64, sig *Signal, caseVersion int, reopen *TransitionRecord) error
	// AddPoliceReport stores a report to the police; its audit entries
	// record it as a disclosure (an export of case content).
	AddPoliceReport(ctx context.Context, caseID int64, pr *PoliceReport) error
}

// QueueScope names whose queue: a team's or a worker's.
type QueueScope struct {
	Team     string
	WorkerID int64
}

// Audit actions of case writes (NEN 7513: what was done).
const (
	ActionCaseOpen         = "case.create"
	ActionCaseAssign       = "case.assign"
	ActionCaseTransition   = "case.transition"
	ActionDecisionPropose  = "decision.propose"
	ActionDecisionApprove  = "decision.approve"
	ActionDecisionRefuse   = "decision.refuse"
	ActionContactAdd       = "case.contact.add"
	ActionInformantAdd     = "case.informant.add"
	ActionAgreementAdd     = "case.agreement.add"
	ActionAgreementUpdate  = "case.agreement.update"
	ActionConditionAdd     = "case.condition.add"
	ActionConditionUpdate  = "case.condition.update"
	ActionPhaseSet         = "case.phase.set"
	ActionHandoverPropose  = "case.handover"
	ActionHandoverRespond  = "case.handover.respond"
	ActionFeedbackAdd      = "case.feedback.add"
	ActionLetterRecord     = "case.letter.record"
	ActionMonitoringRecord = "case.monitoring.record"
	ActionPoliceReport     = "case.police_report"
	// ActionDisclosure is the audit action of every copy of content that
	// leaves Toren (NEN 7513: export), written beside the record of it.
	ActionDisclosure = audit.ActionExport
)

// TransitionOpen names the first history record of a case: its opening.
// It is not a step of the process machine.
const TransitionOpen cases.TransitionName = "open_case"

// Parts says which records of a case file a read fills in.
type Parts int

const (
	// PartsAll is every record, as CaseFile reads them.
	PartsAll Parts = iota
	// PartsDue is the records that decide who may read the case
	// (resource) and what is due when (due): the reports, persons,
	// assignment, phases, transitions, decisions, safety agreements,
	// handovers, feedback, monitoring moments and signals. Contacts,
	// informants, conditions, letters and police reports stay empty, as do
	// a handover's conditions and a monitoring moment's checks, so
	// the facts and steps of such a file are not to be trusted; the lists
	// and queues, which show only what is due, read these.
	PartsDue
)
