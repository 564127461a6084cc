package reports

import (
	"strings"
	"testing"
	"unicode/utf8"

	"toren/internal/toren"
)

// Text that cannot be stored as meant is refused with the field named,
// before any database sees it: invalid UTF-8 (a Windows-1252 file read as
// UTF-8), U+FFFD left by a decoder, NUL and other control characters.
func TestValidateRefusesUnreadableText(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(r *Report)
		field string
		rule  string
	}{
		{"windows-1252 byte in a surname", func(r *Report) { r.Persons[0].Surname = "Zo\xEB" }, "persons[0].surname", "utf8"},
		{"replacement character from a lone surrogate", func(r *Report) { r.Persons[1].FirstNames = "Ma\uFFFDk" }, "persons[1].first_names", "utf8"},
		{"NUL in the description", func(r *Report) { r.Description = "ruzie\x00" }, "description", "control_character"},
		{"escape character in the organisation", func(r *Report) { r.Reporter.Organisation = "Politie\x1b[31m" }, "reporter.organisation", "control_character"},
		{"C1 control in a street", func(r *Report) { r.Persons[0].Street = "Markt\u0085straat" }, "persons[0].street", "control_character"},
		{"line break in a name", func(r *Report) { r.Reporter.Relation = "buur\nvrouw" }, "reporter.relation", "control_character"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := goodReport()
			c.edit(r)
			err := validator().Validate(r)
			if !hasProblem(err, c.field, c.rule) {
				t.Errorf("want %s/%s, got %v", c.field, c.rule, err)
			}
		})
	}
	// Line breaks and tabs belong in a description; Dutch letters anywhere.
	r := goodReport()
	r.Description = "Eerste regel.\r\n\tTweede regel: Zoë, Çelik, Ğül."
	r.Persons[0].Surname = "Zoë-Çelik"
	validator().Normalize(r)
	if err := validator().Validate(r); err != nil {
		t.Errorf("good text refused: %v", err)
	}
}

func hasProblem(err error, field, rule string) bool {
	if err == nil {
		return false
	}
	for _, f := range toren.FieldErrors(err) {
		if f.Field == field && f.Rule == rule {
			return true
		}
	}
	return false
}

// FuzzCheckText: whatever the text, checkText either accepts it or names
// the field; accepted text is valid UTF-8 without NUL.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "Zoë", "Zo\xEB", "a\x00b", "\uFFFD", "tab\there"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		var p toren.Problems
		checkText(&p, "description", s, multiline)
		err := p.Err()
		if err == nil {
			if strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
				t.Fatalf("accepted %q", s)
			}
			return
		}
		for _, fe := range toren.FieldErrors(err) {
			// The Dutch is the web's (intake.rule.*, TestIntakeRulesHaveWords).
			if fe.Field != "description" || fe.Message == "" || fe.Rule == "" {
				t.Fatalf("problem without field, rule or message: %+v", fe)
			}
		}
	})
}
