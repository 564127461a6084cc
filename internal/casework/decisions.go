package casework

import (
	"slices"

	"toren/internal/authz"
	"toren/internal/cases"
)

// The decisions that need a second pair of eyes. Their kinds are the
// policy's (authz.DecisionKind), so the approval rule is the policy's own.
const (
	KindSafetyAssessment        = authz.DecisionSafetyAssessment        // triage / veiligheidsbeoordeling
	KindInterventionChoice      = authz.DecisionInterventionChoice      // Voorwaarden & Vervolg or Onderzoek
	KindInvestigationConclusion = authz.DecisionInvestigationConclusion // conclusie van het Onderzoek
	KindClosure                 = authz.DecisionClosure                 // afsluiten
	KindRvdKRequest             = authz.DecisionRvdKRequest             // verzoek aan de Raad during a service
)

// DecisionKinds lists the kinds casework takes, in the order a form offers
// them; the pages word them (the web's catalogue,
// case.decision-kind.<code>).
var DecisionKinds = []authz.DecisionKind{
	KindSafetyAssessment,
	KindInterventionChoice,
	KindInvestigationConclusion,
	KindClosure,
	KindRvdKRequest,
}

// DecisionStatus is where a decision stands.
type DecisionStatus string

const (
	DecisionProposed DecisionStatus = "proposed"
	DecisionApproved DecisionStatus = "approved"
	DecisionRefused  DecisionStatus = "refused"
)

// OutcomeVTService is the safety assessment's outcome "Veilig Thuis
// itself intervenes": it moves the case nowhere yet; an intervention
// choice follows. Every other outcome is the process step it authorises.
const OutcomeVTService = "vt_service"

// outcomes returns the outcomes a decision kind may have.
func outcomes(k authz.DecisionKind) []string {
	switch k {
	case KindSafetyAssessment:
		return []string{string(cases.DecideHandover), OutcomeVTService, string(cases.RequestRvdK),
			string(cases.ConvertToAdvice), string(cases.EndInvolvement)}
	case KindInterventionChoice:
		return []string{string(cases.DecideConditions), string(cases.DecideInvestigation)}
	case KindInvestigationConclusion:
		return []string{string(cases.HandOverInvestigation), string(cases.EndInvestigation)}
	case KindClosure:
		return []string{string(cases.HandOverConditions), string(cases.CloseCase), string(cases.ConcludeRvdKRequest)}
	case KindRvdKRequest:
		return []string{string(cases.RequestRvdK)}
	}
	return nil
}

// Outcomes returns the outcomes of kind k (for a form).
func Outcomes(k authz.DecisionKind) []string { return outcomes(k) }

// authorisingKind returns the decision kind that must be approved for the
// transition name from status from, or "" when the step needs none.
func authorisingKind(name cases.TransitionName, from cases.Status) authz.DecisionKind {
	switch name {
	case cases.DecideHandover, cases.ConvertToAdvice, cases.EndInvolvement:
		return KindSafetyAssessment
	case cases.RequestRvdK:
		if from == cases.StatusSafetyAssessment {
			return KindSafetyAssessment
		}
		return KindRvdKRequest
	case cases.DecideConditions, cases.DecideInvestigation:
		return KindInterventionChoice
	case cases.HandOverInvestigation, cases.EndInvestigation:
		return KindInvestigationConclusion
	case cases.HandOverConditions, cases.CloseCase, cases.ConcludeRvdKRequest:
		return KindClosure
	}
	return ""
}

// ending reports whether an outcome ends Veilig Thuis's involvement, so
// the decision's reasoning is the reason of ending.
func ending(outcome string) bool {
	return outcome == string(cases.EndInvolvement) || outcome == string(cases.EndInvestigation)
}

// TriageRule is the rule of domain §3.6 a safety assessment applied:
// (A) responsibility goes to someone, (B) no follow-up, (C) Veilig Thuis
// investigates because ...
type TriageRule string

const (
	RuleLocalField           TriageRule = "a_local_field"            // A: lokaal veld
	RuleCurrentCare          TriageRule = "a_current_care"           // A: hulpverlening al betrokken
	RuleMultidisciplinary    TriageRule = "a_multidisciplinary"      // A: wettelijk bevoegd multidisciplinair team
	RuleVeiligThuis          TriageRule = "a_veilig_thuis"           // A: Veilig Thuis zelf
	RuleConvertToAdvice      TriageRule = "b_convert_to_advice"      // B: omzetten naar advies
	RuleEndInvolvement       TriageRule = "b_end_involvement"        // B: betrokkenheid beëindigen
	RuleDirectIntervention   TriageRule = "c_direct_intervention"    // C: direct ingrijpen nodig
	RuleNotEstablished       TriageRule = "c_not_established"        // C: geweld nog niet vastgesteld
	RuleDenial               TriageRule = "c_denial"                 // C: ontkennen, bagatelliseren, hulp weigeren
	RuleTooLittleInformation TriageRule = "c_too_little_information" // C: te weinig informatie
	RuleReporterAnonymity    TriageRule = "c_reporter_anonymity"     // C: anonimiteit melder toegezegd
)

// TriageRules lists the rules (meldcode.nu/triage), in the order a form
// offers them; the pages word them (the web's catalogue,
// case.triage-rule.<code>).
var TriageRules = []TriageRule{
	RuleLocalField,
	RuleCurrentCare,
	RuleMultidisciplinary,
	RuleVeiligThuis,
	RuleConvertToAdvice,
	RuleEndInvolvement,
	RuleDirectIntervention,
	RuleNotEstablished,
	RuleDenial,
	RuleTooLittleInformation,
	RuleReporterAnonymity,
}

// triageRulesFor returns the rules that fit a safety assessment outcome.
func triageRulesFor(outcome string) []TriageRule {
	vt := []TriageRule{RuleVeiligThuis, RuleDirectIntervention, RuleNotEstablished, RuleDenial,
		RuleTooLittleInformation, RuleReporterAnonymity}
	switch outcome {
	case string(cases.DecideHandover):
		return []TriageRule{RuleLocalField, RuleCurrentCare, RuleMultidisciplinary}
	case string(cases.ConvertToAdvice):
		return []TriageRule{RuleConvertToAdvice}
	case string(cases.EndInvolvement):
		return []TriageRule{RuleEndInvolvement}
	case OutcomeVTService, string(cases.RequestRvdK):
		return vt
	}
	return nil
}

// Finding is the conclusion of an Onderzoek.
type Finding string

const (
	FindingEstablished    Finding = "established"     // huiselijk geweld of kindermishandeling vastgesteld
	FindingNotEstablished Finding = "not_established" // niet vastgesteld
	FindingUndetermined   Finding = "undetermined"    // niet vast te stellen
)

// Findings lists the findings, in the order a form offers them; the pages
// word them (the web's catalogue, case.finding.<code>).
var Findings = []Finding{FindingEstablished, FindingNotEstablished, FindingUndetermined}

// Decision is a decision on a case: proposed by one worker, approved or
// refused by a second. The reasoning fields are those of the safety
// assessment (acute and structural unsafety, the triage rule, the risk
// colour) and of the Onderzoek (the finding); Reasoning is the written
// motivation every decision carries.
type Decision struct {
	ID      int64              `json:"id"`
	CaseID  int64              `json:"case_id"`
	Episode int                `json:"episode"`
	Kind    authz.DecisionKind `json:"kind"`
	Outcome string             `json:"outcome"`
	Status  DecisionStatus     `json:"status"`

	Reasoning          string         `json:"reasoning"`
	AcuteUnsafety      bool           `json:"acute_unsafety"`
	StructuralUnsafety bool           `json:"structural_unsafety"`
	TriageRule         TriageRule     `json:"triage_rule"`
	RiskColour         cases.ITColour `json:"risk_colour"`
	Finding            Finding        `json:"finding"`

	Proposed Stamp `json:"proposed"`
	// Decided is the approval or refusal; nil while proposed.
	Decided       *Stamp `json:"decided"`
	RefusalReason string `json:"refusal_reason"`
	Version       int    `json:"version"`
}

// Transition returns the process step the decision authorises, "" for
// none (the safety assessment's vt_service outcome).
func (d Decision) Transition() cases.TransitionName {
	if d.Outcome == OutcomeVTService {
		return ""
	}
	return cases.TransitionName(d.Outcome)
}

func validOutcome(k authz.DecisionKind, outcome string) bool {
	return slices.Contains(outcomes(k), outcome)
}
