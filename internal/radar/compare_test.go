package radar

import (
	"encoding/json"
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

func ptr(i int) *int { return &i }

func levelName(f Field, l int8) string {
	if l == Null {
		return "null"
	}
	return DefaultModel().Fields[f].Levels[l].Name
}

// compareCase compares a and b and checks the levels of the listed fields.
type compareCase struct {
	name string
	a, b Input
	want map[Field]int8
}

func runCompareCases(t *testing.T, cases []compareCase) {
	t.Helper()
	for _, tt := range cases {
		ra, rb := NewRecord(tt.a), NewRecord(tt.b)
		v := Compare(&ra, &rb)
		back := Compare(&rb, &ra)
		for f, want := range tt.want {
			if v[f] != want {
				t.Errorf("%s: %v level = %s, want %s (a %+v, b %+v)", tt.name, f, levelName(f, v[f]), levelName(f, want), ra, rb)
			}
			if back[f] != v[f] {
				t.Errorf("%s: %v not symmetric: %s one way, %s the other", tt.name, f, levelName(f, v[f]), levelName(f, back[f]))
			}
		}
	}
}

func TestCompareSurname(t *testing.T) {
	s := func(particle, surname string) Input { return Input{Particle: particle, Surname: surname} }
	runCompareCases(t, []compareCase{
		{"particle apart", s("", "van der Berg"), s("", "Berg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: ParticleOneSided}},
		{"particle field", s("van der", "Berg"), s("", "van der Berg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: ParticleExact}},
		{"abbreviated particle", s("", "van der Berg"), s("", "v.d. Berg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: ParticleAbbrev}},
		{"written together", s("", "van der Berg"), s("", "Vanderberg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: Null}},
		{"abbreviation against written together", s("", "v.d. Berg"), s("", "Vanderberg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: Null}},
		{"register order", s("", "Berg, van der"), s("", "van der Berg"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: ParticleExact}},
		{"other particle", s("", "de Jong"), s("", "van Jong"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: ParticleDisagree}},
		{"no particles", s("", "Jansen"), s("", "Jansen"),
			map[Field]int8{FieldSurname: SurnameExact, FieldParticle: Null}},
		{"diacritics", s("", "Çelik"), s("", "Celik"), map[Field]int8{FieldSurname: SurnameExact}},
		{"diacritics and case", s("", "ÖZTÜRK"), s("", "Ozturk"), map[Field]int8{FieldSurname: SurnameExact}},
		{"double surname, second part", s("", "Jansen-de Vries"), s("", "de Vries"),
			map[Field]int8{FieldSurname: SurnamePart}},
		{"double surname, first part", s("", "Jansen-de Vries"), s("", "Jansen"),
			map[Field]int8{FieldSurname: SurnamePart}},
		{"double surname both ways", s("", "Jansen-de Vries"), s("", "de Vries-Jansen"),
			map[Field]int8{FieldSurname: SurnamePart}},
		{"double surname without hyphen", s("", "Jansen de Vries"), s("", "Jansen-de Vries"),
			map[Field]int8{FieldSurname: SurnameExact}},
		{"typo in a part", s("", "Jansen-de Vries"), s("", "de Vris"),
			map[Field]int8{FieldSurname: SurnameTypo}},
		{"one substitution", s("", "Bakker"), s("", "Bakkar"), map[Field]int8{FieldSurname: SurnameTypo}},
		{"adjacent swap", s("", "Kilmartin"), s("", "Kilmatrin"), map[Field]int8{FieldSurname: SurnameTypo}},
		{"two edits", s("", "Schepers"), s("", "Schepoirs"), map[Field]int8{FieldSurname: SurnameSimilar}},
		{"different", s("", "Jansen"), s("", "Bakker"), map[Field]int8{FieldSurname: SurnameDisagree}},
		{"short names, one letter", s("", "Ho"), s("", "Hu"), map[Field]int8{FieldSurname: SurnameDisagree}},
		{"unknown", s("", ""), s("", "Jansen"), map[Field]int8{FieldSurname: Null}},
	})
}

func TestCompareGivenNames(t *testing.T) {
	g := func(first, initials string) Input { return Input{FirstNames: first, Initials: initials} }
	runCompareCases(t, []compareCase{
		{"equal", g("Jan", ""), g("jan", ""), map[Field]int8{FieldGivenNames: GivenExact}},
		{"more names on one side", g("Jan Pieter", ""), g("Jan", ""), map[Field]int8{FieldGivenNames: GivenExact}},
		{"written together", g("Anne Marie", ""), g("Annemarie", ""), map[Field]int8{FieldGivenNames: GivenExact}},
		{"hyphenated", g("Anne-Marie", ""), g("Anne Marie", ""), map[Field]int8{FieldGivenNames: GivenExact}},
		{"diacritics", g("Zoë", ""), g("Zoe", ""), map[Field]int8{FieldGivenNames: GivenExact}},
		{"typo", g("Isabella", ""), g("Isablela", ""), map[Field]int8{FieldGivenNames: GivenTypo}},
		{"roepnaam is a later name", g("Pieter", ""), g("Jan Pieter", ""), map[Field]int8{FieldGivenNames: GivenOtherName}},
		{"short form", g("Robbie", ""), g("Robbert", ""), map[Field]int8{FieldGivenNames: GivenSimilar}},
		{"known short form", g("Alex", ""), g("Alexander", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"call name", g("Henk", ""), g("Hendrik Willem", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"call name, other way", g("Cornelis", ""), g("Kees", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"call names of one name", g("Joop", ""), g("Jan", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"female call name", g("Truus", ""), g("Geertruida Maria", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"call name of a later name", g("Wim", ""), g("Hendrik Willem", ""), map[Field]int8{FieldGivenNames: GivenOtherName}},
		{"Turkish and Arabic spelling", g("Mehmet", ""), g("Mohamed", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"Dutch transliteration", g("Joesoef", ""), g("Yusuf", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"transliteration by rule", g("Ramdhien", ""), g("Ramdin", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"call names of different names", g("Henk", ""), g("Kees", ""), map[Field]int8{FieldGivenNames: GivenDisagree}},
		{"one letter more", g("Mohamed", ""), g("Mohammed", ""), map[Field]int8{FieldGivenNames: GivenTypo}},
		{"long short form", g("Chris", ""), g("Christiaan", ""), map[Field]int8{FieldGivenNames: GivenCallName}},
		{"short names are not typos", g("Jan", ""), g("Jen", ""), map[Field]int8{FieldGivenNames: GivenDisagree}},
		{"different", g("Jan", ""), g("Kees", ""), map[Field]int8{FieldGivenNames: GivenDisagree}},
		{"initials against full names", g("", "J.P."), g("Jan Pieter", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"initials typed as names", g("J.P.", ""), g("Jan Pieter", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"first initial only", g("", "J."), g("Jan Pieter", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"initial of the roepnaam", g("", "P."), g("Jan Pieter", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"initials on both sides", g("", "J.P."), g("", "J."), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"initials differ", g("", "J."), g("Kees", ""), map[Field]int8{FieldGivenNames: GivenInitialsDiffer}},
		{"initial of the official name", g("", "C."), g("Kees", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"initials of the official names", g("J.W.", ""), g("Hans", ""), map[Field]int8{FieldGivenNames: GivenInitials}},
		{"unknown", g("", ""), g("Jan", ""), map[Field]int8{FieldGivenNames: Null}},
	})
}

func TestCompareSwappedNames(t *testing.T) {
	n := func(first, surname string) Input { return Input{FirstNames: first, Surname: surname} }
	runCompareCases(t, []compareCase{
		{"swapped", n("Anthony", "Beazley"), n("Beazley", "Anthony"),
			map[Field]int8{FieldGivenNames: GivenSwapped, FieldSurname: SurnameSwapped, FieldParticle: Null}},
		{"swapped with a typo", n("Brandon", "White"), n("Whtie", "Brandon"),
			map[Field]int8{FieldGivenNames: GivenSwapped, FieldSurname: SurnameSwapped}},
		{"swapped with particle", n("Lisa", "van der Berg"), n("Berg", "Lisa"),
			map[Field]int8{FieldGivenNames: GivenSwapped, FieldSurname: SurnameSwapped}},
		{"straight agreement wins", n("Jan", "Jan"), n("Jan", "Jan"),
			map[Field]int8{FieldGivenNames: GivenExact, FieldSurname: SurnameExact}},
		{"only one crossed", n("Anthony", "Beazley"), n("Beazley", "Smith"),
			map[Field]int8{FieldGivenNames: GivenDisagree, FieldSurname: SurnameDisagree}},
	})
}

func TestCompareBirthDate(t *testing.T) {
	d := func(s string) Input { return Input{BirthDate: toren.MustDate(s)} }
	on := toren.MustDate("2024-09-01")
	age := func(a int) Input { return Input{Age: ptr(a), AgeOn: on} }
	runCompareCases(t, []compareCase{
		{"exact", d("1985-03-07"), d("1985-03-07"), map[Field]int8{FieldBirthDate: BirthExact}},
		{"day and month swapped", d("1985-03-07"), d("1985-07-03"), map[Field]int8{FieldBirthDate: BirthSwapped}},
		{"one digit off in the day", d("1985-03-07"), d("1985-03-08"), map[Field]int8{FieldBirthDate: BirthTypo}},
		{"one digit off in the year", d("1985-03-07"), d("1986-03-07"), map[Field]int8{FieldBirthDate: BirthTypo}},
		{"adjacent digits swapped", d("1958-03-07"), d("1985-03-07"), map[Field]int8{FieldBirthDate: BirthTypo}},
		{"two digits off", d("1985-03-07"), d("1986-03-08"), map[Field]int8{FieldBirthDate: BirthDisagree}},
		{"different", d("1985-03-07"), d("1990-11-20"), map[Field]int8{FieldBirthDate: BirthDisagree}},
		{"age fits", age(4), d("2020-05-01"), map[Field]int8{FieldBirthDate: BirthAgeFits}},
		{"age fits, birthday still to come", age(4), d("2019-12-01"), map[Field]int8{FieldBirthDate: BirthAgeFits}},
		{"age off", age(10), d("2020-05-01"), map[Field]int8{FieldBirthDate: BirthAgeDiffers}},
		{"two ages", age(40), age(41), map[Field]int8{FieldBirthDate: BirthAgeFits}},
		{"two ages apart", age(40), age(46), map[Field]int8{FieldBirthDate: BirthAgeDiffers}},
		{"an estimate two years off", age(6), d("2020-05-01"), map[Field]int8{FieldBirthDate: BirthAgeNear}},
		{"two estimates apart", age(40), age(44), map[Field]int8{FieldBirthDate: BirthAgeNear}},
		{"a child against an adult's date", Input{Role: reports.RoleChild, AgeOn: on}, d("1978-05-10"), map[Field]int8{FieldBirthDate: BirthAgeDiffers}},
		{"a perpetrator against a child's date", Input{Role: reports.RolePerpetrator, AgeOn: on}, d("2017-12-30"), map[Field]int8{FieldBirthDate: BirthAgeDiffers}},
		{"a child against a child's date", Input{Role: reports.RoleChild, AgeOn: on}, d("2017-12-30"), map[Field]int8{FieldBirthDate: Null}},
		{"a parent against an adult's age", Input{Role: reports.RoleParent, AgeOn: on}, age(40), map[Field]int8{FieldBirthDate: Null}},
		{"unknown", Input{}, d("1985-03-07"), map[Field]int8{FieldBirthDate: Null}},
	})
}

func TestCompareOtherFields(t *testing.T) {
	runCompareCases(t, []compareCase{
		{"sex agrees", Input{Sex: reports.SexFemale}, Input{Sex: reports.SexFemale}, map[Field]int8{FieldSex: SexAgree}},
		{"sex differs", Input{Sex: reports.SexFemale}, Input{Sex: reports.SexMale}, map[Field]int8{FieldSex: SexDisagree}},
		{"sex unknown", Input{}, Input{Sex: reports.SexMale}, map[Field]int8{FieldSex: Null}},
		{"BSN equal", Input{BSN: "123456782"}, Input{BSN: "1234.56.782"}, map[Field]int8{FieldNationalID: IDExact}},
		{"BSN mistyped", Input{BSN: "123456782"}, Input{BSN: "123456783"}, map[Field]int8{FieldNationalID: IDTypo}},
		{"BSN different", Input{BSN: "123456782"}, Input{BSN: "111222333"}, map[Field]int8{FieldNationalID: IDDisagree}},
		{"national id", Input{NationalID: "X-12"}, Input{NationalID: "x12"}, map[Field]int8{FieldNationalID: IDExact}},
		{"address by postcode", Input{Postcode: "1234 AB", HouseNumber: "12"}, Input{Postcode: "1234ab", HouseNumber: "12a"},
			map[Field]int8{FieldAddress: AddressExact}},
		{"address by street", Input{Street: "Kerkstraat", HouseNumber: "12"}, Input{Street: "kerkstraat", HouseNumber: "12", Postcode: "1234AB"},
			map[Field]int8{FieldAddress: AddressExact}},
		{"street typo", Input{Street: "Kerkstraat", HouseNumber: "12"}, Input{Street: "Kerkstrat", HouseNumber: "12"},
			map[Field]int8{FieldAddress: AddressClose}},
		{"postcode typo", Input{Postcode: "1234AB", HouseNumber: "12"}, Input{Postcode: "1243AB", HouseNumber: "12"},
			map[Field]int8{FieldAddress: AddressClose}},
		{"neighbours", Input{Postcode: "1234AB", HouseNumber: "12"}, Input{Postcode: "1234AB", HouseNumber: "14"},
			map[Field]int8{FieldAddress: AddressSameStreet}},
		{"number unknown", Input{Postcode: "1234AB"}, Input{Postcode: "1234AB", HouseNumber: "14"},
			map[Field]int8{FieldAddress: AddressSameStreet}},
		{"moved", Input{Postcode: "1234AB", HouseNumber: "12"}, Input{Postcode: "5678CD", HouseNumber: "12"},
			map[Field]int8{FieldAddress: AddressDisagree}},
		{"no address", Input{HouseNumber: "12"}, Input{Postcode: "5678CD", HouseNumber: "12"},
			map[Field]int8{FieldAddress: Null}},
		{"same city", Input{City: "'s-Hertogenbosch"}, Input{City: "s Hertogenbosch"}, map[Field]int8{FieldPlace: PlaceExact}},
		{"city typo", Input{City: "Amsterdam"}, Input{City: "Amsterdma"}, map[Field]int8{FieldPlace: PlaceClose}},
		{"other city", Input{City: "Amsterdam"}, Input{City: "Utrecht"}, map[Field]int8{FieldPlace: PlaceDisagree}},
		{"same municipality", Input{Municipality: "GM0363"}, Input{Municipality: "gm0363"}, map[Field]int8{FieldPlace: PlaceExact}},
		{"other municipality", Input{Municipality: "GM0363"}, Input{Municipality: "GM0344"}, map[Field]int8{FieldPlace: PlaceDisagree}},
		{"phone", Input{Phone: "+31 6 1234 5678"}, Input{Phone: "06-12345678"}, map[Field]int8{FieldPhone: PhoneExact}},
		{"other phone", Input{Phone: "0612345678"}, Input{Phone: "0687654321"}, map[Field]int8{FieldPhone: PhoneDisagree}},
	})
}

func TestContradictions(t *testing.T) {
	tests := []struct {
		name string
		a, b Input
		want []Field
	}{
		{"none", Input{FirstNames: "Jan", BirthDate: toren.MustDate("1985-03-07")}, Input{FirstNames: "Jan", BirthDate: toren.MustDate("1985-03-08")}, nil},
		{"given name", Input{FirstNames: "Jan"}, Input{FirstNames: "Kees"}, []Field{FieldGivenNames}},
		{"initials", Input{Initials: "J."}, Input{FirstNames: "Kees"}, []Field{FieldGivenNames}},
		{"birth date and sex", Input{BirthDate: toren.MustDate("1985-03-07"), Sex: reports.SexMale},
			Input{BirthDate: toren.MustDate("2010-01-01"), Sex: reports.SexFemale}, []Field{FieldBirthDate, FieldSex}},
		{"two valid BSNs", Input{BSN: "123456782"}, Input{BSN: "111222333"}, []Field{FieldNationalID}},
		{"other ids may differ", Input{NationalID: "A1"}, Input{NationalID: "B2"}, nil},
		{"a surname may change", Input{Surname: "Jansen"}, Input{Surname: "Bakker"}, nil},
	}
	for _, tt := range tests {
		a, b := NewRecord(tt.a), NewRecord(tt.b)
		got := Contradictions(&a, &b, Compare(&a, &b)).Fields()
		if len(got) != len(tt.want) {
			t.Errorf("%s: Contradictions = %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: Contradictions = %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestFieldSetJSON(t *testing.T) {
	s := FieldSet(0).With(FieldBirthDate).With(FieldSex)
	b, err := json.Marshal(s)
	if err != nil || string(b) != `["birth_date","sex"]` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back FieldSet
	if err := json.Unmarshal(b, &back); err != nil || back != s {
		t.Fatalf("Unmarshal = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`["shoe_size"]`), &back); err == nil {
		t.Error("Unmarshal of an unknown field succeeded")
	}
	if b, _ := json.Marshal(FieldSet(0)); string(b) != "[]" {
		t.Errorf("empty set = %s, want []", b)
	}
}
