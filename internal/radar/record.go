package radar

import (
	"strings"
	"unicode"

	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Input is one person as someone described them, before normalisation:
// a mention in a report, a registry person, or a row of test data.
type Input struct {
	ID         int64
	FirstNames string
	Initials   string
	Particle   string
	Surname    string
	BirthDate  toren.Date
	// Age in whole years on AgeOn, used only when BirthDate is unknown.
	Age   *int
	AgeOn toren.Date
	Sex   reports.Sex
	// BSN is the Dutch citizen service number. One that passes the eleven
	// test enables the BSN rule; one that fails is still compared, as a
	// mistyped number.
	BSN string
	// NationalID is any other identifier: compared exactly, never
	// validated. Used only when BSN is empty.
	NationalID   string
	Street       string
	HouseNumber  string
	Postcode     string
	City         string
	Municipality string
	Phone        string
	// Role is the person's role in the report, when the input is a
	// mention: a child is a minor, a perpetrator or parent an adult (see
	// Record.RoleBornMin).
	Role reports.Role
}

// Record is a person normalised for matching: names folded (lower case,
// no diacritics, no punctuation), the surname particle apart, numbers in
// one form. Every field may be empty: unknown.
type Record struct {
	// ID is the registry person this record belongs to. Several records
	// (the variants under which a person has been reported) may share one.
	ID int64 `json:"id"`
	// GivenNames are the folded full given names, one space apart
	// ("jan pieter"); empty when only initials are known.
	GivenNames string `json:"given_names,omitempty"`
	// Initials has one folded letter per given name ("jp").
	Initials string `json:"initials,omitempty"`
	// Particle is the leading surname particle folded without spaces
	// ("vander"; "vd" when written "v.d.").
	Particle string `json:"particle,omitempty"`
	// Surname is the folded surname without particles; the parts of a
	// double surname are joined by '-' ("jansen-vries").
	Surname string `json:"surname,omitempty"`
	Birth   YMD    `json:"birth,omitempty"`
	// BirthYearMin and BirthYearMax bound the year of birth when only an
	// age is known (0 otherwise).
	BirthYearMin int         `json:"birth_year_min,omitempty"`
	BirthYearMax int         `json:"birth_year_max,omitempty"`
	Sex          reports.Sex `json:"sex,omitempty"`
	// NationalID is the BSN or other identifier, digits and upper-case
	// letters only. BSNVerified is true when it is a BSN that passes the
	// eleven test.
	NationalID  string `json:"national_id,omitempty"`
	BSNVerified bool   `json:"bsn_verified,omitempty"`
	// Postcode is upper case without spaces ("1234AB"); any country's
	// postcode is kept as a plain string.
	Postcode string `json:"postcode,omitempty"`
	// HouseNumber is the number with its addition, "12" or "12-a".
	HouseNumber  string `json:"house_number,omitempty"`
	Street       string `json:"street,omitempty"`       // folded
	City         string `json:"city,omitempty"`         // folded
	Municipality string `json:"municipality,omitempty"` // CBS code, GM0363
	Phone        string `json:"phone,omitempty"`        // digits; Dutch numbers in national form (0612345678)
	// Family labels the persons named together in reports: persons with
	// one label (after Index.JoinFamilies) were named beside each other,
	// directly or through others of their household. 0 when adding a
	// record: the person's own id, a family of one. NamedWith is set when
	// the person has been named beside a household member at all, so
	// that a family of one can be told from a person never named with
	// anyone. Only registry records carry them; see Matcher.WithHousehold.
	Family    uint32 `json:"-"`
	NamedWith bool   `json:"-"`
	// RoleBornMin and RoleBornMax bound the year of birth by the role a
	// mention without a date of birth or age has (0: no bound): a child
	// in a report is a minor, a perpetrator or a parent is not. They only
	// rule a candidate out (a child's father of the same name), and say
	// nothing for one who fits: a generation is a wide window. Only a
	// query has them; a registry person outgrows a role, so the index
	// does not keep them.
	RoleBornMin int `json:"-"`
	RoleBornMax int `json:"-"`
}

// YMD is a date of birth packed as the number yyyymmdd; 0 is unknown.
type YMD uint32

// YMDOf packs a date; the zero Date gives 0.
func YMDOf(d toren.Date) YMD {
	if d.IsZero() {
		return 0
	}
	return YMD(d.Year()*10000 + int(d.Month())*100 + d.Day())
}

func (d YMD) Year() int  { return int(d / 10000) }
func (d YMD) Month() int { return int(d / 100 % 100) }
func (d YMD) Day() int   { return int(d % 100) }

// NewRecord normalises an input.
func NewRecord(in Input) Record {
	r := Record{ID: in.ID, Sex: in.Sex}
	r.GivenNames, r.Initials = normGiven(in.FirstNames, in.Initials)
	r.Particle, r.Surname = splitSurname(in.Particle, in.Surname)
	r.Birth = YMDOf(in.BirthDate)
	if r.Birth == 0 && in.Age != nil && *in.Age >= 0 && *in.Age < 130 && !in.AgeOn.IsZero() {
		// Aged a on day D means born after D-(a+1) years and at most a
		// years before D: two possible years.
		r.BirthYearMax = in.AgeOn.Year() - *in.Age
		r.BirthYearMin = r.BirthYearMax - 1
	}
	if r.Birth == 0 && r.BirthYearMin == 0 && !in.AgeOn.IsZero() {
		y := in.AgeOn.Year()
		switch in.Role {
		case reports.RoleChild:
			// Under 18, a year of slack for a birthday and a late report.
			r.RoleBornMin = y - 19
		case reports.RolePerpetrator, reports.RoleParent:
			// Parents and perpetrators of domestic violence are rarely
			// younger than twelve.
			r.RoleBornMax = y - 12
		}
	}
	switch {
	case in.BSN != "":
		r.NationalID = normID(nl.NormalizeBSN(in.BSN))
		r.BSNVerified = nl.ValidBSN(r.NationalID)
	case in.NationalID != "":
		r.NationalID = normID(in.NationalID)
	}
	r.Postcode = normID(in.Postcode)
	r.HouseNumber = normHouseNumber(in.HouseNumber)
	r.Street = persons.Fold(in.Street)
	r.City = persons.Fold(in.City)
	r.Municipality = strings.ToUpper(strings.TrimSpace(in.Municipality))
	r.Phone = normPhone(in.Phone)
	return r
}

// FromMention normalises a person as a reporter named them. on is the day
// the report came in: a stated age is relative to it.
func FromMention(m reports.Mention, on toren.Date) Record {
	return NewRecord(Input{
		ID: m.PersonID, FirstNames: m.FirstNames, Initials: m.Initials, Particle: m.Particle, Surname: m.Surname,
		BirthDate: m.BirthDate, Age: m.Age, AgeOn: on, Sex: m.Sex, BSN: m.BSN,
		Street: m.Street, HouseNumber: m.HouseNumber, Postcode: m.Postcode, City: m.City,
		Municipality: m.Municipality, Phone: m.Phone, Role: m.Role,
	})
}

// FromPerson normalises a registry person.
func FromPerson(p persons.Person) Record {
	return NewRecord(Input{
		ID: p.ID, FirstNames: p.FirstNames, Initials: p.Initials, Particle: p.Particle, Surname: p.Surname,
		BirthDate: p.BirthDate, Sex: p.Sex, BSN: p.BSN,
		Street: p.Street, HouseNumber: p.HouseNumber, Postcode: p.Postcode, City: p.City,
		Municipality: p.Municipality, Phone: p.Phone,
	})
}

// normID keeps the digits and letters of an identifier or postcode, upper case.
func normID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsDigit(r) || unicode.IsLetter(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// normHouseNumber splits "12 A", "12a", "12-2", "12 bis" into the number
// and a folded addition: "12-a", "12-2", "12-bis". Text without a number is
// folded as a whole.
func normHouseNumber(s string) string {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return persons.Fold(s)
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	num := strings.TrimLeft(s[i:j], "0")
	if num == "" {
		num = "0"
	}
	if add := persons.Fold(s[j:]); add != "" {
		return num + "-" + add
	}
	return num
}

// mainNumber is the house number without its addition.
func mainNumber(h string) string {
	if i := strings.IndexByte(h, '-'); i >= 0 {
		return h[:i]
	}
	return h
}

// normPhone keeps the digits of a phone number and writes Dutch numbers in
// their national form: "+31 6 1234 5678" and "0031612345678" become
// "0612345678". Other international numbers keep their 00 prefix.
func normPhone(s string) string {
	plus := strings.HasPrefix(strings.TrimSpace(s), "+")
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if plus {
		d = "00" + d
	}
	if strings.HasPrefix(d, "0031") {
		d = "0" + strings.TrimPrefix(d[4:], "0")
	}
	return d
}
