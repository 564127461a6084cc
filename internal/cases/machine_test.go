package cases

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"toren/internal/toren"
)

// step is one allowed (from, transition) pair and where it leads. The
// expected tables below are written out by hand, apart from the machine's
// own table, so a change to the process shows up here.
type step[S ~string] struct {
	from S
	name TransitionName
	to   S
}

var wantProcess = []step[Status]{
	{StatusReceived, StartAcuteAction, StatusAcuteAction},
	{StatusReopened, StartAcuteAction, StatusAcuteAction},
	{StatusAcuteAction, FinishAcuteAction, StatusSafetyAssessment},
	{StatusReceived, StartSafetyAssessment, StatusSafetyAssessment},
	{StatusReopened, StartSafetyAssessment, StatusSafetyAssessment},
	{StatusSafetyAssessment, DecideHandover, StatusHandover},
	{StatusSafetyAssessment, DecideConditions, StatusConditions},
	{StatusSafetyAssessment, DecideInvestigation, StatusInvestigation},
	{StatusSafetyAssessment, RequestRvdK, StatusRvdKRequest},
	{StatusConditions, RequestRvdK, StatusRvdKRequest},
	{StatusInvestigation, RequestRvdK, StatusRvdKRequest},
	{StatusSafetyAssessment, ConvertToAdvice, StatusConvertedToAdvice},
	{StatusSafetyAssessment, EndInvolvement, StatusEnded},
	{StatusConditions, HandOverConditions, StatusHandover},
	{StatusInvestigation, HandOverInvestigation, StatusHandover},
	{StatusInvestigation, EndInvestigation, StatusEnded},
	{StatusRvdKRequest, ConcludeRvdKRequest, StatusEnded},
	{StatusHandover, WithdrawHandover, StatusSafetyAssessment},
	{StatusHandover, StartMonitoring, StatusMonitoring},
	{StatusMonitoring, CloseCase, StatusClosed},
	{StatusMonitoring, ReopenCase, StatusReopened},
	{StatusClosed, ReopenCase, StatusReopened},
	{StatusEnded, ReopenCase, StatusReopened},
	{StatusConvertedToAdvice, ConvertAdviceToReport, StatusSafetyAssessment},
}

// okFacts gives, per transition, facts under which every rule holds.
func okFacts(name TransitionName) Facts {
	f := Facts{
		AcuteActionRecorded:     true,
		SafetyAssessed:          true,
		ChildrenInvolved:        true,
		ReceivingPartner:        "Wijkteam Noord",
		SafetyConditions:        2,
		ClosingLetterSent:       true,
		InvestigationConclusion: "Kindermishandeling vastgesteld",
		EndReason:               "Geen zorgen meer",
		RvdKRequestSent:         true,
		HandoverAccepted:        true,
		HandoverDeclined:        true,
		MonitoringComplete:      true,
		ConditionsMet:           true,
		NewSignal:               true,
		ReporterIdentifiable:    true,
	}
	f.Acute = name == StartAcuteAction
	return f
}

// breakRule makes exactly the rule with code fail.
var breakRule = map[string]func(*Facts){
	"acute":                    func(f *Facts) { f.Acute = false },
	"not_acute":                func(f *Facts) { f.Acute = true },
	"acute_action_recorded":    func(f *Facts) { f.AcuteActionRecorded = false },
	"safety_assessed":          func(f *Facts) { f.SafetyAssessed = false },
	"children_involved":        func(f *Facts) { f.ChildrenInvolved = false },
	"receiving_partner":        func(f *Facts) { f.ReceivingPartner = "  " },
	"safety_conditions":        func(f *Facts) { f.SafetyConditions = 0 },
	"closing_letter_sent":      func(f *Facts) { f.ClosingLetterSent = false },
	"investigation_conclusion": func(f *Facts) { f.InvestigationConclusion = "" },
	"end_reason":               func(f *Facts) { f.EndReason = "\t" },
	"rvdk_request_sent":        func(f *Facts) { f.RvdKRequestSent = false },
	"handover_accepted":        func(f *Facts) { f.HandoverAccepted = false },
	"handover_declined":        func(f *Facts) { f.HandoverDeclined = false },
	"monitoring_complete":      func(f *Facts) { f.MonitoringComplete = false },
	"conditions_met":           func(f *Facts) { f.ConditionsMet = false },
	"new_signal":               func(f *Facts) { f.NewSignal = false },
	"reporter_identifiable":    func(f *Facts) { f.ReporterIdentifiable = false },
}

func TestTablesAreWellFormed(t *testing.T) {
	if err := Process().validate(); err != nil {
		t.Errorf("Process: %v", err)
	}
	if err := InterventionTeam().validate(); err != nil {
		t.Errorf("InterventionTeam: %v", err)
	}
	// Every case status is a state of the process.
	for s := range StatusLabels {
		if !slices.Contains(Process().States(), s) {
			t.Errorf("status %s is missing from the process", s)
		}
	}
}

// tableSteps flattens a machine's table into (from, name, to) triples.
func tableSteps[S ~string, F any](m Machine[S, F]) []step[S] {
	var out []step[S]
	for _, tr := range m.Transitions() {
		for _, from := range tr.From {
			out = append(out, step[S]{from, tr.Name, tr.To})
		}
	}
	return out
}

func sameSteps[S ~string](t *testing.T, got, want []step[S]) {
	t.Helper()
	for _, s := range want {
		if !slices.Contains(got, s) {
			t.Errorf("table lacks %s --%s--> %s", s.from, s.name, s.to)
		}
	}
	for _, s := range got {
		if !slices.Contains(want, s) {
			t.Errorf("table has unexpected %s --%s--> %s", s.from, s.name, s.to)
		}
	}
}

func TestProcessTable(t *testing.T) {
	sameSteps(t, tableSteps(Process()), wantProcess)
}

func TestProcessAllowedTransitions(t *testing.T) {
	m := Process()
	for _, s := range wantProcess {
		got, err := m.Apply(s.from, s.name, okFacts(s.name))
		if err != nil || got != s.to {
			t.Errorf("%s --%s--> = %s, %v; want %s", s.from, s.name, got, err, s.to)
		}
	}
}

// TestProcessForbiddenTransitions tries every state with every transition
// that the expected table does not list.
func TestProcessForbiddenTransitions(t *testing.T) {
	m := Process()
	tried := 0
	for _, from := range m.States() {
		for _, tr := range m.Transitions() {
			if slices.ContainsFunc(wantProcess, func(s step[Status]) bool { return s.from == from && s.name == tr.Name }) {
				continue
			}
			tried++
			got, err := m.Apply(from, tr.Name, okFacts(tr.Name))
			assertNotAllowed(t, got, from, tr.Name, err)
		}
	}
	if want := 12*18 - len(wantProcess); tried != want {
		t.Errorf("tried %d forbidden pairs, want %d", tried, want)
	}
}

func assertNotAllowed[S ~string](t *testing.T, got, from S, name TransitionName, err error) {
	t.Helper()
	var e *toren.Error
	if !errors.As(err, &e) || e.Code != toren.CodeConflict {
		t.Errorf("%s --%s-->: err = %v, want a conflict *toren.Error", from, name, err)
		return
	}
	if got != from {
		t.Errorf("%s --%s-->: returned %s on error, want the state unchanged", from, name, got)
	}
	if !strings.Contains(e.Message, string(name)) || !strings.Contains(e.Message, string(from)) {
		t.Errorf("message %q does not name the transition and state", e.Message)
	}
	if len(e.Fields) != 1 || e.Fields[0].Rule != "transition_not_allowed" || e.Fields[0].Field != "status" {
		t.Errorf("fields = %+v, want one transition_not_allowed rule", e.Fields)
	}
}

// TestProcessPreconditions breaks each rule of each allowed step in turn:
// the step must fail naming exactly that rule, and leave the state alone.
func TestProcessPreconditions(t *testing.T) {
	m := Process()
	checked := map[string]bool{}
	for _, s := range wantProcess {
		tr, _ := m.Lookup(s.name)
		for _, r := range tr.Rules {
			brk, ok := breakRule[r.Code]
			if !ok {
				t.Fatalf("no way to break rule %q in the test", r.Code)
			}
			f := okFacts(s.name)
			brk(&f)
			got, err := m.Apply(s.from, s.name, f)
			assertRulesFailed(t, got, s.from, s.name, err, r.Code)
			checked[r.Code] = true
		}
	}
	for code := range breakRule {
		if !checked[code] {
			t.Errorf("rule %q is never used by the process", code)
		}
	}
}

func assertRulesFailed[S ~string](t *testing.T, got, from S, name TransitionName, err error, codes ...string) {
	t.Helper()
	var e *toren.Error
	if !errors.As(err, &e) || e.Code != toren.CodeInvalid {
		t.Errorf("%s --%s--> without %v: err = %v, want an invalid *toren.Error", from, name, codes, err)
		return
	}
	if got != from {
		t.Errorf("%s --%s-->: returned %s on error, want the state unchanged", from, name, got)
	}
	var gotCodes []string
	for _, f := range e.Fields {
		gotCodes = append(gotCodes, f.Rule)
		if f.Field == "" || f.Message == "" || f.Rule == "" {
			t.Errorf("incomplete field error %+v", f)
		}
	}
	if !slices.Equal(gotCodes, codes) {
		t.Errorf("%s --%s-->: failed rules %v, want %v", from, name, gotCodes, codes)
	}
	if !strings.Contains(e.Message, string(name)) {
		t.Errorf("message %q does not name the transition", e.Message)
	}
	for _, c := range codes {
		if !strings.Contains(e.Message, c) {
			t.Errorf("message %q does not name rule %s", e.Message, c)
		}
	}
}

func TestProcessPreconditionScenarios(t *testing.T) {
	m := Process()
	tests := []struct {
		name  string
		from  Status
		step  TransitionName
		facts Facts
		fails []string // nil: allowed
	}{
		{"handover needs partner and a condition", StatusSafetyAssessment, DecideHandover,
			Facts{SafetyAssessed: true}, []string{"receiving_partner", "safety_conditions"}},
		{"handover with partner and a condition", StatusSafetyAssessment, DecideHandover,
			Facts{SafetyAssessed: true, ReceivingPartner: "Wijkteam", SafetyConditions: 1}, nil},
		{"nothing decided before the assessment is recorded", StatusSafetyAssessment, DecideInvestigation,
			Facts{}, []string{"safety_assessed"}},
		{"closing an Onderzoek needs its conclusion", StatusInvestigation, HandOverInvestigation,
			Facts{ReceivingPartner: "GGZ", SafetyConditions: 3}, []string{"investigation_conclusion"}},
		{"ending after an Onderzoek needs conclusion and reason", StatusInvestigation, EndInvestigation,
			Facts{}, []string{"investigation_conclusion", "end_reason"}},
		{"V&V hands over only after the closing letter", StatusConditions, HandOverConditions,
			Facts{ReceivingPartner: "Wijkteam", SafetyConditions: 1}, []string{"closing_letter_sent"}},
		{"monitoring needs an accepted handover", StatusHandover, StartMonitoring,
			Facts{HandoverDeclined: true}, []string{"handover_accepted"}},
		{"an acute report goes to acute action first", StatusReceived, StartSafetyAssessment,
			Facts{Acute: true}, []string{"not_acute"}},
		{"a plain report goes straight to assessment", StatusReceived, StartSafetyAssessment,
			Facts{}, nil},
		{"no Raad request without a child", StatusInvestigation, RequestRvdK,
			Facts{SafetyAssessed: true}, []string{"children_involved"}},
		{"closing needs monitoring and conditions met", StatusMonitoring, CloseCase,
			Facts{}, []string{"monitoring_complete", "conditions_met"}},
		{"reopening needs a signal", StatusClosed, ReopenCase, Facts{}, []string{"new_signal"}},
	}
	for _, tt := range tests {
		got, err := m.Apply(tt.from, tt.step, tt.facts)
		if tt.fails == nil {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tt.name, err)
			}
			continue
		}
		t.Run(tt.name, func(t *testing.T) { assertRulesFailed(t, got, tt.from, tt.step, err, tt.fails...) })
	}
}

func TestProcessUnknownInput(t *testing.T) {
	m := Process()
	got, err := m.Apply(StatusReceived, "teleport", Facts{})
	if toren.ErrorCode(err) != toren.CodeInvalid || got != StatusReceived {
		t.Errorf("unknown transition: %s, %v", got, err)
	}
	if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Rule != "unknown_transition" {
		t.Errorf("unknown transition fields = %+v", fe)
	}
	got, err = m.Apply("limbo", StartSafetyAssessment, Facts{})
	if toren.ErrorCode(err) != toren.CodeInvalid || got != "limbo" {
		t.Errorf("unknown status: %s, %v", got, err)
	}
	if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Rule != "unknown_status" {
		t.Errorf("unknown status fields = %+v", fe)
	}
}

func TestAllowedAndPossible(t *testing.T) {
	m := Process()
	names := func(ts []Transition[Status, Facts]) []TransitionName {
		var out []TransitionName
		for _, tr := range ts {
			out = append(out, tr.Name)
		}
		return out
	}
	wantAllowed := []TransitionName{DecideHandover, DecideConditions, DecideInvestigation, RequestRvdK, ConvertToAdvice, EndInvolvement}
	if got := names(m.Allowed(StatusSafetyAssessment)); !slices.Equal(got, wantAllowed) {
		t.Errorf("Allowed(safety_assessment) = %v", got)
	}
	// Assessed, no child, no partner, no reason: only three decisions remain.
	wantPossible := []TransitionName{DecideConditions, DecideInvestigation, ConvertToAdvice}
	if got := names(m.Possible(StatusSafetyAssessment, Facts{SafetyAssessed: true})); !slices.Equal(got, wantPossible) {
		t.Errorf("Possible = %v, want %v", got, wantPossible)
	}
	if got := m.Allowed(StatusClosed); len(got) != 1 || got[0].Name != ReopenCase {
		t.Errorf("Allowed(closed) = %v", names(got))
	}
}

// TestTableIsACopy: callers cannot change the process through Transitions.
func TestTableIsACopy(t *testing.T) {
	m := Process()
	ts := m.Transitions()
	ts[0].To = StatusClosed
	if tr, _ := m.Lookup(ts[0].Name); tr.To == StatusClosed {
		t.Error("changing the returned table changed the machine")
	}
}

// TestProcessWalk follows one case from receipt to closure and back.
func TestProcessWalk(t *testing.T) {
	m := Process()
	f := Facts{Acute: true}
	s := StatusReceived
	walk := []struct {
		step   TransitionName
		update func(*Facts)
		want   Status
	}{
		{StartAcuteAction, nil, StatusAcuteAction},
		{FinishAcuteAction, func(f *Facts) { f.AcuteActionRecorded = true }, StatusSafetyAssessment},
		{DecideInvestigation, func(f *Facts) { f.SafetyAssessed = true }, StatusInvestigation},
		{HandOverInvestigation, func(f *Facts) {
			f.InvestigationConclusion = "Structurele onveiligheid"
			f.ReceivingPartner = "Wijkteam"
			f.SafetyConditions = 2
		}, StatusHandover},
		{StartMonitoring, func(f *Facts) { f.HandoverAccepted = true }, StatusMonitoring},
		{CloseCase, func(f *Facts) { f.MonitoringComplete, f.ConditionsMet = true, true }, StatusClosed},
		{ReopenCase, func(f *Facts) { f.NewSignal = true; f.Acute = false }, StatusReopened},
		{StartSafetyAssessment, nil, StatusSafetyAssessment},
	}
	for i, w := range walk {
		if w.update != nil {
			w.update(&f)
		}
		next, err := m.Apply(s, w.step, f)
		if err != nil || next != w.want {
			t.Fatalf("step %d %s from %s: %s, %v; want %s", i, w.step, s, next, err, w.want)
		}
		s = next
	}
}

var wantIT = []step[ITStatus]{
	{ITReferred, ITStartIntensive, ITIntensive},
	{ITIntensive, ITStartMonitor, ITMonitor},
	{ITIntensiveReopened, ITStartMonitor, ITMonitor},
	{ITMonitor, ITReopenIntensive, ITIntensiveReopened},
	{ITMonitor, ITClose, ITClosed},
	{ITReferred, ITEndEarly, ITEndedEarly},
	{ITIntensive, ITEndEarly, ITEndedEarly},
	{ITMonitor, ITEndEarly, ITEndedEarly},
	{ITIntensiveReopened, ITEndEarly, ITEndedEarly},
}

func okITFacts() ITFacts {
	return ITFacts{
		StaffAssigned: 2, ColourAtStart: ColourOrange, ColourAtEnd: ColourGreen,
		SafetySufficient: true, LastingSafety: true,
		ReopenReason: "Pleger vrijgelaten", EndReason: "Cliënt verhuisd",
	}
}

var breakITRule = map[string]func(*ITFacts){
	"two_staff":         func(f *ITFacts) { f.StaffAssigned = 1 },
	"colour_at_start":   func(f *ITFacts) { f.ColourAtStart = "purple" },
	"colour_at_end":     func(f *ITFacts) { f.ColourAtEnd = "" },
	"safety_sufficient": func(f *ITFacts) { f.SafetySufficient = false },
	"lasting_safety":    func(f *ITFacts) { f.LastingSafety = false },
	"reopen_reason":     func(f *ITFacts) { f.ReopenReason = "" },
	"end_reason":        func(f *ITFacts) { f.EndReason = " " },
}

func TestInterventionTeam(t *testing.T) {
	m := InterventionTeam()
	sameSteps(t, tableSteps(m), wantIT)

	for _, s := range wantIT {
		got, err := m.Apply(s.from, s.name, okITFacts())
		if err != nil || got != s.to {
			t.Errorf("%s --%s--> = %s, %v; want %s", s.from, s.name, got, err, s.to)
		}
		tr, _ := m.Lookup(s.name)
		for _, r := range tr.Rules {
			f := okITFacts()
			breakITRule[r.Code](&f)
			got, err := m.Apply(s.from, s.name, f)
			assertRulesFailed(t, got, s.from, s.name, err, r.Code)
		}
	}

	forbidden := 0
	for _, from := range m.States() {
		for _, tr := range m.Transitions() {
			if slices.ContainsFunc(wantIT, func(s step[ITStatus]) bool { return s.from == from && s.name == tr.Name }) {
				continue
			}
			forbidden++
			got, err := m.Apply(from, tr.Name, okITFacts())
			assertNotAllowed(t, got, from, tr.Name, err)
		}
	}
	if want := 6*5 - len(wantIT); forbidden != want {
		t.Errorf("tried %d forbidden IT pairs, want %d", forbidden, want)
	}
}

func TestITLabels(t *testing.T) {
	for _, s := range InterventionTeam().States() {
		if s.Label() == "" {
			t.Errorf("IT status %s has no label", s)
		}
	}
	for _, c := range []ITColour{ColourRed, ColourOrange, ColourYellow, ColourGreen} {
		if !c.Valid() {
			t.Errorf("%s should be valid", c)
		}
	}
	if ITColour("ROOD").Valid() || ITStatus("x").Label() != "" {
		t.Error("unknown codes must not validate")
	}
	if got := fmt.Sprint(ColourOrange.Label()); got != "Oranje" {
		t.Errorf("orange label = %q", got)
	}
}
