package persons

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics ("Çelik" -> "celik", "Ünal" ->
// "unal") and keeps only letters and digits, so that spelling of accents,
// hyphens and spaces does not separate one name from itself.
func Fold(s string) string {
	out := s
	if !isASCII(s) {
		out = stripMarks(s)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(out) {
		switch {
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteRune('o')
		case r == 'ł':
			b.WriteRune('l')
		case r == 'ı': // Turkish dotless i: Yılmaz is written Yilmaz as often
			b.WriteRune('i')
		case r == 'æ':
			b.WriteString("ae")
		case r == 'đ':
			b.WriteRune('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stripMarks decomposes s, drops the combining marks and recomposes what
// is left: what transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)),
// norm.NFC) does, without the chain's buffers (three of 4 KB a call, most of
// the garbage of matching a name with an accent).
func stripMarks(s string) string {
	d := norm.NFD.String(s)
	b := make([]byte, 0, len(d))
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRuneInString(d[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = utf8.AppendRune(b, r) // as the chain replaces a byte that is not UTF-8
		case !unicode.Is(unicode.Mn, r):
			b = append(b, d[i:i+n]...)
		}
		i += n
	}
	return norm.NFC.String(string(b))
}

// particles are the Dutch surname particles (tussenvoegsels), longest first
// so that "van der" is taken before "van".
var particles = []string{
	"van den", "van der", "van de", "van het", "van 't", "in het", "in 't", "op den", "op de", "uit den", "uit de",
	"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "uit", "la", "le", "du", "el", "al",
}

// SplitParticle splits a surname written with its particle ("van der Berg",
// "Berg, van der") into particle and surname. A name without a particle is
// returned as is.
func SplitParticle(s string) (particle, surname string) {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ","); i > 0 {
		// Register order: "Berg, van der".
		rest := strings.ToLower(strings.TrimSpace(s[i+1:]))
		for _, p := range particles {
			if rest == p {
				return p, strings.TrimSpace(s[:i])
			}
		}
	}
	low := strings.ToLower(s)
	for _, p := range particles {
		if strings.HasPrefix(low, p+" ") && len(s) > len(p)+1 {
			return p, s[len(p)+1:]
		}
	}
	return "", s
}

// SurnameKey is the folded surname without its particle: the key the
// exact resolver and the registry index compare on, so that "Van der
// Berg", "v.d. Berg" and "Berg" meet.
func SurnameKey(particle, surname string) string {
	if particle == "" {
		_, surname = SplitParticle(surname)
	}
	return Fold(surname)
}

// FirstNameCompatible reports whether two persons' first names can be the
// same person: equal folded first given names, or initials that agree with
// the other's names. Empty on either side is compatible (unknown).
func FirstNameCompatible(firstA, initA, firstB, initB string) bool {
	a, b := firstGiven(firstA), firstGiven(firstB)
	if a != "" && b != "" {
		return a == b
	}
	ia, ib := firstInitial(firstA, initA), firstInitial(firstB, initB)
	return ia == 0 || ib == 0 || ia == ib
}

func firstGiven(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return Fold(f[0])
}

func firstInitial(first, initials string) rune {
	if g := firstGiven(first); g != "" {
		return []rune(g)[0]
	}
	if f := Fold(initials); f != "" {
		return []rune(f)[0]
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
