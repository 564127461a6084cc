package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/stats"
	"toren/internal/toren"
)

// Statistics computes the registration statistics (satisfied by
// *stats.Service). Its tables come with small counts suppressed, and hold
// no personal data.
type Statistics interface {
	Report(ctx context.Context, a authz.Actor, p stats.Period) (*stats.Report, error)
	Export(ctx context.Context, a authz.Actor, p stats.Period, word func(*stats.Report)) (*stats.Report, []byte, error)
}

// statsPage is the statistics page: the period filter and the tables.
type statsPage struct {
	Chrome
	Report *stats.Report
	// Year, Quarter, From and To are the filter as typed; Errors holds
	// the Dutch message per field (jaar, kwartaal, van, tot).
	Year, Quarter, From, To string
	Errors                  map[string]string
	// ExportURL downloads the shown period as CSV; empty for users who
	// may not export.
	ExportURL string
	// The legend of the suppression rule.
	MinCount, MaxSmall int
	Hidden, NoData     string
}

// statsField is a text field of the period filter.
type statsField struct {
	ID, Label, Value, Mode, Hint, Error string
}

// Field returns the text field id with its value and error.
func (p *statsPage) Field(id, label, value, mode, hint string) statsField {
	return statsField{ID: id, Label: label, Value: value, Mode: mode, Hint: hint, Error: p.Errors[id]}
}

// Quarters lists the choices of the quarter field.
func (p *statsPage) Quarters() []option {
	out := []option{{Value: "", Label: msg("stats.quarter.all"), Selected: p.Quarter == "" || p.Quarter == "0"}}
	for q := 1; q <= 4; q++ {
		v := fmt.Sprint(q)
		out = append(out, option{Value: v, Label: msgVars("stats.quarter.n", "n", v), Selected: p.Quarter == v})
	}
	return out
}

type option struct {
	Value, Label string
	Selected     bool
}

func periodInput(r *http.Request) stats.PeriodInput {
	q := r.URL.Query()
	return stats.PeriodInput{Year: q.Get("jaar"), Quarter: q.Get("kwartaal"), From: q.Get("van"), To: q.Get("tot")}
}

func (w *Web) today() toren.Date { return toren.DateOf(w.cfg.Clock.Now().In(toren.Amsterdam)) }

// statsPeriod parses the period of the request. On bad input it renders
// the page with the errors at their fields and reports false.
func (w *Web) statsPeriod(rw http.ResponseWriter, r *http.Request, page *statsPage) (stats.Period, bool) {
	in := periodInput(r)
	page.Year, page.Quarter, page.From, page.To = in.Year, in.Quarter, in.From, in.To
	page.MinCount, page.MaxSmall, page.Hidden, page.NoData = stats.MinCount, stats.MinCount-1, stats.Hidden, stats.NoData
	if w.cfg.Stats == nil {
		w.serverError(rw, r, fmt.Errorf("web: statistics are not configured"))
		return stats.Period{}, false
	}
	period, err := in.Parse(w.today())
	if err != nil {
		year := strconv.Itoa(w.today().Year())
		fields := toren.FieldErrors(wordRules(err, "stats.rule", "min", strconv.Itoa(stats.MinYear), "max", year))
		if len(fields) == 0 {
			w.fail(rw, r, err)
			return stats.Period{}, false
		}
		page.Errors = map[string]string{}
		for _, f := range fields {
			page.Errors[f.Field] = f.MessageNL
		}
		w.render(rw, r, http.StatusBadRequest, "stats", page)
		return stats.Period{}, false
	}
	return period, true
}

// statsPage shows the registration statistics of a period (stats.view,
// asked by the service).
func (w *Web) statsPage(rw http.ResponseWriter, r *http.Request) {
	page := &statsPage{}
	period, ok := w.statsPeriod(rw, r, page)
	if !ok {
		return
	}
	a := actorIn(r.Context())
	rep, err := w.cfg.Stats.Report(r.Context(), a, period)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	wordReport(rep)
	page.Report = rep
	if authz.Permitted(a, authz.ActionStatsExport) {
		page.ExportURL = "/statistiek/export.csv?" + url.Values{"van": {rep.Period.From.String()}, "tot": {rep.Period.To.String()}}.Encode()
	}
	w.render(rw, r, http.StatusOK, "stats", page)
}

// statsExport downloads the statistics of a period as CSV: the service
// (stats.export) makes the same suppressed tables the page shows and
// writes the download to the audit log with what it held before it is
// sent; without that entry nothing is sent.
func (w *Web) statsExport(rw http.ResponseWriter, r *http.Request) {
	page := &statsPage{}
	period, ok := w.statsPeriod(rw, r, page)
	if !ok {
		return
	}
	rep, csv, err := w.cfg.Stats.Export(r.Context(), actorIn(r.Context()), period, wordReport)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	from, to := rep.Period.From.String(), rep.Period.To.String()
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="toren-statistiek-%s-%s.csv"`, from, to))
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = rw.Write(csv)
}

// wordReport words the statistics' tables from the catalogue: a table's
// caption, note and row header by its ID (stats.table.<ID>.*), its
// columns (stats.col.<code>) and its rows of the catalogue
// (stats.row.<code>), with the values the table holds (Vars: "days", and
// "step" worded as stats.step.<step>). Rows of data keep their labels.
func wordReport(rep *stats.Report) {
	for i := range rep.Tables {
		t := &rep.Tables[i]
		var vars []string
		for _, k := range slices.Sorted(maps.Keys(t.Vars)) {
			v := t.Vars[k]
			if k == "step" {
				vars = append(vars, "step", msg("stats.step."+v), "Step", msg("stats.step-head."+v))
				continue
			}
			vars = append(vars, k, v)
		}
		key := "stats.table." + t.ID
		t.Caption, t.RowHead = msgVars(key+".caption", vars...), msgVars(key+".head", vars...)
		if hasMsg(key + ".note") {
			t.Note = msgVars(key+".note", vars...)
		}
		t.Columns = make([]string, len(t.ColumnCodes))
		for j, c := range t.ColumnCodes {
			t.Columns[j] = msg("stats.col." + c)
		}
		word := func(r *stats.Row) {
			switch {
			case strings.HasPrefix(r.Code, "bucket."):
				r.Label = bucketLabel(strings.TrimPrefix(r.Code, "bucket."), r.Label)
			case r.Code != "":
				r.Label = msgVars("stats.row."+r.Code, vars...)
			}
		}
		for j := range t.Rows {
			word(&t.Rows[j])
		}
		if t.Total != nil {
			word(t.Total)
		}
	}
}

// bucketLabel names a row of the volume table: the month, quarter or
// year starting on start (ISO).
func bucketLabel(step, start string) string {
	d, err := toren.ParseDate(start)
	if err != nil {
		return start
	}
	y := strconv.Itoa(d.Year())
	switch step {
	case "month":
		return msgVars("stats.bucket.month", "month", dutchMonth(int(d.Month())), "year", y)
	case "quarter":
		return msgVars("stats.bucket.quarter", "quarter", strconv.Itoa(int(d.Month()-1)/3+1), "year", y)
	}
	return y
}

// periodLabel names a period: "2024", "2e kwartaal 2024" or "1 januari
// 2024 tot en met 30 juni 2024".
func periodLabel(p stats.Period) string {
	y := p.From.Year()
	if p == stats.Year(y) {
		return strconv.Itoa(y)
	}
	if q := int(p.From.Month()-1)/3 + 1; p == stats.Quarter(y, q) {
		return msgVars("stats.bucket.quarter", "quarter", strconv.Itoa(q), "year", strconv.Itoa(y))
	}
	long := func(d toren.Date) string {
		return msgVars("stats.long-date", "day", strconv.Itoa(d.Day()), "month", dutchMonth(int(d.Month())), "year", strconv.Itoa(d.Year()))
	}
	return msgVars("stats.period.range", "from", long(p.From), "to", long(p.To))
}

// startPage is shown to a user none of whose pages exists yet.
type startPage struct {
	Chrome
}

// start sends a user who just signed in (or clicked the name of the
// application) to the first page of landing() their roles may open and
// this server serves: an analyst to the statistics, a privacy officer to
// the break-glass review, a caseworker to the start page.
func (w *Web) start(rw http.ResponseWriter, r *http.Request) {
	p, ok := access.FromContext(r.Context())
	if !ok {
		http.Redirect(rw, r, "/inloggen", http.StatusSeeOther)
		return
	}
	for _, it := range landing() {
		if authz.Gate(&p.Actor, authz.Needs(it.Action)).Allowed && w.serves(it.Path) {
			http.Redirect(rw, r, it.Path, http.StatusSeeOther)
			return
		}
	}
	w.render(rw, r, http.StatusOK, "start", &startPage{})
}

// serves reports whether a GET of path has a route on this server; a
// page another part of Toren adds (such as /beheer) may not be there.
func (w *Web) serves(path string) bool {
	if w.router == nil {
		return false
	}
	req, err := http.NewRequest(http.MethodGet, path, nil)
	return err == nil && w.router.Match(req) != ""
}
