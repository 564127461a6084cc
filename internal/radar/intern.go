package radar

import "strings"

// interner gives each distinct string a 32-bit id, so that a million
// records naming the same street or city hold it once. Id 0 is "".
type interner struct {
	ids  map[string]uint32
	strs []string
}

func newInterner() interner {
	return interner{ids: map[string]uint32{"": 0}, strs: []string{""}}
}

func (in *interner) id(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	s = strings.Clone(s) // do not keep the caller's larger string alive
	id := uint32(len(in.strs))
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

// arena stores strings that are (nearly) unique per record, such as
// identifiers and phone numbers, back to back in large blocks: interning
// them would cost a map entry each for no sharing.
type arena struct {
	block strings.Builder
}

const arenaBlock = 64 << 10

func (a *arena) add(s string) string {
	if s == "" {
		return ""
	}
	if a.block.Cap()-a.block.Len() < len(s) {
		// A new block; strings handed out keep the old one alive. A
		// Builder never changes bytes it has written, so those strings
		// stay valid.
		a.block = strings.Builder{}
		a.block.Grow(max(arenaBlock, len(s)))
	}
	start := a.block.Len()
	a.block.WriteString(s)
	return a.block.String()[start:]
}
