package demo

import (
	"strings"
	"testing"
	"time"

	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Several "now" moments, including early morning and a leap day, because
// the demo dates are computed from now.
var nows = []time.Time{
	time.Date(2026, 3, 14, 9, 30, 0, 0, toren.Amsterdam),
	time.Date(2028, 2, 29, 0, 5, 0, 0, toren.Amsterdam),
	time.Date(2025, 12, 31, 23, 59, 0, 0, time.UTC),
}

func TestSeedValidates(t *testing.T) {
	mun := nl.MustLoadMunicipalities()
	for _, now := range nows {
		v := reports.Validator{Municipalities: mun, Clock: toren.NewFixedClock(now)}
		for _, s := range Seed(now) {
			r := s.Report
			v.Normalize(&r)
			if err := v.Validate(&r); err != nil {
				t.Errorf("now=%v %s: %v", now, s.Key, err)
			}
		}
	}
}

func TestSeedShape(t *testing.T) {
	now := nows[0]
	all := Seed(now)
	if len(all) != 10 {
		t.Fatalf("got %d seed reports, want 10", len(all))
	}
	keys := map[string]bool{}
	refs := map[string]bool{}
	stories := map[string]int{}
	for i, s := range all {
		if !strings.HasPrefix(s.Key, "demo:") || keys[s.Key] {
			t.Errorf("key %q not unique or not demo:", s.Key)
		}
		keys[s.Key] = true
		stories[s.Story]++
		if s.Note == "" {
			t.Errorf("%s: empty note", s.Key)
		}
		if i > 0 && s.Report.ReceivedAt.Before(all[i-1].Report.ReceivedAt) {
			t.Errorf("%s: not in order of receipt", s.Key)
		}
		if s.Report.ReceivedAt.After(now) {
			t.Errorf("%s: received in the future", s.Key)
		}
		if ref := s.Report.ExternalRef; ref != "" {
			if refs[ref] {
				t.Errorf("%s: police reference %s reused", s.Key, ref)
			}
			refs[ref] = true
		}
		if (s.Report.Reporter.Kind == reports.ReporterPolice) != (s.Report.ExternalRef != "") {
			t.Errorf("%s: police reports and only they carry a police reference", s.Key)
		}
	}
	want := map[string]int{"lisanne": 2, "lisanne-gp": 1, "pregnancy": 1, "interventieteam-1": 2, "interventieteam-2": 2, "interventieteam-3": 2}
	for story, n := range want {
		if stories[story] != n {
			t.Errorf("story %s has %d reports, want %d", story, stories[story], n)
		}
	}
}

// The Lisanne reports must be what the story says: same family, mother's
// surname spelled differently, no BSN in the care provider's report, a
// daughter of 11 and twin sons of 4.
func TestLisanneStory(t *testing.T) {
	for _, now := range nows {
		byKey := map[string]reports.Report{}
		for _, s := range Seed(now) {
			byKey[s.Key] = s.Report
		}
		police, care := byKey["demo:lisanne:police"], byKey["demo:lisanne:care"]
		day := toren.DateOf(police.ReceivedAt.In(toren.Amsterdam))

		pm, cm := police.Persons[0], care.Persons[0]
		if pm.Surname == cm.Surname || persons.Fold(pm.Surname) == persons.Fold(cm.Surname) {
			t.Errorf("mother's surname %q vs %q: want a different spelling", pm.Surname, cm.Surname)
		}
		if !persons.FirstNameCompatible(pm.FirstNames, pm.Initials, cm.FirstNames, cm.Initials) || pm.BirthDate != cm.BirthDate {
			t.Errorf("mother not recognisable across reports: %+v / %+v", pm, cm)
		}
		for i, m := range care.Persons {
			if m.BSN != "" {
				t.Errorf("care report persons[%d] has a BSN", i)
			}
		}
		ages := map[int]int{}
		for _, m := range police.Persons {
			if m.BSN == "" && m.Role != reports.RoleWitness {
				t.Errorf("police report: %s without BSN", m.FullName())
			}
			if m.BSN != "" && !nl.ValidBSN(m.BSN) {
				t.Errorf("police report: BSN %s fails the eleven test", m.BSN)
			}
			if m.Role == reports.RoleChild {
				ages[m.BirthDate.AgeOn(day)]++
			}
		}
		if ages[11] != 1 || ages[4] != 2 || len(ages) != 2 {
			t.Errorf("now=%v: children's ages on the report day = %v, want one of 11 and two of 4", now, ages)
		}
		if police.Persons[3].BirthDate != police.Persons[4].BirthDate {
			t.Error("the twins must share a birth date")
		}
	}
}

func TestSeedIsFresh(t *testing.T) {
	a := Seed(nows[0])
	a[0].Report.Persons[0].Surname = "changed"
	b := Seed(nows[0])
	if b[0].Report.Persons[0].Surname == "changed" {
		t.Fatal("Seed returns shared values")
	}
}

func TestTestBSN(t *testing.T) {
	seen := map[string]bool{}
	for n := 0; n < 200; n++ {
		b := testBSN(n)
		if !nl.ValidBSN(b) || !strings.HasPrefix(b, "9999") || seen[b] {
			t.Fatalf("testBSN(%d) = %s: invalid, outside the test range or repeated", n, b)
		}
		seen[b] = true
	}
}
