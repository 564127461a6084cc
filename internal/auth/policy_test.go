package auth

import (
	"strings"
	"testing"

	"toren/internal/toren"
)

func TestPasswordPolicy(t *testing.T) {
	p := DefaultPasswordPolicy()
	cases := []struct {
		pw      string
		context []string
		rule    string // "" = accepted
	}{
		// Accepted: long enough, not predictable, no composition rules.
		{"paars gras fietst langzaam", nil, ""},
		{"zeven blauwe olifanten", nil, ""},
		{"alllowercaseletters", nil, ""}, // no "needs a digit" rule
		{"839201748392", nil, ""},        // random digits are fine
		{"我喜欢在雨中骑自行车回家吧", nil, ""},       // 13 characters in another script
		{"kat-op-de-mat-12", []string{"j.devries"}, ""},
		{strings.Repeat("ab", 6) + "c", nil, ""}, // not a pure repetition

		// Length, counted in characters after NFKC.
		{"", nil, RuleMinLength},
		{"kort", nil, RuleMinLength},
		{"elf tekens!", nil, RuleMinLength},
		{"我喜欢在雨中骑自行车回", nil, RuleMinLength}, // 11 characters, 33 bytes
		{strings.Repeat("x", 12) + strings.Repeat("yz", 123), nil, RuleMaxLength},

		// Common or predictable.
		{"password1234", nil, RuleCommon},
		{"PASSWORD1234", nil, RuleCommon},
		{"Correct Horse Battery Staple", nil, RuleCommon},
		{"Wachtwoord2024!", nil, RuleCommon},
		{"P@ssw0rd2024!!", nil, RuleCommon},
		{"W3lk0m123456", nil, RuleCommon},
		{"december 2025!!", nil, RuleCommon},
		{"2025-Zomer-2025", nil, RuleCommon},
		{"welkomwelkom2025", nil, RuleCommon},
		{"qwertyuiop12", nil, RuleCommon},
		{"qwertyuiopasdf", nil, RuleCommon},
		{"1qaz2wsx3edc", nil, RuleCommon},
		{"poiuytrewqlkj", nil, RuleCommon},
		{"123456789012", nil, RuleCommon},
		{"987654321098", nil, RuleCommon},
		{"abcdefghijklmn", nil, RuleCommon},
		{"aaaaaaaaaaaa", nil, RuleCommon},
		{"abcabcabcabc", nil, RuleCommon},
		{"123123123123", nil, RuleCommon},
		{"hallo hallo hallo", nil, RuleCommon},
		{"veiligthuis2025", nil, RuleCommon},

		// The user's own data.
		{"j.devries-rocks-2024", []string{"j.devries"}, RuleContainsContext},
		{"DeVries op vakantie", []string{"Jan de Vries"}, RuleContainsContext},
		{"mijn mailadres annabel", []string{"annabel@vt-utrecht.nl"}, RuleContainsContext},
		{"Jan fietst naar huis", []string{"Jan de Vries"}, ""}, // parts under 4 characters do not count
	}
	for _, tc := range cases {
		err := p.Check(tc.pw, tc.context...)
		if tc.rule == "" {
			if err != nil {
				t.Errorf("Check(%q) = %v, want accepted", tc.pw, err)
			}
			continue
		}
		fe := toren.FieldErrors(err)
		if toren.ErrorCode(err) != toren.CodeInvalid || len(fe) != 1 {
			t.Errorf("Check(%q) = %v, want one invalid field error %s", tc.pw, err, tc.rule)
			continue
		}
		if fe[0].Field != "password" || fe[0].Rule != tc.rule || fe[0].Message == "" {
			t.Errorf("Check(%q) = %+v, want field password rule %s with a message", tc.pw, fe[0], tc.rule)
		}
	}
}

func TestPasswordPolicyEmbeddedListsLoaded(t *testing.T) {
	if len(commonPasswords) < 50 || len(commonStems) < 50 {
		t.Fatalf("lists too small: %d passwords, %d stems", len(commonPasswords), len(commonStems))
	}
	for pw := range commonPasswords {
		if err := DefaultPasswordPolicy().Check(pw); err == nil {
			t.Errorf("listed password %q accepted", pw)
		}
	}
}

func FuzzPasswordPolicy(f *testing.F) {
	for _, s := range []string{"paars gras fietst", "P@ssw0rd2024!", "aaaa", "我喜欢在雨中骑自行车回家吧", "\xff\xfe", "1q2w3e4r5t6y"} {
		f.Add(s, "j.devries")
	}
	p := DefaultPasswordPolicy()
	f.Fuzz(func(t *testing.T, pw, user string) {
		err := p.Check(pw, user)
		if err != nil && len(toren.FieldErrors(err)) != 1 {
			t.Fatalf("Check(%q) gave %v, want exactly one field error", pw, err)
		}
		if err == nil && p.Check(pw, user) != nil {
			t.Fatal("Check is not deterministic")
		}
	})
}
