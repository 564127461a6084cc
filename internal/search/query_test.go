package search

import (
	"testing"

	"toren/internal/toren"
)

func TestParseRecognisesWhatWasTyped(t *testing.T) {
	tests := []struct {
		in   string
		want Query // only the fields set here are compared
	}{
		{"M-2026-004211", Query{Kind: KindReportNumber, Number: "M-2026-004211"}},
		{"m 2026 4211", Query{Kind: KindReportNumber, Number: "M-2026-004211"}},
		{"A-2025-12", Query{Kind: KindReportNumber, Number: "A-2025-000012"}},
		{"d-2026-000017", Query{Kind: KindCaseNumber, Number: "D-2026-000017"}},
		{"111222333", Query{Kind: KindBSN, BSN: "111222333"}},
		{"1112.22.333", Query{Kind: KindBSN, BSN: "111222333"}},
		{"12345672", Query{Kind: KindBSN, BSN: "012345672"}}, // an old 8-digit BSN
		{"03-11-1987", Query{Kind: KindBirthDate, BirthDate: toren.MustDate("1987-11-03")}},
		{"3/11/1987", Query{Kind: KindBirthDate, BirthDate: toren.MustDate("1987-11-03")}},
		{"1234ab", Query{Kind: KindPostcode, Postcode: "1234 AB"}},
		{"1234 AB 12a", Query{Kind: KindPostcode, Postcode: "1234 AB", HouseNumber: "12A"}},
		{"Berg", Query{Kind: KindName, Surname: "berg"}},
		{"vd berg", Query{Kind: KindName, Surname: "berg", Particle: "vd"}},
		{"v.d. Berg", Query{Kind: KindName, Surname: "berg", Particle: "vd"}},
		{"van den Berg", Query{Kind: KindName, Surname: "berg", Particle: "vanden"}},
		{"Berg, van der", Query{Kind: KindName, Surname: "berg", Particle: "vander"}},
		{"Jan van der Berg", Query{Kind: KindName, Surname: "berg", Particle: "vander", Given: "jan"}},
		{"J. van der Berg", Query{Kind: KindName, Surname: "berg", Particle: "vander", Given: "j"}},
		{"Berg, Jan", Query{Kind: KindName, Surname: "berg", Given: "jan"}},
		{"Berg, J.P. van der", Query{Kind: KindName, Surname: "berg", Particle: "vander", Given: "j"}},
		{"Berg J.", Query{Kind: KindName, Surname: "berg", Given: "j"}},
		{"Özdemir", Query{Kind: KindName, Surname: "ozdemir"}},
		{"Ayşe Özdemir", Query{Kind: KindName, Surname: "ozdemir", Given: "ayse"}},
		{"Anna Jansen-de Vries", Query{Kind: KindName, Surname: "jansen-vries", Given: "anna"}},
		{"de Vries 03-11-1987", Query{Kind: KindName, Surname: "vries", Particle: "de", BirthDate: toren.MustDate("1987-11-03")}},
		{"Jansen 1234 AB", Query{Kind: KindName, Surname: "jansen", Postcode: "1234 AB"}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got.Kind != tt.want.Kind || got.Number != tt.want.Number || got.BSN != tt.want.BSN ||
			!got.BirthDate.Equal(tt.want.BirthDate) || got.Postcode != tt.want.Postcode || got.HouseNumber != tt.want.HouseNumber ||
			got.Surname != tt.want.Surname || got.Particle != tt.want.Particle || got.Given != tt.want.Given {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got.Surname != "" && got.Phon == "" {
			t.Errorf("Parse(%q): no phonetic key", tt.in)
		}
	}
}

func TestParseKeepsTheSwappedReading(t *testing.T) {
	q, err := Parse("Piet Jansen")
	if err != nil {
		t.Fatal(err)
	}
	if q.Surname != "jansen" || q.Given != "piet" || q.Swapped == nil || q.Swapped.Surname != "piet" || q.Swapped.Given != "jansen" {
		t.Errorf("got %+v, swapped %+v", q, q.Swapped)
	}
	if q, _ := Parse("J. Jansen"); q.Swapped != nil {
		t.Errorf("initials cannot be a surname: %+v", q.Swapped)
	}
}

func TestParseRefusesWithTheRule(t *testing.T) {
	tests := []struct{ in, rule string }{
		{"", "required"},
		{"   ", "required"},
		{"123456789", "elfproef"},
		{"31-02-1990", "date"},
		{"0123 AB", "postcode"},
		{"1234 SS", "postcode"},
		{"12", "unknown"},
		{"B", "min_length"},
		{string(make([]byte, 0)) + repeat("a", MaxQueryLen+1), "max_length"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		fs := toren.FieldErrors(err)
		if toren.ErrorCode(err) != toren.CodeInvalid || len(fs) == 0 || fs[0].Field != "q" || fs[0].Rule != tt.rule || fs[0].MessageNL != "" {
			t.Errorf("Parse(%q): %v, want rule %s on q with a Dutch message", tt.in, err, tt.rule)
		}
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestFormQuery(t *testing.T) {
	q, err := Form{Surname: "Berg, van der", GivenName: "Jan", BirthDate: "03-11-1987", Postcode: "1234ab", HouseNumber: "12 a"}.Query()
	if err != nil {
		t.Fatal(err)
	}
	if q.Kind != KindName || q.Surname != "berg" || q.Particle != "vander" || q.Given != "jan" ||
		q.BirthDate.String() != "1987-11-03" || q.Postcode != "1234 AB" || q.HouseNumber != "12A" {
		t.Errorf("got %+v", q)
	}
	if q.Text != "achternaam=Berg, van der voornaam=Jan geboortedatum=03-11-1987 postcode=1234ab huisnummer=12 a" {
		t.Errorf("text %q", q.Text)
	}
	if q, err := (Form{BSN: "111 222 333"}).Query(); err != nil || q.Kind != KindBSN || q.BSN != "111222333" {
		t.Errorf("bsn: %+v %v", q, err)
	}
}

func TestFormNamesEachBadField(t *testing.T) {
	_, err := Form{Surname: "B", GivenName: "Jan", BirthDate: "1987-11-03", BSN: "123456789", Postcode: "12345", HouseNumber: "twaalf"}.Query()
	got := map[string]string{}
	for _, f := range toren.FieldErrors(err) {
		got[f.Field] = f.Rule
		if f.Message == "" || f.MessageNL != "" {
			t.Errorf("%s: want an English message and no Dutch (the page words the rule)", f.Field)
		}
	}
	want := map[string]string{"achternaam": "min_length", "geboortedatum": "date", "bsn": "elfproef", "postcode": "postcode", "huisnummer": "format"}
	for f, rule := range want {
		if got[f] != rule {
			t.Errorf("field %s: rule %q, want %q (all: %v)", f, got[f], rule, got)
		}
	}
	if _, err := (Form{}).Query(); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Errorf("empty form: %v", err)
	}
	if _, err := (Form{GivenName: "Jan"}).Query(); len(toren.FieldErrors(err)) == 0 || toren.FieldErrors(err)[0].Field != "voornaam" {
		t.Errorf("given name alone: %v", err)
	}
	if _, err := (Form{HouseNumber: "12"}).Query(); len(toren.FieldErrors(err)) == 0 || toren.FieldErrors(err)[0].Field != "huisnummer" {
		t.Errorf("house number alone: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"M-2026-1", "vd Berg", "Berg, van der", "1234 AB 12", "03-11-1987", "111222333", "Ö,,", "-", "van"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if toren.ErrorCode(err) != toren.CodeInvalid || len(toren.FieldErrors(err)) == 0 {
				t.Fatalf("Parse(%q): %v is not a validation error", s, err)
			}
			return
		}
		if q.Kind == "" || q.Kind.Label() == "" {
			t.Fatalf("Parse(%q): no kind: %+v", s, q)
		}
		if q.Kind == KindName && (q.Surname == "" || q.Phon == "") {
			t.Fatalf("Parse(%q): name without key: %+v", s, q)
		}
	})
}
