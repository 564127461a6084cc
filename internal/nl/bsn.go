// Package nl holds Dutch public reference rules and data: the BSN eleven
// test, the postcode format and the CBS municipality list. No I/O: the list
// is embedded in the binary.
package nl

import "strings"

// NormalizeBSN strips spaces and dots that people type inside a BSN
// ("1234.56.782") and left-pads an 8-digit number with a zero, as the BSN
// was once 8 digits and old records still carry those.
func NormalizeBSN(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, s)
	if len(s) == 8 {
		s = "0" + s
	}
	return s
}

// ValidBSN reports whether s (already normalised) is nine digits that pass
// the eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). An all-zero
// number passes the arithmetic but is never issued, so it is refused.
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum, allZero := 0, true
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if d != 0 {
			allZero = false
		}
		if i == 8 {
			sum -= d
		} else {
			sum += (9 - i) * d
		}
	}
	return !allZero && sum%11 == 0
}
