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
// it keeps the words it was written with), a document's own text, data,
// or messages another change is moving into the catalogue. Tests are not
// scanned: they assert the Dutch the code shows.

// dutchWords are words that mark a literal as Dutch: common Dutch function
// words that are not English words, with the spaces around them (or a
// capital at the start of a sentence), so that part of a name or a code
// does not match.
var dutchWords = []string{" de ", " het ", " een ", " niet ", " geen ", " wordt ", " zijn ", " naar ", " voor ", " van ", " met ",
	" bij ", " aan ", " u ", " dit ", " deze ", " kan ", " moet ", " en ", " om ", " te ", " op ",
	"De ", "Het ", "Een ", "Geen ", "Vul ", "Kies ", "Dit ", "Deze ", "Er ", "Typ "}

// englishWords mark a literal as English (a developer's message, an
// OpenAPI description) or SQL after all.
var englishWords = []string{" the ", " not ", " must ", " a ", " an ", " of ", " to ", " no ", " has ", " for ", " with ", " and ",
	" is ", " are ", " be ", " want ", " required", " FROM ", " WHERE ", " JOIN "}

// dutchAllowed are the files outside internal/web that may hold Dutch
// literals, and why. Keep the list short: an entry that no longer holds
// Dutch fails the test, so the list shrinks as the words move.
var dutchAllowed = map[string]string{}

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
					ast.Inspect(n.Type, func(ast.Node) bool { return true })
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
			for _, l := range found[f] { t.Logf("DUMP %s\t%q", f, l) }
		}
	}
	for f, why := range dutchAllowed {
		if _, ok := found[f]; !ok {
			t.Errorf("%s is allowed Dutch (%s) but holds none: take it off the list", f, why)
		}
	}
}
