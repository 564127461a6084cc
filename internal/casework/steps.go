package casework

import (
	"context"

	"toren/internal/authz"
	"toren/internal/cases"
)

// Steps is what the API and the web interface ask of the case-file
// service (*Service satisfies it): every change to a case, and the work
// queue, and the signals of cases that the screens link to. Each takes
// the acting user; the service checks the policy.
type Steps interface {
	OpenCase(ctx context.Context, a authz.Actor, req OpenRequest) (*File, error)
	Assign(ctx context.Context, a authz.Actor, caseID int64, req AssignRequest) (*File, error)
	Transition(ctx context.Context, a authz.Actor, caseID int64, req TransitionRequest) (*File, error)
	Propose(ctx context.Context, a authz.Actor, caseID int64, in DecisionInput) (*Decision, error)
	Approve(ctx context.Context, a authz.Actor, decisionID int64, req ApproveRequest) (*Decision, error)
	Refuse(ctx context.Context, a authz.Actor, decisionID int64, req RefuseRequest) (*Decision, error)
	AddContact(ctx context.Context, a authz.Actor, caseID int64, in ContactInput) (*Contact, error)
	AddInformant(ctx context.Context, a authz.Actor, caseID int64, in InformantInput) (*Informant, error)
	AddAgreement(ctx context.Context, a authz.Actor, caseID int64, in AgreementInput) (*Agreement, error)
	UpdateAgreement(ctx context.Context, a authz.Actor, caseID, id int64, in AgreementUpdate) (*Agreement, error)
	AddCondition(ctx context.Context, a authz.Actor, caseID int64, in ConditionInput) (*Condition, error)
	UpdateCondition(ctx context.Context, a authz.Actor, caseID, id int64, in ConditionUpdate) (*Condition, error)
	SetPhase(ctx context.Context, a authz.Actor, caseID int64, in PhaseInput) (*PhaseRecord, error)
	ProposeHandover(ctx context.Context, a authz.Actor, caseID int64, in HandoverInput) (*Handover, error)
	RespondHandover(ctx context.Context, a authz.Actor, caseID, id int64, in HandoverResponse) (*Handover, error)
	AddFeedback(ctx context.Context, a authz.Actor, caseID int64, in FeedbackInput) (*Feedback, error)
	RecordLetter(ctx context.Context, a authz.Actor, caseID int64, in LetterInput) (*LetterSent, error)
	RecordMonitoring(ctx context.Context, a authz.Actor, caseID, momentID int64, in MonitoringInput) (*File, error)
	RecordPoliceReport(ctx context.Context, a authz.Actor, caseID int64, in PoliceReportInput) (*PoliceReport, error)
	Queue(ctx context.Context, a authz.Actor, req QueueRequest) ([]QueueItem, error)
	Cases(ctx context.Context, a authz.Actor, req CaseListRequest) ([]CaseSummary, error)
	Triage(ctx context.Context, a authz.Actor, req TriageRequest) (*TriageList, error)
	CasesOfReport(ctx context.Context, a authz.Actor, reportID int64) ([]cases.Ref, error)
	DecisionCase(ctx context.Context, a authz.Actor, decisionID int64) (int64, error)
}

// PartnerSide is what a partner's own system (an API client linked to the
// partner) does with the handovers to its partner (*Service satisfies it).
type PartnerSide interface {
	PartnerHandovers(ctx context.Context, a authz.Actor) ([]PartnerHandover, error)
	AnswerHandover(ctx context.Context, a authz.Actor, handoverID int64, in PartnerAnswer) (*PartnerHandover, error)
	ReportMonitoring(ctx context.Context, a authz.Actor, handoverID int64, in PartnerMonitoringReport) (*PartnerHandover, error)
}
