package cases

import "strings"

// Facts is the snapshot of a case the process rules read. The full case
// file is assembled elsewhere; the service fills this in from it before it
// asks the machine for a step.
type Facts struct {
	Acute                   bool   `json:"acute"`                    // the report was judged acute
	AcuteActionRecorded     bool   `json:"acute_action_recorded"`    // the crisis team recorded what it did
	SafetyAssessed          bool   `json:"safety_assessed"`          // the safety assessment decision is recorded
	ChildrenInvolved        bool   `json:"children_involved"`        // minors among the persons involved
	ReceivingPartner        string `json:"receiving_partner"`        // who takes over (wijkteam, provider)
	SafetyConditions        int    `json:"safety_conditions"`        // safety conditions set
	ClosingLetterSent       bool   `json:"closing_letter_sent"`      // afsluitbrief with the conditions
	InvestigationConclusion string `json:"investigation_conclusion"` // conclusion of the Onderzoek
	EndReason               string `json:"end_reason"`               // why VT's involvement ends
	RvdKRequestSent         bool   `json:"rvdk_request_sent"`        // the request went to the Raad
	HandoverAccepted        bool   `json:"handover_accepted"`        // the partner accepted the handover
	HandoverDeclined        bool   `json:"handover_declined"`        // the partner declined it
	MonitoringComplete      bool   `json:"monitoring_complete"`      // every monitoring moment is recorded
	ConditionsMet           bool   `json:"conditions_met"`           // the safety conditions hold
	NewSignal               bool   `json:"new_signal"`               // a new signal or a breach of conditions
	ReporterIdentifiable    bool   `json:"reporter_identifiable"`    // reporter known with contact details
}

// Transition names of the Veilig Thuis process (domain §4.1).
const (
	StartAcuteAction      TransitionName = "start_acute_action"
	FinishAcuteAction     TransitionName = "finish_acute_action"
	StartSafetyAssessment TransitionName = "start_safety_assessment"
	DecideHandover        TransitionName = "decide_handover"
	DecideConditions      TransitionName = "decide_conditions"
	DecideInvestigation   TransitionName = "decide_investigation"
	RequestRvdK           TransitionName = "request_rvdk"
	ConvertToAdvice       TransitionName = "convert_to_advice"
	EndInvolvement        TransitionName = "end_involvement"
	HandOverConditions    TransitionName = "hand_over_conditions"
	HandOverInvestigation TransitionName = "hand_over_investigation"
	EndInvestigation      TransitionName = "end_investigation"
	ConcludeRvdKRequest   TransitionName = "conclude_rvdk_request"
	WithdrawHandover      TransitionName = "withdraw_handover"
	StartMonitoring       TransitionName = "start_monitoring"
	CloseCase             TransitionName = "close_case"
	ReopenCase            TransitionName = "reopen_case"
	ConvertAdviceToReport TransitionName = "convert_to_report"
)

// Process returns the Veilig Thuis case process of domain §4.1: receipt,
// acute action, safety assessment, the decision, the service (V&V or
// Onderzoek), handover, monitoring, closure and reopening.
func Process() Machine[Status, Facts] {
	// The preconditions, each once, so a rule reads the same wherever it is
	// used; built per call so no table is shared mutable state.
	var (
		ruleAcute = Rule[Facts]{"acute", "acute",
			"the report must be judged acute",
			func(f Facts) bool { return f.Acute }}
		ruleNotAcute = Rule[Facts]{"not_acute", "acute",
			"an acute report goes to acute action first",
			func(f Facts) bool { return !f.Acute }}
		ruleAcuteActionRecorded = Rule[Facts]{"acute_action_recorded", "acute_action_recorded",
			"the acute action must be recorded",
			func(f Facts) bool { return f.AcuteActionRecorded }}
		ruleSafetyAssessed = Rule[Facts]{"safety_assessed", "safety_assessed",
			"the safety assessment must be recorded",
			func(f Facts) bool { return f.SafetyAssessed }}
		ruleReceivingPartner = Rule[Facts]{"receiving_partner", "receiving_partner",
			"a receiving partner is required",
			func(f Facts) bool { return nonBlank(f.ReceivingPartner) }}
		ruleSafetyConditions = Rule[Facts]{"safety_conditions", "safety_conditions",
			"at least one safety condition is required",
			func(f Facts) bool { return f.SafetyConditions > 0 }}
		ruleClosingLetter = Rule[Facts]{"closing_letter_sent", "closing_letter_sent",
			"the closing letter with the safety conditions must be sent",
			func(f Facts) bool { return f.ClosingLetterSent }}
		ruleConclusion = Rule[Facts]{"investigation_conclusion", "investigation_conclusion",
			"the investigation needs its conclusion",
			func(f Facts) bool { return nonBlank(f.InvestigationConclusion) }}
		ruleEndReason = Rule[Facts]{"end_reason", "end_reason",
			"a reason for ending is required",
			func(f Facts) bool { return nonBlank(f.EndReason) }}
		ruleChildren = Rule[Facts]{"children_involved", "children_involved",
			"a request to the Raad voor de Kinderbescherming needs a child involved",
			func(f Facts) bool { return f.ChildrenInvolved }}
		ruleRvdKSent = Rule[Facts]{"rvdk_request_sent", "rvdk_request_sent",
			"the request to the Raad must be sent",
			func(f Facts) bool { return f.RvdKRequestSent }}
		ruleHandoverAccepted = Rule[Facts]{"handover_accepted", "handover_accepted",
			"monitoring needs a handover the partner accepted",
			func(f Facts) bool { return f.HandoverAccepted }}
		ruleHandoverDeclined = Rule[Facts]{"handover_declined", "handover_declined",
			"only a declined handover can be withdrawn",
			func(f Facts) bool { return f.HandoverDeclined }}
		ruleMonitoringComplete = Rule[Facts]{"monitoring_complete", "monitoring_complete",
			"every monitoring moment must be recorded",
			func(f Facts) bool { return f.MonitoringComplete }}
		ruleConditionsMet = Rule[Facts]{"conditions_met", "conditions_met",
			"the safety conditions must be met",
			func(f Facts) bool { return f.ConditionsMet }}
		ruleNewSignal = Rule[Facts]{"new_signal", "new_signal",
			"reopening needs a new signal or a breach of conditions",
			func(f Facts) bool { return f.NewSignal }}
		ruleReporterIdentifiable = Rule[Facts]{"reporter_identifiable", "reporter_identifiable",
			"a report needs a reporter known to Veilig Thuis with contact details",
			func(f Facts) bool { return f.ReporterIdentifiable }}
	)
	return Machine[Status, Facts]{
		states: []Status{
			StatusReceived, StatusAcuteAction, StatusSafetyAssessment, StatusConditions,
			StatusInvestigation, StatusRvdKRequest, StatusHandover, StatusMonitoring,
			StatusConvertedToAdvice, StatusEnded, StatusClosed, StatusReopened,
		},
		label: func(s Status) string { return StatusLabels[s] },
		transitions: []Transition[Status, Facts]{
			{StartAcuteAction,
				[]Status{StatusReceived, StatusReopened}, StatusAcuteAction,
				[]Rule[Facts]{ruleAcute}},
			{FinishAcuteAction,
				[]Status{StatusAcuteAction}, StatusSafetyAssessment,
				[]Rule[Facts]{ruleAcuteActionRecorded}},
			{StartSafetyAssessment,
				[]Status{StatusReceived, StatusReopened}, StatusSafetyAssessment,
				[]Rule[Facts]{ruleNotAcute}},
			{DecideHandover,
				[]Status{StatusSafetyAssessment}, StatusHandover,
				[]Rule[Facts]{ruleSafetyAssessed, ruleReceivingPartner, ruleSafetyConditions}},
			{DecideConditions,
				[]Status{StatusSafetyAssessment}, StatusConditions,
				[]Rule[Facts]{ruleSafetyAssessed}},
			{DecideInvestigation,
				[]Status{StatusSafetyAssessment}, StatusInvestigation,
				[]Rule[Facts]{ruleSafetyAssessed}},
			// The Raad can also be asked when voluntary help fails during a
			// service (knmg-meldcode: compulsory routes).
			{RequestRvdK,
				[]Status{StatusSafetyAssessment, StatusConditions, StatusInvestigation}, StatusRvdKRequest,
				[]Rule[Facts]{ruleSafetyAssessed, ruleChildren}},
			{ConvertToAdvice,
				[]Status{StatusSafetyAssessment}, StatusConvertedToAdvice,
				[]Rule[Facts]{ruleSafetyAssessed}},
			{EndInvolvement,
				[]Status{StatusSafetyAssessment}, StatusEnded,
				[]Rule[Facts]{ruleSafetyAssessed, ruleEndReason}},
			{HandOverConditions,
				[]Status{StatusConditions}, StatusHandover,
				[]Rule[Facts]{ruleReceivingPartner, ruleSafetyConditions, ruleClosingLetter}},
			{HandOverInvestigation,
				[]Status{StatusInvestigation}, StatusHandover,
				[]Rule[Facts]{ruleConclusion, ruleReceivingPartner, ruleSafetyConditions}},
			{EndInvestigation,
				[]Status{StatusInvestigation}, StatusEnded,
				[]Rule[Facts]{ruleConclusion, ruleEndReason}},
			{ConcludeRvdKRequest,
				[]Status{StatusRvdKRequest}, StatusEnded,
				[]Rule[Facts]{ruleRvdKSent}},
			// A declined handover must not leave the case without an owner
			// (Toezicht Sociaal Domein 2018): it goes back to the assessment.
			{WithdrawHandover,
				[]Status{StatusHandover}, StatusSafetyAssessment,
				[]Rule[Facts]{ruleHandoverDeclined}},
			{StartMonitoring,
				[]Status{StatusHandover}, StatusMonitoring,
				[]Rule[Facts]{ruleHandoverAccepted}},
			{CloseCase,
				[]Status{StatusMonitoring}, StatusClosed,
				[]Rule[Facts]{ruleMonitoringComplete, ruleConditionsMet}},
			{ReopenCase,
				[]Status{StatusMonitoring, StatusClosed, StatusEnded}, StatusReopened,
				[]Rule[Facts]{ruleNewSignal}},
			{ConvertAdviceToReport,
				[]Status{StatusConvertedToAdvice}, StatusSafetyAssessment,
				[]Rule[Facts]{ruleReporterIdentifiable}},
		},
	}
}

func nonBlank(s string) bool { return strings.TrimSpace(s) != "" }
