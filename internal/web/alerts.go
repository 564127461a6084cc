package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"toren/internal/access"
	"toren/internal/alerts"
	"toren/internal/authz"
	"toren/internal/escalate"
	"toren/internal/httpx"
	"toren/internal/toren"
)

// AlertDesk gives the signed-in user their alerts (satisfied by
// access.AlertDesk).
type AlertDesk interface {
	MyAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error)
	OpenCount(ctx context.Context) (int, error)
	Acknowledge(ctx context.Context, id int64, note string) (alerts.Alert, error)
	// Count is how many alerts the filter selects, up to alerts.CountCap.
	Count(ctx context.Context, f alerts.Filter) (int, error)
	// Alert is one alert meant for the user.
	Alert(ctx context.Context, id int64) (alerts.Alert, error)
	// AcknowledgeAll acknowledges several alerts with one note, all or none.
	AcknowledgeAll(ctx context.Context, ids []int64, note string) ([]alerts.Alert, error)
}

func errNotConfigured(what string) error {
	return fmt.Errorf("web: %s not configured", what)
}

// openAlerts is the count shown beside "Signalen voor mij" in the
// navigation; an error only costs the count, not the page.
func (w *Web) openAlerts(r *http.Request, p *access.Principal) int {
	if w.cfg.Alerts == nil || !authz.Permitted(p.Actor, authz.ActionAlertList) {
		return 0
	}
	n, err := w.cfg.Alerts.OpenCount(r.Context())
	if err != nil {
		w.cfg.Logger.ErrorContext(r.Context(), "web: count alerts", "err", err)
		return 0
	}
	return n
}

// alertsPerPage is how many alerts one page of "Signalen voor mij" lists:
// a screen of compact rows, not a wall of cards.
const alertsPerPage = 25

// alertsFilter is the filter of "Signalen voor mij" as the query string
// carries it, in Dutch parameter names.
type alertsFilter struct {
	Rule     string // soort: an escalation rule's code
	Severity string // urgentie
	Team     string // team
	Age      string // leeftijd: vandaag, week, ouder
	Before   int64  // voor: keyset paging, the last alert of the previous page
}

// alertAge is a choice of the age filter, named by the catalogue.
type alertAge struct{ Code string }

// NL is the choice's Dutch name.
func (a alertAge) NL() string { return codeMsg("alerts.age", a.Code) }

// alertAges are the choices of the age filter.
var alertAges = []alertAge{{"vandaag"}, {"week"}, {"ouder"}}

func readAlertsFilter(q url.Values) (alertsFilter, error) {
	f := alertsFilter{Rule: q.Get("soort"), Severity: q.Get("urgentie"), Team: q.Get("team"), Age: q.Get("leeftijd")}
	var p toren.Problems
	if s := q.Get("voor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			p.AddWorded("voor", "page", fmt.Sprintf("voor %q is not a page", s), msg("alerts.error.page"))
		}
		f.Before = n
	}
	if f.Age != "" && !slices.ContainsFunc(alertAges, func(a alertAge) bool { return a.Code == f.Age }) {
		p.AddWorded("leeftijd", "unknown", fmt.Sprintf("leeftijd %q is not one of vandaag, week, ouder", f.Age), msg("alerts.error.age"))
	}
	return f, p.Err()
}

// query is the query string of the filter with before as the page.
func (f alertsFilter) query(before int64) string {
	v := url.Values{}
	for k, s := range map[string]string{"soort": f.Rule, "urgentie": f.Severity, "team": f.Team, "leeftijd": f.Age} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if before > 0 {
		v.Set("voor", strconv.FormatInt(before, 10))
	}
	if len(v) == 0 {
		return alertsPath
	}
	return alertsPath + "?" + v.Encode()
}

// Active reports whether any criterion narrows the list.
func (f alertsFilter) Active() bool {
	return f.Rule != "" || f.Severity != "" || f.Team != "" || f.Age != ""
}

// domain turns the filter into the alerts service's, the age counted from
// now in Amsterdam.
func (f alertsFilter) domain(now time.Time) alerts.Filter {
	out := alerts.Filter{State: alerts.StateOpen, Rule: escalate.Code(f.Rule), Severity: escalate.Severity(f.Severity),
		Team: f.Team, BeforeID: f.Before, Limit: alertsPerPage + 1}
	local := now.In(toren.Amsterdam)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, toren.Amsterdam)
	switch f.Age {
	case "vandaag":
		out.CreatedAfter = midnight
	case "week":
		out.CreatedAfter = midnight.AddDate(0, 0, -7)
	case "ouder":
		out.CreatedBefore = midnight.AddDate(0, 0, -7)
	}
	return out
}

type alertsPage struct {
	Chrome
	Filter       alertsFilter
	Open         []alerts.Alert
	Total        int
	TotalCapped  bool
	Acknowledged []alerts.Alert
	// Choices of the filter form.
	Rules      []escalate.Rule
	Severities []escalate.Severity
	Teams      []string
	Ages       []alertAge
	// First and Next link to the first and the next page ("" when none).
	First, Next string
	// FilterQuery is the filter, sent along with a bulk acknowledgement so
	// the list comes back as it was.
	FilterQuery string
	// Errors are the filter's, in Dutch, naming the field; FailMessage is
	// why a bulk acknowledgement was refused, with what was typed and
	// chosen.
	Errors      []string
	FailMessage string
	Note        string
	Chosen      map[int64]bool
	// Done is how many alerts the last bulk acknowledgement took.
	Done int
}

// recentAcknowledged is how many acknowledged alerts the page shows below
// the open ones.
const recentAcknowledged = 10

// alertsForMe is "Signalen voor mij": the open alerts for the user's teams
// and for them by name, newest first, a page of compact rows at a time,
// with filters, a bulk acknowledgement and the last acknowledged.
func (w *Web) alertsForMe(rw http.ResponseWriter, r *http.Request) {
	page := &alertsPage{}
	if n, err := strconv.Atoi(r.URL.Query().Get("afgehandeld")); err == nil && n > 0 {
		page.Done = n
	}
	status, err := w.loadAlerts(r, r.URL.Query(), page)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "alerts", page)
}

// loadAlerts fills the page for the filter in q. A filter that is not
// understood is shown on the page (400) with an empty list.
func (w *Web) loadAlerts(r *http.Request, q url.Values, page *alertsPage) (int, error) {
	if w.cfg.Alerts == nil {
		return 0, errNotConfigured("alerts")
	}
	ctx := r.Context()
	page.Rules, page.Severities, page.Ages = escalate.DefaultRules(), []escalate.Severity{escalate.SeverityUrgent, escalate.SeverityHigh, escalate.SeverityNotice}, alertAges
	if p, ok := access.FromContext(ctx); ok {
		page.Teams = p.Actor.Teams
	}
	var err error
	page.Acknowledged, err = w.cfg.Alerts.MyAlerts(ctx, alerts.Filter{State: alerts.StateAcknowledged, Limit: recentAcknowledged})
	if err != nil {
		return 0, err
	}
	f, ferr := readAlertsFilter(q)
	page.Filter = f
	page.FilterQuery = strings.TrimPrefix(strings.TrimPrefix(f.query(f.Before), alertsPath), "?")
	if ferr == nil {
		df := f.domain(w.cfg.Clock.Now())
		if page.Open, ferr = w.cfg.Alerts.MyAlerts(ctx, df); ferr == nil {
			page.Total, ferr = w.cfg.Alerts.Count(ctx, df)
		}
	}
	if ferr != nil {
		var te *toren.Error
		if !errors.As(ferr, &te) || te.Code != toren.CodeInvalid || len(te.Fields) == 0 {
			return 0, ferr
		}
		for _, fe := range alertRuleWords(te.Fields) {
			page.Errors = append(page.Errors, alertFilterLabel(fe.Field)+": "+fe.MessageNL)
		}
		page.Open, page.Total = nil, 0
		return http.StatusBadRequest, nil
	}
	page.TotalCapped = page.Total >= alerts.CountCap
	if len(page.Open) > alertsPerPage {
		page.Open = page.Open[:alertsPerPage]
		page.Next = f.query(page.Open[len(page.Open)-1].ID)
	}
	if f.Before > 0 {
		page.First = f.query(0)
	}
	return http.StatusOK, nil
}

// alertFilterLabel is the Dutch name of a filter field of the list
// (alert.field.*).
func alertFilterLabel(field string) string { return codeMsg("alert.field", field) }

// alertRuleWords words the alerts service's refusals (alert.rule.*), with
// the bounds they name.
func alertRuleWords(fe []toren.FieldError) []toren.FieldError {
	return withValues(ruleWords("alert.rule", fe), "count", strconv.Itoa(alerts.MaxBulk), "length", strconv.Itoa(alerts.MaxNoteRunes))
}

// alertsBulkMax bounds the request of a bulk acknowledgement: a page of
// ids and a note.
const alertsBulkMax = 64 << 10

// acknowledgeAlerts takes the acknowledgement of the chosen alerts with
// one note, and returns to the list as it was filtered. A refusal shows
// the list again with the message at the note, the choice and the note
// kept.
func (w *Web) acknowledgeAlerts(rw http.ResponseWriter, r *http.Request) {
	if w.cfg.Alerts == nil {
		w.fail(rw, r, errNotConfigured("alerts"))
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, alertsBulkMax)
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, toren.Errorf(toren.CodeInvalid, "bulk acknowledgement: %v", err))
		return
	}
	// The filter travels as a query string in a hidden field; only its
	// known parameters are read back.
	q, _ := url.ParseQuery(r.PostFormValue("filter"))
	note := r.PostFormValue("notitie")
	chosen := map[int64]bool{}
	var ids []int64
	for _, s := range r.PostForm["signaal"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			w.fail(rw, r, toren.Errorf(toren.CodeNotFound, "no such alert %q", s))
			return
		}
		ids, chosen[id] = append(ids, id), true
	}
	done, err := w.cfg.Alerts.AcknowledgeAll(r.Context(), ids, note)
	if err == nil {
		f, _ := readAlertsFilter(q)
		f.Before = 0
		target := f.query(0)
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		http.Redirect(rw, r, target+sep+"afgehandeld="+strconv.Itoa(len(done)), http.StatusSeeOther)
		return
	}
	code := toren.ErrorCode(err)
	status, text := httpx.Status(code), ""
	switch code {
	case toren.CodeInvalid:
		var parts []string
		for _, f := range alertRuleWords(toren.FieldErrors(err)) {
			parts = append(parts, f.MessageNL)
		}
		text = strings.Join(parts, " ")
	case toren.CodeConflict:
		text = msg("alerts.error.conflict")
	default:
		w.fail(rw, r, err)
		return
	}
	page := &alertsPage{FailMessage: text, Note: note, Chosen: chosen}
	if _, err := w.loadAlerts(r, q, page); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, status, "alerts", page)
}

type alertPage struct {
	Chrome
	Alert       alerts.Alert
	CanAck      bool
	FailMessage string
	Note        string
}

// alertDetail shows one alert in full, with its acknowledgement form.
func (w *Web) alertDetail(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.showAlert(rw, r, id, http.StatusOK, &alertPage{})
}

func (w *Web) showAlert(rw http.ResponseWriter, r *http.Request, id int64, status int, page *alertPage) {
	if w.cfg.Alerts == nil {
		w.fail(rw, r, errNotConfigured("alerts"))
		return
	}
	a, err := w.cfg.Alerts.Alert(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	page.Alert = a
	if p, ok := access.FromContext(r.Context()); ok {
		page.CanAck = a.Open() && authz.Decide(p.Actor, authz.ActionAlertAck, a.Resource(), authz.Opts{Now: w.cfg.Clock.Now()}).Full()
	}
	w.render(rw, r, status, "alert", page)
}

// acknowledgeAlert takes the acknowledgement of one alert with its note.
// A missing note shows the alert again with the message at the note.
func (w *Web) acknowledgeAlert(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if w.cfg.Alerts == nil {
		w.fail(rw, r, errNotConfigured("alerts"))
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, 64<<10)
	note := r.PostFormValue("notitie")
	_, err = w.cfg.Alerts.Acknowledge(r.Context(), id, note)
	if err == nil {
		http.Redirect(rw, r, alertsPath+"?afgehandeld=1", http.StatusSeeOther)
		return
	}
	code := toren.ErrorCode(err)
	status, text := httpx.Status(code), ""
	switch code {
	case toren.CodeInvalid:
		var parts []string
		for _, f := range alertRuleWords(toren.FieldErrors(err)) {
			parts = append(parts, f.MessageNL)
		}
		text = strings.Join(parts, " ")
	case toren.CodeConflict:
		text = msg("alert.error.conflict")
	default:
		w.fail(rw, r, err)
		return
	}
	w.showAlert(rw, r, id, status, &alertPage{FailMessage: text, Note: note})
}

// homeAlertsShown is how many open alerts the start page lists; the rest
// are one click away on "Signalen voor mij".
const homeAlertsShown = 5

// homeAlerts is the start page's part of "Signalen voor mij".
type homeAlerts struct {
	Items []alerts.Alert
	More  bool
}

// homeAlerts returns the newest open alerts for the user, or nil when the
// user gets no alerts.
func (w *Web) homeAlerts(r *http.Request) (*homeAlerts, error) {
	p, ok := access.FromContext(r.Context())
	if w.cfg.Alerts == nil || !ok || !authz.Permitted(p.Actor, authz.ActionAlertList) {
		return nil, nil
	}
	items, err := w.cfg.Alerts.MyAlerts(r.Context(), alerts.Filter{Limit: homeAlertsShown + 1})
	if err != nil {
		return nil, err
	}
	h := &homeAlerts{Items: items}
	if len(items) > homeAlertsShown {
		h.Items, h.More = items[:homeAlertsShown], true
	}
	return h, nil
}
