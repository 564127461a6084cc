package web

import (
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
		v.Set(pageParam, strconv.Itoa(page))
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
	// A page that is no page, or a filter that is not understood: say
	// which on the page itself, with the filters kept.
	refuse := func(errs []string) {
		page.Errors = errs
		page.List, page.Pages = &casework.TriageList{Items: []casework.TriageItem{}, Page: 1, PerPage: 50}, 1
		w.render(rw, r, http.StatusBadRequest, "triage", page)
	}
	n, err := pageNumber(q)
	if err != nil {
		var errs []string
		for _, f := range toren.FieldErrors(err) {
			errs = append(errs, f.MessageNL)
		}
		refuse(errs)
		return
	}
	list, err := w.cfg.Casework.Service.Triage(r.Context(), p.Actor, casework.TriageRequest{Filter: page.Filter, Page: n, PerPage: 50})
	if fe := toren.FieldErrors(err); toren.ErrorCode(err) == toren.CodeInvalid && len(fe) > 0 {
		var errs []string
		for _, f := range caseRuleWords(fe) {
			errs = append(errs, filterLabel(f.Field)+": "+f.MessageNL)
		}
		refuse(errs)
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
