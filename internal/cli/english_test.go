package cli

import (
	"regexp"
	"testing"

	"toren/internal/authz"
	"toren/internal/breakglass"
	"toren/internal/browsertest"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/escalate"
	"toren/internal/itteam"
	"toren/internal/letters"
	"toren/internal/partners"
	"toren/internal/reports"
)

// Every code list has its Dutch labels in one place: the web's catalogue
// for the code lists of casework, itteam and authz (and the case
// statuses), the Label lists of reports and the Label methods of escalate
// and cases for the rest. A page shows the label, never the code.
// englishCodes are the codes a page must not show as words.
func englishCodes() map[string]bool {
	out := map[string]bool{}
	add := func(code string) {
		// Codes that are also Dutch words, or a single letter, cannot be
		// told apart from the text around them.
		switch code {
		case "", "x", "open", "chat", "intake", "web", "advies", "met", "partner", "monitoring", "stalking", "urgent", "start":
			return
		}
		out[code] = true
	}
	for _, l := range reports.ReporterKinds {
		add(string(l.Code))
	}
	for _, l := range reports.Roles {
		add(string(l.Code))
	}
	for _, l := range reports.ViolenceTypes {
		add(string(l.Code))
	}
	for _, l := range reports.Natures {
		add(string(l.Code))
	}
	for _, l := range reports.Channels {
		add(string(l.Code))
	}
	for _, l := range reports.Sexes {
		add(string(l.Code))
	}
	for _, q := range reports.MeldcodeQuestions {
		add(q.Field)
	}
	add(string(reports.KindReport))
	add(string(reports.KindAdvice))
	for s := range cases.StatusLabels {
		add(string(s))
	}
	for _, list := range [][]string{codesOf(casework.DecisionKinds), codesOf(casework.TriageRules), codesOf(casework.Findings),
		codesOf(casework.AgreementStatuses), codesOf(casework.ConditionStatuses), codesOf(casework.FeedbackMoments),
		codesOf(casework.LetterKinds), codesOf(casework.CheckResults), codesOf(casework.ContactChannels),
		codesOf(casework.ContactRoles), codesOf(casework.Phases), codesOf(casework.PartnerKinds), codesOf(casework.LegalGrounds)} {
		for _, c := range list {
			add(c)
		}
	}
	for _, list := range [][]string{codesOf(itteam.AgreementStatuses()), codesOf(itteam.RaterKinds()), codesOf(itteam.EndReasons()),
		codesOf(itteam.Moments()), codesOf(itteam.Harms()), codesOf(itteam.FollowUpMoments()), codesOf(itteam.DeciderRoles())} {
		for _, c := range list {
			add(c)
		}
	}
	for _, r := range authz.Roles() {
		add(string(r))
	}
	for _, k := range []authz.Kind{authz.KindCase, authz.KindReport, authz.KindPerson, authz.KindAlert} {
		add(string(k))
	}
	// The partner kinds and the reasons for emergency access, which the
	// web names through its catalogue (text_nl_rules_admin.go); "school"
	// is Dutch as well.
	for _, c := range append(codesOf(partners.Kinds()), codesOf(breakglass.Reasons())...) {
		if c != string(partners.KindSchool) {
			add(c)
		}
	}
	for _, s := range []escalate.Severity{escalate.SeverityNotice, escalate.SeverityHigh, escalate.SeverityUrgent} {
		add(string(s))
	}
	// Statuses the pages name through the web's catalogue.
	for _, s := range []string{string(casework.DecisionProposed), string(casework.DecisionApproved), string(casework.DecisionRefused),
		string(casework.MomentPlanned), string(casework.MomentDone), string(casework.MomentCancelled),
		string(casework.HandoverAccepted), string(casework.HandoverDeclined)} {
		add(s)
	}
	// What a work-queue item asks for, the case page's choice lists and an
	// audit entry's outcome, which the web words through its catalogue
	// (text_nl_case.go).
	for _, k := range []casework.QueueKind{casework.QueueDeadline, casework.QueueAgreement, casework.QueueApproval,
		casework.QueueHandover, casework.QueueDeclined} {
		add(string(k))
	}
	for _, c := range []cases.ITColour{cases.ColourRed, cases.ColourOrange, cases.ColourYellow, cases.ColourGreen} {
		add(string(c))
	}
	for _, c := range []string{string(letters.ServiceConditions), string(letters.ServiceInvestigation),
		string(letters.AfterAssessment), string(letters.AfterInvestigation), string(letters.FollowUpHandover),
		string(letters.FollowUpRvdK), string(letters.FollowUpAdvice), string(letters.FollowUpEnd), "denied"} {
		add(c)
	}
	return out
}

// codesOf are the codes of a code list, as strings.
func codesOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = string(c)
	}
	return out
}

var (
	wordRe       = regexp.MustCompile(`[A-Za-z_]+`)
	missingKeyRe = regexp.MustCompile(`\[[a-z]+(\.[a-z_-]+)+\]`)
)

// checkNoEnglishCodes fails when the visible text of the page shows a code
// of a code list instead of its Dutch label ("(phone)", "case 12").
func checkNoEnglishCodes(t *testing.T, p *browsertest.Page, codes map[string]bool) {
	t.Helper()
	text := browsertest.Eval[string](p, `document.body.innerText`)
	// A code shown as a code (<code>: the catalogue pages of the
	// administrator, the audit log's entries as recorded) is meant.
	shown := map[string]bool{}
	for _, c := range browsertest.Eval[[]string](p, `[...document.querySelectorAll("code")].map(c => c.innerText)`) {
		for _, w := range wordRe.FindAllString(c, -1) {
			shown[w] = true
		}
	}
	// A key the web's catalogue lacks shows as "[key]".
	if m := missingKeyRe.FindString(text); m != "" {
		t.Errorf("%s shows %s: a key missing from the catalogue (internal/web/text_nl.go)", p.Path(), m)
	}
	seen := map[string]bool{}
	for _, loc := range wordRe.FindAllStringIndex(text, -1) {
		w := text[loc[0]:loc[1]]
		if codes[w] && !seen[w] && !shown[w] {
			seen[w] = true
			t.Errorf("%s shows the code %q instead of its Dutch label: %q", p.Path(), w, text[max(0, loc[0]-40):min(len(text), loc[1]+40)])
		}
	}
}
