package casework

import (
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
)

// The requests the Service takes. The API decodes them strictly from JSON;
// the web interface fills them from forms.

// OpenRequest opens a case from reports.
type OpenRequest struct {
	ReportIDs []int64 `json:"report_ids"`
	Team      string  `json:"team"`
	Summary   string  `json:"summary"`
}

// AssignRequest assigns a case to a team and a worker or duo. Workers may
// be empty: the case then waits in the team's queue.
type AssignRequest struct {
	Team    string  `json:"team"`
	Workers []int64 `json:"workers"`
	Version int     `json:"version"`
}

// TransitionRequest asks for one step of the process.
type TransitionRequest struct {
	Transition cases.TransitionName `json:"transition"`
	Reason     string               `json:"reason"`
	Version    int                  `json:"version"`
	// Signal is the new signal that lets a case reopen (reopen_case only).
	Signal *SignalInput `json:"signal,omitempty"`
}

// SignalInput states a new signal.
type SignalInput struct {
	Note  string `json:"note"`
	Acute bool   `json:"acute"`
}

// DecisionInput proposes a decision.
type DecisionInput struct {
	Kind               authz.DecisionKind `json:"kind"`
	Outcome            string             `json:"outcome"`
	Reasoning          string             `json:"reasoning"`
	AcuteUnsafety      bool               `json:"acute_unsafety"`
	StructuralUnsafety bool               `json:"structural_unsafety"`
	TriageRule         TriageRule         `json:"triage_rule"`
	RiskColour         cases.ITColour     `json:"risk_colour"`
	Finding            Finding            `json:"finding"`
}

// ApproveRequest approves a decision.
type ApproveRequest struct {
	Version int `json:"version"`
}

// RefuseRequest refuses a decision and sends it back with a reason.
type RefuseRequest struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// ContactInput records a contact.
type ContactInput struct {
	At          time.Time      `json:"at"`
	With        string         `json:"with"`
	Role        ContactRole    `json:"role"`
	Channel     ContactChannel `json:"channel"`
	PersonID    int64          `json:"person_id"`
	Summary     string         `json:"summary"`
	AcuteAction bool           `json:"acute_action"`
}

// InformantInput records an informant.
type InformantInput struct {
	Name           string `json:"name"`
	Organisation   string `json:"organisation"`
	Function       string `json:"function"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	Physician      bool   `json:"physician"`
	SignalFunction bool   `json:"signal_function"`
	Note           string `json:"note"`
}

// AgreementInput records a safety agreement.
type AgreementInput struct {
	Who  string     `json:"who"`
	What string     `json:"what"`
	Due  toren.Date `json:"due"`
	Note string     `json:"note"`
	// PastDue confirms a due date before today (an agreement made earlier
	// and recorded late); without it such a date is refused as a likely
	// typing error, since the agreement would be late the moment it is saved.
	PastDue bool `json:"past_due"`
}

// AgreementUpdate changes the status of a safety agreement.
type AgreementUpdate struct {
	Status  AgreementStatus `json:"status"`
	Note    string          `json:"note"`
	Version int             `json:"version"`
}

// ConditionInput records a safety condition.
type ConditionInput struct {
	Text      string     `json:"text"`
	CheckedBy string     `json:"checked_by"`
	Until     toren.Date `json:"until"`
	Note      string     `json:"note"`
}

// ConditionUpdate changes the status of a safety condition. A breach
// records a new signal.
type ConditionUpdate struct {
	Status  ConditionStatus `json:"status"`
	Note    string          `json:"note"`
	Version int             `json:"version"`
}

// PhaseInput sets the phase of the phased-cooperation model.
type PhaseInput struct {
	Phase Phase  `json:"phase"`
	Note  string `json:"note"`
}

// HandoverInput proposes a handover to a partner.
type HandoverInput struct {
	// PartnerID names the partner of the catalogue that takes over; 0:
	// the partner named in Partner is linked when exactly one active
	// catalogue partner has that name, and stays unlinked otherwise (its
	// answer is then recorded by hand).
	PartnerID      int64       `json:"partner_id,omitempty"`
	Partner        string      `json:"partner"`
	PartnerKind    PartnerKind `json:"partner_kind"`
	CaseDirector   string      `json:"case_director"`
	ReportsBack    string      `json:"reports_back"`
	ReportBackWhen string      `json:"report_back_when"`
	ConditionIDs   []int64     `json:"condition_ids"`
}

// HandoverResponse records the partner's answer.
type HandoverResponse struct {
	Accept  bool   `json:"accept"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// FeedbackInput records feedback to the reporter of one of the case's reports.
type FeedbackInput struct {
	ReportID         int64          `json:"report_id"`
	Moment           FeedbackMoment `json:"moment"`
	GivenAt          time.Time      `json:"given_at"`
	Channel          ContactChannel `json:"channel"`
	FollowUpStarted  bool           `json:"follow_up_started"`
	TransferParties  string         `json:"transfer_parties"`
	ReporterHasRole  bool           `json:"reporter_has_role"`
	ConditionsShared bool           `json:"conditions_shared"`
	Summary          string         `json:"summary"`
}

// LetterInput records that a letter was sent.
type LetterInput struct {
	Kind      LetterKind `json:"kind"`
	SentAt    time.Time  `json:"sent_at"`
	Recipient string     `json:"recipient"`
	Reference string     `json:"reference"`
}

// MonitoringInput records a monitoring moment: a check of every safety
// condition that must hold.
type MonitoringInput struct {
	Checks  []ConditionCheck `json:"checks"`
	Note    string           `json:"note"`
	Version int              `json:"version"`
}

// PartnerAnswer is a partner's own answer to a handover, given by its
// system (an API client linked to the partner).
type PartnerAnswer struct {
	Accept bool `json:"accept"`
	// Reason is why the partner declines; required then.
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

// PartnerMonitoringReport is a partner's report at a monitoring moment of
// a handover it accepted: one check per safety condition that travelled
// with the handover and must still hold.
type PartnerMonitoringReport struct {
	MomentID int64            `json:"moment_id"`
	Checks   []ConditionCheck `json:"checks"`
	Note     string           `json:"note"`
	Version  int              `json:"version"`
}

// PoliceReportInput records a report to the police.
type PoliceReportInput struct {
	// ReportedAt is when the police were informed.
	ReportedAt time.Time `json:"reported_at"`
	// PoliceUnit is to whom: the unit, district or officer.
	PoliceUnit string `json:"police_unit"`
	// Shared is what was shared: which facts, about whom.
	Shared      string      `json:"shared"`
	LegalGround LegalGround `json:"legal_ground"`
	// Weighing is why sharing was necessary on that ground (the weighing
	// of interests, the consent given, the order received).
	Weighing string `json:"weighing"`
	// Reference is the police's registration number, when given.
	Reference string `json:"reference"`
}

// QueueRequest asks for a work queue: a team's, or a worker's (0: mine).
type QueueRequest struct {
	Team     string
	WorkerID int64
}
