package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The interface's words come from one catalogue per language
// (internal/web/text_nl*.go): Dutch written in Go anywhere else is a
// sentence a page, an API answer or a document shows without the
// catalogue knowing it. This test finds a string literal that reads as
// Dutch (it holds one of a few Dutch function words) in the module's Go
// code outside internal/web and outside the files allowed below, each for
// its reason: Dutch that is recorded (stored with what it describes, so
// it keeps the words it was written with), a document's own text, or
// data. Tests are not scanned: they assert the Dutch the code
// shows.

// dutchWords are words that mark a literal as Dutch: common Dutch function
// words that are not English words, with the spaces around them (or a
// capital at the start of a sentence), so that part of a name or a code
// does not match ("van" is left out: names have it).
var dutchWords = []string{" de ", " het ", " een ", " niet ", " geen ", " wordt ", " zijn ", " naar ", " voor ", " met ",
	" bij ", " aan ", " u ", " dit ", " deze ", " kan ", " moet ", " en ", " om ", " te ", " op ",
	"De ", "Het ", "Een ", "Geen ", "Vul ", "Kies ", "Dit ", "Deze ", "Er ", "Typ "}

// englishWords mark a literal as English (a developer's message, an
// OpenAPI description) or SQL after all. Words that are Dutch words too
// ("is", "want") are not among them.
var englishWords = []string{" the ", " not ", " must ", " a ", " an ", " of ", " to ", " no ", " has ", " for ", " with ", " and ",
	" are ", " be ", " required", " FROM ", " WHERE ", " JOIN "}

// dutchAllowed are the files outside internal/web that may hold Dutch
// literals, and why. Keep the list short: an entry that no longer holds
// Dutch fails the test, so the list shrinks as the words move.
var dutchAllowed = map[string]string{
	// Recorded words: stored with what they describe (an alert, a signal),
	// or given by the API beside a code, and held equal to the catalogue.
	"internal/escalate/rules.go":            "the alert texts the rules store with the alert (TestEscalationRecordedWords)",
	"internal/cases/case.go":                "a case status's words, written into stored alert texts (TestEscalationRecordedWords)",
	"internal/casework/service_handover.go": "a breach's note, stored with the signal it raises",
	"internal/reports/enums.go":             "reports' words for its code lists, used by the statistics and stored alert texts (TestReportsRecordedWords)",
	"internal/itteam/stats.go":              "the children rows' labels the API gives beside their codes; the pages word the codes",
	"internal/itteam/case.go":               "an end reason's words, which itteam writes into the phase change's stored reason (TestITRecordedWords)",
	"internal/itteam/sos.go":                "the evaluation questions' labels the API gives beside their codes (TestITRecordedWords)",
	"internal/itteam/registration.go":       "the problem areas' labels the API gives beside their codes (TestITRecordedWords)",

	// Documents: their own text, worded where they are made.
	"internal/letters/feedback.go":            "the feedback letter's addressee line, filed with the letter as sent (document)",
	"internal/subjectaccess/subjectaccess.go": "the access copy's own sentences (document); its codes are worded through subjectaccess.Words",
	"internal/letters/render.go":              "a letter's title and addressee lines (document)",
	"internal/subjectaccess/pdf.go":           "the access copy's own text (document); its codes are worded through subjectaccess.Words",
	"internal/subjectaccess/redact.go":        "the access copy's own sentences (document); its codes are worded through subjectaccess.Words",

	// Data: the demo's and the conformance suite's people and stories.
	"internal/app/demo.go":                 demoData,
	"internal/app/demoit.go":               demoData,
	"internal/demo/casework.go":            demoData,
	"internal/demo/generate/places.go":     demoData,
	"internal/demo/generate/text.go":       demoData,
	"internal/demo/interventieteam.go":     demoData,
	"internal/demo/itchapter4.go":          demoData,
	"internal/demo/itmic.go":               demoData,
	"internal/demo/ityear.go":              demoData,
	"internal/demo/lisanne.go":             demoData,
	"internal/demo/pregnancy.go":           demoData,
	"internal/store/storetest/casework.go": testData,
	"internal/store/storetest/letters.go":  testData,
	"internal/store/storetest/search.go":   testData,
}

const (
	demoData = "demo data: the demo's persons, reports and notes, as a worker would have typed them"
	testData = "test data of the storage conformance suite"
)

// looksDutch reports whether s reads as a Dutch sentence: three words or
// more, one of them a Dutch function word, none an English one.
func looksDutch(s string) bool {
	if len(strings.Fields(s)) < 3 {
		return false
	}
	t := " " + s + " "
	dutch := slices.ContainsFunc(dutchWords, func(w string) bool {
		if strings.HasPrefix(w, " ") {
			return strings.Contains(t, w)
		}
		return strings.HasPrefix(s, w) || strings.Contains(s, ". "+w) || strings.Contains(s, ": "+w)
	})
	return dutch && !slices.ContainsFunc(englishWords, func(w string) bool { return strings.Contains(t, w) })
}

func TestNoDutchOutsideTheCatalogue(t *testing.T) {
	root := moduleRoot(t)
	found := map[string][]string{} // file -> literals
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "internal/web" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec:
				return false
			case *ast.Field:
				// A struct tag is not text: look at the field's type only.
				if n.Tag != nil {
					return false
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err == nil && looksDutch(s) {
					found[rel] = append(found[rel], s)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files := slices.Sorted(func(yield func(string) bool) {
		for f := range found {
			if !yield(f) {
				return
			}
		}
	})
	for _, f := range files {
		if _, ok := dutchAllowed[f]; !ok {
			t.Errorf("%s writes Dutch outside the catalogue (%d literals), e.g. %q", f, len(found[f]), found[f][0])
		}
	}
	for f, why := range dutchAllowed {
		if _, ok := found[f]; !ok {
			t.Errorf("%s is allowed Dutch (%s) but holds none: take it off the list", f, why)
		}
	}
}

// What the guard takes for Dutch, and what not: a sentence with a Dutch
// function word; not an English message, SQL, a name or a code.
func TestLooksDutch(t *testing.T) {
	for s, want := range map[string]bool{
		"Vul de naam in.":                       true,
		"Deze pagina bestaat niet.":             true,
		"Kies een reden uit de lijst.":          true,
		"samen genoemd in een melding":          true,
		"De datum is ongeldig.":                 true, // "is" is a Dutch word too
		"page %q is not a page number":          false,
		"at least one report is required":       false,
		"SELECT id FROM users u WHERE u.id = ?": false,
		"van der Berg":                          false,
		"case_manager":                          false,
		"Met respect behandeld":                 false, // a label without a function word: found by the catalogue's tests, not here
	} {
		if got := looksDutch(s); got != want {
			t.Errorf("looksDutch(%q) = %v, want %v", s, got, want)
		}
	}
}
