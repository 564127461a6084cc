package radar

import (
	"hash/maphash"
	"math/bits"
	"unsafe"
)

// interner gives each distinct string a 32-bit id, so that a million
// records naming the same street or city hold it once. Id 0 is "". The
// strings lie back to back in one byte slice and the look-up table holds
// only ids (open addressing, checked against the stored string), so a
// distinct string costs its bytes and about 9 more, where a Go map with
// a slice of strings costs 60 to 80.
type interner struct {
	seed  maphash.Seed
	data  []byte
	offs  []uint32 // string id spans data[offs[id]:offs[id+1]]
	table []uint32 // id, 0 empty
	n     int
}

func newInterner() interner {
	return interner{seed: maphash.MakeSeed(), offs: []uint32{0, 0}}
}

// str returns the string with the given id. It shares the interner's
// memory: bytes once appended are never written again (a grown slice is a
// new array; the old one stays alive while a string points into it).
func (in *interner) str(id uint32) string {
	start, end := in.offs[id], in.offs[id+1]
	if start == end {
		return ""
	}
	return unsafe.String(&in.data[start], int(end-start))
}

func (in *interner) home(s string) int {
	hi, _ := bits.Mul64(maphash.String(in.seed, s), uint64(len(in.table)))
	return int(hi)
}

func (in *interner) id(s string) uint32 {
	if s == "" {
		return 0
	}
	if (in.n+1)*8 > len(in.table)*7 {
		in.grow()
	}
	i := in.home(s)
	for ; in.table[i] != 0; i = (i + 1) % len(in.table) {
		if in.str(in.table[i]) == s {
			return in.table[i]
		}
	}
	id := uint32(len(in.offs) - 1)
	in.data = append(in.data, s...)
	in.offs = append(in.offs, uint32(len(in.data)))
	in.table[i] = id
	in.n++
	return id
}

func (in *interner) grow() {
	old := in.table
	in.table = make([]uint32, max(1024, len(old)+len(old)/4))
	for _, id := range old {
		if id != 0 {
			i := in.home(in.str(id))
			for in.table[i] != 0 {
				i = (i + 1) % len(in.table)
			}
			in.table[i] = id
		}
	}
}

// byteArena stores strings that are (nearly) unique per record, such as
// identifiers and phone numbers, back to back in blocks of 64 KiB:
// interning them would cost a map entry each for no sharing, and a string
// header each costs 16 bytes where an offset and a length cost 5. Fixed
// blocks, rather than one growing slice, carry no spare capacity.
type byteArena struct {
	blocks [][]byte
}

const arenaBlockBits = 16

// add stores s and returns its offset and length. Strings longer than 255
// bytes are cut: identifiers and phone numbers are far shorter, and input
// validation refuses longer ones.
func (a *byteArena) add(s string) (uint32, uint8) {
	if s == "" {
		return 0, 0
	}
	if len(s) > 255 {
		s = s[:255]
	}
	last := len(a.blocks) - 1
	if last < 0 || len(a.blocks[last])+len(s) > 1<<arenaBlockBits {
		a.blocks = append(a.blocks, make([]byte, 0, 1<<arenaBlockBits))
		last++
	}
	off := uint32(last)<<arenaBlockBits | uint32(len(a.blocks[last]))
	a.blocks[last] = append(a.blocks[last], s...)
	return off, uint8(len(s))
}

// get returns the string at off. It shares the arena's memory: a block
// never grows beyond its capacity and bytes once appended are never
// written again, so the string stays valid and unchanged.
func (a *byteArena) get(off uint32, n uint8) string {
	if n == 0 {
		return ""
	}
	return unsafe.String(&a.blocks[off>>arenaBlockBits][off&(1<<arenaBlockBits-1)], int(n))
}

// keyTable maps blocking keys (never 0) to the newest slot position with
// that key (never 0). A slot holds the position and the key's upper 32
// bits, 8 bytes; on a match of those bits the table asks the index for the
// key of the record at that position, so that two keys sharing them stay
// apart (a 32-bit tag is shared by about a thousand pairs of keys in a
// registry of a million). Open addressing with linear probing; the table
// grows by a quarter, not by doubling (the home slot is the tag scaled to
// the size, so growing needs no key), and runs full up to 7/8.
type keyTable struct {
	tags []uint32
	vals []uint32
	n    int
}

func (t *keyTable) home(tag uint32) int {
	return int(uint64(tag) * uint64(len(t.tags)) >> 32)
}

// get returns the value stored for k, or 0. keyAt returns the key of a
// stored value.
func (t *keyTable) get(k uint64, keyAt func(uint32) uint64) uint32 {
	if len(t.tags) == 0 {
		return 0
	}
	tag := uint32(k >> 32)
	for i := t.home(tag); t.vals[i] != 0; {
		if t.tags[i] == tag && keyAt(t.vals[i]) == k {
			return t.vals[i]
		}
		if i++; i == len(t.tags) {
			i = 0
		}
	}
	return 0
}

// swap stores v for k and returns the value it replaces (0 if none).
func (t *keyTable) swap(k uint64, v uint32, keyAt func(uint32) uint64) uint32 {
	if (t.n+1)*8 > len(t.tags)*7 {
		t.grow()
	}
	tag := uint32(k >> 32)
	i := t.home(tag)
	for ; t.vals[i] != 0; i = (i + 1) % len(t.tags) {
		if t.tags[i] == tag && keyAt(t.vals[i]) == k {
			old := t.vals[i]
			t.vals[i] = v
			return old
		}
	}
	t.tags[i], t.vals[i] = tag, v
	t.n++
	return 0
}

func (t *keyTable) grow() {
	old := *t
	size := max(1024, len(old.tags)+len(old.tags)/4)
	*t = keyTable{tags: make([]uint32, size), vals: make([]uint32, size), n: old.n}
	for j, v := range old.vals {
		if v != 0 {
			i := t.home(old.tags[j])
			for t.vals[i] != 0 {
				i = (i + 1) % size
			}
			t.tags[i], t.vals[i] = old.tags[j], v
		}
	}
}
