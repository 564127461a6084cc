package nl

import "strings"

// NormalizePostcode brings a postcode into the form "1234 AB": upper case,
// one space. It returns the input unchanged (trimmed) when it does not look
// like a postcode at all, so validation can name what was typed.
func NormalizePostcode(s string) string {
	s = strings.TrimSpace(s)
	compact := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(compact) != 6 {
		return s
	}
	return compact[:4] + " " + compact[4:]
}

// ValidPostcode reports whether s is in the form "1234 AB": four digits, the
// first not zero, a space, two capital letters. The letter pairs SA, SD and
// SS are never issued by PostNL and are refused.
func ValidPostcode(s string) bool {
	if len(s) != 7 || s[4] != ' ' {
		return false
	}
	if s[0] < '1' || s[0] > '9' {
		return false
	}
	for i := 1; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	for i := 5; i < 7; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	switch s[5:] {
	case "SA", "SD", "SS":
		return false
	}
	return true
}
