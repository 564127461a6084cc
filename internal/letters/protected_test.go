package letters

import (
	"html"
	"reflect"
	"strings"
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

// A report whose professional reporter asked that their identity be kept
// from the family (anonimiteit richting gezin, domain §7).
func protectedReport() reports.Report {
	rep := professionalReporter(true)
	rep.Kind, rep.Function, rep.Organisation = reports.ReporterHealthCare, "huisarts", "Huisartsenpraktijk De Linde"
	return reports.Report{
		Number:   "M-2026-000123",
		Kind:     reports.KindReport,
		Reporter: rep,
		Persons: []reports.Mention{
			{Role: reports.RoleVictim, FirstNames: "Zoë", Surname: "Hoekstra", Street: "Kerkstraat", HouseNumber: "12", Postcode: "8601 AB", City: "Sneek"},
			{Role: reports.RolePerpetrator, FirstNames: "Sjoerd", Surname: "Hoekstra", Street: "Kerkstraat", HouseNumber: "12", Postcode: "8601 AB", City: "Sneek"},
		},
	}
}

// Neither letter names a protected reporter, in HTML or in the PDF:
// not their name, function or organisation.
func TestProtectedReporterNeverNamed(t *testing.T) {
	rep := protectedReport()
	secrets := []string{rep.Reporter.Name, rep.Reporter.Function, rep.Reporter.Organisation, "Henriëtte", "Vos,"}
	r := testRenderer(t)

	fb := feedbackSample()
	fb.Reporter = ReporterFrom(rep.Reporter)
	fb.ReportNumber = rep.Number
	feedback, err := r.Feedback(fb)
	if err != nil {
		t.Fatal(err)
	}

	cl := closingSample()
	cl.Recipients = nil
	for _, m := range rep.Persons {
		cl.Recipients = append(cl.Recipients, AddresseeFrom(m))
	}
	closing, err := r.Closing(cl)
	if err != nil {
		t.Fatal(err)
	}

	for _, doc := range []Document{feedback, closing} {
		htmlText := html.UnescapeString(string(doc.HTML))
		pdf := pdfText(t, doc.PDF)
		// The text was read back at all: the letter's own data is there.
		assertContains(t, string(doc.Kind)+" PDF", pdf, "D-2026-000017", "3 maart 2026")
		for _, s := range secrets {
			if strings.Contains(htmlText, s) {
				t.Errorf("%s HTML names the protected reporter (%q)", doc.Kind, s)
			}
			if strings.Contains(pdf, s) {
				t.Errorf("%s PDF names the protected reporter (%q)", doc.Kind, s)
			}
			if strings.Contains(doc.Recipient+doc.Title, s) {
				t.Errorf("%s document label names the protected reporter (%q)", doc.Kind, s)
			}
		}
	}
	// The feedback still reaches "de melder" of the report, and says that
	// the name was kept from the persons involved.
	assertContains(t, "feedback PDF", pdfText(t, feedback.PDF),
		"Aan de melder van melding M-2026-000123", "Beste melder,",
		"Zoals u hebt gevraagd, hebben wij uw naam en gegevens niet bekendgemaakt aan de betrokkenen.")
	assertContains(t, "closing PDF", pdfText(t, closing.PDF), "Beste Zoë Hoekstra en Sjoerd Hoekstra,", "Kerkstraat 12")
	if feedback.Recipient != "de melder (identiteit beschermd)" {
		t.Errorf("feedback recipient label %q", feedback.Recipient)
	}
}

// ReporterFrom keeps a protected reporter's identity out of the value
// itself, so no later code can print it.
func TestReporterFromDropsProtectedIdentity(t *testing.T) {
	got := ReporterFrom(professionalReporter(true))
	if !got.Protected() || got.Name() != "" || got.Function() != "" || got.Organisation() != "" {
		t.Fatalf("protected reporter kept identity: %+v", got)
	}
	if s := strings.ToLower(reflectDump(got)); strings.Contains(s, "henri") || strings.Contains(s, "verslaving") {
		t.Fatalf("protected reporter value holds identity: %s", s)
	}
	open := ReporterFrom(professionalReporter(false))
	if open.Protected() || open.Name() != "Henriëtte Vos" || open.Organisation() != "Verslavingszorg Noord" {
		t.Fatalf("unprotected reporter: %+v", open)
	}
}

func reflectDump(v any) string {
	var b strings.Builder
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		b.WriteString(rv.Type().Field(i).Name + "=" + rv.Field(i).String() + ";")
	}
	return b.String()
}

// The types hold the line: the closing letter has no way to carry a
// reporter, and the feedback letter's reporter can only be built by
// ReporterFrom (no exported fields to fill by hand).
func TestTypesCannotCarryAReporterIdentity(t *testing.T) {
	reporterType := reflect.TypeFor[reports.Reporter]()
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Array {
			typ = typ.Elem()
		}
		if seen[typ] || typ.Kind() != reflect.Struct {
			return
		}
		seen[typ] = true
		if typ == reporterType || typ == reflect.TypeFor[Reporter]() {
			t.Errorf("ClosingLetter can carry a reporter at %s", path)
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if strings.Contains(strings.ToLower(f.Name), "reporter") || strings.Contains(strings.ToLower(f.Name), "melder") {
				t.Errorf("ClosingLetter has a reporter field at %s.%s", path, f.Name)
			}
			walk(path+"."+f.Name, f.Type)
		}
	}
	walk("ClosingLetter", reflect.TypeFor[ClosingLetter]())
	if seen[reflect.TypeFor[toren.Date]()] == false {
		t.Fatal("the walk did not reach the letter's fields") // guards the guard
	}

	rt := reflect.TypeFor[Reporter]()
	for i := range rt.NumField() {
		if rt.Field(i).IsExported() {
			t.Errorf("Reporter.%s is exported: a caller could set a protected reporter's name", rt.Field(i).Name)
		}
	}
}
