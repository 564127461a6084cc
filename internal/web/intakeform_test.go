package web

import (
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"toren/internal/nl"
	"toren/internal/toren"
	"toren/internal/web/static"
)

var formNow = time.Date(2026, 11, 23, 3, 10, 0, 0, toren.Amsterdam)

func TestParseDutchDate(t *testing.T) {
	for in, want := range map[string]string{
		"3-11-2014": "2014-11-03", "03-11-2014": "2014-11-03", "03/11/2014": "2014-11-03", "3.11.2014": "2014-11-03",
		"03112014": "2014-11-03", "2014-11-03": "2014-11-03", " 29-2-2024 ": "2024-02-29",
		"31-02-1990": "", "29-2-2023": "", "3-11-14": "", "2014-11": "", "": "", "a-b-c": "", "3--11-2014": "",
		"1-13-2000": "", "0-1-2000": "", "-3-11-2014": "", "123-1-2000": "", "3-11-2014-1": "",
	} {
		d, ok := parseDutchDate(in)
		if got := d.String(); ok != (want != "") || got != want {
			t.Errorf("parseDutchDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestParseReceived(t *testing.T) {
	for in, want := range map[string]string{
		"23-11-2026 03:10": "2026-11-23 03:10", "23-11-2026 3.10": "2026-11-23 03:10", "2026-11-23T03:10": "2026-11-23 03:10",
		"23-11-2026  23:59": "2026-11-23 23:59",
		"23-11-2026":        "", "23-11-2026 24:00": "", "23-11-2026 3:1": "", "03:10": "", "gisteravond": "", "23-11-2026 03:10:00": "",
	} {
		tm, ok := parseReceived(in)
		got := ""
		if ok {
			got = tm.Format("2006-01-02 15:04")
			if tm.Location() != toren.Amsterdam {
				t.Errorf("parseReceived(%q) is not in Dutch time", in)
			}
		}
		if got != want {
			t.Errorf("parseReceived(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInitialsOrFirstNames(t *testing.T) {
	f := intakeForm{Kind: "report", ReceivedAt: "23-11-2026 03:10", Persons: []personForm{
		{Names: "J.P."}, {Names: "M"}, {Names: "j p"}, {Names: "Jan P."}, {Names: "Lisanne Johanna"}, {Names: "Ö."}, {Names: "1."},
	}}
	r, errs := f.report(toren.NewFixedClock(formNow))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	initials := []bool{true, true, true, false, false, true, false}
	for i, m := range r.Persons {
		if (m.Initials != "") != initials[i] || (m.FirstNames != "") == initials[i] {
			t.Errorf("%q: initials %q, first names %q", f.Persons[i].Names, m.Initials, m.FirstNames)
		}
	}
}

func TestFormReadsRowsInIndexOrder(t *testing.T) {
	v := url.Values{"persons[10].surname": {"Tien"}, "persons[2].surname": {"Twee"}, "persons[2].age": {"4"},
		"persons[x].surname": {"Fout"}, "persons[02].surname": {"Voorloopnul"}, "persons[99].surname": {"Te ver"},
		"persons[1].unknown": {"Onbekend veld"}, "persons[-1].surname": {"Negatief"}}
	f := readIntakeForm(v)
	if len(f.Persons) != 2 || f.Persons[0].Surname != "Twee" || f.Persons[0].Age != "4" || f.Persons[1].Surname != "Tien" {
		t.Errorf("rows = %+v", f.Persons)
	}
}

// The form survives its encoding (a draft restores exactly what was typed).
func TestFormValuesRoundTrip(t *testing.T) {
	f := intakeForm{Key: "k", Kind: "advice", ReceivedAt: "23-11-2026 03:10", Channel: "chat", RepKind: "police", RepOrg: "Politie & co",
		RepProtect: true, Description: "Regel 1\nRegel 2", Acute: true, Children: "no", ViolenceTypes: []string{"partner", "other_domestic"},
		Natures: []string{"threats"}, Persons: []personForm{{Role: "victim", Names: "Noa", Surname: "Test", BSN: "111222333"}, {Age: "4"}}}
	if got := readIntakeForm(f.values()); !reflect.DeepEqual(got, f) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, f)
	}
}

func TestErrorsLandNextToTheirField(t *testing.T) {
	f := intakeForm{Persons: []personForm{{BirthDate: "31-02-1990"}, {}}}
	decode := []toren.FieldError{{Field: "persons[0].birth_date", Rule: "format", MessageNL: "Datum onleesbaar."}}
	validation := []toren.FieldError{
		{Field: "persons", Rule: "victim_required", MessageNL: "Minstens één slachtoffer."},
		{Field: "persons[0].birth_date", Rule: "required", MessageNL: "Mag niet."},
		{Field: "persons[1].initials", Rule: "initials", MessageNL: "Voorletters fout."},
		{Field: "violence_types[1]", Rule: "enum", MessageNL: "Onbekende vorm."},
		{Field: "description", Rule: "required", MessageNL: "Beschrijf."},
		{Field: "external_ref", Rule: "max_length", MessageNL: "Te lang."},
	}
	e := newFormErrors(f, decode, validation)
	for field, want := range map[string]string{
		"persons[0].birth_date": "Datum onleesbaar.", "persons[0].role": "Minstens één slachtoffer.",
		"persons[1].names": "Voorletters fout.", "violence_types": "Onbekende vorm.", "description": "Beschrijf.",
	} {
		if got := e.of(field); len(got) != 1 || got[0] != want {
			t.Errorf("%s: %q, want only %q", field, got, want)
		}
	}
	var hrefs []string
	for _, s := range e.Summary {
		hrefs = append(hrefs, s.Href)
	}
	// Form order: description, violence types, then the persons; a field
	// the form does not show comes last, without a link.
	want := "#description #violence_types-0 #persons-0-role #persons-0-birth_date #persons-1-names "
	if got := strings.Join(hrefs, " "); got != want {
		t.Errorf("summary links %q, want %q", got, want)
	}
}

// FuzzIntakeForm feeds the form decoder anything a browser (or anyone)
// could post: it must not panic, the form must survive its own encoding,
// and the page must render with whatever came in.
func FuzzIntakeForm(f *testing.F) {
	f.Add("kind=report&received_at=23-11-2026+03%3A10&persons%5B0%5D.surname=Wijnants&persons%5B0%5D.birth_date=31-02-1990")
	f.Add("persons%5B50%5D.age=999999999999&persons%5B3%5D.names=J.P.&violence_types=x&violence_types=partner")
	f.Add("received_at=2026-11-23T03%3A10&persons%5B0%5D.bsn=111222333&actie=verwijder-0&formulier=%00")
	f.Add("persons%5B1%5D.birth_date=29022024&persons%5B1%5D.sex=%3Cscript%3E&reporter.kind=%22&children_present=maybe")
	w := fuzzSite(f)
	clock := toren.NewFixedClock(formNow)
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		form := readIntakeForm(v)
		if len(form.Persons) > maxPersonRows {
			t.Fatalf("%d rows", len(form.Persons))
		}
		if again := readIntakeForm(form.values()); !reflect.DeepEqual(again.withoutEmptyRows(), form.withoutEmptyRows()) {
			t.Fatalf("encoding changed the form:\n%+v\n%+v", form, again)
		}
		form = form.withoutEmptyRows()
		rep, decodeErrs := form.report(clock)
		if len(rep.Persons) != len(form.Persons) {
			t.Fatalf("%d persons from %d rows", len(rep.Persons), len(form.Persons))
		}
		val := w.validator()
		val.Normalize(rep)
		page := &intakePage{Form: form, FocusRow: -1, Errors: newFormErrors(form, decodeErrs, toren.FieldErrors(val.Validate(rep)))}
		if len(page.Form.Persons) == 0 {
			page.Form.Persons = []personForm{{}}
		}
		if err := w.pages["intake"].ExecuteTemplate(io.Discard, "layout.html", page); err != nil {
			t.Fatal(err)
		}
		_ = form.summary()
	})
}

func fuzzSite(tb testing.TB) *Web {
	tb.Helper()
	assets, err := static.New(static.DefaultPrefix)
	if err != nil {
		tb.Fatal(err)
	}
	w, err := New(Config{Assets: assets, Municipalities: nl.MustLoadMunicipalities(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Clock: toren.NewFixedClock(formNow), Version: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// FuzzParseDates: what parses is a real date that reads back the same.
func FuzzParseDates(f *testing.F) {
	for _, s := range []string{"3-11-2014", "03112014", "2014-11-03", "31-02-1990", "23-11-2026 3.10", "2026-11-23T03:10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDutchDate(s); ok {
			if back, ok := parseDutchDate(d.Dutch()); !ok || !back.Equal(d) {
				t.Fatalf("%q parsed as %s, which reads back as %s", s, d, back)
			}
		}
		if tm, ok := parseReceived(s); ok {
			if back, ok := parseReceived(tm.Format(receivedLayout)); !ok || !back.Equal(tm) {
				t.Fatalf("%q parsed as %s, which reads back as %s", s, tm, back)
			}
		}
	})
}

// The error summary says which person and which field each problem is
// about, and a date that does not exist says so, rather than asking for
// the format it was typed in.
func TestErrorSummaryNamesPersonAndField(t *testing.T) {
	f := intakeForm{Persons: []personForm{{Surname: "A"}, {Surname: "B"}, {Surname: "C", BirthDate: "30-02-2024"}}}
	_, decode := f.report(toren.NewFixedClock(formNow))
	validation := []toren.FieldError{
		{Field: "persons[1].bsn", Rule: "elfproef", MessageNL: "Dit BSN klopt niet (elfproef)."},
		{Field: "reporter.phone", Rule: "contact_required", MessageNL: "Dit veld is verplicht."},
		{Field: "description", Rule: "required", MessageNL: "Dit veld is verplicht."},
	}
	e := newFormErrors(f, decode, validation)
	var lines []string
	for _, s := range e.Summary {
		lines = append(lines, s.Message)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{
		"Telefoon van de melder: Dit veld is verplicht.",
		"Beschrijving: Dit veld is verplicht.",
		"Persoon 2, BSN: Dit BSN klopt niet (elfproef).",
		"Persoon 3, geboortedatum: 30 februari 2024 bestaat niet.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	// Beside the field the message stands alone: its label is above it.
	if m := e.of("persons[2].birth_date"); len(m) != 1 || m[0] != "30 februari 2024 bestaat niet." {
		t.Errorf("at the field: %q", m)
	}
	_, decode = (intakeForm{Persons: []personForm{{Surname: "D", BirthDate: "30-2024"}}}).report(toren.NewFixedClock(formNow))
	if !slices.ContainsFunc(decode, func(fe toren.FieldError) bool { return fe.Field == "persons[0].birth_date" && fe.Rule == "format" }) {
		t.Errorf("not a date at all: %+v", decode)
	}
}

// A draft is named in Dutch that counts right: "en 1 ander", "en 2 anderen".
func TestDraftSummaryCounts(t *testing.T) {
	row := func(name string) personForm { return personForm{Names: name, Surname: "Jansen"} }
	for n, want := range map[int]string{
		1: "Melding over Anna Jansen",
		2: "Melding over Anna Jansen en 1 ander",
		3: "Melding over Anna Jansen en 2 anderen",
	} {
		f := intakeForm{Kind: "report"}
		for i := 0; i < n; i++ {
			f.Persons = append(f.Persons, row([]string{"Anna", "Bram", "Cor"}[i]))
		}
		if got := f.summary(); got != want {
			t.Errorf("%d persons: %q, want %q", n, got, want)
		}
	}
}

// Every rule package reports refuses a field by has Dutch words in the
// catalogue (intake.rule.*), read from its source as TestCaseRulesHaveWords
// reads casework's; and a refused field is worded by rule and field, the
// service's own Dutch (a message with a value) kept.
func TestIntakeRulesHaveWords(t *testing.T) {
	checkRulesHaveWords(t, "../reports", "intake.rule", 15)
	got := intakeRuleWords([]toren.FieldError{
		{Field: "persons[2].bsn", Rule: "elfproef"},
		{Field: "persons[0].birth_date", Rule: "not_future"},
		{Field: "meldcode.steps_taken", Rule: "enum"},
		{Field: "description", Rule: "max_length", MessageNL: "De beschrijving mag hoogstens 10000 tekens lang zijn."},
	})
	want := []string{"Dit BSN klopt niet (elfproef).", "De geboortedatum ligt in de toekomst.", "Antwoord ja, nee of laat het open.",
		"De beschrijving mag hoogstens 10000 tekens lang zijn."}
	for i, w := range want {
		if got[i].MessageNL != w {
			t.Errorf("%s/%s worded %q, want %q", got[i].Field, got[i].Rule, got[i].MessageNL, w)
		}
	}
}

// Every field of the intake form has a name for the error summary in the
// catalogue, so a new field's message never stands there without it.
func TestIntakeSummaryNamesEveryField(t *testing.T) {
	for _, f := range topFields {
		if summaryLabel(f) == "" {
			t.Errorf("the summary has no name for the field %s (intake.summary.%s)", f, f)
		}
	}
	for _, f := range personFields {
		if l := summaryLabel(personName(2, f)); !strings.HasPrefix(l, "Persoon 3, ") {
			t.Errorf("the summary names %s of the third person %q (intake.summary.person.%s)", f, l, f)
		}
	}
}
