package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"toren/internal/access"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The triage queue: every report waiting for its safety assessment, urgent
// first and then by deadline, with filters and pages; the start page shows
// its first rows and the total.

// triagePreview is how many rows of the triage queue the start page shows.
const triagePreview = 10

type triagePage struct {
	Chrome
	List          *casework.TriageList
	Filter        casework.TriageFilter
	ReporterKinds []reports.ReporterKind
	// Pages is the number of pages; Prev and Next are the links to the
	// neighbouring pages ("" when there is none).
	Pages      int
	Prev, Next string
	// Errors are the filter's errors, in Dutch, naming the field.
	Errors []string
}

// triageFilter reads the filter from the query string. An unknown reporter
// kind is the service's to refuse, naming the field.
func triageFilter(q url.Values) casework.TriageFilter {
	return casework.TriageFilter{Urgent: q.Get("urgent") == "1", Overdue: q.Get("overdue") == "1",
		MyTeams: q.Get("team") == "1", ReporterKind: reports.ReporterKind(q.Get("melder"))}
}

func (f triagePage) query(page int) string {
	v := url.Values{}
	if f.Filter.Urgent {
		v.Set("urgent", "1")
	}
	if f.Filter.Overdue {
		v.Set("overdue", "1")
	}
	if f.Filter.MyTeams {
		v.Set("team", "1")
	}
	if f.Filter.ReporterKind != "" {
		v.Set("melder", string(f.Filter.ReporterKind))
	}
	if page > 1 {
		v.Set("pagina", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/triage"
	}
	return "/triage?" + v.Encode()
}

// triageList shows one page of the triage queue.
func (w *Web) triageList(rw http.ResponseWriter, r *http.Request) {
	p, ok := access.FromContext(r.Context())
	if !ok {
		w.fail(rw, r, toren.Errorf(toren.CodeForbidden, "not signed in"))
		return
	}
	q := r.URL.Query()
	page := &triagePage{Filter: triageFilter(q), ReporterKinds: listCodes(reports.ReporterKinds)}
	n := 1
	if s := q.Get("pagina"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "page %q is not a page number", s))
			return
		}
	}
	list, err := w.cfg.Casework.Service.Triage(r.Context(), p.Actor, casework.TriageRequest{Filter: page.Filter, Page: n, PerPage: 50})
	var te *toren.Error
	if errors.As(err, &te) && te.Code == toren.CodeInvalid && len(te.Fields) > 0 {
		// A filter that is not understood: say which, on the page itself.
		for _, f := range caseRuleWords(te.Fields) {
			page.Errors = append(page.Errors, filterLabel(f.Field)+": "+f.MessageNL)
		}
		page.List, page.Pages = &casework.TriageList{Items: []casework.TriageItem{}, Page: 1, PerPage: 50}, 1
		w.render(rw, r, http.StatusBadRequest, "triage", page)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page.List = list
	page.Pages = max(1, (list.Total+list.PerPage-1)/list.PerPage)
	if n > 1 {
		page.Prev = page.query(n - 1)
	}
	if n < page.Pages {
		page.Next = page.query(n + 1)
	}
	w.render(rw, r, http.StatusOK, "triage", page)
}

// filterLabel is the Dutch name of a filter field of the triage queue.
func filterLabel(field string) string {
	switch field {
	case "reporter_kind":
		return msg("triage.reporter")
	case "page":
		return msg("triage.page.label")
	}
	return field
}
