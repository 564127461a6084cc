package radar

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"toren/internal/persons"
)

// givenNamesData holds the groups of given names that may be one person's
// name as different reporters write it: official name and call name
// (roepnaam), and the spellings of names from other languages. Where each
// list comes from is said in the file.
//
//go:embed namedata/givennames.txt
var givenNamesData string

// nameGroups knows which given names may name one person.
type nameGroups struct {
	// of maps a folded name to the groups it belongs to.
	of map[string][]uint16
	// members lists each group's names.
	members [][]string
}

// givenNameGroups is parsed once from the embedded data; it is read-only.
var givenNameGroups = mustParseNameGroups(givenNamesData)

func mustParseNameGroups(data string) *nameGroups {
	g, err := parseNameGroups(data)
	if err != nil {
		panic(err)
	}
	return g
}

// parseNameGroups reads lines "official: other, other": each line one
// group. Blank lines and lines starting with '#' are skipped. Names are
// folded as records fold them.
func parseNameGroups(data string) (*nameGroups, error) {
	g := &nameGroups{of: map[string][]uint16{}}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		head, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("radar: given names line %d: want \"name: other, other\"", i+1)
		}
		var names []string
		seen := map[string]bool{}
		for _, n := range append([]string{head}, strings.Split(rest, ",")...) {
			f := persons.Fold(strings.TrimSpace(n))
			if f == "" {
				continue
			}
			if strings.ContainsRune(f, ' ') {
				return nil, fmt.Errorf("radar: given names line %d: %q is more than one name", i+1, n)
			}
			if !seen[f] {
				seen[f] = true
				names = append(names, f)
			}
		}
		if len(names) < 2 {
			return nil, fmt.Errorf("radar: given names line %d: a group needs two names", i+1)
		}
		id := uint16(len(g.members))
		g.members = append(g.members, names)
		for _, n := range names {
			g.of[n] = append(g.of[n], id)
		}
	}
	return g, nil
}

// equivalent reports whether two different folded given names may be one
// person's: they share a group, or they are one name in two spellings by
// the transliteration rules (see nameSkeleton).
func (g *nameGroups) equivalent(a, b string) bool {
	if a == b {
		return true
	}
	for _, x := range g.of[a] {
		for _, y := range g.of[b] {
			if x == y {
				return true
			}
		}
	}
	if len(a) < 3 || len(b) < 3 {
		return false
	}
	// On the stack: a match compares given names with every candidate's,
	// and two strings a comparison were most of its garbage.
	var sa, sb [32]byte
	return bytes.Equal(appendSkeleton(sa[:0], a), appendSkeleton(sb[:0], b))
}

// variants calls fn with every name sharing a group with name.
func (g *nameGroups) variants(name string, fn func(string) bool) {
	for _, id := range g.of[name] {
		for _, v := range g.members[id] {
			if v != name && !fn(v) {
				return
			}
		}
	}
}

// nameSkeleton folds the spelling differences that transliterating a name
// into Dutch or French orthography produces, so that "Ramdien" and
// "Ramdin", "Joesoef" and "Jusuf", "Mohammed" and "Mohamed", "Redouane"
// and "Redouan" meet: oe and ou are u, ie, ee, y and ij are i, dj and dzj
// are j, kh is h, ph is f, an h after another consonant goes, doubled
// letters are one, and a final e after a consonant goes. It is evidence
// for a name level, never a blocking key.
func nameSkeleton(s string) string { return string(appendSkeleton(nil, s)) }

// appendSkeleton appends the nameSkeleton of s to dst.
func appendSkeleton(dst []byte, s string) []byte {
	start := len(dst)
	var last byte
	emit := func(c byte) {
		if c != last {
			dst = append(dst, c)
		}
		last = c
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == 'o' && (next == 'e' || next == 'u'):
			emit('u')
			i++
		case (c == 'i' && next == 'e') || (c == 'e' && next == 'e') || (c == 'i' && next == 'j'):
			emit('i')
			i++
		case c == 'y':
			emit('i')
		case c == 'd' && next == 'j':
			emit('j')
			i++
		case c == 'd' && next == 'z' && i+2 < len(s) && s[i+2] == 'j':
			emit('j')
			i += 2
		case c == 'k' && next == 'h':
			emit('h')
			i++
		case c == 'p' && next == 'h':
			emit('f')
			i++
		case c == 'h' && last != 0 && !isVowel(last) && last != 'c' && last != 's':
			// "Ramdhin", "Radhe": an aspirate marker, not a sound of its own.
		case c == 'e' && next == 0 && last != 0 && !isVowel(last) && len(dst)-start > 2:
			// "Redouane", "Sofiane": a French mute e.
		default:
			emit(c)
		}
	}
	return dst
}
