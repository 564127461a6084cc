package reports

import (
	"sort"
	"strings"
	"testing"
	"time"

	"toren/internal/nl"
	"toren/internal/toren"
)

var now = time.Date(2026, 11, 23, 3, 0, 0, 0, toren.Amsterdam)

func validator() Validator {
	return Validator{Municipalities: nl.MustLoadMunicipalities(), Clock: toren.NewFixedClock(now)}
}

func goodReport() *Report {
	return &Report{
		Kind:          KindReport,
		ReceivedAt:    now.Add(-time.Hour),
		Reporter:      Reporter{Kind: ReporterPolice, Organisation: "Politie Oost-Nederland", Phone: "0900-8844"},
		ViolenceTypes: []ViolenceType{TypeExPartner},
		Description:   "Ruzie tussen ex-partners, kinderen getuige.",
		Persons: []Mention{
			{Role: RoleVictim, FirstNames: "Sanne", Surname: "Jansen", BirthDate: toren.MustDate("1991-02-03"), BSN: "111222333",
				Postcode: "7511ab", HouseNumber: "3", Municipality: "Enschede"},
			{Role: RolePerpetrator, FirstNames: "Mark", Surname: "de Boer"},
		},
	}
}

func goodAdvice() *Report {
	return &Report{
		Kind:        KindAdvice,
		ReceivedAt:  now,
		Reporter:    Reporter{Kind: ReporterCitizen},
		Description: "Buurvrouw hoort 's nachts geschreeuw.",
	}
}

func TestValidateAcceptsGoodInput(t *testing.T) {
	v := validator()
	for name, r := range map[string]*Report{"report": goodReport(), "advice": goodAdvice()} {
		v.Normalize(r)
		if err := v.Validate(r); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	r := goodReport()
	r.Persons[0].BSN = "1112.22.333"
	r.Persons[0].Particle = " Van  Der "
	r.Persons[0].Initials = "j. p."
	r.Municipality = "'s-hertogenbosch"
	validator().Normalize(r)
	p := r.Persons[0]
	if p.Postcode != "7511 AB" || p.Municipality != "GM0153" || p.BSN != "111222333" || p.Particle != "van der" || p.Initials != "J.P." {
		t.Errorf("normalised person = %+v", p)
	}
	if r.Municipality != "GM0796" {
		t.Errorf("municipality = %q, want GM0796", r.Municipality)
	}
}

// Each case breaks exactly the rules it lists; the test checks that those
// and only those are reported, so a rule cannot quietly stop firing or
// start firing on good input.
func TestValidateRules(t *testing.T) {
	age := func(n int) *int { return &n }
	tests := []struct {
		name   string
		base   func() *Report
		break_ func(r *Report)
		want   []string // "field rule"
	}{
		{"missing kind", goodReport, func(r *Report) { r.Kind = "" }, []string{"kind required"}},
		{"unknown kind", goodReport, func(r *Report) { r.Kind = "complaint" }, []string{"kind enum"}},
		{"future receipt", goodReport, func(r *Report) { r.ReceivedAt = now.Add(time.Hour) }, []string{"received_at not_future"}},
		{"missing receipt", goodReport, func(r *Report) { r.ReceivedAt = time.Time{} }, []string{"received_at required"}},
		{"bad channel", goodReport, func(r *Report) { r.Channel = "pigeon" }, []string{"channel enum"}},
		{"missing reporter kind", goodReport, func(r *Report) { r.Reporter.Kind = "" }, []string{"reporter.kind required", "reporter.name required"}},
		{"unknown reporter kind", goodReport, func(r *Report) { r.Reporter.Kind = "alien" }, []string{"reporter.kind enum"}},
		{"professional without organisation", goodReport, func(r *Report) { r.Reporter.Organisation = "" }, []string{"reporter.organisation required"}},
		{"citizen without name", goodReport, func(r *Report) { r.Reporter.Kind = ReporterCitizen }, []string{"reporter.name required"}},
		{"report without contact", goodReport, func(r *Report) { r.Reporter.Phone = "" }, []string{"reporter.phone contact_required"}},
		{"bad reporter phone", goodReport, func(r *Report) { r.Reporter.Phone = "bel me" }, []string{"reporter.phone phone"}},
		{"bad reporter email", goodReport, func(r *Report) { r.Reporter.Email = "nope" }, []string{"reporter.email email"}},
		{"no violence type", goodReport, func(r *Report) { r.ViolenceTypes = nil }, []string{"violence_types required"}},
		{"unknown violence type", goodReport, func(r *Report) { r.ViolenceTypes = []ViolenceType{"war"} }, []string{"violence_types[0] enum"}},
		{"unknown nature", goodReport, func(r *Report) { r.Natures = []Nature{NatureThreats, "x"} }, []string{"natures[1] enum"}},
		{"bad children present", goodReport, func(r *Report) { r.ChildrenPresent = "maybe" }, []string{"children_present enum"}},
		{"unknown municipality", goodReport, func(r *Report) { r.Municipality = "Atlantis" }, []string{"municipality municipality"}},
		{"merged municipality code", goodReport, func(r *Report) { r.Municipality = "GM0370" }, []string{"municipality municipality"}},
		{"no description", goodReport, func(r *Report) { r.Description = "  " }, []string{"description required"}},
		{"huge description", goodReport, func(r *Report) { r.Description = strings.Repeat("x", MaxDescriptionLen+1) }, []string{"description max_length"}},
		{"report without persons", goodReport, func(r *Report) { r.Persons = nil }, []string{"persons required"}},
		{"report without victim or child", goodReport, func(r *Report) { r.Persons = r.Persons[1:] }, []string{"persons victim_required"}},
		{"person without role", goodReport, func(r *Report) { r.Persons[1].Role = "" }, []string{"persons[1].role required"}},
		{"person with unknown role", goodReport, func(r *Report) { r.Persons[1].Role = "boss" }, []string{"persons[1].role enum"}},
		{"person without name", goodReport, func(r *Report) { r.Persons[1].FirstNames, r.Persons[1].Surname = "", "" }, []string{"persons[1].surname required"}},
		{"bad BSN", goodReport, func(r *Report) { r.Persons[0].BSN = "111222334" }, []string{"persons[0].bsn elfproef"}},
		{"short BSN", goodReport, func(r *Report) { r.Persons[0].BSN = "1234" }, []string{"persons[0].bsn elfproef"}},
		{"future birth", goodReport, func(r *Report) { r.Persons[0].BirthDate = toren.MustDate("2026-11-24") }, []string{"persons[0].birth_date not_future"}},
		{"ancient birth", goodReport, func(r *Report) { r.Persons[0].BirthDate = toren.MustDate("1850-01-01") }, []string{"persons[0].birth_date min"}},
		{"negative age", goodReport, func(r *Report) { r.Persons[1].Age = age(-1) }, []string{"persons[1].age range"}},
		{"age contradicts birth", goodReport, func(r *Report) { r.Persons[0].Age = age(7) }, []string{"persons[0].age age_matches_birth_date"}},
		{"bad sex", goodReport, func(r *Report) { r.Persons[0].Sex = "f" }, []string{"persons[0].sex enum"}},
		{"bad postcode", goodReport, func(r *Report) { r.Persons[0].Postcode = "75111 AB" }, []string{"persons[0].postcode postcode"}},
		{"bad house number", goodReport, func(r *Report) { r.Persons[0].HouseNumber = "A3" }, []string{"persons[0].house_number house_number"}},
		{"bad person municipality", goodReport, func(r *Report) { r.Persons[0].Municipality = "Gotham" }, []string{"persons[0].municipality municipality"}},
		{"bad initials", goodReport, func(r *Report) { r.Persons[0].Initials = "J3" }, []string{"persons[0].initials initials"}},
		{"bad person phone", goodReport, func(r *Report) { r.Persons[0].Phone = "12" }, []string{"persons[0].phone phone"}},
		{"too many persons", goodReport, func(r *Report) {
			for len(r.Persons) <= MaxPersons {
				r.Persons = append(r.Persons, Mention{Role: RoleOther, Surname: "X"})
			}
		}, []string{"persons max_items"}},
		{"several at once", goodReport, func(r *Report) {
			r.Persons[0].BSN = "123"
			r.Persons[1].Postcode = "1"
			r.Description = ""
		}, []string{"description required", "persons[0].bsn elfproef", "persons[1].postcode postcode"}},
		{"advice needs reporter kind", goodAdvice, func(r *Report) { r.Reporter.Kind = "" }, []string{"reporter.kind required"}},
		{"advice checks persons named", goodAdvice, func(r *Report) {
			r.Persons = []Mention{{Role: RoleChild, Surname: "Kaya", BSN: "999"}}
		}, []string{"persons[0].bsn elfproef"}},
	}
	v := validator()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.base()
			tt.break_(r)
			v.Normalize(r)
			err := v.Validate(r)
			if toren.ErrorCode(err) != toren.CodeInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			var got []string
			for _, f := range toren.FieldErrors(err) {
				// The Dutch is the web's (intake.rule.*, TestIntakeRulesHaveWords).
				if f.Message == "" {
					t.Errorf("%s %s lacks a message", f.Field, f.Rule)
				}
				got = append(got, f.Field+" "+f.Rule)
			}
			sort.Strings(got)
			sort.Strings(tt.want)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("problems = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("Jansen", "van der", "111222333", "1234 AB", "12a", "GM0363", "1990-01-01")
	f.Add("", "", "", "", "", "", "")
	f.Add("Ünal", "'t", "1234.56.782", "1234ab", "0", "amsterdam", "2999-12-31")
	v := validator()
	f.Fuzz(func(t *testing.T, surname, particle, bsn, postcode, house, mun, birth string) {
		r := goodReport()
		p := &r.Persons[0]
		p.Surname, p.Particle, p.BSN, p.Postcode, p.HouseNumber, p.Municipality = surname, particle, bsn, postcode, house, mun
		if d, err := toren.ParseDate(birth); err == nil {
			p.BirthDate = d
		}
		v.Normalize(r)
		err := v.Validate(r)
		if err == nil {
			if p.BSN != "" && !nl.ValidBSN(p.BSN) {
				t.Fatalf("invalid BSN %q accepted", p.BSN)
			}
			if p.Postcode != "" && !nl.ValidPostcode(p.Postcode) {
				t.Fatalf("invalid postcode %q accepted", p.Postcode)
			}
			return
		}
		for _, fe := range toren.FieldErrors(err) {
			if fe.Field == "" || fe.Rule == "" {
				t.Fatalf("problem without field or rule: %+v", fe)
			}
		}
	})
}
