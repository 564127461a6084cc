package radar

import (
	"encoding/json"
	"fmt"
	"math/bits"
)

// Field is one comparison of the Fellegi-Sunter model. Fields are chosen
// to be roughly independent given match status: postcode, street and
// house number form one comparison because people move house as a whole.
type Field uint8

const (
	FieldGivenNames Field = iota
	FieldSurname
	FieldParticle
	FieldBirthDate
	FieldSex
	FieldNationalID
	FieldAddress
	FieldPlace
	FieldPhone
	// FieldHousehold is what the report's other persons say: the
	// candidate was named with them in earlier reports, or lives with
	// them, or lives elsewhere, or belongs to another family. Compare
	// leaves it null; WithHousehold sets it.
	FieldHousehold
	NumFields
)

var fieldNames = [NumFields]string{"given_names", "surname", "particle", "birth_date", "sex", "national_id", "address", "place", "phone", "household"}

func (f Field) String() string {
	if f < NumFields {
		return fieldNames[f]
	}
	return "unknown"
}

// MarshalText writes the field's name, so that models and explanations
// read well as JSON.
func (f Field) MarshalText() ([]byte, error) {
	if f >= NumFields {
		return nil, fmt.Errorf("radar: no field %d", uint8(f))
	}
	return []byte(fieldNames[f]), nil
}

// UnmarshalText reads a field's name.
func (f *Field) UnmarshalText(b []byte) error {
	for i, n := range fieldNames {
		if n == string(b) {
			*f = Field(i)
			return nil
		}
	}
	return fmt.Errorf("radar: unknown field %q", b)
}

// FieldSet is a set of fields.
type FieldSet uint16

func (s FieldSet) With(f Field) FieldSet { return s | 1<<f }
func (s FieldSet) Has(f Field) bool      { return s&(1<<f) != 0 }
func (s FieldSet) Len() int              { return bits.OnesCount16(uint16(s)) }

// Fields lists the fields in the set in field order.
func (s FieldSet) Fields() []Field {
	var out []Field
	for f := Field(0); f < NumFields; f++ {
		if s.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// MarshalJSON writes the set as a list of field names.
func (s FieldSet) MarshalJSON() ([]byte, error) {
	fs := s.Fields()
	if fs == nil {
		fs = []Field{}
	}
	return json.Marshal(fs)
}

// UnmarshalJSON reads a list of field names.
func (s *FieldSet) UnmarshalJSON(b []byte) error {
	var fs []Field
	if err := json.Unmarshal(b, &fs); err != nil {
		return err
	}
	*s = 0
	for _, f := range fs {
		*s = s.With(f)
	}
	return nil
}

// Comparison levels per field, best first. A level's index is its place
// in the field's FieldModel.Levels. Null (-1) means a side lacks the value:
// no evidence either way.
const Null int8 = -1

// Given names. The first group compares full names; the second is used
// when a side knows only initials.
const (
	GivenExact          int8 = iota // first given names equal (or all names written together)
	GivenTypo                       // one edit apart: "Isabella", "Isablela"
	GivenCallName                   // call name and official name, or two spellings: "Henk", "Hendrik"; "Mehmet", "Mohamed"
	GivenOtherName                  // another given name agrees: "Pieter" and "Jan Pieter"
	GivenSimilar                    // Jaro-Winkler ≥ 0.85 or a prefix: "Alex", "Alexander"
	GivenSwapped                    // given name and surname swapped
	GivenDisagree                   // both full names, nothing alike
	GivenInitials                   // initials agree: "J.P." and "Jan Pieter"
	GivenInitialsDiffer             // initials disagree
)

// Surname.
const (
	SurnameExact   int8 = iota // equal without particle, or equal written together ("Vanderberg")
	SurnamePart                // one part of a double surname: "Jansen-de Vries" and "de Vries"
	SurnameTypo                // one edit apart
	SurnameSimilar             // Jaro-Winkler ≥ 0.88
	SurnameSwapped             // given name and surname swapped
	SurnameDisagree
)

// Particle, compared apart from the surname; null when neither has one.
const (
	ParticleExact    int8 = iota
	ParticleAbbrev        // "v.d." and "van der"
	ParticleOneSided      // "Berg" and "van der Berg"
	ParticleDisagree      // "de Jong" and "van Jong"
)

// Date of birth. The second group is used when a side knows only an age.
const (
	BirthExact      int8 = iota
	BirthSwapped         // day and month swapped
	BirthTypo            // one digit off, or two adjacent digits swapped
	BirthDisagree        // both full dates, otherwise different
	BirthAgeFits         // the stated age fits the year of birth
	BirthAgeNear         // it is up to AgeSlack years off: an estimate
	BirthAgeDiffers      // it is further off
)

// Sex, national id, address, place and phone.
const (
	SexAgree int8 = iota
	SexDisagree
)

const (
	IDExact    int8 = iota
	IDTypo          // one edit apart: a mistyped number
	IDDisagree      // different numbers
)

const (
	AddressExact      int8 = iota // same house number and same postcode or street
	AddressClose                  // same house number, street or postcode one typo away
	AddressSameStreet             // same postcode or street, other or unknown number
	AddressDisagree
)

const (
	PlaceExact int8 = iota // same city, or same municipality when no city is known
	PlaceClose             // city one typo away
	PlaceDisagree
)

const (
	PhoneExact int8 = iota
	PhoneDisagree
)

const (
	HouseholdSame  int8 = iota // lives where a person linked beside the mention lives
	HouseholdOther             // the persons linked beside the mention live elsewhere
	// HouseholdNamedWith: an earlier report named the candidate beside a
	// person linked beside the mention (one family label, Record.Family),
	// wherever they live.
	HouseholdNamedWith
	// HouseholdNamedApart: the candidate has been named beside others in
	// earlier reports, never beside the persons linked beside the
	// mention, and does not live with them.
	HouseholdNamedApart
)

// Vector holds the comparison level of every field for one pair.
type Vector [NumFields]int8
