package demo

import (
	"reflect"
	"testing"

	"toren/internal/itteam"
	"toren/internal/nl"
	"toren/internal/toren"
)

// The tables of the 2014 evaluation of the Interventieteam (seed S3),
// typed from the report, not from the code.
type row struct {
	label   string
	n       int
	percent int
}

type mean struct {
	label string
	mean  float64
	n     int
}

var (
	seedTable1 = []row{{"Intensieve fase", 32, 58}, {"Monitorfase", 11, 20}, {"Vroegtijdig beëindigd", 12, 22}}
	seedTable2 = []row{{"Monitorfase", 22, 39}, {"Afgesloten", 32, 56}, {"Vroegtijdig beëindigd", 3, 5}}
	seedTable3 = []row{{"Maatschappelijk werk", 17, 26}, {"Jeugdzorg", 17, 26}, {"GGZ WNB", 8, 12}, {"GGZ Breburg", 4, 6},
		{"Het Dok", 3, 5}, {"Sociale dienst", 9, 14}, {"Safegroup Ambulant", 4, 6}, {"Steunpunt Huiselijk Geweld", 4, 6}}
	seedTable4 = map[int][]mean{
		2013: {{"Met respect behandeld", 9.1, 0}, {"Vertrouwen", 8.5, 0}, {"Samenwerking", 9, 0}, {"Zorgen kunnen uiten", 8.8, 0},
			{"Veiligheidsplan", 8.4, 0}, {"Vertrouwen in veiligheid toekomst", 8, 0}},
		2014: {{"Met respect behandeld", 8.8, 0}, {"Vertrouwen", 8.4, 0}, {"Samenwerking", 8.9, 0}, {"Zorgen kunnen uiten", 9, 0},
			{"Veiligheidsplan", 8.5, 0}, {"Vertrouwen in veiligheid toekomst", 6.6, 0}},
	}
	seedTable4Evaluated = map[int]int{2013: 8, 2014: 6}
	seedTable5          = map[int][]mean{
		2013: {{"Informatievoorziening", 7.9, 17}, {"Doelen waren helder", 7.8, 17}, {"Bereikbaarheid medewerker", 8.2, 17}, {"Relatie", 8.1, 15},
			{"Samenwerking", 8.3, 15}, {"Gevaar en zorgen", 8.2, 17}, {"Veiligheidsplan", 7.5, 16}, {"Eigen bijdrage aan het proces", 7.0, 14},
			{"Kinderen", 7.9, 11}, {"Vertrouwen", 8.1, 12}, {"Veiligheid", 7.2, 14}, {"Hulp in de toekomst", 8.6, 15}, {"Eindoordeel", 8.2, 13}},
		2014: {{"Informatievoorziening", 8.3, 11}, {"Doelen waren helder", 8.1, 11}, {"Bereikbaarheid medewerker", 8.8, 11}, {"Relatie", 8.9, 9},
			{"Samenwerking", 8.5, 11}, {"Gevaar en zorgen", 7.9, 10}, {"Veiligheidsplan", 8.7, 10}, {"Eigen bijdrage aan het proces", 8.4, 8},
			{"Kinderen", 8.2, 6}, {"Vertrouwen", 8.9, 9}, {"Veiligheid", 8.8, 10}, {"Hulp in de toekomst", 8.9, 9}, {"Eindoordeel", 9.1, 9}},
	}
	seedTable5Evaluated = map[int]int{2013: 17, 2014: 11}
	// Chapter 2, "Verdeling mannen/vrouwen": "Van de nieuwe casussen in
	// 2014 was 89% van de (vermoedelijke) daders een man, 5% was vrouw. Van
	// de slachtoffers was 78% vrouw en 16% man. [...] Voor 5% van de
	// casussen zijn deze onderwerpen niet ingevuld." The report gives
	// percentages only, of the 55 new cases; X is not mentioned (0).
	seedPerpetratorSexes = map[string]int{"Man": 89, "Vrouw": 5, "X": 0}
	seedVictimSexes      = map[string]int{"Vrouw": 78, "Man": 16, "X": 0}
	seedSexesMissing     = 5
	// The same paragraph: "Bij 78% van de casussen waren kinderen aanwezig
	// in de gezinssituatie. Voor 5% van de casussen zijn deze onderwerpen
	// niet ingevuld". The share without children is not given.
	seedChildrenPresent = 78
	seedChildrenMissing = 5
)

func sameRows(t *testing.T, table string, got []itteam.Count, want []row) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows %+v, want %d", table, len(got), got, len(want))
		return
	}
	for i, w := range want {
		if g := got[i]; g.Label != w.label || g.N != w.n || g.Percent != w.percent {
			t.Errorf("%s row %d: %s %d (%d%%), want %s %d (%d%%)", table, i+1, g.Label, g.N, g.Percent, w.label, w.n, w.percent)
		}
	}
}

func sameMeans(t *testing.T, table string, got []itteam.Mean, want []mean) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", table, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Label != w.label || g.Mean != w.mean || (w.n > 0 && g.N != w.n) {
			t.Errorf("%s row %d: %s %.1f (n %d), want %s %.1f (n %d)", table, i+1, g.Label, g.Mean, g.N, w.label, w.mean, w.n)
		}
	}
}

func TestITYearGivesTheEvaluationsTables(t *testing.T) {
	all := ITYear([2]itteam.Worker{{ID: 1, Name: "Ilse Smit"}, {ID: 2, Name: "Ahmed Bakr"}}, itteam.Worker{ID: 3, Name: "Cas Jansen"})
	CheckITYear(t, all)
	// What the store keeps for the statistics (the compact facts, written
	// and read back) gives the same tables.
	for _, year := range []int{2013, 2014} {
		asOf := toren.NewDate(year, 12, 31)
		tally := itteam.NewTally(year, asOf)
		var f itteam.Facts
		for i := range all {
			in := all[i].Facts()
			if err := itteam.ParseFacts(itteam.AppendFacts(nil, &in), &f); err != nil {
				t.Fatal(err)
			}
			tally.Add(&f)
		}
		if got, want := tally.Stats(), itteam.Statistics(all, year, asOf); !reflect.DeepEqual(got, want) {
			t.Errorf("%d from the stored facts:\n%+v\nwant\n%+v", year, got, want)
		}
	}
}

// CheckITYear compares the statistics over all with the seed's tables,
// cell by cell.
func CheckITYear(t *testing.T, all []itteam.Case) {
	t.Helper()
	st := itteam.Statistics(all, 2014, toren.NewDate(2014, 12, 31))
	sameRows(t, "table 1", st.New.Rows, seedTable1)
	if st.New.Total != 55 {
		t.Errorf("table 1 total %d, want 55", st.New.Total)
	}
	sameRows(t, "table 2", st.Continuing.Rows, seedTable2)
	if st.Continuing.Total != 57 || st.EndedBefore != 4 {
		t.Errorf("table 2 total %d and %d ended in 2013, want 57 and 4", st.Continuing.Total, st.EndedBefore)
	}
	// The report lists table 3 in an order of its own; Toren puts the most
	// named first. Each organisation's cell must match.
	byLabel := map[string]itteam.Count{}
	for _, r := range st.Providers.Rows {
		byLabel[r.Label] = r
	}
	if len(byLabel) != len(seedTable3) {
		t.Errorf("table 3: %d organisations, want %d", len(byLabel), len(seedTable3))
	}
	for _, w := range seedTable3 {
		if g := byLabel[w.label]; g.N != w.n || g.Percent != w.percent {
			t.Errorf("table 3 %s: %d (%d%%), want %d (%d%%)", w.label, g.N, g.Percent, w.n, w.percent)
		}
	}
	if st.Providers.Total != 66 || st.Providers.CasesFilled != 33 {
		t.Errorf("table 3: %d mentions in %d cases, want 66 in 33", st.Providers.Total, st.Providers.CasesFilled)
	}
	if d := st.Intensive; d.N != 11 || d.Mean != 122 || d.Min != 5 || d.Max != 230 {
		t.Errorf("intensive phase %+v, want 11 with mean 122, min 5, max 230", d)
	}
	for _, c := range st.ColourEnd {
		want := map[string]int{"Groen": 10, "Geel": 1}[c.Label]
		if c.N != want {
			t.Errorf("colour at the end %s: %d, want %d", c.Label, c.N, want)
		}
	}
	for side, want := range map[string]map[string]int{"perpetrators": seedPerpetratorSexes, "victims": seedVictimSexes} {
		d := map[string]itteam.SexDistribution{"perpetrators": st.Sexes.Perpetrators, "victims": st.Sexes.Victims}[side]
		if d.Cases != 55 || d.MissingPercent() != seedSexesMissing {
			t.Errorf("sexes of the %s: %d cases, %d%% left open; want 55 and %d%%", side, d.Cases, d.MissingPercent(), seedSexesMissing)
		}
		if len(d.Rows) != len(want) {
			t.Errorf("sexes of the %s: rows %+v, want %v", side, d.Rows, want)
		}
		for _, r := range d.Rows {
			if p, ok := want[r.Label]; !ok || r.Percent != p {
				t.Errorf("sexes of the %s, %s: %d%%, want %d%%", side, r.Label, r.Percent, p)
			}
		}
	}
	if ch := st.Children; ch.Cases != 55 || ch.MissingPercent() != seedChildrenMissing || len(ch.Rows) != 2 ||
		ch.Rows[0].Code != "yes" || ch.Rows[0].Percent != seedChildrenPresent {
		t.Errorf("children present: %+v, %d%% left open; want %d%% of 55 cases, %d%% left open", ch, ch.MissingPercent(), seedChildrenPresent, seedChildrenMissing)
	}
	for _, year := range []int{2013, 2014} {
		ys := itteam.Statistics(all, year, toren.NewDate(year, 12, 31))
		if ys.Meetings.Evaluated != seedTable4Evaluated[year] {
			t.Errorf("table 4 %d: %d meetings evaluated, want %d", year, ys.Meetings.Evaluated, seedTable4Evaluated[year])
		}
		sameMeans(t, "table 4 "+itoa(year), ys.Meetings.Rows, seedTable4[year])
		if ys.Clients.Evaluated != seedTable5Evaluated[year] {
			t.Errorf("table 5 %d: %d cases evaluated, want %d", year, ys.Clients.Evaluated, seedTable5Evaluated[year])
		}
		sameMeans(t, "table 5 "+itoa(year), ys.Clients.Rows, seedTable5[year])
	}
}

func itoa(y int) string { return toren.NewDate(y, 1, 1).String()[:4] }

// Every care provider a demo IT case names is an organisation of the
// demo's partner catalogue, and every partner of it is valid.
func TestITYearProvidersAreCatalogueEntries(t *testing.T) {
	mun := nl.MustLoadMunicipalities()
	names := map[string]bool{}
	for _, p := range ITPartners() {
		p.Normalize(mun)
		if err := p.Validate(mun); err != nil {
			t.Errorf("partner %s: %v", p.Name, err)
		}
		names[p.Name] = true
	}
	for _, c := range ITYear([2]itteam.Worker{{ID: 1}, {ID: 2}}, itteam.Worker{ID: 3}) {
		for _, name := range c.Registration.CareProviders {
			if !names[name] {
				t.Errorf("%s names %q, not in the demo partner catalogue", c.Family, name)
			}
		}
	}
}
