package auth

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"toren/internal/toren"
)

// PasswordPolicy follows NIST SP 800-63B: a minimum and maximum length,
// no composition rules (no "one digit, one capital": they push people to
// "Welkom2025!"), and a refusal of passwords that are common, predictable
// or built from the user's own name. Lengths count Unicode characters
// after NFKC normalisation, so a passphrase in any script is welcome.
type PasswordPolicy struct {
	MinLength int
	MaxLength int
}

// DefaultPasswordPolicy returns 12 to 256 characters. NIST asks for at
// least 8 (15 when a password is the only factor) and allows at least 64;
// 12 keeps online and offline guessing expensive while a short sentence
// still fits easily, and 256 leaves room for long passphrases while
// bounding the work per sign-in.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{MinLength: 12, MaxLength: 256}
}

// Rules a password can break, as reported in toren.FieldError.Rule.
const (
	RuleMinLength       = "min_length"
	RuleMaxLength       = "max_length"
	RuleCommon          = "common"
	RuleContainsContext = "contains_user_data"
)

// Check returns nil when password may be chosen, or a toren.CodeInvalid
// error with one FieldError on field "password". contextWords are the
// user's own data (user name, display name, e-mail address): a password
// that contains one of them, or a part of four or more characters, is
// refused because it is the first thing an attacker tries.
func (p PasswordPolicy) Check(password string, contextWords ...string) error {
	const field = "password"
	var probs toren.Problems
	pw := norm.NFKC.String(password)
	n := utf8.RuneCountInString(pw)
	switch {
	case n < p.MinLength:
		probs.Add(field, RuleMinLength,
			fmt.Sprintf("must be at least %d characters long", p.MinLength))

	case n > p.MaxLength:
		probs.Add(field, RuleMaxLength,
			fmt.Sprintf("must be at most %d characters long", p.MaxLength))

	case isPredictable(pw, p.MinLength):
		probs.Add(field, RuleCommon,
			"is too common or too predictable; a sentence of a few unrelated words is easy to remember and hard to guess")

	case containsContext(pw, contextWords):
		probs.Add(field, RuleContainsContext,
			"must not contain your user name, name or e-mail address")

	}
	return probs.Err()
}

var (
	//go:embed data/common-passwords.txt
	commonPasswordsTxt string
	//go:embed data/common-stems.txt
	commonStemsTxt string

	// Read-only after package initialisation.
	commonPasswords = wordSet(commonPasswordsTxt)
	commonStems     = wordSet(commonStemsTxt)
)

func wordSet(text string) map[string]bool {
	set := make(map[string]bool)
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
}

// keyboardWalks are key sequences people type as "random" passwords
// (read-only).
var keyboardWalks = []string{
	"1234567890",
	"qwertyuiopasdfghjklzxcvbnm",
	"poiuytrewqlkjhgfdsamnbvcxz", // each row right to left
	"azertyuiopqsdfghjklmwxcvbn",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp",
	"1q2w3e4r5t6y7u8i9o0p",
	"zaq1xsw2cde3vfr4bgt5nhy6mju7",
}

// compact lowercases s and drops white space, so that "Correct Horse"
// and "correcthorse" are judged alike.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

func isPredictable(pw string, minLen int) bool {
	c := compact(pw)
	if commonPasswords[c] || isSequence(c) || isKeyboardWalk(c) {
		return true
	}
	if unit := repeatedUnit(c); utf8.RuneCountInString(unit) < minLen && unit != c {
		return true
	}
	stem := strings.TrimFunc(c, func(r rune) bool { return !unicode.IsLetter(r) })
	if stem == "" {
		return false
	}
	for _, v := range unleetVariants(stem) {
		u := repeatedUnit(v)
		if commonStems[u] || commonPasswords[u] || (utf8.RuneCountInString(u) >= 4 && isKeyboardWalk(u)) {
			return true
		}
	}
	return false
}

// isSequence reports whether s is one run of consecutive characters
// ("abcdefghijkl", "987654321098"; digits wrap around from 9 to 0).
func isSequence(s string) bool {
	r := []rune(s)
	if len(r) < 3 {
		return false
	}
	step := func(a, b rune) int {
		if '0' <= a && a <= '9' && '0' <= b && b <= '9' {
			switch (b - a + 10) % 10 {
			case 1:
				return 1
			case 9:
				return -1
			}
			return 0
		}
		return int(b - a)
	}
	dir := step(r[0], r[1])
	if dir != 1 && dir != -1 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if step(r[i-1], r[i]) != dir {
			return false
		}
	}
	return true
}

func isKeyboardWalk(s string) bool {
	for _, w := range keyboardWalks {
		if strings.Contains(w, s) || strings.Contains(reverse(w), s) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// repeatedUnit returns the shortest u such that s is u repeated
// ("abcabcabc" -> "abc"); s itself when it is no repetition.
func repeatedUnit(s string) string {
	r := []rune(s)
	for u := 1; u <= len(r)/2; u++ {
		if len(r)%u != 0 {
			continue
		}
		ok := true
		for i := u; i < len(r) && ok; i++ {
			ok = r[i] == r[i-u]
		}
		if ok {
			return string(r[:u])
		}
	}
	return s
}

// unleetVariants undoes the usual letter substitutions ("p@ssw0rd"); a 1
// may stand for an i or an l, so both readings are returned.
func unleetVariants(s string) []string {
	sub := func(one rune) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case '0':
				return 'o'
			case '1', '!', '|':
				return one
			case '3':
				return 'e'
			case '4', '@':
				return 'a'
			case '5', '$':
				return 's'
			case '7', '+':
				return 't'
			case '8':
				return 'b'
			}
			return r
		}, s)
	}
	return []string{s, sub('i'), sub('l')}
}

func containsContext(pw string, contextWords []string) bool {
	c := compact(pw)
	for _, w := range contextWords {
		lw := strings.ToLower(norm.NFKC.String(w))
		parts := strings.FieldsFunc(lw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		parts = append(parts, compact(lw))
		for _, part := range parts {
			if utf8.RuneCountInString(part) >= 4 && strings.Contains(c, part) {
				return true
			}
		}
	}
	return false
}
