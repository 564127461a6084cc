package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/escalate"
	"toren/internal/history"
	"toren/internal/intake"
	"toren/internal/itteam"
	"toren/internal/radar"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/subjectaccess"
)

// Every language has every key; every code of the code lists the pages
// name through the catalogue has a Dutch entry (so no English code can
// fall through to a page); every key a template or a confirmation asks
// for exists.
// A key lives in one part of a language's catalogue: two parts giving the
// same key would make the text depend on the order they are joined in.
func TestCatalogueParts(t *testing.T) {
	seen := map[string]int{}
	for i, p := range textNLParts {
		for k := range p {
			if j, ok := seen[k]; ok {
				t.Errorf("key %q is in part %d and part %d of the Dutch catalogue", k, j, i)
			}
			seen[k] = i
		}
	}
}

func TestCatalogue(t *testing.T) {
	nl := catalogueKeys(catalogues["nl"])
	for lang, c := range catalogues {
		if got := catalogueKeys(c); !slices.Equal(got, nl) {
			t.Errorf("catalogue %s has other keys than nl", lang)
		}
		for k, v := range c {
			if strings.TrimSpace(v) == "" {
				t.Errorf("catalogue %s: %q is empty", lang, k)
			}
		}
	}
	need := func(key string) {
		t.Helper()
		if !hasMsg(key) {
			t.Errorf("the catalogue has no %q", key)
		}
	}
	codes := map[string][]string{
		"decision.status": {string(casework.DecisionProposed), string(casework.DecisionApproved), string(casework.DecisionRefused)},
		"moment.status":   {string(casework.MomentPlanned), string(casework.MomentDone), string(casework.MomentCancelled)},
		"handover.status": {string(casework.HandoverProposed), string(casework.HandoverAccepted), string(casework.HandoverDeclined)},
		"review.status":   {string(registry.ReviewOpen), string(registry.ReviewAccepted), string(registry.ReviewRejected)},
		"link.method":     {string(intake.LinkBSN), string(intake.LinkProbabilistic), string(intake.LinkExact), string(intake.LinkReviewer), "new"},
		"radar.reason": {string(radar.ReasonBSN), string(radar.ReasonBSNContradicted), string(radar.ReasonBSNAmbiguous), string(radar.ReasonScore),
			string(radar.ReasonWeakIdentity), string(radar.ReasonContradiction), string(radar.ReasonAmbiguous), string(radar.ReasonUncertain),
			string(radar.ReasonNoMatch), string(radar.ReasonRelative)},
		"accesslog.outcome":         {audit.OutcomeOK, audit.OutcomeDenied, audit.OutcomeError},
		"accesslog.objections.kind": {string(subjectaccess.ObjectPerson), string(subjectaccess.ObjectReport), string(subjectaccess.ObjectCase)},
	}
	// Every status of a case file, also one added later to package cases.
	for st := range cases.StatusLabels {
		codes["case.status"] = append(codes["case.status"], string(st))
	}
	// Every code of casework's code lists, also one added to a list later.
	for list, cs := range map[string][]string{
		"case.channel":          codesOf(casework.ContactChannels),
		"case.contact-role":     codesOf(casework.ContactRoles),
		"case.gsv-phase":        codesOf(casework.Phases),
		"case.partner-kind":     codesOf(casework.PartnerKinds),
		"case.legal-ground":     codesOf(casework.LegalGrounds),
		"case.decision-kind":    codesOf(casework.DecisionKinds),
		"case.triage-rule":      codesOf(casework.TriageRules),
		"case.finding":          codesOf(casework.Findings),
		"case.agreement-status": codesOf(casework.AgreementStatuses),
		"case.condition-status": codesOf(casework.ConditionStatuses),
		"case.feedback-moment":  codesOf(casework.FeedbackMoments),
		"case.letter-kind":      codesOf(casework.LetterKinds),
		"case.check-result":     codesOf(casework.CheckResults),
		// And of itteam's.
		"it.agreement-status": codesOf(itteam.AgreementStatuses()),
		"it.rater":            codesOf(itteam.RaterKinds()),
		"it.end-reason":       codesOf(itteam.EndReasons()),
		"it.colour-moment":    codesOf(itteam.Moments()),
		"it.harm":             codesOf(itteam.Harms()),
		"it.follow-up":        codesOf(itteam.FollowUpMoments()),
		"it.decider":          codesOf(itteam.DeciderRoles()),
		wordsMeetingItem:      optionCodes(itteam.MeetingItems()),
		wordsClientItem:       optionCodes(itteam.ClientItems()),
		wordsProblemArea:      optionCodes(itteam.ProblemAreas()),
		// And of authz's: the roles, the API clients' scopes, the actions.
		"role":   codesOf(authz.Roles()),
		"scope":  codesOf(authz.Scopes()),
		"action": codesOf(authz.Actions()),
		// And of reports': reporter kinds, roles, sexes, channels, kinds
		// and natures of violence.
		wordsReporterKind: codesOf(listCodes(reports.ReporterKinds)),
		wordsRole:         codesOf(listCodes(reports.Roles)),
		wordsSex:          codesOf(listCodes(reports.Sexes)),
		wordsChannel:      codesOf(listCodes(reports.Channels)),
		wordsViolence:     codesOf(listCodes(reports.ViolenceTypes)),
		wordsNature:       codesOf(listCodes(reports.Natures)),
		// And where a case's new signal came from (the access copy).
		"case.signal-source": codesOf([]casework.SignalSource{casework.SignalMonitoringBreach, casework.SignalConditionBreach, casework.SignalReopenRequest}),
		// And the kinds of event on a person's timeline.
		"history.kind": codesOf([]history.Kind{history.KindAdviceRequest, history.KindReport, history.KindCaseOpened,
			history.KindCaseClosed, history.KindDecision, history.KindHandover, history.KindMonitoring}),
		// And the meldcode's steps and the framework's questions.
		"report.meldcode-step":     meldcodeStepCodes(),
		"report.meldcode-question": meldcodeQuestionCodes(),
	} {
		if len(cs) == 0 {
			t.Errorf("the code list %s is empty", list)
		}
		codes[list] = cs
	}
	for list, cs := range codes {
		for _, c := range cs {
			need(list + "." + c)
		}
	}
	for _, a := range []string{casework.ActionCaseOpen, casework.ActionDecisionRefuse, casework.ActionContactAdd, casework.ActionInformantAdd,
		casework.ActionAgreementAdd, casework.ActionAgreementUpdate, casework.ActionConditionAdd, casework.ActionConditionUpdate,
		casework.ActionPhaseSet, casework.ActionHandoverRespond, casework.ActionFeedbackAdd, casework.ActionLetterRecord, casework.ActionMonitoringRecord} {
		if auditLabel(a) == a {
			t.Errorf("the case's audit trail shows the action %q as its code", a)
		}
	}

	// Templates: {{t "key"}}.
	tkey := regexp.MustCompile(`[{(]-?\s*t\s+"([^"]+)"`)
	tnkey := regexp.MustCompile(`[{(]-?\s*tn\s+"([^"]+)"`)
	if err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range tkey.FindAllStringSubmatch(string(b), -1) {
			if !hasMsg(m[1]) {
				t.Errorf("%s asks for %q, which the catalogue lacks", path, m[1])
			}
		}
		for _, m := range tnkey.FindAllStringSubmatch(string(b), -1) {
			for _, form := range []string{".one", ".other"} {
				if !hasMsg(m[1] + form) {
					t.Errorf("%s asks for a count of %q, but the catalogue lacks %q", path, m[1], m[1]+form)
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// Confirmations: every flash code the handlers set, read from the
	// source (the argument of setFlash and of the case handlers, and what
	// a variable named flash is set to).
	flashes, keys := sourceKeys(t)
	if len(flashes) < 20 || len(keys) < 10 {
		t.Fatalf("found only %d flash codes and %d keys in the source", len(flashes), len(keys))
	}
	for _, f := range flashes {
		need("flash." + f)
	}
	// Keys the Go code asks for: msg("key"), msgVars("key", ...), and the
	// two forms of msgN("key", n).
	for _, k := range keys {
		need(k)
	}
}

// Two roles, or two actions, never share a name: a user could not tell
// them apart on the user pages or in an audit trail.
func TestRoleAndActionNamesDiffer(t *testing.T) {
	for list, codes := range map[string][]string{"role": codesOf(authz.Roles()), "action": codesOf(authz.Actions())} {
		seen := map[string]string{}
		for _, c := range codes {
			w := codeMsg(list, c)
			if other, ok := seen[w]; ok {
				t.Errorf("%s %s and %s are both named %q", list, other, c, w)
			}
			seen[w] = c
		}
	}
}

// itteam writes the words of an agreement's status and of a reason of
// ending early into stored text itself (a plan version's note, a phase
// change's reason, the family's safety plan); they are the catalogue's
// words, so a page and the text it shows say the same.
func TestITRecordedWords(t *testing.T) {
	for _, s := range itteam.AgreementStatuses() {
		if got, want := s.NL(), codeMsg("it.agreement-status", s); got != want {
			t.Errorf("itteam writes the status %s as %q, the pages as %q", s, got, want)
		}
	}
	for _, r := range itteam.EndReasons() {
		if got, want := r.NL(), codeMsg("it.end-reason", r); got != want {
			t.Errorf("itteam writes the reason %s as %q, the pages as %q", r, got, want)
		}
	}
	// The evaluation questions and problem areas: the API gives itteam's
	// label beside the code, the pages the catalogue's word.
	for list, items := range map[string][]itteam.Option{
		wordsMeetingItem: itteam.MeetingItems(), wordsClientItem: itteam.ClientItems(), wordsProblemArea: itteam.ProblemAreas(),
	} {
		for _, it := range items {
			if want := codeMsg(list, it.Value); it.Label != want {
				t.Errorf("itteam labels %s %s %q for the API, the pages %q", list, it.Value, it.Label, want)
			}
		}
	}
}

// optionCodes are the codes of one of itteam's lists of options.
func optionCodes(os []itteam.Option) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Value
	}
	return out
}

// TestReportsRecordedWords holds the Dutch words package reports keeps
// for what the pages do not show themselves (the CBS statistics' row
// names in internal/stats, a reporter's kind in the alert texts
// internal/escalate stores, the Interventieteam's statistics) to the
// catalogue's, so a report reads the same on a page, in a table and in an
// alert.
func TestReportsRecordedWords(t *testing.T) {
	for list, words := range map[string]map[string]string{
		wordsReporterKind: dutchOf(reports.ReporterKinds),
		wordsRole:         dutchOf(reports.Roles),
		wordsSex:          dutchOf(reports.Sexes),
		wordsChannel:      dutchOf(reports.Channels),
		wordsViolence:     dutchOf(reports.ViolenceTypes),
		wordsNature:       dutchOf(reports.Natures),
	} {
		for code, got := range words {
			if want := codeWord(list, code); got != want {
				t.Errorf("reports words %s %s as %q, the pages as %q", list, code, got, want)
			}
		}
	}
}

// dutchOf are reports' own Dutch words of one of its lists, by code.
func dutchOf[T ~string](list []reports.Label[T]) map[string]string {
	out := map[string]string{}
	for _, l := range list {
		out[string(l.Code)] = reports.LabelOf(list, l.Code)
	}
	return out
}

// meldcodeStepCodes are the meldcode's step numbers, "1" to "5".
func meldcodeStepCodes() []string {
	var out []string
	for i := range reports.MeldcodeSteps {
		out = append(out, strconv.Itoa(i+1))
	}
	return out
}

// meldcodeQuestionCodes are the framework's questions' fields.
func meldcodeQuestionCodes() []string {
	var out []string
	for _, q := range reports.MeldcodeQuestions {
		out = append(out, q.Field)
	}
	return out
}

// codesOf are the codes of a domain package's code list, as strings.
func codesOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = string(c)
	}
	return out
}

// sourceKeys reads from the web package's source the flash codes the
// handlers set and the keys msg is called with.
func sourceKeys(t *testing.T) (flashes, keys []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The position of the flash argument of each function that takes one.
	arg := map[string]int{"setFlash": 2, "caseHandler": 2, "recordStatus": 4, "casePost": 5, "decisionPost": 3}
	lit := func(out *[]string, e ast.Expr) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil && !slices.Contains(*out, s) {
				*out = append(*out, s)
			}
		}
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if i, ok := arg[fn]; ok && i < len(n.Args) {
					lit(&flashes, n.Args[i])
				}
				if (fn == "msg" && len(n.Args) == 1) || (fn == "msgVars" && len(n.Args) >= 1) {
					lit(&keys, n.Args[0])
				}
				if fn == "msgN" && len(n.Args) == 2 {
					var k []string
					lit(&k, n.Args[0])
					for _, key := range k {
						keys = append(keys, key+".one", key+".other")
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == "flash" && i < len(n.Rhs) {
						lit(&flashes, n.Rhs[i])
					}
				}
			}
			return true
		})
	}
	return flashes, keys
}

// cataloguedPages are the templates whose every word comes from the
// catalogue: they hold no text of their own, neither between the tags,
// nor in an attribute a person reads (aria-label, title, placeholder,
// alt), nor as a quoted label handed to a template or function. The
// other templates move over page by page and join this list.
var cataloguedPages = []string{"page_report.html", "page_person.html", "page_intake.html", "page_search.html",
	"page_letter.html", "page_error.html", "partial_evidence.html", "page_caseaudit.html", "page_review_list.html",
	"page_triage.html", "page_alert.html", "page_history.html", "page_review.html",
	"page_alerts.html", "part_casework.html", "page_case.html",
	"page_signin.html", "page_stats.html", "page_home.html", "layout.html", "partial_form.html", "part_iterrors.html",
	"page_admin.html", "page_admin_client_token.html", "page_admin_clients.html", "page_admin_credentials.html", "page_admin_organisation.html",
	"page_admin_partners.html", "page_admin_reporterkinds.html", "page_admin_teams.html", "page_admin_users.html", "page_oidc_code.html",
	"page_retention.html", "page_grants.html", "page_accesslog.html",
	"page_itteam_list.html", "page_itteam_mic.html", "page_itteam_stats.html", "page_itteam_case.html",
	"page_cases.html", "page_start.html"}

func TestCataloguedPagesHoldNoText(t *testing.T) {
	action := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	quoted := regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	// A key or a code: lower case, digits, dots, dashes, underscores,
	// slashes; a label has a capital or a space.
	code := regexp.MustCompile(`^[a-z0-9._/#:-]*$`)
	keyArg := regexp.MustCompile(`\b(tn?|template|define|block)\s+"[^"]*"`)
	readAttr := regexp.MustCompile(`(?i)\b(aria-label|title|placeholder|alt)="([^"]*)"`)
	tag := regexp.MustCompile(`(?s)<[^>]*>`)
	letter := regexp.MustCompile(`\pL`)
	for _, name := range cataloguedPages {
		b, err := fs.ReadFile(templateFS, "templates/"+name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, a := range action.FindAllString(src, -1) {
			for _, q := range quoted.FindAllStringSubmatch(keyArg.ReplaceAllString(a, ""), -1) {
				if !code.MatchString(q[1]) {
					t.Errorf("%s: %s hands on the text %q; ask the catalogue for it", name, a, q[1])
				}
			}
		}
		src = action.ReplaceAllString(src, " ")
		for _, m := range readAttr.FindAllStringSubmatch(src, -1) {
			if letter.MatchString(m[2]) {
				t.Errorf("%s: %s=%q is text of its own", name, m[1], m[2])
			}
		}
		for _, line := range strings.Split(tag.ReplaceAllString(src, "\n"), "\n") {
			if line = strings.TrimSpace(line); letter.MatchString(line) {
				t.Errorf("%s: %q is text of its own", name, line)
			}
		}
	}
}

// A count picks the catalogue's one or other form and puts the number in.
func TestMsgN(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "Er zijn 0 punten om te verbeteren"}, {1, "Er is 1 punt om te verbeteren"}, {3, "Er zijn 3 punten om te verbeteren"}} {
		if got := msgN("intake.errors", c.n); got != c.want {
			t.Errorf("msgN(intake.errors, %d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := msgN("no.such.key", 2); got != "[no.such.key.other]" {
		t.Errorf("a missing count key gives %q", got)
	}
	// The template's tn takes the counts pages hold: an int64 from the
	// database, an age as *int.
	age := 1
	for _, n := range []any{int64(3), &age} {
		if _, err := countMsg("intake.errors", n); err != nil {
			t.Errorf("tn with %T: %v", n, err)
		}
	}
	if _, err := countMsg("intake.errors", "3"); err == nil {
		t.Error("tn takes a string as a count")
	}
	// msgVars puts each named value where the sentence has it.
	if got := msgVars("itstats.table-2", "year", "2025", "previous", "2024"); got != "Tabel 2 Status van casussen gestart in 2024 die doorliepen in 2025" {
		t.Errorf("msgVars gives %q", got)
	}
}

// Every kind of object the code writes into the audit log has a Dutch name
// on the access log, not its code ("it_case 12").
func TestObjectLabels(t *testing.T) {
	kinds := []string{string(authz.KindReport), string(authz.KindCase), string(authz.KindPerson), string(authz.KindDecision),
		string(authz.KindAlert), string(authz.KindReview), string(authz.KindHandover),
		"letter", "grant", "it_case", "it_mic", "it_checklist", "client", "team", "user", "partner", "setting", "retention_file", "retention_hold", "retention_plan"}
	for _, k := range kinds {
		if got := codeWord("object", k); got == k || strings.HasPrefix(got, "[") {
			t.Errorf("the access log names the kind of object %q as %q", k, got)
		}
	}
}

// The report page's meldcode lines: each step taken or not, each question
// of the framework answered in Dutch or not answered.
func TestMeldcodeLines(t *testing.T) {
	lines := meldcodeLines(&reports.Meldcode{Steps: []int{1}, Suspicion: reports.Yes, Unsafety: reports.No})
	want := map[int]meldcodeLine{
		0: {"Stap 1: Signalen in kaart brengen", "Gezet"},
		1: {"Stap 2: Collegiale consultatie en zo nodig Veilig Thuis raadplegen", "Niet gezet"},
		5: {"Afwegingskader 1: Is er een vermoeden van huiselijk geweld of kindermishandeling?", "Ja"},
		6: {"Afwegingskader 2: Is er sprake van acute of structurele onveiligheid?", "Nee"},
		7: {"Afwegingskader 3: Kan de melder effectieve hulp bieden of organiseren?", "Niet beantwoord"},
	}
	if len(lines) != reports.MeldcodeSteps+len(reports.MeldcodeQuestions) {
		t.Fatalf("%d lines", len(lines))
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], w)
		}
	}
}

// The escalation rules store their explanation with the alert, in Dutch
// (internal/escalate/rules.go says why); the words they use for a case's
// status, a report's kind and a reporter's kind are the catalogue's, so an
// alert names a status as the case page does. Every status is checked
// through cases.StatusLabels, and one explanation through the rule that
// writes it.
func TestEscalationRecordedWords(t *testing.T) {
	for st, label := range cases.StatusLabels {
		if want := codeMsg("case.status", st); label != want {
			t.Errorf("the alerts name the status %s %q, the pages %q", st, label, want)
		}
	}
	r, ok := escalate.RuleByCode(escalate.CodeMonitoring)
	if !ok {
		t.Fatal("no monitoring rule")
	}
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sig := escalate.Signal{Number: "A-2026-000001", Kind: reports.KindAdvice, ReceivedAt: received,
		Reporter: escalate.Reporter{Kind: reports.ReporterPolice}, Persons: []escalate.Person{{ID: 7}}}
	h := escalate.History{Cases: []escalate.Case{{ID: 1, Number: "D-2026-000001", Status: cases.StatusMonitoring, PersonIDs: []int64{7}}}}
	fs := r.Match(escalate.Config{}, sig, h)
	if len(fs) != 1 {
		t.Fatalf("the monitoring rule found %d, want 1", len(fs))
	}
	for _, w := range []string{strings.ToLower(kindLabel(reports.KindAdvice)), "(" + codeWord(wordsReporterKind, reports.ReporterPolice),
		"(status " + codeMsg("case.status", cases.StatusMonitoring) + ")"} {
		if !strings.Contains(fs[0].Explanation, w) {
			t.Errorf("the alert %q lacks the pages' words %q", fs[0].Explanation, w)
		}
	}
}

// A letter names its signer's role in its own words (casework says why);
// they are the pages' names of the roles, in a letter's lower case.
func TestDocumentRecordedWords(t *testing.T) {
	for _, r := range authz.Roles() {
		page := codeMsg("role", r)
		if got, want := casework.SignerFunction(r), strings.ToLower(page[:1])+page[1:]; got != want {
			t.Errorf("a letter signed as %s says %q, the pages %q", r, got, page)
		}
	}
}
