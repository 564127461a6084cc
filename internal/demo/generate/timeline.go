package generate

import (
	"math/rand/v2"
	"slices"
	"time"

	"toren/internal/reports"
	"toren/internal/toren"
)

// homesFor draws where the mother (and the children) lived over the
// period, the father's home after a separation, and the homes of adult
// children who live on their own.
func (g *Generator) homesFor(f *family, r *rand.Rand) {
	S, E := g.startDay, g.endDay
	first := g.newAddress(r, -1)
	f.homes[0] = residence{from: S.AddDate(-40, 0, 0), addr: first}
	f.nHomes = 1
	var moves [3]toren.Date
	n := pick(r, 0.6, 0.3, 0.1)
	for k := 0; k < n; k++ {
		moves[k] = randDay(r, S, E.AddDays(-1))
	}
	if !f.separated.IsZero() && f.separated.After(S) && r.Float64() < 0.4 {
		moves[n] = f.separated.AddDays(r.IntN(30))
		n++
	}
	ms := moves[:n]
	slices.SortFunc(ms, func(x, y toren.Date) int { return x.Time().Compare(y.Time()) })
	for _, d := range ms {
		if f.nHomes == maxHomes || !d.Before(E) || !d.After(f.homes[f.nHomes-1].from) {
			continue
		}
		f.homes[f.nHomes] = residence{from: d, addr: g.newAddress(r, f.homes[f.nHomes-1].addr.place)}
		f.nHomes++
	}
	if !f.separated.IsZero() {
		f.bHome = g.newAddress(r, first.place)
	}
	if f.members[slotGrandma].ID != 0 {
		f.members[slotGrandma].home = g.newAddress(r, first.place)
	}
	if f.kind == kindElder {
		for c := 0; c < f.nChildren; c++ {
			m := &f.members[slotChild+c]
			if slotChild+c != f.perpChild || r.Float64() < 0.6 {
				m.livesApart = true
				m.home = g.newAddress(r, first.place)
			}
		}
	}
}

// episodes draws the incidents and the reports about each: usually one,
// sometimes two or three from different reporters within three weeks.
func (g *Generator) episodes(f *family, r *rand.Rand) {
	S, E := g.startDay, g.endDay
	lo, last := S, E.AddDays(-1)
	switch f.kind {
	case kindChildAbuse:
		kid := &f.members[f.abusedChild(S, E)]
		lo = maxDate(lo, kid.born.AddDays(30))
		if adult := kid.born.AddDate(18, 0, -1); adult.Before(last) {
			last = adult
		}
	case kindChildToParent:
		lo = maxDate(lo, f.members[f.perpChild].born.AddDate(12, 0, 0))
	}
	if lo.After(last) {
		lo = last
	}
	nEp := 1
	for nEp < maxEpisodes && r.Float64() < 1.0/3 {
		nEp++
	}
	var days [maxEpisodes]toren.Date
	for k := 0; k < nEp; k++ {
		days[k] = randDay(r, lo, last)
	}
	ds := days[:nEp]
	slices.SortFunc(ds, func(x, y toren.Date) int { return x.Time().Compare(y.Time()) })
	for ep, day := range ds {
		inc, victimB, abuser := g.incidentOn(f, r, day)
		nRep := 1 + pick(r, 0.70, 0.23, 0.07)
		var used [3]reports.ReporterKind
		for k := 0; k < nRep; k++ {
			d := day
			if k > 0 {
				d = day.AddDays(r.IntN(21))
			}
			if d.After(last) {
				if f.kind != kindChildAbuse {
					continue // after the end of the period
				}
				d = last // while the child is still a minor
			}
			kind := g.reporterKind(f, r, d, used[:k])
			used[k] = kind
			f.events[f.nEvents] = event{
				at: timeOfDay(r, d, kind), day: d, reporter: kind, incident: inc,
				episode: uint8(ep), victimB: victimB, abuser: abuser,
			}
			f.nEvents++
		}
	}
	evs := f.events[:f.nEvents]
	slices.SortStableFunc(evs, func(x, y event) int { return x.at.Compare(y.at) })
}

func (g *Generator) incidentOn(f *family, r *rand.Rand, day toren.Date) (inc incident, victimB bool, abuser uint8) {
	switch f.kind {
	case kindChildAbuse:
		abuser = uint8(pick(r, 0.45, 0.35, 0.2))
		return incChildAbuse, false, abuser
	case kindChildToParent:
		return incChildToParent, false, 0
	case kindElder:
		return incElder, false, 0
	}
	victimB = r.Float64() < 0.15
	switch {
	case f.separated.IsZero() || day.Before(f.separated):
		return incPartner, victimB, 0
	case !f.newFrom.IsZero() && !day.Before(f.newFrom) && r.Float64() < 0.4:
		return incNewPartner, victimB, 0
	}
	return incExPartner, victimB, 0
}

// reporterKinds and their shares follow the CBS figures for reports
// received in 2023 (police 85,590 of 127,340; see domain.md §6.2). The
// CBS rest group "other organisation" is split over social care, justice
// and other organisations.
var reporterKinds = [...]reports.ReporterKind{
	reports.ReporterPolice, reports.ReporterHealthCare, reports.ReporterEducation, reports.ReporterYouthCare,
	reports.ReporterMentalHealth, reports.ReporterChildcare, reports.ReporterSchoolAttendance, reports.ReporterVTOtherRegion,
	reports.ReporterVTCustom, reports.ReporterCitizen, reports.ReporterSocialCare, reports.ReporterJustice, reports.ReporterOtherOrg,
}

var reporterShares = [...]float64{0.672, 0.082, 0.042, 0.021, 0.017, 0.005, 0.0012, 0.006, 0.001, 0.080, 0.040, 0.012, 0.0218}

// reporterKind draws who reports, redrawing kinds that cannot know the
// family (a school without a school-age child) or already reported this
// episode; the police may report twice (a second call-out).
func (g *Generator) reporterKind(f *family, r *rand.Rand, day toren.Date, used []reports.ReporterKind) reports.ReporterKind {
	for try := 0; try < 8; try++ {
		k := reporterKinds[pickArr(r, reporterShares[:])]
		if k != reports.ReporterPolice && slices.Contains(used, k) {
			continue
		}
		switch k {
		case reports.ReporterEducation:
			if !f.hasChildAged(day, 4, 18) {
				continue
			}
		case reports.ReporterSchoolAttendance:
			if !f.hasChildAged(day, 5, 18) {
				continue
			}
		case reports.ReporterChildcare:
			if !f.hasChildAged(day, 0, 12) {
				continue
			}
		}
		return k
	}
	return reports.ReporterPolice
}

// abusedChild returns the slot of the youngest child who is a minor for
// at least half a year of the period and was born half a year before its
// end, or -1 when there is none.
func (f *family) abusedChild(start, end toren.Date) int {
	for c := f.nChildren - 1; c >= 0; c-- {
		m := &f.members[slotChild+c]
		if !m.born.After(end.AddDays(-180)) && m.born.AddDate(18, 0, 0).After(start.AddDays(180)) {
			return slotChild + c
		}
	}
	return -1
}

func (f *family) hasChildAged(day toren.Date, lo, hi int) bool {
	for c := 0; c < f.nChildren; c++ {
		m := &f.members[slotChild+c]
		if m.born.After(day) || m.livesApart {
			continue
		}
		if a := m.born.AgeOn(day); a >= lo && a < hi {
			return true
		}
	}
	return false
}

// homeOn returns the index of the mother's home on day.
func (f *family) homeOn(day toren.Date) int {
	h := 0
	for k := 1; k < f.nHomes; k++ {
		if !day.Before(f.homes[k].from) {
			h = k
		}
	}
	return h
}

// timeOfDay picks when on day a report arrives: the police mostly in the
// evening and at night, others in office hours.
func timeOfDay(r *rand.Rand, d toren.Date, kind reports.ReporterKind) time.Time {
	h := 8 + r.IntN(9)
	if (kind == reports.ReporterPolice || kind == reports.ReporterCitizen) && r.Float64() < 0.65 {
		h = (17 + r.IntN(12)) % 24
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, r.IntN(60), r.IntN(60), 0, toren.Amsterdam)
}
