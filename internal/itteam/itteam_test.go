package itteam

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"toren/internal/cases"
	"toren/internal/reports"
	"toren/internal/toren"
)

var now = time.Date(2014, 12, 31, 12, 0, 0, 0, time.UTC)

func num(f float64) *float64 { return &f }

// allMet answers checklist v1 so that every criterion is met.
func allMet() map[string]Answer {
	return map[string]Answer{
		"dreigend_gevaar":   {Choice: "orange"},
		"geweld_per_maand":  {Number: num(3)},
		"kans_herhaling":    {Number: num(75)},
		"veiligheidsschaal": {Number: num(3)},
		"leefgebieden":      {Items: []string{"huisvesting", "werk_inkomen", "gezondheid", "veiligheid", "opvoeding"}},
		"geen_vooruitgang":  {Number: num(2), Signs: []string{"gesloten_deur", "recidive"}},
		"hulpverlening":     {Items: []string{"onvoldoende_progressie"}},
	}
}

func fieldRules(err error) []string {
	var out []string
	for _, f := range toren.FieldErrors(err) {
		out = append(out, f.Field+" "+f.Rule)
	}
	return out
}

func TestBijlage1Thresholds(t *testing.T) {
	cl := Bijlage1()
	if cl.Version != 1 || len(cl.Criteria) != 7 {
		t.Fatalf("checklist v%d with %d criteria", cl.Version, len(cl.Criteria))
	}
	q, err := cl.Assess(allMet())
	if err != nil || !q.Qualifies || len(q.Met()) != 7 {
		t.Fatalf("all met: %+v %v", q, err)
	}
	// Each threshold at its boundary: the seed's ">1/maand", ">50%", "<5",
	// ">4 leefgebieden", ">1 jaar" are strict.
	for _, tt := range []struct {
		code string
		a    Answer
		met  bool
	}{
		{"geweld_per_maand", Answer{Number: num(1)}, false},
		{"geweld_per_maand", Answer{Number: num(1.5)}, true},
		{"kans_herhaling", Answer{Number: num(50)}, false},
		{"kans_herhaling", Answer{Number: num(51)}, true},
		{"veiligheidsschaal", Answer{Number: num(5)}, false},
		{"veiligheidsschaal", Answer{Number: num(4)}, true},
		{"leefgebieden", Answer{Items: []string{"huisvesting", "werk_inkomen", "gezondheid", "veiligheid"}}, false},
		{"geen_vooruitgang", Answer{Number: num(1)}, false},
		{"dreigend_gevaar", Answer{Choice: "yellow"}, false},
		{"dreigend_gevaar", Answer{Choice: "red"}, true},
		{"hulpverlening", Answer{}, false},
	} {
		as := allMet()
		as[tt.code] = tt.a
		q, err := cl.Assess(as)
		if err != nil {
			t.Fatalf("%s: %v", tt.code, err)
		}
		got := slices.Contains(q.Met(), tt.code)
		if got != tt.met || q.Qualifies != tt.met {
			t.Errorf("%s = %+v: met %v qualifies %v; want %v", tt.code, tt.a, got, q.Qualifies, tt.met)
		}
	}
	// An open answer is allowed and not met.
	as := allMet()
	delete(as, "kans_herhaling")
	if q, err := cl.Assess(as); err != nil || q.Qualifies {
		t.Errorf("open answer: %+v %v", q, err)
	}
}

func TestAssessRejectsBadAnswers(t *testing.T) {
	as := allMet()
	as["veiligheidsschaal"] = Answer{Number: num(11)}
	as["leefgebieden"] = Answer{Items: []string{"huisvesting", "huisvesting", "maan"}}
	as["onbekend"] = Answer{Choice: "x"}
	as["dreigend_gevaar"] = Answer{Choice: "paars"}
	_, err := Bijlage1().Assess(as)
	got := fieldRules(err)
	for _, want := range []string{"answers.veiligheidsschaal range", "answers.leefgebieden enum", "answers.onbekend unknown_criterion", "answers.dreigend_gevaar enum"} {
		if !slices.Contains(got, want) {
			t.Errorf("errors %v lack %q", got, want)
		}
	}
}

// A region changes a threshold by publishing version 2; a case assessed
// with version 1 keeps its verdict, because it is read with version 1.
func TestChecklistVersionIsData(t *testing.T) {
	v1 := Bijlage1()
	b, _ := json.Marshal(v1)
	v2, err := ParseChecklist(b)
	if err != nil {
		t.Fatal(err)
	}
	v2.Version = 2
	for i := range v2.Criteria {
		if v2.Criteria[i].Code == "leefgebieden" {
			v2.Criteria[i].Threshold = 5
		}
	}
	as := allMet() // five leefgebieden
	q1, _ := v1.Assess(as)
	q2, _ := v2.Assess(as)
	if !q1.Qualifies || q2.Qualifies || q1.Version != 1 || q2.Version != 2 {
		t.Errorf("v1 %v (v%d), v2 %v (v%d); want v1 qualifies, v2 not", q1.Qualifies, q1.Version, q2.Qualifies, q2.Version)
	}
	bad := v1
	bad.Criteria = append(slices.Clone(v1.Criteria), Criterion{Code: "x", Section: "nergens", Label: "X", Kind: "vrij"})
	if fr := fieldRules(bad.Check()); !slices.Contains(fr, "criteria[7].section known") || !slices.Contains(fr, "criteria[7].kind enum") {
		t.Errorf("bad checklist: %v", fr)
	}
}

func referred(t *testing.T) *Case {
	t.Helper()
	c := &Case{Family: "Familie Verbeek", ReferredOn: toren.NewDate(2014, 1, 6), Answers: allMet(), Admission: Admission{Admitted: true}}
	if err := Refer(c, Bijlage1(), toren.DateOf(now)); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAdmissionAgainstChecklistNeedsReason(t *testing.T) {
	as := allMet()
	as["geweld_per_maand"] = Answer{Number: num(0.5)}
	c := &Case{Family: "Familie X", ReferredOn: toren.NewDate(2014, 1, 6), Answers: as, Admission: Admission{Admitted: true}}
	if fr := fieldRules(Refer(c, Bijlage1(), toren.DateOf(now))); !slices.Equal(fr, []string{"admission.reason against_checklist"}) {
		t.Errorf("admitted against checklist without reason: %v", fr)
	}
	c.Admission.Reason = "Dreiging van eergerelateerd geweld; HG-overleg besluit tot inzet."
	if err := Refer(c, Bijlage1(), toren.DateOf(now)); err != nil || c.Qualification.Qualifies || c.Status != cases.ITReferred {
		t.Errorf("with reason: %v %+v", err, c.Qualification)
	}
	refused := &Case{Family: "Familie Y", ReferredOn: toren.NewDate(2014, 1, 6), Answers: allMet()}
	if fr := fieldRules(Refer(refused, Bijlage1(), toren.DateOf(now))); !slices.Equal(fr, []string{"admission.reason against_checklist"}) {
		t.Errorf("refused although qualifying, without reason: %v", fr)
	}
}

func TestPhasesDuoColourAndMonitoringDue(t *testing.T) {
	c := referred(t)
	me := Worker{ID: 1, Name: "Ilse"}
	start := PhaseChange{Transition: cases.ITStartIntensive, On: toren.NewDate(2014, 1, 10)}
	if fr := fieldRules(c.Apply(start, me, now)); !slices.Contains(fr, "staff_assigned two_staff") || !slices.Contains(fr, "colour_at_start colour_at_start") {
		t.Errorf("start without duo and colour: %v", fr)
	}
	if fr := fieldRules(c.AssignDuo(me, me)); !slices.Equal(fr, []string{"worker_b distinct"}) {
		t.Errorf("duo of one: %v", fr)
	}
	if err := c.AssignDuo(me, Worker{ID: 2, Name: "Ahmed"}); err != nil {
		t.Fatal(err)
	}
	if err := c.RateColour(ColourRating{On: toren.NewDate(2014, 1, 10), Colour: cases.ColourOrange, Moment: MomentStart, Rater: me}, toren.DateOf(now)); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(start, me, now); err != nil || c.Status != cases.ITIntensive {
		t.Fatalf("start: %v %s", err, c.Status)
	}
	// Closing from the intensive phase is forbidden by the process.
	err := c.Apply(PhaseChange{Transition: cases.ITClose, On: toren.NewDate(2014, 2, 1), LastingSafety: true}, me, now)
	if toren.ErrorCode(err) != toren.CodeConflict || !slices.Equal(fieldRules(err), []string{"status transition_not_allowed"}) || c.Status != cases.ITIntensive {
		t.Errorf("close from intensive: %v, %s", err, c.Status)
	}
	mon := PhaseChange{Transition: cases.ITStartMonitor, On: toren.NewDate(2014, 5, 12), SafetySufficient: true}
	if fr := fieldRules(c.Apply(mon, me, now)); !slices.Equal(fr, []string{"colour_at_end colour_at_end"}) {
		t.Errorf("monitor without end colour: %v", fr)
	}
	c.RateColour(ColourRating{On: toren.NewDate(2014, 5, 12), Colour: cases.ColourGreen, Moment: MomentEnd, Rater: me}, toren.DateOf(now))
	if err := c.Apply(mon, me, now); err != nil {
		t.Fatal(err)
	}
	if due, ok := c.MonitoringDue(); !ok || due != toren.NewDate(2015, 5, 12) {
		t.Errorf("monitoring due %v %v; want a year after 12 May 2014", due, ok)
	}
	// A date before the last change is refused.
	if fr := fieldRules(c.Apply(PhaseChange{Transition: cases.ITReopenIntensive, On: toren.NewDate(2014, 5, 1), Reason: "Pleger vrijgelaten"}, me, now)); !slices.Equal(fr, []string{"on after_last_event"}) {
		t.Errorf("back-dated: %v", fr)
	}
	if err := c.Apply(PhaseChange{Transition: cases.ITReopenIntensive, On: toren.NewDate(2014, 8, 1), Reason: "Pleger vrijgelaten"}, me, now); err != nil || c.Status != cases.ITIntensiveReopened {
		t.Fatalf("reopen: %v %s", err, c.Status)
	}
	if _, ok := c.MonitoringDue(); ok {
		t.Error("no monitoring due date outside the monitor phase")
	}
	if fr := fieldRules(c.Apply(PhaseChange{Transition: cases.ITEndEarly, On: toren.NewDate(2014, 9, 1), EndReason: "zomaar"}, me, now)); !slices.Equal(fr, []string{"end_reason enum"}) {
		t.Errorf("end reason off the list: %v", fr)
	}
	if fr := fieldRules(c.Apply(PhaseChange{Transition: cases.ITEndEarly, On: toren.NewDate(2014, 9, 1), EndReason: EndOther}, me, now)); !slices.Equal(fr, []string{"reason required"}) {
		t.Errorf("other without explanation: %v", fr)
	}
	if err := c.Apply(PhaseChange{Transition: cases.ITEndEarly, On: toren.NewDate(2014, 9, 1), EndReason: EndMoved}, me, now); err != nil || !c.Closed() {
		t.Fatalf("end early: %v", err)
	}
	for d, want := range map[toren.Date]cases.ITStatus{
		toren.NewDate(2014, 1, 9): cases.ITReferred, toren.NewDate(2014, 1, 10): cases.ITIntensive,
		toren.NewDate(2014, 6, 1): cases.ITMonitor, toren.NewDate(2014, 8, 1): cases.ITIntensiveReopened,
		toren.NewDate(2014, 12, 31): cases.ITEndedEarly,
	} {
		if got, _ := c.StatusOn(d); got != want {
			t.Errorf("status on %s = %s, want %s", d, got, want)
		}
	}
	if len(c.Events) != 4 || c.Events[3].EndReason != EndMoved || c.Events[0].By != me {
		t.Errorf("events: %+v", c.Events)
	}
}

func TestPlanVersionsAgreementsAndScores(t *testing.T) {
	c := referred(t)
	me := Worker{ID: 1, Name: "Ilse"}
	bad := Plan{Dangers: "Ex-vriend valt haar lastig", Agreements: []Agreement{{What: "Geen contact zoeken"}}}
	if fr := fieldRules(c.SavePlan(bad, me, now)); !slices.Equal(fr, []string{"agreements[0].owner required"}) || len(c.Plans) != 0 {
		t.Errorf("agreement without owner: %v", fr)
	}
	p := Plan{Dangers: "Ex-vriend valt haar lastig", FamilyGoals: "Los van hem", BottomLines: "Geen geweld", Agreements: []Agreement{
		{Owner: "Chantal", What: "Geen contact zoeken met ex", When: "vanaf nu", Check: "moeder vraagt wekelijks"},
		{Owner: "Moeder", What: "Samen eten", When: "dagelijks", Check: "IT bij huisbezoek"},
	}}
	if err := c.SavePlan(p, me, now); err != nil {
		t.Fatal(err)
	}
	v1, _ := c.CurrentPlan()
	v1.Agreements = append(v1.Agreements, Agreement{Owner: "Politie", What: "Rijdt langs bij melding", Check: "terugkoppeling aan IT"})
	if err := c.SavePlan(v1, me, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAgreementStatus(2, StatusChange{On: toren.DateOf(now), Status: AgreementKept, By: me}, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if fr := fieldRules(c.SetAgreementStatus(9, StatusChange{On: toren.DateOf(now), Status: "prima"}, now)); !slices.Contains(fr, "status enum") || !slices.Contains(fr, "number unknown_agreement") {
		t.Errorf("bad status change: %v", fr)
	}
	cur, _ := c.CurrentPlan()
	old, _ := c.PlanVersion(1)
	if cur.Version != 3 || len(cur.Agreements) != 3 || cur.Agreements[2].Number != 3 || cur.Agreements[1].Status() != AgreementKept {
		t.Errorf("current plan: %+v", cur)
	}
	if len(old.Agreements) != 2 || old.Agreements[1].Status() != AgreementOpen {
		t.Errorf("version 1 changed: %+v", old)
	}
	if h := cur.Agreements[1].History; len(h) != 2 || h[0].Status != AgreementOpen {
		t.Errorf("status history: %+v", h)
	}

	eleven, five := 11, 5
	err := c.AddScaling([]ScalingScore{{On: toren.DateOf(now), Kind: RaterFamily, Rater: "moeder", Safety: &eleven, Progress: &five}}, toren.DateOf(now))
	if fr := fieldRules(err); !slices.Equal(fr, []string{"scores[0].safety range_0_10"}) || len(c.Scaling) != 0 {
		t.Errorf("score 11: %v", fr)
	}
	zero := 0
	if err := c.AddScaling([]ScalingScore{{On: toren.DateOf(now), Kind: RaterNetwork, Rater: "netwerk", Safety: &zero}}, toren.DateOf(now)); err != nil {
		t.Errorf("score 0 is on the scale: %v", err)
	}

	m := Meeting{On: toren.DateOf(now), Participants: []Participant{{Name: "Hulpverlener", Kind: ParticipantProfessional}}, Agreements: []int{7},
		Evaluations: []Form{{Scores: map[string]int{"respect": 0, "humor": 5}}}}
	fr := fieldRules(c.AddMeeting(m, toren.DateOf(now)))
	for _, want := range []string{"participants[0].organisation required", "agreements unknown_agreement", "evaluations[0].respect range_1_10", "evaluations[0].humor unknown_item"} {
		if !slices.Contains(fr, want) {
			t.Errorf("meeting errors %v lack %q", fr, want)
		}
	}
	if err := c.AddClientEvaluation(ClientEvaluation{On: toren.DateOf(now), Form: Form{Scores: map[string]int{"eindoordeel": 9}}}, toren.DateOf(now)); err != nil {
		t.Errorf("client evaluation with open items: %v", err)
	}
}

// Escalating to CCB is decided by three together: an IT worker of the
// duo, the team leader and the HG-overleg's chair; with fewer, nothing is
// recorded.
func TestCCBNeedsThreeDeciders(t *testing.T) {
	c := referred(t)
	ilse := Worker{ID: 1, Name: "Ilse"}
	c.AssignDuo(ilse, Worker{ID: 2, Name: "Ahmed"})
	today := toren.DateOf(now)
	two := CCB{RiskEstimate: "Dreigt met partnerdoding na vrijlating", DecidedOn: today, Deciders: []Decider{
		{Role: DeciderWorker, Name: "Ilse", ID: 1}, {Role: DeciderTeamLeader, Name: "Tim", ID: 3}}}
	if fr := fieldRules(c.EscalateCCB(two, today)); !slices.Equal(fr, []string{"deciders three_deciders"}) || c.CCB != nil {
		t.Errorf("two deciders: %v", fr)
	}
	alone := two
	alone.Deciders = []Decider{{Role: DeciderWorker, Name: "Ilse", ID: 1}, {Role: DeciderWorker, Name: "Ilse", ID: 1}, {Role: DeciderTeamLeader, Name: "Tim"}}
	if fr := fieldRules(c.EscalateCCB(alone, today)); !slices.Contains(fr, "deciders[1].role once") || !slices.Contains(fr, "deciders three_deciders") {
		t.Errorf("one worker twice: %v", fr)
	}
	outsider := two
	outsider.Deciders = append([]Decider{{Role: DeciderWorker, Name: "Mo", ID: 9}}, two.Deciders[1], Decider{Role: DeciderChair, Name: "Voorzitter"})
	if fr := fieldRules(c.EscalateCCB(outsider, today)); !slices.Equal(fr, []string{"deciders[0].id duo"}) {
		t.Errorf("a worker outside the duo: %v", fr)
	}
	three := two
	three.Deciders = append(slices.Clone(two.Deciders), Decider{Role: DeciderChair, Name: "Mr. De Vries"})
	if err := c.EscalateCCB(three, today); err != nil || c.CCB == nil || c.CCB.Stelsel != nil {
		t.Fatalf("three deciders: %v", err)
	}
	if fr := fieldRules(c.RecordCCBOutcome(true, today, []CCBAction{{What: "Camerabewaking", Due: today}}, today)); !slices.Equal(fr, []string{"actions[0].owner required"}) {
		t.Errorf("action without owner: %v", fr)
	}
	if err := c.RecordCCBOutcome(true, today, []CCBAction{{What: "Camerabewaking", Owner: "Politie", Due: today}}, today); err != nil || !*c.CCB.Stelsel || len(c.CCB.Actions) != 1 {
		t.Errorf("outcome: %v %+v", err, c.CCB)
	}
}

// The sexes are those of the reports package, one per person: an empty
// (unknown) or foreign code is refused under its own list's field, and
// the Dutch text offers what is accepted.
func TestRegistrationSexes(t *testing.T) {
	ok := Registration{PerpetratorSexes: []reports.Sex{reports.SexMale, reports.SexMale}, VictimSexes: []reports.Sex{reports.SexFemale, reports.SexX}}
	if err := ok.Check(nil, nil); err != nil {
		t.Errorf("two men, a woman and X: %v", err)
	}
	bad := Registration{PerpetratorSexes: []reports.Sex{reports.SexMale}, VictimSexes: []reports.Sex{reports.SexUnknown, "m"}}
	err := bad.Check(nil, nil)
	if fr := fieldRules(err); !slices.Equal(fr, []string{"victim_sexes enum", "victim_sexes enum"}) {
		t.Errorf("problems %v, want two on victim_sexes", fr)
	}
	// The words are the web's (it.rule.*): the service gives rule codes.
	for _, f := range toren.FieldErrors(err) {
		if f.MessageNL != "" {
			t.Errorf("itteam words a rule itself: %q", f.MessageNL)
		}
	}

}

// The API takes the lists as they come: more persons than a family has
// is refused under its field, as a blank care provider is under its own
// rule (not as "not in the catalogue").
func TestRegistrationBounds(t *testing.T) {
	many := make([]reports.Sex, MaxSexes+1)
	for i := range many {
		many[i] = reports.SexMale
	}
	err := Registration{PerpetratorSexes: many, VictimSexes: many[:MaxSexes]}.Check(nil, nil)
	if fr := fieldRules(err); !slices.Equal(fr, []string{"perpetrator_sexes max_items"}) {
		t.Errorf("%d perpetrators, %d victims: problems %v", len(many), MaxSexes, fr)
	}
	err = Registration{CareProviders: []string{"  "}}.Check(nil, func(string) bool { return true })
	if fr := fieldRules(err); !slices.Equal(fr, []string{"care_providers[0] required"}) {
		t.Errorf("a blank care provider: problems %v", fr)
	}
}

// The year's children table has a row for the cases with children
// present and one for those without, each a share of the new admitted
// cases, and counts the cases that left it open apart; a case of another
// year or never admitted is not in it.
func TestYearStatisticsChildrenRows(t *testing.T) {
	tally := NewTally(2014, toren.NewDate(2014, 12, 31))
	add := func(on toren.Date, admitted bool, children reports.Tri) {
		tally.Add(&Facts{ReferredOn: on, Admitted: admitted, ChildrenPresent: string(children)})
	}
	for range 3 {
		add(toren.NewDate(2014, 3, 3), true, reports.Yes)
	}
	for range 2 {
		add(toren.NewDate(2014, 5, 1), true, reports.No)
	}
	for range 2 {
		add(toren.NewDate(2014, 6, 1), true, "")
	}
	add(toren.NewDate(2013, 6, 1), true, reports.No)  // another year's cohort
	add(toren.NewDate(2014, 6, 1), false, reports.No) // never admitted
	ch := tally.Stats().Children
	want := CaseShares{Cases: 7, Missing: 2, Rows: []Count{
		{Label: "Kinderen aanwezig", Code: "yes", N: 3, Percent: 43},
		{Label: "Geen kinderen aanwezig", Code: "no", N: 2, Percent: 29},
	}}
	if !reflect.DeepEqual(ch, want) || ch.MissingPercent() != 29 {
		t.Errorf("children: %+v (%d%% left open), want %+v", ch, ch.MissingPercent(), want)
	}
}
