package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"toren/internal/authz"
	"toren/internal/nl"
	"toren/internal/persons"
	"toren/internal/radarsvc"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Radar finds registry persons like the person being typed in: the
// radar's index (radarsvc.Resolver) or, without one, SQL look-ups scored
// by the radar (radarsvc.FinderHits).
type Radar interface {
	Hits(ctx context.Context, m reports.Mention, on toren.Date) ([]radarsvc.Hit, error)
}

// hitsView is the answer to a look-up while typing.
type hitsView struct {
	// Searched is false when too little was typed to look anything up.
	Searched bool
	Hits     []hitView
	// Row is the person row's index, Number its number for people, and
	// Confirmed the registry person the worker confirmed already.
	Row, Number int
	Confirmed   int64
}

// hitView is one registry person shown while typing: who, and that they
// are known, never what was reported about them. Teams is set when the
// user may not see the person's signals: whom to ask.
type hitView struct {
	PersonID     int64
	Name         string
	BirthDate    string
	Municipality string
	Signals      int
	Percent      string
	Score        string
	BSN          bool
	Teams        string
}

// radarHits looks up the person row in the query (persons[i].*) while the
// worker types, and answers the hits fragment. The search is logged with
// what was searched for and the persons shown (NEN 7513).
func (w *Web) radarHits(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	form := readIntakeForm(r.URL.Query())
	if len(form.Persons) == 0 {
		w.fragment(rw, r, "radar-hits", hitsView{})
		return
	}
	row := hitRow(r)
	pf := form.Persons[0]
	m, ok := w.mention(pf)
	if !ok {
		w.fragment(rw, r, "radar-hits", hitsView{Row: row, Number: row + 1})
		return
	}
	ctx := r.Context()
	now := w.cfg.Clock.Now()
	hits, err := w.cfg.Radar.Hits(ctx, m, toren.DateOf(now.In(toren.Amsterdam)))
	if err != nil {
		w.serverError(rw, r, err)
		return
	}
	view := hitsView{Searched: true, Row: row, Number: row + 1}
	view.Confirmed, _ = strconv.ParseInt(pf.PersonID, 10, 64)
	var shown []int64
	for _, h := range hits {
		person, err := w.cfg.Reader.GetPerson(ctx, p.Actor, h.PersonID)
		switch toren.ErrorCode(err) {
		case toren.CodeNotFound, toren.CodeForbidden:
			continue // merged away since, or not for this user at all
		}
		if err != nil {
			w.serverError(rw, r, err)
			return
		}
		res, err := w.cfg.Reader.Resource(ctx, authz.Ref{Kind: authz.KindPerson, ID: h.PersonID})
		if err != nil {
			w.serverError(rw, r, err)
			return
		}
		hv := w.hitView(h, person)
		if !authz.Decide(p.Actor, authz.ActionPersonView, res, authz.Opts{Now: now}).Full() {
			hv.Teams = strings.Join(res.Teams, ", ")
			hv.Municipality = "" // as search: name and date of birth only
		}
		view.Hits = append(view.Hits, hv)
		shown = append(shown, h.PersonID)
	}
	w.auditAccess(r, authz.ActionPersonSearch, "search (radar): "+searchTerms(m), shown)
	w.fragment(rw, r, "radar-hits", view)
}

// hitRow is the index of the person row the look-up is for: the
// persons[i] of the first person field in the query.
func hitRow(r *http.Request) int {
	for name := range r.URL.Query() {
		if i, _, ok := personFieldName(name); ok {
			return i
		}
	}
	return 0
}

// mention tidies a typed person row as the intake would and says whether
// enough was typed to search: a surname of two letters or more, a BSN
// that passes the eleven test, or a first name with a date of birth.
func (w *Web) mention(pf personForm) (reports.Mention, bool) {
	f := intakeForm{Kind: string(reports.KindReport), ReceivedAt: "01-01-2000 00:00", Persons: []personForm{pf}}
	rep, _ := f.report(w.cfg.Clock) // an unreadable date or age is left out of the search
	w.validator().Normalize(rep)
	m := rep.Persons[0]
	surname := persons.SurnameKey(m.Particle, m.Surname)
	ok := len([]rune(surname)) >= 2 || nl.ValidBSN(m.BSN) || (m.FirstNames != "" && !m.BirthDate.IsZero())
	return m, ok
}

// searchTerms says in the audit log what was searched for, without the
// BSN itself.
func searchTerms(m reports.Mention) string {
	parts := []string{m.FullName()}
	if !m.BirthDate.IsZero() {
		parts = append(parts, m.BirthDate.Dutch())
	} else if m.Age != nil {
		parts = append(parts, fmt.Sprintf("%d jaar", *m.Age))
	}
	if m.BSN != "" {
		parts = append(parts, "met BSN")
	}
	return strings.Join(parts, ", ")
}

func (w *Web) hitView(h radarsvc.Hit, p persons.Person) hitView {
	hv := hitView{PersonID: p.ID, Name: p.FullName(), BirthDate: p.BirthDate.Dutch(), Signals: p.Mentions, BSN: h.BSN,
		Score: strings.Replace(fmt.Sprintf("%.1f", h.Score), ".", ",", 1)}
	if p.Municipality != "" {
		hv.Municipality = w.municipalityName(p.Municipality)
	} else {
		hv.Municipality = p.City
	}
	switch pct := h.Probability * 100; {
	case pct >= 99.95:
		hv.Percent = "meer dan 99,9%"
	case pct < 0.1:
		hv.Percent = "minder dan 0,1%"
	default:
		hv.Percent = strings.Replace(fmt.Sprintf("%.1f%%", pct), ".", ",", 1)
	}
	return hv
}
