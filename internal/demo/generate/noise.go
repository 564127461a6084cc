package generate

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"toren/internal/toren"
)

// Noise records which variations a mention carries compared with the true
// person: the answer key for measuring the radar per kind of difficulty.
type Noise uint32

const (
	NoiseTypo            Noise = 1 << iota // a typing error in a name
	NoiseSpellingVariant                   // another spelling: Mohamed, Meyer, Jansen/Janssen
	NoiseSecondName                        // the second given name instead of the first
	NoiseInitials                          // initials instead of first names
	NoiseParticle                          // particle abbreviated, glued, capitalised or wrong
	NoiseMarriedName                       // a wife under her husband's name or a double name
	NoiseDiacritics                        // diacritics dropped: Celik for Çelik
	NoiseNoSurname                         // only a first name
	NoiseNoBSN                             // no BSN given
	NoiseWrongBSN                          // another family member's BSN
	NoiseDOBSwap                           // day and month of the date of birth swapped
	NoiseDOBDigit                          // date of birth off by one digit
	NoiseAgeOnly                           // an age instead of a date of birth
	NoiseNoDOB                             // neither date of birth nor age
	NoiseOldAddress                        // a previous address
	NoiseNoAddress                         // no address
)

// NameNoise are the variations that change how the name is written.
const NameNoise = NoiseTypo | NoiseSpellingVariant | NoiseSecondName | NoiseInitials | NoiseParticle |
	NoiseMarriedName | NoiseDiacritics | NoiseNoSurname

// DOBNoise are the variations of the date of birth.
const DOBNoise = NoiseDOBSwap | NoiseDOBDigit | NoiseAgeOnly | NoiseNoDOB

var noiseNames = [...]string{"typo", "spelling_variant", "second_name", "initials", "particle", "married_name",
	"diacritics", "no_surname", "no_bsn", "wrong_bsn", "dob_swap", "dob_digit", "age_only", "no_dob", "old_address", "no_address"}

// NoiseKinds lists every single noise flag, in bit order.
func NoiseKinds() []Noise {
	out := make([]Noise, len(noiseNames))
	for i := range out {
		out[i] = 1 << i
	}
	return out
}

// String names the flags: "typo+no_bsn", or "none".
func (n Noise) String() string {
	if n == 0 {
		return "none"
	}
	var b strings.Builder
	for i, name := range noiseNames {
		if n&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte('+')
			}
			b.WriteString(name)
		}
	}
	return b.String()
}

// typo makes one realistic typing error: a neighbouring key, two letters
// swapped, a letter dropped or doubled. The first letter is kept, as people
// rarely get that wrong. It returns s unchanged when s is too short.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return s
	}
	for try := 0; try < 6; try++ {
		i := 1 + r.IntN(len(rs)-1)
		var out []rune
		switch r.IntN(4) {
		case 0: // neighbouring key
			n, ok := neighbour(r, rs[i])
			if !ok {
				continue
			}
			out = append(append(append(out, rs[:i]...), n), rs[i+1:]...)
		case 1: // transposition
			if i == len(rs)-1 {
				i--
			}
			if i < 1 || rs[i] == rs[i+1] {
				continue
			}
			out = append(out, rs...)
			out[i], out[i+1] = out[i+1], out[i]
		case 2: // deletion
			out = append(append(out, rs[:i]...), rs[i+1:]...)
		default: // doubling
			out = append(append(out, rs[:i+1]...), rs[i:]...)
		}
		if t := string(out); t != s && strings.TrimSpace(t) == t && !strings.Contains(t, "  ") {
			return t
		}
	}
	return s
}

const qwertyRows = "qwertyuiop|asdfghjkl|zxcvbnm"

// neighbour returns a letter next to c on a QWERTY keyboard, keeping case.
func neighbour(r *rand.Rand, c rune) (rune, bool) {
	lower := unicode.ToLower(c)
	i := strings.IndexRune(qwertyRows, lower)
	if i < 0 {
		return c, false
	}
	var cands [2]rune
	n := 0
	if i > 0 && qwertyRows[i-1] != '|' {
		cands[n] = rune(qwertyRows[i-1])
		n++
	}
	if i+1 < len(qwertyRows) && qwertyRows[i+1] != '|' {
		cands[n] = rune(qwertyRows[i+1])
		n++
	}
	if n == 0 {
		return c, false
	}
	out := cands[r.IntN(n)]
	if unicode.IsUpper(c) {
		out = unicode.ToUpper(out)
	}
	return out, true
}

// foldDiacritics writes a name without diacritics, as keyboards and
// systems without them do: Çelik -> Celik, Yıldırım -> Yildirim.
func foldDiacritics(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		if a, ok := asciiOf[c]; ok {
			b.WriteString(a)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var asciiOf = map[rune]string{
	'Ç': "C", 'ç': "c", 'Ş': "S", 'ş': "s", 'Ğ': "G", 'ğ': "g", 'İ': "I", 'ı': "i", 'Ö': "O", 'ö': "o", 'Ü': "U", 'ü': "u",
	'É': "E", 'é': "e", 'È': "E", 'è': "e", 'Ë': "E", 'ë': "e", 'Ï': "I", 'ï': "i", 'Á': "A", 'á': "a", 'Ó': "O", 'ó': "o",
	'Ł': "L", 'ł': "l", 'Ą': "A", 'ą': "a", 'Ę': "E", 'ę': "e", 'Ś': "S", 'ś': "s", 'Ź': "Z", 'ź': "z", 'Ż': "Z", 'ż': "z",
	'Ń': "N", 'ń': "n", 'Ć': "C", 'ć': "c", 'Ä': "A", 'ä': "a",
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// surnameVariant writes a surname in another spelling people use for it:
// ij/y, -sen/-ssen, -ks/-x, -nds/-nts, a doubled consonant single, a
// compound name's space or hyphen changed, a Polish feminine ending
// written masculine. ok is false when no rule applies.
func surnameVariant(r *rand.Rand, s string) (string, bool) {
	var cands [8]string
	n := 0
	add := func(v string) {
		if v != s && v != "" && n < len(cands) {
			cands[n] = v
			n++
		}
	}
	if strings.Contains(s, "ij") {
		add(strings.Replace(s, "ij", "y", 1))
	}
	if i := strings.Index(s, "y"); i > 0 {
		add(s[:i] + "ij" + s[i+1:])
	}
	switch {
	case strings.HasSuffix(s, "ssen"):
		add(s[:len(s)-4] + "sen")
	case strings.HasSuffix(s, "sen"):
		add(s[:len(s)-3] + "ssen")
	}
	switch {
	case strings.HasSuffix(s, "ks"):
		add(s[:len(s)-2] + "x")
	case strings.HasSuffix(s, "x"):
		add(s[:len(s)-1] + "ks")
	}
	switch {
	case strings.HasSuffix(s, "nds"):
		add(s[:len(s)-3] + "nts")
	case strings.HasSuffix(s, "nts"):
		add(s[:len(s)-3] + "nds")
	case strings.HasSuffix(s, "dt"):
		add(s[:len(s)-2] + "d")
	}
	if strings.HasSuffix(s, "ska") || strings.HasSuffix(s, "cka") {
		add(s[:len(s)-1] + "i")
	}
	if strings.ContainsAny(s, " -") {
		switch r.IntN(3) {
		case 0:
			add(strings.NewReplacer(" ", "-", "-", " ").Replace(s))
		case 1:
			add(strings.NewReplacer(" ", "", "-", "").Replace(s))
		default:
			// "El Amrani" -> "Elamrani": glued, the second part lower case.
			add(capitalise(strings.NewReplacer(" ", "", "-", "").Replace(strings.ToLower(s))))
		}
	}
	for i := 1; i+1 < len(s); i++ {
		if s[i] == s[i+1] && strings.IndexByte("bdgklmnprtz", s[i]) >= 0 {
			add(s[:i] + s[i+1:])
			break
		}
	}
	if n == 0 {
		return s, false
	}
	return cands[r.IntN(n)], true
}

// particleVariant writes a particle the ways reporters do: "v.d.",
// glued into the surname ("Vandenberg"), in the surname field with capitals
// ("Van der Berg"), in register order ("Berg, van der") or the wrong one
// ("van den" for "van der").
func particleVariant(r *rand.Rand, particle, base string) (p, s string) {
	isVan := strings.HasPrefix(particle, "van")
	for {
		switch r.IntN(5) {
		case 0:
			if !isVan {
				continue
			}
			switch particle {
			case "van":
				return "v.", base
			case "van der", "van den", "van de":
				return [...]string{"v.d.", "v/d", "vd"}[r.IntN(3)], base
			}
			continue
		case 1:
			return "", capitalise(particle) + " " + base
		case 2:
			glued := strings.ReplaceAll(particle, " ", "")
			if r.IntN(2) == 0 {
				return "", capitalise(glued) + strings.ToLower(base)
			}
			return "", capitalise(glued) + base
		case 3:
			return "", base + ", " + particle
		default:
			switch particle {
			case "van der":
				return "van den", base
			case "van den":
				return "van der", base
			case "van de":
				return "van der", base
			case "de":
				return "den", base
			}
			continue
		}
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}

// initialsOf returns "J.C." for "Johanna Cornelia".
func initialsOf(names string) string {
	var b strings.Builder
	for _, f := range strings.Fields(names) {
		c, _ := utf8.DecodeRuneInString(f)
		b.WriteRune(unicode.ToUpper(c))
		b.WriteByte('.')
	}
	return b.String()
}

// dobError returns a date of birth as it is mistyped: day and month
// swapped when both can be a month, or one digit off. The result never
// lies after latest, before 1900, or on the true date; ok is false when
// no such error fits.
func dobError(r *rand.Rand, d, latest toren.Date) (toren.Date, Noise, bool) {
	fits := func(e toren.Date) bool {
		return e != d && !e.After(latest) && e.Year() >= 1900
	}
	if d.Day() <= 12 && d.Day() != int(d.Month()) && r.IntN(3) > 0 {
		if e := toren.NewDate(d.Year(), time.Month(d.Day()), int(d.Month())); fits(e) {
			return e, NoiseDOBSwap, true
		}
	}
	for try := 0; try < 4; try++ {
		var e toren.Date
		switch r.IntN(4) {
		case 0: // day one off, within the month
			day := d.Day() + 1
			if day > 28 || r.IntN(2) == 0 && d.Day() > 1 {
				day = d.Day() - 1
			}
			e = toren.NewDate(d.Year(), d.Month(), day)
		case 1: // month one off
			m := int(d.Month()) + 1
			if m > 12 {
				m = 11
			}
			e = toren.NewDate(d.Year(), time.Month(m), min(d.Day(), 28))
		case 2: // year one off
			e = toren.NewDate(d.Year()+1-2*r.IntN(2), d.Month(), min(d.Day(), 28))
		default: // last two digits of the year swapped: 1987 -> 1978
			y := strconv.Itoa(d.Year())
			sw, _ := strconv.Atoi(y[:2] + y[3:] + y[2:3])
			e = toren.NewDate(sw, d.Month(), min(d.Day(), 28))
		}
		if fits(e) {
			return e, NoiseDOBDigit, true
		}
	}
	return d, 0, false
}
