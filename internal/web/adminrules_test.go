package web

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/auth"
	"toren/internal/breakglass"
	"toren/internal/partners"
	"toren/internal/toren"
)

// Every rule the management and sign-in services refuse a field by has
// Dutch words in the catalogue, so a new rule without words fails here,
// not on an administrator's screen. Sessions, audit entries, the password
// policy and the importer are left out: no page shows their refusals.
func TestAdminRulesHaveWords(t *testing.T) {
	for _, c := range []struct {
		list    string
		files   []string
		atLeast int
	}{
		{"account.rule", []string{"../accounts/*.go", "../store/accounts.go"}, 14},
		{"client.rule", []string{"../clients/*.go"}, 8},
		{"partner.rule", []string{"../partners/*.go", "../store/partners.go"}, 8},
		{"breakglass.rule", []string{"../breakglass/*.go", "../authz/breakglass.go"}, 8},
		{"draft.rule", []string{"../store/drafts.go"}, 6},
		{"intake.rule", []string{"../intake/*.go"}, 3},
	} {
		checkFieldRulesHaveWords(t, c.list, c.atLeast, c.files...)
	}
}

// checkFieldRulesHaveWords reads the (field, rule) pairs the files
// (globs) refuse input by, in a call of Problems.Add or broke or a
// FieldError literal, and asks the catalogue for words the way ruleWords
// looks them up: list.<rule>.<field> (indexes left out), list.<rule>.<the
// field's first part>, or list.<rule>. A field that is a variable needs
// list.<rule>. atLeast guards the reading itself.
func checkFieldRulesHaveWords(t *testing.T, list string, atLeast int, globs ...string) {
	t.Helper()
	addRe := regexp.MustCompile(`(?:\b[a-z]+\.Add\(|broke\([^,]+, )("[^"]*"|fmt\.Sprintf\("[^"]*"[^)]*\)|[a-zA-Z.]+), "([a-z_0-9]+)"`)
	literalRe := regexp.MustCompile(`Field: "([^"]*)", Rule: "([a-z_0-9]+)"`)
	type pair struct{ field, rule string }
	pairs := map[pair]bool{}
	for _, g := range globs {
		for _, src := range goSources(t, g) {
			for _, m := range addRe.FindAllStringSubmatch(src, -1) {
				field := ""
				if strings.Contains(m[1], `"`) {
					field = strings.SplitN(m[1], `"`, 3)[1]
				}
				pairs[pair{field, m[2]}] = true
			}
			for _, m := range literalRe.FindAllStringSubmatch(src, -1) {
				pairs[pair{m[1], m[2]}] = true
			}
		}
	}
	if len(pairs) < atLeast {
		t.Fatalf("%s: found only %d rules in %v", list, len(pairs), globs)
	}
	for p := range pairs {
		field := regexp.MustCompile(`\[[^\]]*\]`).ReplaceAllString(p.field, "")
		first, _, _ := strings.Cut(field, ".")
		keys := []string{list + "." + p.rule}
		if field != "" {
			keys = slices.Compact(append(keys, list+"."+p.rule+"."+field, list+"."+p.rule+"."+first))
		}
		found := false
		for _, k := range keys {
			found = found || hasMsg(k)
		}
		if !found {
			t.Errorf("%s refuses field %q by rule %q without words in the catalogue (%s)", strings.Join(globs, ", "), p.field, p.rule, strings.Join(keys, " or "))
		}
	}
}

// Every partner kind and reason for emergency access has a Dutch name, so
// no code reaches the partners page or the emergency-access form.
func TestAdminCodesHaveText(t *testing.T) {
	for _, k := range partners.Kinds() {
		if !hasMsg("partner.kind." + string(k)) {
			t.Errorf("the partner kind %q has no Dutch name", k)
		}
	}
	for _, c := range glassReasons() {
		if strings.HasPrefix(c.Label, "[") {
			t.Errorf("the reason for emergency access %q has no Dutch name: %s", c.Code, c.Label)
		}
	}
	if got := len(glassReasons()); got != len(breakglass.Reasons()) || got < 4 {
		t.Errorf("%d reasons on the form", got)
	}
}

// A refused form's fields are worded by rule and field, a limit is filled
// in, and a list's element is shown at the list too.
func TestRuleFieldErrors(t *testing.T) {
	err := &toren.Error{Code: toren.CodeInvalid, Fields: []toren.FieldError{
		{Field: "name", Rule: "max_length"}, {Field: "roles[2]", Rule: "format"}, {Field: "email", Rule: "no_such_rule"}}}
	got, ok := ruleFieldErrors("partner.rule", err, "max", "200")
	if !ok || got["name"] != "De naam is te lang (hoogstens 200 tekens)." || got["email"] != msg("form.error.invalid") {
		t.Errorf("partner.rule: %v %q", ok, got)
	}
	got, _ = ruleFieldErrors("account.rule", err)
	if got["roles"] != "Een rol bestaat uit kleine letters en liggende streepjes." || got["roles[2]"] != got["roles"] {
		t.Errorf("account.rule: %q", got)
	}
	if _, ok := ruleFieldErrors("account.rule", toren.Errorf(toren.CodeConflict, "no field")); ok {
		t.Error("a conflict without fields counted as a form's errors")
	}
}

func TestSignInMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{auth.ErrInvalidCredentials, "Gebruikersnaam of wachtwoord onjuist."},
		{auth.ErrTOTPRequired, "Voer de zescijferige code uit uw authenticator-app in."},
		{auth.ErrTOTPInvalid, "De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw."},
		{&auth.ThrottledError{RetryAfter: 20 * time.Second}, "Te veel mislukte pogingen. Probeer het over een minuut opnieuw."},
		{&auth.ThrottledError{}, "Te veel mislukte pogingen. Probeer het over een minuut opnieuw."},
		{&auth.ThrottledError{RetryAfter: 14*time.Minute + time.Second}, "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."},
		{errors.New("pq: connection refused"), "Aanmelden is niet gelukt door een storing. Probeer het later opnieuw."},
	} {
		if got := signInMessage(tc.err); got != tc.want {
			t.Errorf("signInMessage(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// The intake service's own refusals (a confirmed link, the form's key)
// are worded on the intake form like the report's: the summary names the
// person.
func TestIntakeServiceRulesOnTheForm(t *testing.T) {
	e := newFormErrors(intakeForm{}, nil, intakeRuleWords([]toren.FieldError{
		{Field: "persons[2].person_id", Rule: "unknown"}, {Field: "idempotency_key", Rule: "max_length"}}))
	var got []string
	for _, s := range e.Summary {
		got = append(got, s.Message)
	}
	want := []string{"Persoon 3: Deze bevestiging van een koppeling hoort bij geen persoon van de melding.",
		"De sleutel van het formulier is te lang. Open het formulier opnieuw."}
	if !slices.Equal(got, want) {
		t.Errorf("summary %q, want %q", got, want)
	}
}
