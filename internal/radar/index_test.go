package radar

import (
	"fmt"
	"sync"
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

func TestIndexCandidatesUnderDamage(t *testing.T) {
	ix := NewIndex(0)
	for _, in := range newSynth(5).inputs(20_000) {
		in.ID += 1_000_000
		ix.Add(NewRecord(in))
	}
	target := Input{ID: 1, FirstNames: "Jan Pieter", Particle: "van der", Surname: "Berg-Jansen", BirthDate: toren.MustDate("1979-04-12"),
		Sex: reports.SexMale, BSN: "123456782", Postcode: "1234AB", HouseNumber: "7", Street: "Lindelaan", City: "Delft", Phone: "0611111111"}
	ix.Add(NewRecord(target))
	if ix.Len() != 20_001 {
		t.Fatalf("Len = %d", ix.Len())
	}
	// Each query keeps little of the target: at least one blocking key
	// must still find it.
	queries := map[string]Input{
		"BSN only":                      {BSN: "123456782"},
		"phone only":                    {Phone: "+31 6 1111 1111"},
		"surname typo":                  {FirstNames: "Jan", Surname: "van der Brg", BirthDate: toren.MustDate("1979-04-12")},
		"surname changed":               {FirstNames: "Jan", Surname: "Smit", BirthDate: toren.MustDate("1979-04-12")},
		"given name changed":            {FirstNames: "Piet", Surname: "Berg", BirthDate: toren.MustDate("1979-04-12")},
		"date typo":                     {FirstNames: "Jan", Surname: "van der Berg", BirthDate: toren.MustDate("1979-04-13")},
		"no date":                       {FirstNames: "Jan", Surname: "Berg"},
		"age only":                      {Surname: "Berg", Age: ptr(45), AgeOn: toren.MustDate("2025-01-01")},
		"written together":              {Surname: "Vanderberg", BirthDate: toren.MustDate("1979-04-12")},
		"second part of a double name":  {Surname: "Jansen", BirthDate: toren.MustDate("1979-05-12")},
		"swapped names, no date":        {FirstNames: "Berg", Surname: "Jan"},
		"swapped names":                 {FirstNames: "Berg", Surname: "Jan", BirthDate: toren.MustDate("1979-04-12")},
		"address only":                  {Postcode: "1234 ab", HouseNumber: "7"},
		"street without postcode":       {Street: "Lindelaan", HouseNumber: "7", City: "Delft"},
		"moved within postcode, no nr.": {Surname: "Berg", Postcode: "1234AB"},
	}
	for name, in := range queries {
		found := false
		for _, c := range ix.Candidates(NewRecord(in)) {
			found = found || c.ID == 1
		}
		if !found {
			t.Errorf("%s: target not among the candidates", name)
		}
	}
	// A query sharing no key finds nothing of the target.
	for _, c := range ix.Candidates(NewRecord(Input{FirstNames: "Zwaantje", Surname: "Oosterhuis"})) {
		if c.ID == 1 {
			t.Error("unrelated query found the target")
		}
	}
}

func TestIndexRoundTrip(t *testing.T) {
	ix := NewIndex(0)
	in := NewRecord(Input{ID: 42, FirstNames: "Lisa", Initials: "L.M.", Particle: "de", Surname: "Vries-Jansen",
		BirthDate: toren.MustDate("2001-02-03"), Sex: reports.SexX, BSN: "111222333", Postcode: "1234AB",
		HouseNumber: "1-a", Street: "Dorpsstraat", City: "Ede", Municipality: "GM0228", Phone: "0612345678"})
	ix.Add(in)
	got := ix.Candidates(in)
	if len(got) != 1 || got[0] != in {
		t.Fatalf("Candidates = %+v, want [%+v]", got, in)
	}
}

func TestIndexMaxBlock(t *testing.T) {
	ix := NewIndex(50)
	for i := 0; i < 500; i++ {
		ix.Add(NewRecord(Input{ID: int64(i), Surname: "Jansen", BirthDate: toren.MustDate("1980-01-01")}))
	}
	q := NewRecord(Input{Surname: "Jansen", BirthDate: toren.MustDate("1980-01-01")})
	got := ix.Candidates(q)
	// Two keys (surname + year, date + surname initial), 50 each, newest
	// first: the same 50 records.
	if len(got) != 50 {
		t.Fatalf("got %d candidates, want 50", len(got))
	}
	for _, c := range got {
		if c.ID < 450 {
			t.Errorf("candidate %d is not among the newest", c.ID)
		}
	}
}

func TestIndexConcurrentUse(t *testing.T) {
	ix := NewIndex(0)
	m, err := NewMatcher(ix, DefaultModel(), DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	people := newSynth(6).inputs(2000)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, in := range people {
			ix.Add(NewRecord(in))
		}
	}()
	go func() {
		defer wg.Done()
		for _, in := range people {
			m.Match(NewRecord(in))
		}
	}()
	wg.Wait()
	for _, in := range people[:50] {
		if dec, _ := m.Resolve(NewRecord(in)); dec.Outcome != OutcomeLink || dec.Candidate.ID != in.ID {
			t.Errorf("person %d resolved to %+v", in.ID, dec)
		}
	}
}

// The index packs records; every field must come back as it went in,
// including the rare ones it keeps beside the entries (an id beyond 32
// bits, a negative id, a range of birth years) and its own arena strings.
func TestIndexRecordRoundTrip(t *testing.T) {
	ix := NewIndex(0)
	want := []Record{
		NewRecord(Input{ID: 1 << 40, FirstNames: "Jan Pieter", Particle: "van der", Surname: "Berg-Jansen",
			BirthDate: toren.MustDate("1979-04-12"), Sex: reports.SexMale, BSN: "123456782", Postcode: "1234AB",
			HouseNumber: "7a", Street: "Lindelaan", City: "Delft", Municipality: "GM0503", Phone: "0611111111"}),
		NewRecord(Input{ID: -3, FirstNames: "Fleur", Surname: "Berg", Age: ptr(7), AgeOn: toren.MustDate("2025-01-01"),
			Sex: reports.SexFemale, NationalID: "X12345", Postcode: "1234AB", HouseNumber: "7a"}),
		NewRecord(Input{ID: 12, Initials: "H.W.", Surname: "Molen"}),
	}
	for _, r := range want {
		ix.Add(r)
	}
	for i, r := range want {
		if got := ix.record(uint32(i)); got != r {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got, r)
		}
	}
	if n := ix.Remove(1 << 40); n != 1 {
		t.Errorf("Remove(1<<40) = %d, want 1", n)
	}
	for _, c := range ix.Candidates(want[1]) {
		if c.ID == 1<<40 {
			t.Error("a removed record is still a candidate")
		}
	}
}

// TestIndexLongChainsDatedQuery: the keys of common names grow with the
// registry past the cap on the records read per key. A query with a date
// of birth still finds, among many namesakes older and newer, the record
// with a typo in the year and the record without a date (older than the
// namesakes: the keys without a year, read newest first, missed both),
// and the record with a typo in the day among the newest of a surname
// and year that more namesakes than the cap share.
func TestIndexLongChainsDatedQuery(t *testing.T) {
	ix := NewIndex(5)
	jan := func(id int64, birth string) Input {
		in := Input{ID: id, FirstNames: "Jan", Particle: "de", Surname: "Jong", Sex: reports.SexMale}
		if birth != "" {
			in.BirthDate = toren.MustDate(birth)
		}
		return in
	}
	ix.Add(NewRecord(jan(1, "1979-04-12")))
	ix.Add(NewRecord(jan(2, "")))
	// Namesakes: twelve born in 1979 on dates no typo away from the
	// targets', forty in other years.
	for i := range 40 {
		ix.Add(NewRecord(jan(int64(200+i), fmt.Sprintf("%d-11-2%d", 1940+i, i%9))))
	}
	for i := range 12 {
		if i == 9 {
			ix.Add(NewRecord(jan(3, "1979-06-03")))
		}
		ix.Add(NewRecord(jan(int64(100+i), fmt.Sprintf("1979-1%d-2%d", i%3, i%9))))
	}
	for name, c := range map[string]struct {
		birth string
		want  int64
	}{
		"typo in the year": {"1978-04-12", 1},
		"record undated":   {"1985-07-01", 2},
		"typo in the day":  {"1979-06-08", 3},
		// The undated record found by a query with initials only, and by
		// one with another given name of the same initial.
		"record undated, query initials only": {"1985-07-01", -2},
		"record undated, other given name":    {"1985-07-01", -22},
	} {
		in := jan(0, c.birth)
		switch c.want {
		case -2:
			in.FirstNames, in.Initials, c.want = "", "J.", 2
		case -22:
			in.FirstNames, c.want = "Johannes", 2
		}
		found := false
		for _, r := range ix.Candidates(NewRecord(in)) {
			found = found || r.ID == c.want
		}
		if !found {
			t.Errorf("%s: record %d not among the candidates", name, c.want)
		}
	}
}
