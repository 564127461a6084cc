package api

import (
	"net/http"
	"net/url"
	"strconv"
	"toren/internal/authz"
	"unicode/utf8"

	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Paging is keyset paging, newest first: a page ends with a "next" cursor
// to pass as "before" for the page after it, or null on the last page.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// ReportList is a page of report summaries.
type ReportList struct {
	Items []reports.Summary `json:"items"`
	Next  *string           `json:"next"`
}

// PersonList is a page of registry persons.
type PersonList struct {
	Items []persons.Person `json:"items"`
	Next  *string          `json:"next"`
}

// PersonDetail is a registry person with every mention linked to them.
type PersonDetail struct {
	Person   persons.Person         `json:"person"`
	Mentions []intake.PersonMention `json:"mentions"`
	// MergedInto is the person this one was merged into, or null.
	MergedInto *int64 `json:"merged_into"`
}

type page struct {
	before int64
	limit  int
}

// parsePage reads before and limit into p, adding a problem for each bad one.
func parsePage(q url.Values, p *toren.Problems) page {
	pg := page{limit: defaultLimit}
	if s := q.Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			p.Add("before", "cursor", "before must be a cursor from the next field of an earlier page")
		}
		pg.before = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			p.Add("limit", "range", "limit must be an integer from 1 to "+strconv.Itoa(maxLimit))
		}
		pg.limit = n
	}
	return pg
}

// nextCursor returns the cursor after the last of n items when there were
// more than limit (the store is asked for one extra to know).
func nextCursor(n, limit int, lastID func(i int) int64) *string {
	if n <= limit {
		return nil
	}
	c := strconv.FormatInt(lastID(limit-1), 10)
	return &c
}

func (a *API) listReports(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var p toren.Problems
	pg := parsePage(q, &p)
	kind := reports.Kind(q.Get("kind"))
	switch kind {
	case "", reports.KindAdvice, reports.KindReport:
	default:
		p.Add("kind", "enum", "kind must be advice or report")
	}
	if err := p.Err(); err != nil {
		return err
	}
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	items, err := a.reader.ListReports(r.Context(), who, reports.Filter{Kind: kind, BeforeID: pg.before, Limit: pg.limit + 1})
	if err != nil {
		return err
	}
	next := nextCursor(len(items), pg.limit, func(i int) int64 { return items[i].ID })
	items = items[:min(len(items), pg.limit)]
	out := ReportList{Items: make([]reports.Summary, len(items)), Next: next}
	for i, s := range items {
		out.Items[i] = summaryOut(s)
	}
	return writeJSON(w, http.StatusOK, out)
}

// getReport takes the numeric ID or the human number (M-2026-000123).
func (a *API) getReport(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("id")
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	var rep *reports.Report
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		rep, err = a.reader.GetReport(r.Context(), who, id)
	} else if len(ref) <= 40 {
		rep, err = a.reader.GetReportByNumber(r.Context(), who, ref)
	} else {
		err = toren.Errorf(toren.CodeNotFound, "no report has that ID or number")
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reportOut(rep))
}

func (a *API) listPersons(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var p toren.Problems
	pg := parsePage(q, &p)
	if q.Has("q") {
		if err := p.Err(); err != nil {
			return err
		}
		return a.searchPersons(w, r, q, pg.limit)
	}
	surname := q.Get("surname")
	if utf8.RuneCountInString(surname) > 200 {
		p.Add("surname", "max_length", "surname may be at most 200 characters")
	}
	if err := p.Err(); err != nil {
		return err
	}
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	items, err := a.reader.ListPersons(r.Context(), who, persons.Filter{Surname: surname, BeforeID: pg.before, Limit: pg.limit + 1})
	if err != nil {
		return err
	}
	next := nextCursor(len(items), pg.limit, func(i int) int64 { return items[i].ID })
	out := PersonList{Items: nonNil(items[:min(len(items), pg.limit)]), Next: next}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return toren.Errorf(toren.CodeNotFound, "no person has that ID")
	}
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	p, err := a.reader.GetPerson(r.Context(), who, id)
	if err != nil {
		return err
	}
	ms, err := a.reader.MentionsOfPerson(r.Context(), who, id)
	if err != nil {
		return err
	}
	into, err := a.mergedInto(r.Context(), who, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, PersonDetail{Person: p, Mentions: nonNil(ms), MergedInto: into})
}

func (a *API) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.openapi)
	return nil
}

// reading returns the actor a read is for: the request's signed-in user.
// Without an actor source configured it is the zero actor, whom
// need-to-know shows nothing.
func (a *API) reading(r *http.Request) (authz.Actor, error) {
	if a.actorOf == nil {
		return authz.Actor{}, nil
	}
	return a.actorOf(r)
}
