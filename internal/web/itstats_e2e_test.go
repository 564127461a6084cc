package web_test

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/apptest"
)

// TestITYearPageAndCSV: the Interventieteam's 2014 over the demo year, as
// the analyst sees it: graphs 1-6 as SVG bar charts beside their tables,
// every count through the suppression rule (table 3's four mentions of
// GGZ Breburg and graph 6's one yellow case as "<5", green hidden with
// it so that the total does not give the yellow away), no bar for a
// hidden count, the sexes of perpetrators and victims and children present
// as tables, and the CSV export with exactly the page's figures.
func TestITYearPageAndCSV(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	if _, err := a.DemoAccounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadDemoITYear(t.Context()); err != nil {
		t.Fatal(err)
	}
	s := apptest.Serve(t, a)
	ana := s.SignIn(t, "analist")
	// A year or date the page cannot count is named in Dutch by its field.
	for q, want := range map[string]string{"jaar=1999&peildatum=1999-12-31": "Jaar: Kies een jaar tussen 2000 en 2100.",
		"jaar=2014&peildatum=31-12-2014": "Peildatum: Vul de peildatum in als jjjj-mm-dd."} {
		if _, page := ana.Get("/interventieteam/statistiek?" + q); !strings.Contains(page, want) {
			t.Errorf("the year page with %s lacks %q", q, want)
		}
	}
	status, page := ana.Get("/interventieteam/statistiek?jaar=2014&peildatum=2014-12-31")
	if status != http.StatusOK {
		t.Fatalf("page: %d", status)
	}
	if n := strings.Count(page, "<svg"); n != 6 {
		t.Errorf("%d charts, want graphs 1-6", n)
	}
	section := func(id string) string {
		i := strings.Index(page, `<section aria-labelledby="`+id+`-titel"`)
		if i < 0 {
			t.Fatalf("no section %s", id)
		}
		rest := page[i:]
		return rest[:strings.Index(rest, "</section>")]
	}
	for id, want := range map[string][]string{
		"tabel-1": {"Intensieve fase", ">32<", ">58,2%<", ">55<"},
		"tabel-3": {"GGZ Breburg", "&lt;5", "Maatschappelijk werk", ">17<"},
		"tabel-4": {"Met respect behandeld", ">8,8<", "Geëvalueerde netwerkberaden: 6."},
		"tabel-5": {"Eigen bijdrage aan het proces", "Eindoordeel"},
		// Problem areas by the catalogue's words, not itteam's codes.
		"grafiek-4": {"Psychische gesteldheid", "Financiën"},
		"duur":      {">122,0<", ">5,0<", ">230,0<"},
		"grafiek-6": {"Geel", "&lt;5", ">x<"},
		"mic":       {">2014<", "&lt;5", ">2013<", ">7<"},
		"ccb":       {">2014<", ">5<", ">2013<", "&lt;5"},
		// The seed's 89 % men among the perpetrators and 78 % women among
		// the victims of 55 cases; the three women perpetrators and the
		// three cases left open are small counts, and the victims' nine men
		// are hidden with them (55 - 43 - 0 would give the three away).
		"geslacht": {"Daders: aantal casussen", ">Man<", ">49<", ">89,1%<", ">43<", ">78,2%<", "Niet ingevuld", "&lt;5", "Percentages van de 55 casussen."},
		// The seed's "bij 78% van de casussen waren kinderen aanwezig": 43 of
		// 55; the three left open are a small count and the nine without
		// children are hidden with them (55 - 43 would give them away).
		"kinderen": {"Betrokkenheid kinderen", "Kinderen aanwezig", ">43<", ">78,2%<", "Geen kinderen aanwezig", ">x<", "Niet ingevuld", "&lt;5", ">55<"},
	} {
		sec := section(id)
		for _, w := range want {
			if !strings.Contains(sec, w) {
				t.Errorf("%s lacks %q", id, w)
			}
		}
	}
	// Graph 6: one yellow (hidden) and ten green (hidden by the secondary
	// rule): no bar at all.
	if strings.Contains(section("grafiek-6"), "<rect") {
		t.Error("graph 6 draws a bar for a hidden count")
	}
	// Graph 5: every bar of a shown count, the longest the full width.
	if g5 := section("grafiek-5"); !strings.Contains(g5, `width="300"`) {
		t.Error("graph 5's largest bar is not the full width")
	}

	code, body := ana.Do("GET", "/interventieteam/statistiek/export.csv?jaar=2014&peildatum=2014-12-31", nil)
	csv := string(body)
	if code != http.StatusOK || !strings.HasPrefix(csv, "\ufeffvan;tot;tabel;rij;kolom;waarde\r\n") {
		t.Fatalf("csv: %d %.80q", code, csv)
	}
	for _, line := range []string{"2014-01-01;2014-12-31;tabel-3;GGZ Breburg;Aantal;<5", "2014-01-01;2014-12-31;tabel-3;Maatschappelijk werk;Aantal;17",
		"2014-01-01;2014-12-31;grafiek-6;Geel;Aantal;<5", "2014-01-01;2014-12-31;grafiek-6;Groen;Aantal;x", "tabel-1;Intensieve fase;Aantal;32",
		"geslacht;Man;Daders: aantal casussen;49", "geslacht;Vrouw;Daders: aantal casussen;<5", "geslacht;Vrouw;Slachtoffers: aantal casussen;43",
		"geslacht;Man;Slachtoffers: aantal casussen;x", "geslacht;Niet ingevuld;Slachtoffers: aantal casussen;<5",
		"kinderen;Kinderen aanwezig;Aantal;43", "kinderen;Geen kinderen aanwezig;Aantal;x", "kinderen;Niet ingevuld;Aantal;<5"} {
		if !strings.Contains(csv, line) {
			t.Errorf("csv lacks %q", line)
		}
	}
	if strings.Contains(csv, "grafiek-6;Groen;Aantal;10") || strings.Contains(csv, "tabel-3;GGZ Breburg;Aantal;4") ||
		strings.Contains(csv, "geslacht;Man;Slachtoffers: aantal casussen;9") || strings.Contains(csv, "kinderen;Geen kinderen aanwezig;Aantal;9") {
		t.Error("the CSV carries a count the page hides")
	}
	if status, _ := s.SignIn(t, "interventieteam").Get("/interventieteam/statistiek/export.csv?jaar=2014"); status != http.StatusForbidden {
		t.Errorf("an IT worker downloads the year's figures: %d", status)
	}
}
