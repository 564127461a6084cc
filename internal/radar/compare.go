package radar

import (
	"strings"
	"unicode/utf8"
)

// Compare compares two records field by field. It is symmetric except for
// the age levels' direction, which does not matter.
func Compare(q, c *Record) Vector {
	var v Vector
	v[FieldGivenNames] = compareGiven(q, c)
	v[FieldSurname] = compareSurname(q, c)
	v[FieldParticle] = compareParticle(q.Particle, c.Particle)
	if v[FieldSurname] == SurnameExact && (q.Particle == "" || c.Particle == "") && q.Surname != c.Surname {
		// Agreement came from writing the particle into the surname
		// ("Vanderberg"): the particle has been counted already.
		v[FieldParticle] = Null
	}
	if swapped(q, c, v) {
		v[FieldGivenNames], v[FieldSurname], v[FieldParticle] = GivenSwapped, SurnameSwapped, Null
	}
	v[FieldBirthDate] = compareBirth(q, c)
	v[FieldSex] = compareSex(q, c)
	v[FieldNationalID] = compareID(q.NationalID, c.NationalID)
	v[FieldAddress] = compareAddress(q, c)
	v[FieldPlace] = comparePlace(q, c)
	v[FieldPhone] = comparePhone(q.Phone, c.Phone)
	v[FieldHousehold] = Null // known only from the report around q: WithHousehold
	return v
}

func compareGiven(q, c *Record) int8 {
	if q.GivenNames != "" && c.GivenNames != "" {
		q1, c1 := firstToken(q.GivenNames), firstToken(c.GivenNames)
		switch {
		case q1 == c1 || eqWithoutSpaces(q.GivenNames, c.GivenNames):
			return GivenExact
		case isTypo(q1, c1):
			return GivenTypo
		case givenNameGroups.equivalent(q1, c1):
			return GivenCallName
		case shareToken(q.GivenNames, c.GivenNames) || shareEquivalentToken(q.GivenNames, c.GivenNames):
			return GivenOtherName
		case isPrefix(q1, c1, 3) || JaroWinkler(q1, c1) >= 0.85:
			return GivenSimilar
		}
		return GivenDisagree
	}
	if q.Initials == "" || c.Initials == "" {
		return Null
	}
	if initialsCompatible(q.Initials, c.Initials) || callNameInitials(q, c) || callNameInitials(c, q) {
		return GivenInitials
	}
	return GivenInitialsDiffer
}

// callNameInitials reports whether a's first given name is a call name
// whose official name fits b's initials: "Kees" and "C.", "Hans" and
// "J.W.". The official name starts the initials of official records.
func callNameInitials(a, b *Record) bool {
	if a.GivenNames == "" {
		return false
	}
	rest := ""
	if len(a.Initials) > 1 {
		rest = a.Initials[1:]
	}
	found := false
	givenNameGroups.variants(firstToken(a.GivenNames), func(v string) bool {
		found = initialsCompatible(firstRune(v)+rest, b.Initials)
		return !found
	})
	return found
}

// shareEquivalentToken reports whether a given name of one list is a call
// name or spelling of one of the other: "Hendrik Willem" and "Wim".
func shareEquivalentToken(a, b string) bool {
	for x := range strings.SplitSeq(a, " ") {
		for y := range strings.SplitSeq(b, " ") {
			if len(x) > 1 && len(y) > 1 && x != y && givenNameGroups.equivalent(x, y) {
				return true
			}
		}
	}
	return false
}

func compareSurname(q, c *Record) int8 {
	a, b := q.Surname, c.Surname
	if a == "" || b == "" {
		return Null
	}
	if a == b || joinedMatches(q.Particle, a, b) || joinedMatches(c.Particle, b, a) {
		return SurnameExact
	}
	doubled := strings.IndexByte(a, '-') >= 0 || strings.IndexByte(b, '-') >= 0
	if doubled && sharePart(a, b) {
		return SurnamePart
	}
	if isTypo(a, b) {
		return SurnameTypo
	}
	best := JaroWinkler(a, b)
	if doubled {
		for pa := range strings.SplitSeq(a, "-") {
			for pb := range strings.SplitSeq(b, "-") {
				if isTypo(pa, pb) {
					return SurnameTypo
				}
				best = max(best, JaroWinkler(pa, pb))
			}
		}
	}
	if q.Particle != "" || c.Particle != "" {
		// "v.d. Berg" against "Vanderberg": compare the written-together form.
		best = max(best, jaroWinklerJoined(q.Particle, a, c.Particle, b))
	}
	if best >= 0.88 {
		return SurnameSimilar
	}
	return SurnameDisagree
}

func compareParticle(a, b string) int8 {
	switch {
	case a == "" && b == "":
		return Null
	case a == b:
		return ParticleExact
	case a == "" || b == "":
		return ParticleOneSided
	case particlesCompatible(a, b):
		return ParticleAbbrev
	}
	return ParticleDisagree
}

// swapped reports whether given name and surname were written the other
// way round on one side: checked only when the straight comparison found
// little, and only when both sides know both names.
func swapped(q, c *Record, v Vector) bool {
	if q.GivenNames == "" || c.GivenNames == "" || q.Surname == "" || c.Surname == "" {
		return false
	}
	if v[FieldGivenNames] <= GivenOtherName || v[FieldSurname] <= SurnamePart {
		return false
	}
	q1, c1 := firstToken(q.GivenNames), firstToken(c.GivenNames)
	return nameAgrees(q1, c.Surname, c.Particle) && nameAgrees(c1, q.Surname, q.Particle)
}

// nameAgrees reports whether a given name equals a surname, or one of its
// parts, up to one typo.
func nameAgrees(given, surname, particle string) bool {
	if given == surname || joinedMatches(particle, surname, given) || isTypo(given, surname) {
		return true
	}
	if strings.IndexByte(surname, '-') >= 0 {
		for p := range strings.SplitSeq(surname, "-") {
			if given == p || isTypo(given, p) {
				return true
			}
		}
	}
	return false
}

func compareBirth(q, c *Record) int8 {
	switch {
	case q.Birth != 0 && c.Birth != 0:
		a, b := q.Birth, c.Birth
		switch {
		case a == b:
			return BirthExact
		case a.Year() == b.Year() && a.Day() == b.Month() && a.Month() == b.Day():
			return BirthSwapped
		case digitTypo(uint32(a), uint32(b)):
			return BirthTypo
		}
		return BirthDisagree
	case q.Birth != 0 && c.BirthYearMin != 0:
		return ageLevel(q.Birth.Year(), q.Birth.Year(), c.BirthYearMin, c.BirthYearMax)
	case c.Birth != 0 && q.BirthYearMin != 0:
		return ageLevel(c.Birth.Year(), c.Birth.Year(), q.BirthYearMin, q.BirthYearMax)
	case q.BirthYearMin != 0 && c.BirthYearMin != 0:
		return ageLevel(q.BirthYearMin, q.BirthYearMax, c.BirthYearMin, c.BirthYearMax)
	case roleExcludes(q, c) || roleExcludes(c, q):
		return BirthAgeDiffers
	}
	return Null
}

// roleExcludes reports whether q's role rules out c's year of birth (or
// the years c's stated age allows): a child named in a report is not the
// registry person born forty years ago, a perpetrator not the one born
// five years ago.
func roleExcludes(q, c *Record) bool {
	if q.RoleBornMin == 0 && q.RoleBornMax == 0 {
		return false
	}
	lo, hi := c.BirthYearMin, c.BirthYearMax
	if c.Birth != 0 {
		lo, hi = c.Birth.Year(), c.Birth.Year()
	}
	if lo == 0 {
		return false
	}
	return q.RoleBornMin != 0 && hi < q.RoleBornMin || q.RoleBornMax != 0 && lo > q.RoleBornMax
}

// AgeSlack is how many years a stated age may be off and still be
// taken for an estimate of the same person's age (BirthAgeNear): a
// neighbour or teacher guesses "about 40". A parent and a child of one
// name are a generation apart, far outside it.
const AgeSlack = 3

func ageLevel(minA, maxA, minB, maxB int) int8 {
	switch {
	case minA <= maxB && minB <= maxA:
		return BirthAgeFits
	case minA <= maxB+AgeSlack && minB <= maxA+AgeSlack:
		return BirthAgeNear
	}
	return BirthAgeDiffers
}

// digitTypo reports whether two eight-digit dates differ in exactly one
// digit or by one swap of two adjacent digits.
func digitTypo(a, b uint32) bool {
	var da, db [8]uint32
	for i := 7; i >= 0; i-- {
		da[i], db[i] = a%10, b%10
		a, b = a/10, b/10
	}
	first, diffs := -1, 0
	for i := range da {
		if da[i] != db[i] {
			if first < 0 {
				first = i
			}
			diffs++
		}
	}
	switch diffs {
	case 1:
		return true
	case 2:
		i := first
		return i+1 < 8 && da[i] == db[i+1] && da[i+1] == db[i]
	}
	return false
}

func compareSex(q, c *Record) int8 {
	if q.Sex == "" || c.Sex == "" {
		return Null
	}
	if q.Sex == c.Sex {
		return SexAgree
	}
	return SexDisagree
}

func compareID(a, b string) int8 {
	switch {
	case a == "" || b == "":
		return Null
	case a == b:
		return IDExact
	case EditDistance(a, b, 1) <= 1:
		return IDTypo
	}
	return IDDisagree
}

func compareAddress(q, c *Record) int8 {
	if q.Postcode == "" && q.Street == "" || c.Postcode == "" && c.Street == "" {
		return Null
	}
	pc := q.Postcode != "" && q.Postcode == c.Postcode
	st := q.Street != "" && q.Street == c.Street
	num := q.HouseNumber != "" && mainNumber(q.HouseNumber) == mainNumber(c.HouseNumber)
	if num && (pc || st) {
		return AddressExact
	}
	if num && (q.Street != "" && c.Street != "" && JaroWinkler(q.Street, c.Street) >= 0.9 ||
		q.Postcode != "" && c.Postcode != "" && EditDistance(q.Postcode, c.Postcode, 1) <= 1) {
		return AddressClose
	}
	if pc || st {
		return AddressSameStreet
	}
	return AddressDisagree
}

func comparePlace(q, c *Record) int8 {
	if q.City != "" && c.City != "" {
		switch {
		case q.City == c.City:
			return PlaceExact
		case JaroWinkler(q.City, c.City) >= 0.9:
			return PlaceClose
		}
		return PlaceDisagree
	}
	if q.Municipality != "" && c.Municipality != "" {
		if q.Municipality == c.Municipality {
			return PlaceExact
		}
		return PlaceDisagree
	}
	return Null
}

func comparePhone(a, b string) int8 {
	if a == "" || b == "" {
		return Null
	}
	if a == b {
		return PhoneExact
	}
	return PhoneDisagree
}

// initialsCompatible reports whether two sets of initials can be one
// person's: one starts the other ("J." and "J.P."), or a single initial is
// one of the other's ("P." for Jan Pieter, called Pieter).
func initialsCompatible(a, b string) bool {
	if strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return utf8.RuneCountInString(a) == 1 && strings.Contains(b, a)
}

// isTypo reports whether a and b are one edit apart and long enough for
// that to mean a typo rather than another name ("Jan", "Jen").
func isTypo(a, b string) bool {
	return max(len(a), len(b)) >= 4 && EditDistance(a, b, 1) <= 1
}

// isPrefix reports whether the shorter of a and b, at least n bytes long,
// starts the other: "alex" and "alexander".
func isPrefix(a, b string, n int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= n && strings.HasPrefix(b, a)
}

// joinedMatches reports whether the surname t is particle p and surname s
// written together: "vanderberg" for "van der" + "berg", and for "v.d." +
// "berg".
func joinedMatches(p, s, t string) bool {
	if p == "" || len(t) <= len(s) || !strings.HasSuffix(t, s) {
		return false
	}
	prefix := t[:len(t)-len(s)]
	return prefix == p || particlesCompatible(prefix, p)
}

// eqWithoutSpaces reports whether a and b are equal once spaces are
// removed: "anne marie" and "annemarie".
func eqWithoutSpaces(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// shareToken reports whether two space-separated name lists share a name.
func shareToken(a, b string) bool {
	for x := range strings.SplitSeq(a, " ") {
		for y := range strings.SplitSeq(b, " ") {
			if x == y && len(x) > 1 {
				return true
			}
		}
	}
	return false
}

// sharePart reports whether two '-'-joined surnames share a part.
func sharePart(a, b string) bool {
	for x := range strings.SplitSeq(a, "-") {
		for y := range strings.SplitSeq(b, "-") {
			if x == y {
				return true
			}
		}
	}
	return false
}
