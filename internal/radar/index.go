package radar

import (
	"math"
	"slices"
	"strings"
	"sync"

	"toren/internal/reports"
)

// Blocking: a lookup compares the query only with registry records that
// share at least one blocking key with it. Each key catches what the
// others miss:
//
//	national id                        same identifier, whatever else differs
//	surname sound + birth year         typos in the surname, the date or the first name
//	  (per part of a double surname,     "Jansen-de Vries" finds "de Vries",
//	   and with the particle joined)     "Vanderberg" finds "van der Berg"
//	birth date + given-name initial    surname changed or mistyped
//	birth date + surname initial       given name changed or mistyped
//	postcode + house number            same household, everything else misspelt
//	street + house number + place      postcode missing or mistyped
//	surname sound + postcode           moved within the postcode, or house number, date and identifier all damaged
//	given-name and surname sounds      no date of birth; swapped names (sorted pair)
//	first initial + surname sound      no date of birth, no address: "H.W. v.d. Molen"
//	phone                              same number
//	surname sound + day and month      a typo in the year of birth
//	  (a record without a date:          the query has a date, the record none
//	   first initial + surname sound)
//
// Sounds are phoneticKey codes, robust to spellings that sound alike.
//
// A query with a date of birth does not look up the two keys without a
// year (given-name and surname sounds; first initial and surname sound):
// in a registry of a million they are shared by hundreds of namesakes
// born in other years, and what they find for such a query (a typo in
// the year, a record without a date, swapped names) the birthday key and
// the birth-date keys find among a few.
const (
	slotNationalID = iota
	slotSurname1
	slotSurnameJoined
	slotPostcode
	slotStreet
	slotSurnamePostcode
	slotNames
	slotInitialSurname
	slotPhone
	slotBirthday
	// Few persons have a double surname: the links of this slot are kept
	// in a map (Index.rareNext), not in every entry.
	slotSurname2
	// An undated record with given names is filed by its initial and
	// surname sound too (its birthday slot holds its given name's sound),
	// so that a dated query with initials only, or with another given name
	// of the same initial, finds it (queryKeys looks up that key). Few
	// records qualify: its links are kept in Index.rareNext as well.
	slotUndatedInitial
	// The birth-date slots come last: their keys are nearly unique per
	// person, so rather than store a key per person twice, the index
	// chains the records of each date and checks the letter.
	slotBirthGiven
	slotBirthSurname
	numSlots
	numChained = slotBirthGiven
	// numDense is the number of chained slots every entry has links for.
	numDense = slotSurname2
)

// Key kinds keep the hashes of different kinds of key apart. The three
// surname slots share one kind so that a query's surname finds a record's
// joined or second surname.
const (
	kindNationalID byte = 'N'
	kindSurname    byte = 'S'
	kindBirthDate  byte = 'D'
	kindBirthSur   byte = 'E'
	kindPostcode   byte = 'A'
	kindStreet     byte = 'T'
	kindSurnamePC  byte = 'Q'
	kindNames      byte = 'P'
	kindInitialSur byte = 'I'
	kindPhone      byte = 'F'
	kindBirthday   byte = 'B'
	kindUndated    byte = 'U'
)

// DefaultMaxBlock is how many records a lookup reads per blocking key,
// newest first. A key shared by more records than this ("de Jong" born in
// 1980 in a national registry) is not selective; the other keys still are.
const DefaultMaxBlock = 1000

// Index is the in-memory blocking index of the registry: it stores every
// record compactly and finds the candidates for a query without comparing
// it with the whole registry. It is safe for concurrent use.
//
// Memory is what limits the registry a server can hold (about 150 bytes
// a person at a million, BenchmarkIndexMemory), so each record is a fixed
// 56-byte entry: shared strings (names, streets, places) as 4-byte
// interned ids, identifiers and phone numbers as offsets into a byte
// arena, slot positions 32 bits (up to about 400 million records).
// Entries and their blocking links live in fixed-size chunks, so that a
// large registry neither carries the spare capacity of a grown slice nor
// copies it while growing; the blocking keys live in a table of 8-byte
// slots (keyTable) instead of a Go map.
type Index struct {
	mu       sync.RWMutex
	maxBlock int
	n        int // records, removed ones included
	strs     interner
	ids      byteArena
	sexes    []reports.Sex // entry.sex indexes this
	chunks   []*chunk
	wideIDs  map[uint32]int64    // by position, for flagWideID
	years    map[uint32][2]int16 // by position, for flagYears
	heads    keyTable
	// places holds the (city, municipality) pairs of interned ids that
	// entry.place numbers; placeIDs finds a pair's number. A registry
	// has a few thousand pairs: one id per entry instead of two.
	places   [][2]uint32
	placeIDs map[[2]uint32]uint32
	// families links the family labels that reports joined after their
	// records were added to the label they joined (see JoinFamilies).
	// A registry loaded with its families (Record.Family) starts empty.
	families map[uint32]uint32
	// familySizes holds the persons of each family a report joined since
	// start-up (by root label, JoinFamilies); a family not in it is
	// counted once, by a scan, when a report first joins it.
	familySizes map[uint32]uint16
	// maxLabel is the largest person id added (that fits 32 bits): a
	// family label above it has no record yet, a family of one.
	maxLabel uint32
	// rareNext holds the links of the slots past numDense, by slot
	// position, where they are not 0.
	rareNext map[uint32]uint32
	// byBirth holds the newest record (position plus one) per date of
	// birth; the chunks chain the others.
	byBirth map[YMD]uint32
	// given1 maps the interned id of given names to the id of their first
	// name, whose registry frequency the comparison uses.
	given1 []uint32
	// Term frequencies, indexed by interned string id.
	givenCount, surnameCount, cityCount []uint32
}

// noGiven1 marks an interned id not (yet) seen as given names.
const noGiven1 = ^uint32(0)

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
)

// chunk holds chunkSize consecutive entries and their blocking links.
// next chains the slots that share a key: next[pos] is the previous slot
// position (entry·numSlots + slot, plus one) with the same key.
// births chains the records born on one day: births[i] is the previous
// record (position plus one) with the same date of birth.
type chunk struct {
	entries [chunkSize]entry
	next    [chunkSize][numDense]uint32
	births  [chunkSize]uint32
}

// entry is a Record in 56 bytes: strings as interned ids or arena
// offsets (city and municipality as one id of the pair, Index.places),
// the person id and the family label (Record.Family) in 32 bits. The rare record with a larger id or
// with a range of birth years (an age instead of a date) keeps those in a
// map beside the entries.
type entry struct {
	id                                  uint32
	given, initials, particle           uint32
	surname, postcode, house, street    uint32
	place, family                       uint32
	birth                               YMD
	nationalID, phone                   uint32 // offsets into the arena
	nationalIDLen, phoneLen, sex, flags uint8
}

// flagRemoved marks a record Remove took out: the blocking chains still
// pass through it, look-ups step over it. flagWideID and flagYears say
// that the id or the birth years are in Index.wideIDs or Index.years.
const (
	flagBSNVerified = 1 << iota
	flagRemoved
	flagWideID
	flagYears
	// flagNamedWith: the person was named beside others of their
	// household in a report (Record.NamedWith).
	flagNamedWith
)

func (e *entry) removed() bool { return e.flags&flagRemoved != 0 }

// NewIndex returns an empty index reading at most maxBlock records per
// blocking key (DefaultMaxBlock when maxBlock <= 0).
func NewIndex(maxBlock int) *Index {
	if maxBlock <= 0 {
		maxBlock = DefaultMaxBlock
	}
	return &Index{maxBlock: maxBlock, strs: newInterner(), given1: []uint32{0}, sexes: []reports.Sex{reports.SexUnknown},
		places: [][2]uint32{{0, 0}}, placeIDs: map[[2]uint32]uint32{{0, 0}: 0}}
}

// Len returns the number of records in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.n
}

// entry returns entry i. Caller holds the lock.
func (ix *Index) entry(i uint32) *entry {
	return &ix.chunks[i>>chunkBits].entries[i&(chunkSize-1)]
}

// idOf returns the person id of entry i. Caller holds the lock.
func (ix *Index) idOf(i uint32) int64 {
	if e := ix.entry(i); e.flags&flagWideID == 0 {
		return int64(e.id)
	}
	return ix.wideIDs[i]
}

// next returns the link of slot position pos (0-based).
func (ix *Index) next(pos uint32) uint32 {
	i, slot := pos/numChained, pos%numChained
	if slot >= numDense {
		return ix.rareNext[pos]
	}
	return ix.chunks[i>>chunkBits].next[i&(chunkSize-1)][slot]
}

// prevBirth returns the record born on the same day before entry i
// (position plus one), or 0.
func (ix *Index) prevBirth(i uint32) uint32 {
	return ix.chunks[i>>chunkBits].births[i&(chunkSize-1)]
}

// walkBirth calls fn, newest first, for the records that share q's key in
// a birth-date slot (the same date, the same first letter of the initials
// or the surname), stopping after ix.maxBlock records that fn counts.
// The surname's slot also takes a record whose initials start with q's
// surname's letter and whose surname with q's initial: the names swapped,
// which a query with a date of birth does not look up by the names key.
func (ix *Index) walkBirth(q *Record, slot int, fn func(i uint32) (counts bool)) {
	if slotKey(q, slot) == 0 {
		return
	}
	want, swapped := firstRune(q.Initials), ""
	if slot == slotBirthSurname {
		want, swapped = firstRune(q.Surname), firstRune(q.Initials)
	}
	for p, n := ix.byBirth[q.Birth], 0; p != 0 && n < ix.maxBlock; p = ix.prevBirth(p - 1) {
		e := ix.entry(p - 1)
		name := e.initials
		if slot == slotBirthSurname {
			name = e.surname
		}
		fits := firstRune(ix.strs.str(name)) == want
		if !fits && swapped != "" {
			fits = firstRune(ix.strs.str(e.initials)) == want && firstRune(ix.strs.str(e.surname)) == swapped
		}
		if fits && fn(p-1) {
			n++
		}
	}
}

// Add stores a record. Records with the same ID are variants of one person.
func (ix *Index) Add(r Record) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	idx := uint32(ix.n)
	e := entry{
		given:    ix.strs.id(r.GivenNames),
		initials: ix.strs.id(r.Initials),
		particle: ix.strs.id(r.Particle),
		surname:  ix.strs.id(r.Surname),
		postcode: ix.strs.id(r.Postcode),
		house:    ix.strs.id(r.HouseNumber),
		street:   ix.strs.id(r.Street),
		place:    ix.placeID(ix.strs.id(r.City), ix.strs.id(r.Municipality)),
		sex:      ix.sexID(r.Sex),
		birth:    r.Birth,
	}
	e.family = r.Family
	if r.ID > 0 && r.ID <= math.MaxUint32 && uint32(r.ID) > ix.maxLabel {
		ix.maxLabel = uint32(r.ID)
	}
	if r.NamedWith {
		e.flags |= flagNamedWith
	}
	if r.ID >= 0 && r.ID <= math.MaxUint32 {
		e.id = uint32(r.ID)
	} else {
		if ix.wideIDs == nil {
			ix.wideIDs = make(map[uint32]int64)
		}
		ix.wideIDs[idx] = r.ID
		e.flags |= flagWideID
	}
	if r.BirthYearMin != 0 || r.BirthYearMax != 0 {
		if ix.years == nil {
			ix.years = make(map[uint32][2]int16)
		}
		ix.years[idx] = [2]int16{int16(r.BirthYearMin), int16(r.BirthYearMax)}
		e.flags |= flagYears
	}
	e.nationalID, e.nationalIDLen = ix.ids.add(r.NationalID)
	e.phone, e.phoneLen = ix.ids.add(r.Phone)
	if r.BSNVerified {
		e.flags |= flagBSNVerified
	}
	for int(e.given) >= len(ix.given1) {
		ix.given1 = append(ix.given1, noGiven1)
	}
	if ix.given1[e.given] == noGiven1 {
		ix.given1[e.given] = ix.strs.id(firstToken(r.GivenNames))
	}
	if idx&(chunkSize-1) == 0 {
		ix.chunks = append(ix.chunks, new(chunk))
	}
	c := ix.chunks[idx>>chunkBits]
	c.entries[idx&(chunkSize-1)] = e
	ix.n++
	ix.countTerm(&ix.givenCount, ix.given1[e.given])
	ix.countTerm(&ix.surnameCount, e.surname)
	ix.countTerm(&ix.cityCount, ix.city(&e))

	var keys [numSlots]uint64
	recordKeys(&r, &keys)
	links := &c.next[idx&(chunkSize-1)]
	for slot, k := range keys[:numChained] {
		if k == 0 || slices.Contains(keys[:slot], k) {
			continue
		}
		pos := idx*numChained + uint32(slot)
		link := ix.heads.swap(k, pos+1, ix.keyAt)
		switch {
		case slot < numDense:
			links[slot] = link
		case link != 0:
			if ix.rareNext == nil {
				ix.rareNext = make(map[uint32]uint32)
			}
			ix.rareNext[pos] = link
		}
	}
	if r.Birth != 0 {
		if ix.byBirth == nil {
			ix.byBirth = make(map[YMD]uint32)
		}
		c.births[idx&(chunkSize-1)] = ix.byBirth[r.Birth]
		ix.byBirth[r.Birth] = idx + 1
	}
}

// keyAt recomputes the key of slot position pos+1 (as the key table and
// the chains store positions). Caller holds the lock.
func (ix *Index) keyAt(pos uint32) uint64 {
	r := ix.record((pos - 1) / numChained)
	return slotKey(&r, int((pos-1)%numChained))
}

// placeID numbers the pair of interned city and municipality ids.
func (ix *Index) placeID(city, municipality uint32) uint32 {
	k := [2]uint32{city, municipality}
	if id, ok := ix.placeIDs[k]; ok {
		return id
	}
	id := uint32(len(ix.places))
	ix.places = append(ix.places, k)
	ix.placeIDs[k] = id
	return id
}

// city returns the interned id of the entry's city.
func (ix *Index) city(e *entry) uint32 { return ix.places[e.place][0] }

// sexID is the small number entry.sex stores for s. Sex is one of a few
// values (reports.Sex); should more than 255 ever appear, the rest are
// stored as unknown rather than taking memory from every record.
func (ix *Index) sexID(s reports.Sex) uint8 {
	if i := slices.Index(ix.sexes, s); i >= 0 {
		return uint8(i)
	}
	if len(ix.sexes) > 255 {
		return 0
	}
	ix.sexes = append(ix.sexes, s)
	return uint8(len(ix.sexes) - 1)
}

func (ix *Index) countTerm(counts *[]uint32, id uint32) {
	if id == 0 {
		return
	}
	if int(id) >= len(*counts) {
		*counts = append(*counts, make([]uint32, int(id)+1-len(*counts))...)
	}
	(*counts)[id]++
}

// recordKeys computes the blocking keys a record is stored under (0: none).
func recordKeys(r *Record, keys *[numSlots]uint64) {
	for slot := range keys {
		keys[slot] = slotKey(r, slot)
	}
}

// slotKey computes a record's blocking key in one slot (0: none). The index
// recomputes it to tell keys apart that its table does not store whole.
func slotKey(r *Record, slot int) uint64 {
	switch slot {
	case slotNationalID:
		return hashKey(kindNationalID, 0, r.NationalID)
	case slotSurname1, slotSurname2, slotSurnameJoined:
		y := recordYear(r)
		if y == 0 || r.Surname == "" {
			return 0
		}
		part1, part2, _ := strings.Cut(r.Surname, "-")
		switch {
		case slot == slotSurname1:
			return hashKey(kindSurname, y, phoneticKey(part1))
		case slot == slotSurname2 && part2 != "":
			return hashKey(kindSurname, y, phoneticKey(firstPart(part2)))
		case slot == slotSurnameJoined && r.Particle != "" && part1 != "":
			return hashKey(kindSurname, y, phoneticKey(r.Particle+part1))
		}
	// A whole birth-date block (30 persons a day in a registry of a
	// million) costs more to score than it finds; the first letter of
	// either name cuts it to a few.
	case slotBirthGiven:
		if r.Birth != 0 && r.Initials != "" {
			return hashKey(kindBirthDate, int(r.Birth), firstRune(r.Initials))
		}
	case slotBirthSurname:
		if r.Birth != 0 && r.Surname != "" {
			return hashKey(kindBirthSur, int(r.Birth), firstRune(r.Surname))
		}
	case slotPostcode:
		if r.HouseNumber != "" && r.Postcode != "" {
			return hashKey(kindPostcode, 0, r.Postcode, mainNumber(r.HouseNumber))
		}
	case slotStreet:
		if r.HouseNumber != "" && r.Street != "" {
			return hashKey(kindStreet, 0, r.Street, r.City, mainNumber(r.HouseNumber))
		}
	case slotSurnamePostcode:
		if r.Postcode != "" && r.Surname != "" {
			return hashKey(kindSurnamePC, 0, phoneticKey(firstPart(r.Surname)), r.Postcode)
		}
	case slotNames:
		return namesKey(r.GivenNames, r.Surname)
	case slotInitialSurname:
		if r.Initials != "" && r.Surname != "" {
			return hashKey(kindInitialSur, 0, firstRune(r.Initials), phoneticKey(firstPart(r.Surname)))
		}
	case slotPhone:
		return hashKey(kindPhone, 0, r.Phone)
	case slotUndatedInitial:
		if r.Birth == 0 && r.GivenNames != "" {
			return undatedInitialKey(r)
		}
	case slotBirthday:
		if r.Surname == "" {
			return 0
		}
		if r.Birth != 0 {
			return hashKey(kindBirthday, int(r.Birth)%10000, phoneticKey(firstPart(r.Surname)))
		}
		return undatedKey(r)
	}
	return 0
}

// undatedKey is the birthday slot's key of a record without a date of
// birth: the first initial and the surname sound, as the dated queries
// look it up (0: none).
func undatedKey(r *Record) uint64 {
	if r.GivenNames != "" && r.Surname != "" {
		return hashKey(kindUndated, 1, phoneticKey(firstToken(r.GivenNames)), phoneticKey(firstPart(r.Surname)))
	}
	return undatedInitialKey(r)
}

// undatedInitialKey is undatedKey of a record that has initials only.
func undatedInitialKey(r *Record) uint64 {
	if r.Initials == "" || r.Surname == "" {
		return 0
	}
	return hashKey(kindUndated, 0, firstRune(r.Initials), phoneticKey(firstPart(r.Surname)))
}

// namesKey is the key of the sorted pair of given-name and surname sounds,
// so that swapped names meet.
func namesKey(given, surname string) uint64 {
	g, s := firstToken(given), firstPart(surname)
	if g == "" || s == "" {
		return 0
	}
	a, b := phoneticKey(g), phoneticKey(s)
	if a > b {
		a, b = b, a
	}
	return hashKey(kindNames, 0, a, b)
}

func firstPart(surname string) string {
	p, _, _ := strings.Cut(surname, "-")
	return p
}

// recordYear is the year a record is filed under for the surname keys.
func recordYear(r *Record) int {
	if r.Birth != 0 {
		return r.Birth.Year()
	}
	return r.BirthYearMax
}

// queryKeys appends the keys a query looks up. Besides the record's own
// keys it tries the surname written together with its particle, and both
// years an age allows. A query with a date of birth looks up the records
// without one by the birthday slot's undated key instead of the keys
// without a year (see the blocking keys above).
func queryKeys(q *Record, dst []uint64) []uint64 {
	var own [numSlots]uint64
	recordKeys(q, &own)
	for slot, k := range own {
		if q.Birth != 0 && (slot == slotNames || slot == slotInitialSurname) {
			continue
		}
		if k != 0 && !slices.Contains(dst, k) {
			dst = append(dst, k)
		}
	}
	if q.Birth != 0 {
		if k := undatedKey(q); k != 0 {
			dst = append(dst, k)
		}
		if k := undatedInitialKey(q); k != 0 && q.GivenNames != "" {
			dst = append(dst, k)
		}
	}
	if q.Birth == 0 && q.BirthYearMin != 0 && q.Surname != "" {
		part1, part2, _ := strings.Cut(q.Surname, "-")
		for _, s := range []string{part1, firstPart(part2), q.Particle + part1} {
			if s != "" && s != q.Particle {
				if k := hashKey(kindSurname, q.BirthYearMin, phoneticKey(s)); !slices.Contains(dst, k) {
					dst = append(dst, k)
				}
			}
		}
	}
	return dst
}

// collect appends to buf the entry positions of the candidates for q,
// sorted and without repeats. Caller holds the read lock.
func (ix *Index) collect(q *Record, keys []uint64, buf []uint32) []uint32 {
	return ix.collectFrom(q, keys, buf, 0)
}

// collectFrom is collect for the entries at or after position from only.
// Chains run newest first, so a walk stops at the first older entry.
func (ix *Index) collectFrom(q *Record, keys []uint64, buf []uint32, from uint32) []uint32 {
	dated := hasBirthInfo(q)
	birthday := uint64(0)
	if q.Birth != 0 {
		birthday = slotKey(q, slotBirthday)
	}
	for _, k := range keys {
		buf = ix.walkKey(q, dated, k == birthday, k, buf, from)
	}
	if q.Birth != 0 {
		// The keys without a year, which queryKeys leaves out for a
		// query with a date of birth: of a rare name the few namesakes
		// (one of them may be the person with a wrong date of birth);
		// of a common name, none.
		for _, slot := range []int{slotNames, slotInitialSurname} {
			if k := slotKey(q, slot); k != 0 {
				buf = ix.walkShort(k, buf, from)
			}
		}
	}
	for _, slot := range []int{slotBirthGiven, slotBirthSurname} {
		ix.walkBirth(q, slot, func(i uint32) bool {
			if i < from || ix.entry(i).removed() {
				return false
			}
			buf = append(buf, i)
			return true
		})
	}
	slices.Sort(buf)
	return slices.Compact(buf)
}

// walkKey appends to buf the entries at or after position from that
// share key k, newest first, at most ix.maxBlock of them. Caller holds
// the read lock.
//
// A chain of at most ix.maxBlock records is read whole. A longer one
// (a common surname with a year of birth, a common first name with a
// common surname: their number grows with the registry) says little on
// its own, and of the records the cap lets it read, a query with a date
// of birth, an age or a role keeps only those whose date of birth does
// not rule them out (birthFits). The records it drops disagree on the
// date of birth and share with the query no more than this key's names;
// a record that shares an address, a phone, an identifier or the exact
// date of birth is found by that key. With fitOnly (the birthday key,
// which is there for a typo in the year) it keeps only those, from a
// chain of any length.
//
// Reading further along a long chain for more records that fit found a
// few more (TestIndexLongChainsDatedQuery's day typo, reading four times
// the cap) but cost more than the scoring it saved: on a registry of a
// million each record read is a cache miss (docs/benchmarks.md).
func (ix *Index) walkKey(q *Record, dated, fitOnly bool, k uint64, buf []uint32, from uint32) []uint32 {
	pos, n, start := ix.heads.get(k, ix.keyAt), 0, len(buf)
	for pos != 0 && n < ix.maxBlock {
		i := (pos - 1) / numChained
		if i < from {
			pos = 0
			break
		}
		if !ix.entry(i).removed() {
			buf = append(buf, i)
			n++
		}
		pos = ix.next(pos - 1)
	}
	if !dated || pos == 0 && !fitOnly {
		return buf
	}
	kept := buf[:start]
	for _, i := range buf[start:] {
		if ix.birthFits(q, i) {
			kept = append(kept, i)
		}
	}
	return kept
}

// walkShort appends to buf the entries at or after position from that
// share key k when there are at most ix.maxBlock of them, and none when
// there are more. Caller holds the read lock.
func (ix *Index) walkShort(k uint64, buf []uint32, from uint32) []uint32 {
	pos, n, start := ix.heads.get(k, ix.keyAt), 0, len(buf)
	for pos != 0 {
		i := (pos - 1) / numChained
		if i < from {
			break
		}
		if !ix.entry(i).removed() {
			if n == ix.maxBlock {
				return buf[:start]
			}
			buf = append(buf, i)
			n++
		}
		pos = ix.next(pos - 1)
	}
	return buf
}

// hasBirthInfo reports whether q says anything about its year of birth:
// a date, an age or a role that bounds it.
func hasBirthInfo(q *Record) bool {
	return q.Birth != 0 || q.BirthYearMin != 0 || q.BirthYearMax != 0 || q.RoleBornMin != 0 || q.RoleBornMax != 0
}

// birthFits reports whether entry i's date of birth (or stated age)
// leaves it possible that it is q: the comparison is not "disagree" or
// "age differs". An entry without either fits. Caller holds the read
// lock.
func (ix *Index) birthFits(q *Record, i uint32) bool {
	e := ix.entry(i)
	c := Record{Birth: e.birth}
	if e.flags&flagYears != 0 {
		y := ix.years[i]
		c.BirthYearMin, c.BirthYearMax = int(y[0]), int(y[1])
	}
	switch compareBirth(q, &c) {
	case BirthDisagree, BirthAgeDiffers:
		return false
	}
	return true
}

// record rebuilds the Record of entry i. Caller holds the read lock.
func (ix *Index) record(i uint32) Record {
	e := ix.entry(i)
	s := ix.strs.str
	var years [2]int16
	if e.flags&flagYears != 0 {
		years = ix.years[i]
	}
	return Record{
		ID: ix.idOf(i), GivenNames: s(e.given), Initials: s(e.initials), Particle: s(e.particle), Surname: s(e.surname),
		Birth: e.birth, BirthYearMin: int(years[0]), BirthYearMax: int(years[1]),
		Sex: ix.sexes[e.sex], NationalID: ix.ids.get(e.nationalID, e.nationalIDLen), BSNVerified: e.flags&flagBSNVerified != 0,
		Postcode: s(e.postcode), HouseNumber: s(e.house), Street: s(e.street), City: s(ix.city(e)),
		Municipality: s(ix.places[e.place][1]), Phone: ix.ids.get(e.phone, e.phoneLen),
		Family: e.family, NamedWith: e.flags&flagNamedWith != 0,
	}
}

// frequencies returns the registry counts of entry i's values.
func (ix *Index) frequencies(i uint32) termCounts {
	e := ix.entry(i)
	at := func(c []uint32, id uint32) int {
		if int(id) < len(c) {
			return int(c[id])
		}
		return 0
	}
	return termCounts{N: ix.n, Given: at(ix.givenCount, ix.given1[e.given]),
		Surname: at(ix.surnameCount, e.surname), City: at(ix.cityCount, ix.city(e))}
}

// Candidates returns the registry records that share a blocking key with q.
func (ix *Index) Candidates(q Record) []Record { return ix.CandidatesFrom(q, 0) }

// CandidatesFrom returns the records that share a blocking key with q
// among those added at or after the from-th (counting from 0): what
// Candidates adds to an earlier answer once more records came in.
func (ix *Index) CandidatesFrom(q Record, from int) []Record {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if from >= ix.n {
		return nil
	}
	// On the stack for the usual query: a session asks its small overlay
	// this for every mention.
	var kb [numSlots + 4]uint64
	var pb [32]uint32
	keys := queryKeys(&q, kb[:0])
	pos := ix.collectFrom(&q, keys, pb[:0], uint32(max(from, 0)))
	if len(pos) == 0 {
		return nil
	}
	out := make([]Record, 0, len(pos))
	for _, i := range pos {
		out = append(out, ix.record(i))
	}
	return out
}

// hashKey hashes a blocking key (FNV-1a, then mixed). It returns 0, "no
// key", when n is 0 and all parts are empty.
func hashKey(kind byte, n int, parts ...string) uint64 {
	empty := n == 0
	for _, p := range parts {
		empty = empty && p == ""
	}
	if empty {
		return 0
	}
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * prime
		}
		h = (h ^ 0xff) * prime
	}
	for u := uint64(uint32(n)); u > 0; u >>= 8 {
		h = (h ^ (u & 0xff)) * prime
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}
