package radar

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

func TestSplitSurname(t *testing.T) {
	tests := []struct {
		particle, surname string
		wantPart, want    string
	}{
		{"", "van der Berg", "vander", "berg"},
		{"van der", "Berg", "vander", "berg"},
		{"van der", "van der Berg", "vander", "berg"}, // particle typed twice
		{"", "Berg, van der", "vander", "berg"},       // register order
		{"", "v.d. Berg", "vd", "berg"},
		{"", "v/d Berg", "vd", "berg"},
		{"", "Vanderberg", "", "vanderberg"}, // written together: no split
		{"", "Van't Hof", "vant", "hof"},
		{"", "van 't Hof", "vant", "hof"},
		{"", "Jansen-de Vries", "", "jansen-vries"},
		{"", "Jansen de Vries", "", "jansen-vries"},
		{"", "Jansen - de Vries", "", "jansen-vries"},
		{"", "de Vries-Jansen", "de", "vries-jansen"},
		{"", "van Dijk-van der Berg", "van", "dijk-berg"},
		{"", "De", "", "de"}, // a particle alone is the name
		{"", "ten Brink", "ten", "brink"},
		{"", "Çelik", "", "celik"},
		{"", "Ünal", "", "unal"},
		{"", "Mc Donald", "", "mcdonald"},
		{"", "  ", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		part, core := splitSurname(tt.particle, tt.surname)
		if part != tt.wantPart || core != tt.want {
			t.Errorf("splitSurname(%q, %q) = %q, %q; want %q, %q", tt.particle, tt.surname, part, core, tt.wantPart, tt.want)
		}
	}
}

func TestNormGiven(t *testing.T) {
	tests := []struct {
		first, initials string
		given, inits    string
	}{
		{"Jan Pieter", "", "jan pieter", "jp"},
		{"", "J.P.", "", "jp"},
		{"J.P.", "", "", "jp"}, // initials typed as first names
		{"Jan P.", "", "jan", "jp"},
		{"", "JP", "", "jp"},
		{"", "Th.", "", "t"}, // Theodorus: one dotted group is one initial
		{"", "J.-P.", "", "jp"},
		{"Jan", "J.P.", "jan", "jp"}, // the typed initials know more
		{"Jan Pieter", "J.", "jan pieter", "jp"},
		{"Zoë", "", "zoe", "z"},
		{"Anne-Marie", "", "annemarie", "a"},
		{"  ", "", "", ""},
	}
	for _, tt := range tests {
		given, inits := normGiven(tt.first, tt.initials)
		if given != tt.given || inits != tt.inits {
			t.Errorf("normGiven(%q, %q) = %q, %q; want %q, %q", tt.first, tt.initials, given, inits, tt.given, tt.inits)
		}
	}
}

func TestPhoneticKey(t *testing.T) {
	same := [][]string{
		{"jansen", "janssen"},
		{"meijer", "meyer", "maier", "meier"},
		{"bakker", "backer", "baker"},
		{"dijkstra", "dykstra"},
		{"mohamed", "mohammed"},
		{"visser", "fisser"},
		{"smit", "smid", "smidt"},
		{"hendriks", "hendrix"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if phoneticKey(s) != phoneticKey(group[0]) {
				t.Errorf("phoneticKey(%q) = %q, phoneticKey(%q) = %q; want equal", s, phoneticKey(s), group[0], phoneticKey(group[0]))
			}
		}
	}
	for _, p := range [][2]string{{"jansen", "bakker"}, {"visser", "vos"}, {"smit", "smits"}} {
		if phoneticKey(p[0]) == phoneticKey(p[1]) {
			t.Errorf("phoneticKey(%q) == phoneticKey(%q) = %q; want different", p[0], p[1], phoneticKey(p[0]))
		}
	}
	if phoneticKey("") != "" {
		t.Errorf("phoneticKey(\"\") = %q, want empty", phoneticKey(""))
	}
}

func TestNormHouseNumber(t *testing.T) {
	for in, want := range map[string]string{
		"12": "12", "12 A": "12-a", "12a": "12-a", "12-2": "12-2", "12 bis": "12-bis",
		"012": "12", " 7 ": "7", "0": "0", "bis": "bis", "": "", "huisboot": "huisboot",
	} {
		if got := normHouseNumber(in); got != want {
			t.Errorf("normHouseNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+31 6 1234 5678":    "0612345678",
		"0031612345678":      "0612345678",
		"+31 (0)6 1234 5678": "0612345678",
		"06-12345678":        "0612345678",
		"+32 2 123 45 67":    "003221234567",
		"":                   "",
	} {
		if got := normPhone(in); got != want {
			t.Errorf("normPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewRecord(t *testing.T) {
	age := 4
	got := NewRecord(Input{
		ID: 7, FirstNames: "Jan  Pieter", Particle: "Van der", Surname: "Bérg", Age: &age, AgeOn: toren.MustDate("2026-03-01"),
		Sex: reports.SexMale, BSN: "1234.56.782", Postcode: "1234 ab", HouseNumber: "12 A", Street: "Kerk straat",
		City: "'s-Hertogenbosch", Municipality: " gm0796 ", Phone: "+31 6 1234 5678",
	})
	want := Record{
		ID: 7, GivenNames: "jan pieter", Initials: "jp", Particle: "vander", Surname: "berg",
		BirthYearMin: 2021, BirthYearMax: 2022, Sex: reports.SexMale, NationalID: "123456782", BSNVerified: true,
		Postcode: "1234AB", HouseNumber: "12-a", Street: "kerkstraat", City: "shertogenbosch", Municipality: "GM0796",
		Phone: "0612345678",
	}
	if got != want {
		t.Errorf("NewRecord:\n got %+v\nwant %+v", got, want)
	}
	// A birth date wins over an age; a mistyped BSN is kept, unverified;
	// another national id is never verified.
	r := NewRecord(Input{BirthDate: toren.MustDate("1985-03-07"), Age: &age, AgeOn: toren.MustDate("2026-03-01"), BSN: "123456789"})
	if r.Birth != 19850307 || r.BirthYearMin != 0 || r.NationalID != "123456789" || r.BSNVerified {
		t.Errorf("NewRecord with date, age and bad BSN = %+v", r)
	}
	if r := NewRecord(Input{NationalID: "ab-123 456"}); r.NationalID != "AB123456" || r.BSNVerified {
		t.Errorf("NewRecord national id = %+v", r)
	}
}

func TestFromMentionAndPerson(t *testing.T) {
	age := 30
	m := reports.Mention{PersonID: 3, FirstNames: "Lisa", Particle: "van der", Surname: "Berg", Age: &age, BSN: "123456782"}
	r := FromMention(m, toren.MustDate("2026-06-01"))
	if r.ID != 3 || r.GivenNames != "lisa" || r.Particle != "vander" || r.Surname != "berg" || r.BirthYearMax != 1996 || !r.BSNVerified {
		t.Errorf("FromMention = %+v", r)
	}
	p := FromPerson(persons.FromMention(m, time.Time{}))
	if p.GivenNames != "lisa" || p.Surname != "berg" || p.BirthYearMax != 0 {
		t.Errorf("FromPerson = %+v", p)
	}
}

func FuzzNewRecord(f *testing.F) {
	f.Add("Jan Pieter", "J.P.", "van der", "Berg, van der", "12 a", "1234 AB", "+31 6 12345678", "123456782")
	f.Add("", "", "", "Jansen-de Vries", "", "", "", "")
	f.Add("Çelik", "Th.", "v.d.", "Van't Hof", "bis", "x", "0031", "abc")
	f.Fuzz(func(t *testing.T, first, initials, particle, surname, house, postcode, phone, bsn string) {
		r := NewRecord(Input{FirstNames: first, Initials: initials, Particle: particle, Surname: surname,
			HouseNumber: house, Postcode: postcode, Phone: phone, BSN: bsn, Street: surname, City: first})
		folded := func(s string, allowed string) bool {
			for _, c := range s {
				if !(unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune(allowed, c)) {
					return false
				}
			}
			return true
		}
		if !folded(r.GivenNames, " ") || strings.HasPrefix(r.GivenNames, " ") || strings.Contains(r.GivenNames, "  ") {
			t.Fatalf("given names %q not folded", r.GivenNames)
		}
		if !folded(r.Surname, "-") || strings.HasPrefix(r.Surname, "-") || strings.HasSuffix(r.Surname, "-") || strings.Contains(r.Surname, "--") {
			t.Fatalf("surname %q not folded", r.Surname)
		}
		if !folded(r.Particle, "") || !folded(r.Initials, "") || !folded(r.Street, "") || !folded(r.Postcode, "") {
			t.Fatalf("record %+v not folded", r)
		}
		if strings.Trim(r.Phone, "0123456789") != "" {
			t.Fatalf("phone %q not digits", r.Phone)
		}
		// A record is always its own best match.
		v := Compare(&r, &r)
		bad := map[Field][]int8{
			FieldGivenNames: {GivenDisagree, GivenInitialsDiffer, GivenSimilar, GivenTypo, GivenSwapped},
			FieldSurname:    {SurnameDisagree, SurnameSimilar, SurnameTypo, SurnamePart, SurnameSwapped},
			FieldParticle:   {ParticleDisagree, ParticleOneSided, ParticleAbbrev},
			FieldNationalID: {IDDisagree, IDTypo},
			FieldAddress:    {AddressDisagree, AddressClose},
			FieldPlace:      {PlaceDisagree, PlaceClose},
			FieldPhone:      {PhoneDisagree},
		}
		for f, levels := range bad {
			for _, l := range levels {
				if v[f] == l {
					t.Fatalf("Compare(r, r)[%v] = %d for %+v", f, l, r)
				}
			}
		}
	})
}
