package generate

import (
	"fmt"
	"math/rand/v2"

	"toren/internal/reports"
	"toren/internal/toren"
)

// chosen is a family member named in a report, with their role in it.
type chosen struct {
	slot int
	role reports.Role
}

// render writes event e of the family in s as the reporter would have
// written it, from the event's own random stream.
func (g *Generator) render(s *state, e int) GeneratedReport {
	f := &s.fam
	ev := &f.events[e]
	key := uint64(f.index)*maxEvents + uint64(e)
	s.evSrc.Seed(mix(g.cfg.Seed^mix(key^0x2545f4914f6cdd1d)), mix(key+0x9e3779b97f4a7c15))
	r := s.evRand
	prof := profileFor(ev.reporter)

	var sel [slotsPerFamily]chosen
	n := g.selectPersons(f, r, ev, &sel)

	out := GeneratedReport{
		Key:     fmt.Sprintf("gen:%d:%d:%d", g.cfg.Seed, f.index, e),
		Family:  f.index,
		TrueIDs: make([]int64, n),
		Noise:   make([]Noise, n),
	}
	rep := &out.Report
	rep.Persons = make([]reports.Mention, n)
	kids := 0
	for i := 0; i < n; i++ {
		rep.Persons[i], out.Noise[i] = g.mention(f, r, &prof, ev, sel[i].slot, sel[i].role)
		out.TrueIDs[i] = f.members[sel[i].slot].ID
		if sel[i].role == reports.RoleChild {
			kids++
		}
	}

	home := f.homes[f.homeOn(ev.day)].addr
	pl := &g.places[home.place]
	rep.Kind = reports.KindReport
	rep.ReceivedAt = ev.at
	rep.Municipality = pl.code
	rep.Reporter = g.reporter(r, ev.reporter, pl, f)
	if ev.reporter == reports.ReporterPolice {
		rep.Channel = reports.ChannelImport
		// A registration number per report, unique across the population:
		// a bijection of (family, event) below 10^8.
		seq := (key*48_271 + 12_345) % 100_000_000
		rep.ExternalRef = fmt.Sprintf("PL%02d00-%d%08d", pl.unitCode, ev.at.Year(), seq)
		rep.Acute = r.Float64() < 0.15
	} else {
		rep.Channel = channelFor(r, ev.reporter)
		rep.Acute = r.Float64() < 0.04
	}
	rep.ChildrenPresent = reports.No
	if f.kidsAtHome(ev.day) > 0 {
		rep.ChildrenPresent = reports.Yes
	}
	if ev.reporter != reports.ReporterPolice && r.Float64() < 0.3 {
		rep.ChildrenPresent = reports.Unknown
	}
	rep.ViolenceTypes, rep.Natures = violence(r, ev.incident, kids > 0)
	rep.Description = describe(r, f, ev, sel[:n], kids, rep.Reporter)
	return out
}

// selectPersons decides who the report names and in which role: the
// police name the whole household, a school the pupil and the parents, a
// neighbour the two who fight. It returns the number chosen.
func (g *Generator) selectPersons(f *family, r *rand.Rand, ev *event, sel *[slotsPerFamily]chosen) int {
	n := 0
	add := func(slot int, role reports.Role) {
		m := &f.members[slot]
		if m.ID == 0 || m.born.After(ev.day) {
			return
		}
		for i := 0; i < n; i++ {
			if sel[i].slot == slot {
				return
			}
		}
		sel[n] = chosen{slot, role}
		n++
	}
	perpP, kidP, extraP := 0.85, 0.6, 0.2
	school := false
	switch ev.reporter {
	case reports.ReporterPolice:
		perpP, kidP, extraP = 1, 0.95, 0.5
	case reports.ReporterEducation, reports.ReporterChildcare, reports.ReporterSchoolAttendance:
		perpP, kidP, extraP, school = 0.7, 0.9, 0.05, true
	case reports.ReporterYouthCare:
		perpP, kidP, extraP = 0.9, 1, 0.3
	case reports.ReporterCitizen:
		perpP, kidP, extraP = 0.8, 0.4, 0.1
	}
	bHome := f.members[slotB].ID != 0 && (f.separated.IsZero() || ev.day.Before(f.separated))
	newHome := !f.newFrom.IsZero() && !ev.day.Before(f.newFrom)
	perp := func(slot int) {
		if r.Float64() >= perpP {
			return
		}
		if school && slot <= slotB && r.Float64() < 0.4 {
			add(slot, reports.RoleParent) // the school does not know who hits
			return
		}
		add(slot, reports.RolePerpetrator)
	}
	// kids names the children living at home; with force at least one
	// minor, because a report about child abuse must name the child.
	kids := func(force bool) {
		minor := -1
		for c := 0; c < f.nChildren; c++ {
			slot := slotChild + c
			m := &f.members[slot]
			if m.born.After(ev.day) || m.livesApart || slot == f.perpChild && f.kind >= kindChildToParent {
				continue
			}
			if m.born.AgeOn(ev.day) >= 18 {
				if r.Float64() < extraP {
					add(slot, reports.RoleWitness)
				}
				continue
			}
			if r.Float64() < kidP {
				add(slot, reports.RoleChild)
				force = false
			} else if minor < 0 {
				minor = slot
			}
		}
		if force && minor >= 0 {
			add(minor, reports.RoleChild)
		}
	}

	switch ev.incident {
	case incPartner, incExPartner, incNewPartner:
		victim, offender := slotA, slotB
		if ev.incident == incNewPartner {
			offender = slotNewPartner
		}
		if ev.victimB {
			victim, offender = offender, victim
		}
		add(victim, reports.RoleVictim)
		perp(offender)
		kids(false)
	case incChildAbuse:
		father := slotB
		if !bHome && newHome && r.Float64() < 0.6 {
			father = slotNewPartner
		}
		kids(true)
		switch ev.abuser {
		case 0:
			perp(father)
			if r.Float64() < 0.8 {
				add(slotA, reports.RoleParent)
			}
		case 1:
			perp(slotA)
			if bHome && r.Float64() < 0.6 {
				add(slotB, reports.RoleParent)
			}
		default:
			perp(slotA)
			perp(father)
		}
	case incChildToParent:
		add(slotA, reports.RoleVictim)
		perp(f.perpChild)
		if bHome && r.Float64() < 0.7 {
			role := reports.RoleParent
			if r.Float64() < 0.5 {
				role = reports.RoleVictim
			}
			add(slotB, role)
		}
		kids(false)
	case incElder:
		add(slotA, reports.RoleVictim)
		perp(f.perpChild)
		if f.members[slotB].ID != 0 && r.Float64() < 0.6 {
			add(slotB, reports.RoleOther)
		}
		for c := 0; c < f.nChildren; c++ {
			if slot := slotChild + c; slot != f.perpChild && r.Float64() < extraP {
				add(slot, reports.RoleInformant)
			}
		}
	}
	if ev.incident <= incChildAbuse && r.Float64() < extraP*0.25 {
		add(slotGrandma, reports.RoleOther)
	}
	return n
}

// kidsAtHome counts the minor children living with the mother on day.
func (f *family) kidsAtHome(day toren.Date) int {
	k := 0
	for c := 0; c < f.nChildren; c++ {
		m := &f.members[slotChild+c]
		if !m.born.After(day) && !m.livesApart && m.born.AgeOn(day) < 18 {
			k++
		}
	}
	return k
}

func channelFor(r *rand.Rand, k reports.ReporterKind) reports.Channel {
	if k == reports.ReporterCitizen {
		return [...]reports.Channel{reports.ChannelPhone, reports.ChannelPhone, reports.ChannelPhone, reports.ChannelChat, reports.ChannelWeb}[r.IntN(5)]
	}
	switch pick(r, 0.55, 0.2, 0.15, 0.03, 0.07) {
	case 0:
		return reports.ChannelPhone
	case 1:
		return reports.ChannelWeb
	case 2:
		return reports.ChannelEmail
	case 3:
		return reports.ChannelLetter
	}
	return reports.ChannelChat
}

// violence draws the kinds and nature of the violence of an incident.
func violence(r *rand.Rand, inc incident, kids bool) ([]reports.ViolenceType, []reports.Nature) {
	var t reports.ViolenceType
	var natures []reports.Nature
	var weights []float64
	switch inc {
	case incPartner, incNewPartner:
		t = reports.TypePartner
		natures = []reports.Nature{reports.NaturePhysicalAbuse, reports.NaturePsychologicalAbuse, reports.NatureThreats,
			reports.NatureDomesticQuarrel, reports.NatureFinancial, reports.NatureStalking}
		weights = []float64{0.45, 0.3, 0.2, 0.3, 0.03, 0.02}
	case incExPartner:
		t = reports.TypeExPartner
		natures = []reports.Nature{reports.NatureThreats, reports.NatureStalking, reports.NaturePsychologicalAbuse, reports.NaturePhysicalAbuse}
		weights = []float64{0.3, 0.3, 0.25, 0.2}
	case incChildAbuse:
		t = reports.TypeChildAbuse
		natures = []reports.Nature{reports.NaturePhysicalAbuse, reports.NaturePsychologicalAbuse, reports.NaturePhysicalNeglect,
			reports.NaturePsychologicalNeglect, reports.NatureSexual}
		weights = []float64{0.3, 0.25, 0.25, 0.15, 0.05}
	case incChildToParent:
		t = reports.TypeChildToParent
		natures = []reports.Nature{reports.NaturePhysicalAbuse, reports.NatureThreats, reports.NaturePsychologicalAbuse, reports.NatureFinancial}
		weights = []float64{0.4, 0.3, 0.2, 0.1}
	default:
		t = reports.TypeElderAbuse
		natures = []reports.Nature{reports.NaturePsychologicalAbuse, reports.NatureFinancial, reports.NaturePhysicalNeglect, reports.NaturePhysicalAbuse}
		weights = []float64{0.3, 0.3, 0.2, 0.2}
	}
	types := []reports.ViolenceType{t}
	if kids && inc != incChildAbuse && inc != incElder && r.Float64() < 0.6 {
		types = append(types, reports.TypeWitnessingDomestic)
	}
	first := pickArr(r, weights)
	out := []reports.Nature{natures[first]}
	if r.Float64() < 0.45 {
		if second := pickArr(r, weights); second != first {
			out = append(out, natures[second])
		}
	}
	return types, out
}
