package radar

import (
	"strings"
	"unicode"

	"toren/internal/persons"
)

// particleWords are surname particles (tussenvoegsels and their foreign
// kin) after lower-casing and dropping dots, slashes and apostrophes:
// "'t" is "t", "v.d." and "v/d" are "vd", "v." is "v".
var particleWords = map[string]bool{
	"van": true, "von": true, "vom": true, "v": true, "vd": true, "vder": true, "vden": true,
	"de": true, "der": true, "den": true, "des": true, "het": true, "t": true,
	"ter": true, "ten": true, "te": true, "in": true, "op": true, "uit": true, "aan": true, "bij": true,
	"la": true, "le": true, "l": true, "du": true, "d": true, "da": true, "di": true, "del": true,
	"della": true, "dos": true, "das": true, "do": true, "el": true, "al": true, "zu": true, "zum": true,
}

// splitSurname parses a surname as people write it, with the particle in
// its own field or not ("van der" + "Berg", "van der Berg", "Berg, van
// der", "v.d. Berg", "Van't Hof", "Jansen-de Vries"). It returns the leading
// particle folded without spaces ("vander", "vd", "vant") and the folded
// surname: its parts without particles, joined by '-' ("jansen-vries").
// Particles inside a double surname are dropped: they carry little and a
// married name is written with and without them.
func splitSurname(particle, surname string) (part, core string) {
	s := strings.ToLower(strings.TrimSpace(surname))
	if i := strings.IndexByte(s, ','); i > 0 && allParticles(s[i+1:]) {
		// Register order: "berg, van der" puts the particle last.
		s = strings.TrimSpace(s[i+1:]) + " " + strings.TrimSpace(s[:i])
	}
	if p := strings.ToLower(strings.TrimSpace(particle)); p != "" && !strings.HasPrefix(s, p+" ") {
		s = p + " " + s
	}
	toks := surnameTokens(s)
	// The leading particle: every particle word before the first name
	// word, as long as a name word is left.
	lead := 0
	for lead < len(toks)-1 && particleWords[toks[lead].word] && !toks[lead].hyphenAfter {
		lead++
	}
	var pb strings.Builder
	for _, t := range toks[:lead] {
		pb.WriteString(persons.Fold(t.word))
	}
	var parts []string
	var cur strings.Builder
	endPart := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for i := lead; i < len(toks); i++ {
		t := toks[i]
		if particleWords[t.word] && i < len(toks)-1 {
			// A particle inside the name ends a part ("Jansen de Vries")
			// or belongs to the second part ("Jansen-de Vries").
			endPart()
			continue
		}
		cur.WriteString(persons.Fold(t.word))
		if t.hyphenAfter {
			endPart()
		}
	}
	endPart()
	return pb.String(), strings.Join(parts, "-")
}

func allParticles(s string) bool {
	toks := surnameTokens(s)
	for _, t := range toks {
		if !particleWords[t.word] {
			return false
		}
	}
	return len(toks) > 0
}

type surnameToken struct {
	word        string // lower case, without dots, slashes and apostrophes
	hyphenAfter bool   // a hyphen ends the current part after this word
}

// surnameTokens splits a lower-cased surname into words at spaces and
// hyphens, and splits "van't" into "van" and "t".
func surnameTokens(s string) []surnameToken {
	var out []surnameToken
	var cur strings.Builder
	flush := func(hyphen bool) {
		if cur.Len() > 0 {
			w := cur.String()
			cur.Reset()
			if w == "vant" {
				out = append(out, surnameToken{word: "van"})
				w = "t"
			}
			out = append(out, surnameToken{word: w})
		}
		if hyphen && len(out) > 0 {
			out[len(out)-1].hyphenAfter = true
		}
	}
	for _, r := range s {
		switch {
		case r == '-' || r == '‐' || r == '–':
			flush(true)
		case unicode.IsSpace(r) || r == ',':
			flush(false)
		case r == '.' || r == '/' || r == '\'' || r == '’' || r == '`':
			// "v.d." -> "vd", "'t" -> "t"; a dot between two words also
			// separates them ("v.d.Berg" is rare enough to ignore).
		default:
			cur.WriteRune(r)
		}
	}
	flush(false)
	return out
}

// particlesCompatible reports whether two different folded particles may
// be the same one written in short: "vd" for "van der", "van den" or "van
// de"; "v" for anything starting with a v.
func particlesCompatible(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch a {
	case "vd":
		return strings.HasPrefix(b, "vand") || strings.HasPrefix(b, "vond")
	case "v":
		return strings.HasPrefix(b, "v")
	}
	return false
}

// normGiven folds given names and initials. Single letters among the given
// names ("Jan P.") are initials, not names. Initials written with dots
// count one per dotted group ("Th." is T); without dots every letter is
// one initial ("JP"). Initials derived from the full names win when they
// are at least as long as the typed ones.
func normGiven(first, initials string) (given, inits string) {
	var names []string
	var fromNames strings.Builder
	for _, tok := range strings.FieldsFunc(first, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == ',' }) {
		f := persons.Fold(tok)
		if f == "" {
			continue
		}
		if len([]rune(f)) > 1 {
			names = append(names, f)
		}
		fromNames.WriteString(firstRune(f))
	}
	var typed strings.Builder
	dotted := strings.ContainsRune(initials, '.')
	for _, tok := range strings.FieldsFunc(initials, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == '-' }) {
		f := persons.Fold(tok)
		if f == "" {
			continue
		}
		if dotted {
			typed.WriteString(firstRune(f))
		} else {
			typed.WriteString(f)
		}
	}
	inits = fromNames.String()
	if len(typed.String()) > len(inits) {
		inits = typed.String()
	}
	return strings.Join(names, " "), inits
}

func firstRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}

// firstToken returns the first space-separated word of s.
func firstToken(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// phoneticKey is a coarse sound code for blocking, so that spellings that
// sound alike ("Janssen", "Jansen"; "Meijer", "Meyer", "Maier"; "Bakker",
// "Backer"; "Dijkstra", "Dykstra") share a block. It keeps the first
// letter's sound and then only consonant sounds, without repeats. It is
// used to find candidates, never to score them.
func phoneticKey(folded string) string {
	if folded == "" {
		return ""
	}
	var b [64]byte
	out := b[:0]
	s := folded
	last := byte(0)
	emit := func(c byte) {
		if c != last {
			out = append(out, c)
		}
		last = c
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		var code byte
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'w', 'j':
			// Vowels and glides; "ij", "ei", "y" and "j" meet here.
			if len(out) == 0 {
				switch c {
				case 'j', 'y':
					code = 'j'
				case 'h':
					code = 'h'
				case 'w':
					code = 'f'
				default:
					code = 'a'
				}
				emit(code)
				continue
			}
			last = 0 // a vowel separates two equal consonants: "Hanenberg" keeps both n's
			if c == 'w' && (next == 0 || !isVowel(next)) {
				continue
			}
			if c == 'w' {
				emit('f') // "w" before a vowel sounds close to "v"
			}
			continue
		case 'b', 'p':
			code = 'p'
		case 'c':
			if next == 'h' {
				code = 'g' // Dutch "ch" sounds like "g"
				i++
			} else if next == 'e' || next == 'i' || next == 'y' {
				code = 's'
			} else {
				code = 'k'
			}
		case 'k', 'q':
			code = 'k'
		case 'g':
			code = 'g'
		case 'd', 't':
			code = 't'
		case 'f', 'v':
			code = 'f'
		case 's', 'z':
			code = 's'
		case 'x':
			emit('k')
			code = 's'
		case 'l', 'm', 'n', 'r':
			code = c
		default:
			if c >= '0' && c <= '9' || c >= 0x80 {
				code = c
			} else {
				continue
			}
		}
		if c == 'p' && next == 'h' {
			code = 'f'
			i++
		}
		emit(code)
		if len(out) >= len(b) {
			break
		}
	}
	return string(out)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
