package casework

import (
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
)

// Stamp says who did something and when. ByID is the staff account (0 for
// Toren itself); ByName is the name at the time, so the file stays
// readable after accounts change.
type Stamp struct {
	ByID   int64     `json:"by_id"`
	ByName string    `json:"by_name"`
	At     time.Time `json:"at"`
}

// Worker is a staff account as casework needs it: to assign it, and to
// know whether it may approve.
type Worker struct {
	ID       int64
	Name     string
	Roles    []authz.Role
	Teams    []string
	Disabled bool
}

// Actor returns the worker as the policy sees them.
func (w Worker) Actor() authz.Actor {
	return authz.Actor{UserID: w.ID, Name: w.Name, Roles: w.Roles, Teams: w.Teams}
}

// Assignment is who works on a case: its team and a worker or a duo.
type Assignment struct {
	Team    string           `json:"team"`
	Workers []AssignedWorker `json:"workers"`
}

// AssignedWorker is one worker on the case.
type AssignedWorker struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	Since  time.Time `json:"since"`
}

// TransitionRecord is one step of the case through the process.
type TransitionRecord struct {
	ID         int64                `json:"id"`
	Episode    int                  `json:"episode"`
	From       cases.Status         `json:"from"`
	To         cases.Status         `json:"to"`
	Transition cases.TransitionName `json:"transition"`
	Reason     string               `json:"reason"`
	// DecisionID is the approved decision that authorised the step; 0 for
	// a step that needs none.
	DecisionID int64 `json:"decision_id"`
	Recorded   Stamp `json:"recorded"`
}

// ContactChannel is how a contact took place.
type ContactChannel string

const (
	ChannelInPerson             ContactChannel = "in_person"                 // gesprek op kantoor
	ChannelHomeVisit            ContactChannel = "home_visit"                // huisbezoek
	ChannelPhone                ContactChannel = "phone"                     // telefonisch
	ChannelVideo                ContactChannel = "video"                     // beeldbellen
	ChannelSchoolWithoutParents ContactChannel = "at_school_without_parents" // op school, zonder ouders
	ChannelNetworkMeeting       ContactChannel = "network_meeting"           // netwerkberaad
	ChannelLetterOrEmail        ContactChannel = "letter_or_email"           // brief of e-mail
)

// ContactChannels lists the channels, in the order a form offers them; the
// pages word them (the web's catalogue, case.channel.<code>).
var ContactChannels = []ContactChannel{
	ChannelInPerson,
	ChannelHomeVisit,
	ChannelPhone,
	ChannelVideo,
	ChannelSchoolWithoutParents,
	ChannelNetworkMeeting,
	ChannelLetterOrEmail,
}

// ContactRole is whom a contact was with.
type ContactRole string

const (
	WithParent      ContactRole = "parent"      // ouder of verzorger
	WithChild       ContactRole = "child"       // kind
	WithVictim      ContactRole = "victim"      // slachtoffer
	WithPerpetrator ContactRole = "perpetrator" // (vermoedelijke) pleger
	WithReporter    ContactRole = "reporter"    // melder
	WithInformant   ContactRole = "informant"   // informant
	WithPartner     ContactRole = "partner"     // ketenpartner
	WithNetwork     ContactRole = "network"     // (familie)netwerk
)

// ContactRoles lists whom contacts can be with, in the order a form offers
// them; the pages word them (the web's catalogue,
// case.contact-role.<code>).
var ContactRoles = []ContactRole{
	WithParent,
	WithChild,
	WithVictim,
	WithPerpetrator,
	WithReporter,
	WithInformant,
	WithPartner,
	WithNetwork,
}

// Contact is one entry of the contacts log.
type Contact struct {
	ID      int64          `json:"id"`
	Episode int            `json:"episode"`
	At      time.Time      `json:"at"` // when the contact took place
	With    string         `json:"with"`
	Role    ContactRole    `json:"role"`
	Channel ContactChannel `json:"channel"`
	// PersonID is the registry person spoken with, when known.
	PersonID int64  `json:"person_id"`
	Summary  string `json:"summary"`
	// AcuteAction marks the record of what the crisis team did on an
	// acute report (the fact acute_action_recorded).
	AcuteAction bool  `json:"acute_action"`
	Recorded    Stamp `json:"recorded"`
}

// Informant supplies information: a teacher, a GP.
type Informant struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Function     string `json:"function"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	// Physician: a physician-informant gets no standard feedback (KNMG).
	Physician bool `json:"physician"`
	// SignalFunction: the informant was asked to report new signals
	// (signaalfunctie, e.g. at school).
	SignalFunction bool   `json:"signal_function"`
	Note           string `json:"note"`
	Recorded       Stamp  `json:"recorded"`
}

// AgreementStatus is where a safety agreement stands.
type AgreementStatus string

const (
	AgreementOpen      AgreementStatus = "open"
	AgreementDone      AgreementStatus = "done"
	AgreementNotKept   AgreementStatus = "not_kept"
	AgreementCancelled AgreementStatus = "cancelled"
)

// Agreement is a safety agreement (veiligheidsafspraak): who does what by when.
type Agreement struct {
	ID       int64           `json:"id"`
	Episode  int             `json:"episode"`
	Who      string          `json:"who"`
	What     string          `json:"what"`
	Due      toren.Date      `json:"due"`
	Status   AgreementStatus `json:"status"`
	Note     string          `json:"note"`
	Recorded Stamp           `json:"recorded"`
	Version  int             `json:"version"`
}

// ConditionStatus is where a safety condition stands.
type ConditionStatus string

const (
	ConditionActive   ConditionStatus = "active"   // must hold
	ConditionMet      ConditionStatus = "met"      // held to the end
	ConditionBreached ConditionStatus = "breached" // did not hold
	ConditionEnded    ConditionStatus = "ended"    // no longer asked
)

// Condition is a safety condition (veiligheidsvoorwaarde): what must hold
// for the situation to count as safe, who checks it and until when.
type Condition struct {
	ID        int64           `json:"id"`
	Episode   int             `json:"episode"`
	Text      string          `json:"text"`
	CheckedBy string          `json:"checked_by"`
	Until     toren.Date      `json:"until"`
	Status    ConditionStatus `json:"status"`
	Note      string          `json:"note"`
	Recorded  Stamp           `json:"recorded"`
	Version   int             `json:"version"`
}

// Phase is the phase of the phased-cooperation model (domain §4.4, GSV).
type Phase string

const (
	PhaseDirectSafety  Phase = "direct_safety"           // fase 1: directe veiligheid
	PhaseStabilisation Phase = "stabilisation"           // fase 2: stabilisatie
	PhaseRiskReduction Phase = "risk_reduction_recovery" // fase 3: risicoreductie en herstel
)

// Phases lists the phases in order; the pages word them (the web's
// catalogue, case.gsv-phase.<code>).
var Phases = []Phase{PhaseDirectSafety, PhaseStabilisation, PhaseRiskReduction}

// PhaseRecord is one setting of the phase.
type PhaseRecord struct {
	Phase    Phase  `json:"phase"`
	Note     string `json:"note"`
	Recorded Stamp  `json:"recorded"`
}

// PartnerKind is what kind of organisation takes a handover.
type PartnerKind string

const (
	PartnerLocalTeam      PartnerKind = "local_team"        // wijkteam / lokaal veld
	PartnerCareProvider   PartnerKind = "care_provider"     // zorgaanbieder
	PartnerMentalHealth   PartnerKind = "mental_health"     // GGZ, verslavingszorg
	PartnerYouthCare      PartnerKind = "youth_care"        // jeugdhulp
	PartnerMunicipality   PartnerKind = "municipality"      // gemeente
	PartnerMultidisc      PartnerKind = "multidisciplinary" // multidisciplinair team
	PartnerTeamMonitoring PartnerKind = "team_monitoring"   // internal: Team Monitoring of Veilig Thuis
	PartnerOther          PartnerKind = "other"
)

// PartnerKinds lists the partner kinds, in the order a form offers them;
// the pages word them (the web's catalogue, case.partner-kind.<code>).
var PartnerKinds = []PartnerKind{
	PartnerLocalTeam,
	PartnerCareProvider,
	PartnerMentalHealth,
	PartnerYouthCare,
	PartnerMunicipality,
	PartnerMultidisc,
	PartnerTeamMonitoring,
	PartnerOther,
}

// HandoverStatus is where a handover stands.
type HandoverStatus string

const (
	HandoverProposed HandoverStatus = "proposed" // asked, no answer yet
	HandoverAccepted HandoverStatus = "accepted"
	HandoverDeclined HandoverStatus = "declined"
)

// Handover passes responsibility to a partner. The safety conditions
// travel with it, and it says who holds case direction and what the
// partner reports back, and when (domain §5: risks must not drop out of
// view after handover).
type Handover struct {
	ID          int64       `json:"id"`
	Episode     int         `json:"episode"`
	Partner     string      `json:"partner"`
	PartnerKind PartnerKind `json:"partner_kind"`
	// PartnerID is the catalogue partner the handover goes to; 0 when the
	// partner is not in the catalogue (or is Team Monitoring). The API
	// client linked to this partner reads and answers the handover.
	PartnerID      int64   `json:"partner_id,omitempty"`
	CaseDirector   string  `json:"case_director"` // who holds casusregie
	ReportsBack    string  `json:"reports_back"`  // what the partner reports back
	ReportBackWhen string  `json:"report_back_when"`
	ConditionIDs   []int64 `json:"condition_ids"`
	// FromTeam is the team that handed the case over; it keeps reading
	// the case while the case is in monitoring.
	FromTeam string `json:"from_team"`
	// ToTeam is the receiving team of Veilig Thuis for an internal
	// handover (Team Monitoring), which answers the handover itself and
	// then owns the case; "" for an external partner, whose answer Veilig
	// Thuis records.
	ToTeam   string         `json:"to_team"`
	Status   HandoverStatus `json:"status"`
	Proposed Stamp          `json:"proposed"`
	// Responded is when the partner's answer was recorded; nil while proposed.
	Responded    *Stamp `json:"responded"`
	ResponseNote string `json:"response_note"`
	// RespondedClient is the partner's API client that gave the answer; 0
	// when Veilig Thuis recorded it.
	RespondedClient int64 `json:"responded_client,omitempty"`
	Version         int   `json:"version"`
}

// LegalGround is the legal ground on which Veilig Thuis shares
// information with the police.
type LegalGround string

const (
	// GroundMeldrecht: Veilig Thuis's statutory task to start follow-up,
	// which includes informing the police, without the family's consent
	// where that is necessary to stop the violence (Wmo 2015).
	GroundMeldrecht LegalGround = "meldrecht"
	// GroundConflictOfDuties: a conflict of duties (conflict van
	// plichten): a serious interest, such as acute danger to a child,
	// outweighs professional confidentiality.
	GroundConflictOfDuties LegalGround = "conflict_of_duties"
	// GroundConsent: the person concerned consented.
	GroundConsent LegalGround = "consent"
	// GroundCourtOrder: a demand of the public prosecutor or an order of
	// the court (vordering of bevel).
	GroundCourtOrder LegalGround = "court_order"
)

// LegalGrounds lists the legal grounds, in the order a form offers them;
// the pages word them (the web's catalogue, case.legal-ground.<code>).
var LegalGrounds = []LegalGround{GroundMeldrecht, GroundConflictOfDuties, GroundConsent, GroundCourtOrder}

// PoliceReport records that Veilig Thuis reported to the police: one of
// the follow-up steps after an investigation (one of its legal tasks). It
// is a disclosure, so it names what was shared, with whom, on which legal
// ground and why, and who recorded it when.
type PoliceReport struct {
	ID          int64       `json:"id"`
	Episode     int         `json:"episode"`
	ReportedAt  time.Time   `json:"reported_at"`
	PoliceUnit  string      `json:"police_unit"`
	Shared      string      `json:"shared"`
	LegalGround LegalGround `json:"legal_ground"`
	Weighing    string      `json:"weighing"`
	Reference   string      `json:"reference"`
	Recorded    Stamp       `json:"recorded"`
}

// FeedbackMoment is which feedback to the reporter this is (domain §4.1:
// at least after the safety assessment and after an Onderzoek).
type FeedbackMoment string

const (
	FeedbackAfterAssessment    FeedbackMoment = "after_assessment"
	FeedbackAfterInvestigation FeedbackMoment = "after_investigation"
	FeedbackOther              FeedbackMoment = "other"
)

// Feedback is feedback given to the reporter of one of the case's reports.
// It is recorded against the report, never with the reporter's name, and
// holds only what §3.10 lets a reporter know: whether follow-up started,
// to whom the case was transferred, and, only for a reporter with a role
// in the safety plan, the safety conditions and monitoring agreements.
type Feedback struct {
	ID              int64          `json:"id"`
	Episode         int            `json:"episode"`
	ReportID        int64          `json:"report_id"`
	ReportNumber    string         `json:"report_number"`
	Moment          FeedbackMoment `json:"moment"`
	GivenAt         time.Time      `json:"given_at"`
	Channel         ContactChannel `json:"channel"`
	FollowUpStarted bool           `json:"follow_up_started"`
	TransferParties string         `json:"transfer_parties"`
	// ReporterHasRole: the reporter has a role in the safety plan (a
	// professional who stays involved), so conditions may be shared.
	ReporterHasRole  bool   `json:"reporter_has_role"`
	ConditionsShared bool   `json:"conditions_shared"`
	Summary          string `json:"summary"`
	Recorded         Stamp  `json:"recorded"`
}

// LetterKind is a letter whose sending is a fact of the process.
type LetterKind string

const (
	LetterClosing     LetterKind = "closing_letter" // afsluitbrief with the safety conditions
	LetterRvdKRequest LetterKind = "rvdk_request"   // verzoek tot onderzoek aan de Raad
)

// LetterSent records that a letter went out. The letter itself is made by
// internal/letters; this is what the process needs to know of it.
type LetterSent struct {
	ID        int64      `json:"id"`
	Episode   int        `json:"episode"`
	Kind      LetterKind `json:"kind"`
	SentAt    time.Time  `json:"sent_at"`
	Recipient string     `json:"recipient"`
	Reference string     `json:"reference"`
	Recorded  Stamp      `json:"recorded"`
}

// MomentStatus is where a monitoring moment stands.
type MomentStatus string

const (
	MomentPlanned   MomentStatus = "planned"
	MomentDone      MomentStatus = "done"
	MomentCancelled MomentStatus = "cancelled" // the case reopened before it
)

// MonitoringMoment is one moment at which the safety conditions are
// checked with the family and the providers, scheduled at the handover.
type MonitoringMoment struct {
	ID         int64            `json:"id"`
	Episode    int              `json:"episode"`
	HandoverID int64            `json:"handover_id"`
	Months     int              `json:"months"`
	Due        time.Time        `json:"due"`
	Status     MomentStatus     `json:"status"`
	Done       *Stamp           `json:"done"`
	Note       string           `json:"note"`
	Checks     []ConditionCheck `json:"checks"`
	// DoneClient is the partner's API client that reported the moment; 0
	// when Veilig Thuis recorded it.
	DoneClient int64 `json:"done_client,omitempty"`
	Version    int   `json:"version"`
}

// CheckResult is the outcome of checking one condition.
type CheckResult string

const (
	CheckHolds       CheckResult = "holds"
	CheckDoesNotHold CheckResult = "does_not_hold"
	CheckUnknown     CheckResult = "unknown"
)

// ConditionCheck is the check of one condition at one monitoring moment.
type ConditionCheck struct {
	ConditionID int64       `json:"condition_id"`
	Result      CheckResult `json:"result"`
	Note        string      `json:"note"`
}

// SignalSource says where a new signal came from.
type SignalSource string

const (
	SignalMonitoringBreach SignalSource = "monitoring_breach" // a condition did not hold at a monitoring moment
	SignalConditionBreach  SignalSource = "condition_breach"  // the case director reported a breach
	SignalReopenRequest    SignalSource = "reopen_request"    // stated by the worker who reopens
)

// Signal is a new signal or a breach of conditions: what lets a case
// reopen. ConsumedEpisode is the episode the reopening started; 0 while
// the signal still waits.
type Signal struct {
	ID              int64        `json:"id"`
	Source          SignalSource `json:"source"`
	Note            string       `json:"note"`
	Acute           bool         `json:"acute"`
	Recorded        Stamp        `json:"recorded"`
	ConsumedEpisode int          `json:"consumed_episode"`
}

// ReportRef is a report of the case as the process reads it. The
// reporter's name is shown only to those who may know it.
type ReportRef struct {
	ID                   int64     `json:"id"`
	Number               string    `json:"number"`
	ReceivedAt           time.Time `json:"received_at"`
	Acute                bool      `json:"acute"`
	ReporterKind         string    `json:"reporter_kind"`
	ReporterOrganisation string    `json:"reporter_organisation"`
	ReporterName         string    `json:"reporter_name"`
	ReporterProtected    bool      `json:"reporter_protected"`
	// ReporterReachable: the reporter is known with contact details.
	ReporterReachable bool `json:"reporter_reachable"`
	// ChildrenInvolved: the report names a child or says children are present.
	ChildrenInvolved bool `json:"children_involved"`
}

// Takeover is what taking over a case changes in one transaction: the
// answer to a handover with its monitoring moments (when Handover is not
// nil), the team that owns the case from now on with its workers (when
// Team is not ""), and the step of the process (when Transition is not nil).
type Takeover struct {
	// Version is the case's version read; 0 checks none (the handover's
	// own version guards its answer).
	Version    int
	Handover   *Handover
	Moments    []MonitoringMoment
	Team       string
	Workers    []AssignedWorker
	Transition *TransitionRecord
}
