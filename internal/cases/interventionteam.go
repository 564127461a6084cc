package cases

// ITStatus is where a case stands with the Interventieteam (domain §4.2,
// §3.9).
type ITStatus string

const (
	ITReferred          ITStatus = "referred"           // aangemeld (by the HG-overleg)
	ITIntensive         ITStatus = "intensive"          // intensieve fase
	ITMonitor           ITStatus = "monitor"            // monitorfase
	ITClosed            ITStatus = "closed"             // afgesloten
	ITEndedEarly        ITStatus = "ended_early"        // vroegtijdig beëindigd
	ITIntensiveReopened ITStatus = "intensive_reopened" // intensieve fase heropend
)

// Label returns the Dutch label of the IT status.
func (s ITStatus) Label() string {
	switch s {
	case ITReferred:
		return "Aangemeld"
	case ITIntensive:
		return "Intensieve fase"
	case ITMonitor:
		return "Monitorfase"
	case ITClosed:
		return "Afgesloten"
	case ITEndedEarly:
		return "Vroegtijdig beëindigd"
	case ITIntensiveReopened:
		return "Intensieve fase heropend"
	}
	return ""
}

// ITColour is the IT risk colour code at the start and end of the intensive
// phase (domain §3.2).
type ITColour string

const (
	ColourRed    ITColour = "red"    // rood: extremely serious risk, direct danger
	ColourOrange ITColour = "orange" // oranje: immediate risk within 2 months
	ColourYellow ITColour = "yellow" // geel: long-term risk, 2 months or more
	ColourGreen  ITColour = "green"  // groen: small chance of repeat violence
)

// Label returns the Dutch name of the colour code, or "" for an unknown one.
func (c ITColour) Label() string {
	switch c {
	case ColourRed:
		return "Rood"
	case ColourOrange:
		return "Oranje"
	case ColourYellow:
		return "Geel"
	case ColourGreen:
		return "Groen"
	}
	return ""
}

// Valid reports whether c is one of the four colour codes.
func (c ITColour) Valid() bool { return c.Label() != "" }

// ITFacts is the snapshot of an IT case the IT rules read.
type ITFacts struct {
	StaffAssigned    int      `json:"staff_assigned"`    // IT staff on the case; they work in duos
	ColourAtStart    ITColour `json:"colour_at_start"`   // colour code at the start of the intensive phase
	ColourAtEnd      ITColour `json:"colour_at_end"`     // colour code at its end
	SafetySufficient bool     `json:"safety_sufficient"` // client, network and IT judge safety sufficient
	LastingSafety    bool     `json:"lasting_safety"`    // safety lasted through the monitor phase
	ReopenReason     string   `json:"reopen_reason"`     // e.g. the perpetrator is released
	EndReason        string   `json:"end_reason"`        // e.g. the client moved, regular care took over
}

// Transition names of the Interventieteam process.
const (
	ITStartIntensive  TransitionName = "start_intensive"
	ITStartMonitor    TransitionName = "start_monitor"
	ITReopenIntensive TransitionName = "reopen_intensive"
	ITClose           TransitionName = "close"
	ITEndEarly        TransitionName = "end_early"
)

// InterventionTeam returns the Interventieteam process of domain §4.2:
// referred → intensive phase → monitor phase → closed (after at most a year
// of lasting safety), with an early end from every open phase and a reopened
// intensive phase from the monitor phase.
func InterventionTeam() Machine[ITStatus, ITFacts] {
	var (
		ruleDuo = Rule[ITFacts]{"two_staff", "staff_assigned",
			"the intensive phase needs two IT staff",
			func(f ITFacts) bool { return f.StaffAssigned >= 2 }}
		ruleColourStart = Rule[ITFacts]{"colour_at_start", "colour_at_start",
			"the colour code at the start is required",
			func(f ITFacts) bool { return f.ColourAtStart.Valid() }}
		ruleColourEnd = Rule[ITFacts]{"colour_at_end", "colour_at_end",
			"the colour code at the end of the intensive phase is required",
			func(f ITFacts) bool { return f.ColourAtEnd.Valid() }}
		ruleSufficient = Rule[ITFacts]{"safety_sufficient", "safety_sufficient",
			"client, network and IT must judge safety sufficient",
			func(f ITFacts) bool { return f.SafetySufficient }}
		ruleLasting = Rule[ITFacts]{"lasting_safety", "lasting_safety",
			"closing needs lasting safety",
			func(f ITFacts) bool { return f.LastingSafety }}
		ruleReopenReason = Rule[ITFacts]{"reopen_reason", "reopen_reason",
			"a reason for reopening is required",
			func(f ITFacts) bool { return nonBlank(f.ReopenReason) }}
		ruleEndReason = Rule[ITFacts]{"end_reason", "end_reason",
			"a reason for ending early is required",
			func(f ITFacts) bool { return nonBlank(f.EndReason) }}
	)
	return Machine[ITStatus, ITFacts]{
		states: []ITStatus{ITReferred, ITIntensive, ITMonitor, ITClosed, ITEndedEarly, ITIntensiveReopened},
		label:  ITStatus.Label,
		transitions: []Transition[ITStatus, ITFacts]{
			{ITStartIntensive,
				[]ITStatus{ITReferred}, ITIntensive,
				[]Rule[ITFacts]{ruleDuo, ruleColourStart}},
			{ITStartMonitor,
				[]ITStatus{ITIntensive, ITIntensiveReopened}, ITMonitor,
				[]Rule[ITFacts]{ruleSufficient, ruleColourEnd}},
			{ITReopenIntensive,
				[]ITStatus{ITMonitor}, ITIntensiveReopened,
				[]Rule[ITFacts]{ruleReopenReason, ruleDuo}},
			{ITClose,
				[]ITStatus{ITMonitor}, ITClosed,
				[]Rule[ITFacts]{ruleLasting}},
			{ITEndEarly,
				[]ITStatus{ITReferred, ITIntensive, ITMonitor, ITIntensiveReopened}, ITEndedEarly,
				[]Rule[ITFacts]{ruleEndReason}},
		},
	}
}
