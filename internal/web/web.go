// Package web is Toren's server-rendered interface, in Dutch: html/template
// pages over the same services and storage the API uses. It holds no
// business rules; it reads, renders and hands input to the services.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/history"
	"toren/internal/httpx"
	"toren/internal/intake"
	"toren/internal/itteamsvc"
	"toren/internal/nl"
	"toren/internal/partners"
	"toren/internal/persons"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/session"
	"toren/internal/toren"
	"toren/internal/web/static"
)

//go:embed templates
var templateFS embed.FS

// Reader is what the pages read, with need-to-know applied for the actor
// given (satisfied by access.Reader).
type Reader interface {
	ListReports(ctx context.Context, a authz.Actor, f reports.Filter) ([]reports.Summary, error)
	GetReport(ctx context.Context, a authz.Actor, id int64) (*reports.Report, error)
	ListPersons(ctx context.Context, a authz.Actor, f persons.Filter) ([]persons.Person, error)
	GetPerson(ctx context.Context, a authz.Actor, id int64) (persons.Person, error)
	MentionsOfPerson(ctx context.Context, a authz.Actor, personID int64) ([]intake.PersonMention, error)
	Counts(ctx context.Context) (reportsN, adviceN, personsN int64, err error)
	AuditForPerson(ctx context.Context, a authz.Actor, personID int64, limit int) ([]audit.Entry, error)
	PersonForAccessRequest(ctx context.Context, a authz.Actor, id int64) (persons.Person, error)
	Resource(ctx context.Context, ref authz.Ref) (authz.Resource, error)
	SearchPersons(ctx context.Context, a authz.Actor, q search.Query) (search.Result, error)
	LookupNumber(ctx context.Context, a authz.Actor, kind search.Kind, number string) (int64, error)
}

// Config wires the web interface.
type Config struct {
	Reader         Reader
	Assets         *static.Assets
	Municipalities *nl.Municipalities
	Logger         *slog.Logger
	Clock          toren.Clock
	Version        string
	Sessions       *session.Manager
	Authenticator  auth.PasswordAuthenticator
	Audit          access.Auditor
	Grants         Grants
	// AccessCopies serves the privacy officer's access copy and objections.
	AccessCopies AccessCopies
	// Histories and Alerts serve the history page and "Signalen voor mij".
	Histories PersonHistories
	Alerts    AlertDesk
	// RequireMFA refuses sign-in without a second factor (off in demo mode only).
	RequireMFA bool
	// Intake, Drafts and Radar serve the intake form (intake*.go).
	Intake Intake
	Drafts Drafts
	Radar  Radar
	// Casework serves the case-work screens (casework.go).
	Casework CaseworkConfig
	// Accounts and Admin serve the administration pages (admin.go).
	Accounts Accounts
	Admin    AdminStore
	// Catalogue keeps the chain partners (the administration pages).
	Catalogue Catalogue
	// Clients is the register of API clients (the administration pages).
	Clients Clients
	// Registry is the review queue and person merging (nil: not offered).
	Registry Registry
	// Stats serves the statistics page and its export (stats.go).
	Stats Statistics
	// Settings are the organisation settings, such as the letterhead
	// (adminorganisation.go); nil leaves the page out and prints letters
	// on the letterhead the renderer was made with.
	Settings Settings
	// Retention is the privacy officer's retention page: the plan, legal
	// holds and destruction (retention.go; nil: not offered).
	Retention Retention
	// OIDC signs staff in through the organisation's identity provider;
	// nil: local accounts only.
	OIDC *OIDC
	// ITTeam serves the Interventieteam's pages (itteam.go; nil: not offered).
	ITTeam *itteamsvc.Service
}

// Web serves the pages.
type Web struct {
	cfg   Config
	pages map[string]*template.Template
	// router is the router Register mounted the pages on: the start page
	// asks it which pages this server has (stats.go).
	router *httpx.Router
	// pageBufs are the buffers pages are rendered into before they are
	// sent (a template error must not leave half a page): reused, so that
	// a long page is not grown by doubling and copied again for every
	// request.
	pageBufs sync.Pool
}

// maxPooledPage is the largest page buffer kept for reuse; a rare huge
// page's buffer goes to the garbage collector.
const maxPooledPage = 1 << 20

// New parses the templates once, at start-up.
func New(cfg Config) (*Web, error) {
	w := &Web{cfg: cfg, pages: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"asset":        cfg.Assets.URL,
		"t":            msg,
		"tn":           countMsg,
		"dateTime":     func(t time.Time) string { return t.In(toren.Amsterdam).Format("02-01-2006 15:04") },
		"date":         func(d toren.Date) string { return d.Dutch() },
		"kindLabel":    kindLabel,
		"reporterKind": func(k reports.ReporterKind) string { return reportWord(wordsReporterKind, k) },
		"roleLabel":    func(r reports.Role) string { return reportWord(wordsRole, r) },
		"sexLabel":     func(s reports.Sex) string { return reportWord(wordsSex, s) },
		"channelLabel": func(c reports.Channel) string { return reportWord(wordsChannel, c) },
		"meldcode":     meldcodeLines,
		// An audit entry's role(s) and kind of object in Dutch.
		"auditRoles": func(s string) string {
			return roleLabels(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }))
		},
		"objectLabel": func(kind string) string { return codeWord("object", kind) },
		// A person's timeline: the kind of an event, a household link.
		"historyKind": func(k history.Kind) string { return codeWord("history.kind", k) },
		"historyLink": historyLink,
		// A code of a code list, worded by the catalogue: {{codeWord "it.problem-area" .Value}}.
		"codeWord":        func(list, code string) string { return codeWord(list, code) },
		"typeLabels":      reportWordList[reports.ViolenceType](wordsViolence),
		"natureLabels":    reportWordList[reports.Nature](wordsNature),
		"statusLabel":     statusLabel,
		"municipality":    w.municipalityName,
		"triLabel":        triLabel,
		"version":         func() string { return cfg.Version },
		"field":           formField,
		"roleLabels":      roleLabels,
		"partnerKind":     func(k partners.Kind) string { return codeMsg("partner.kind", k) },
		"tokenValidUntil": tokenValidUntil,
		"periodLabel":     periodLabel,
	}
	maps.Copy(funcs, caseworkFuncs())
	maps.Copy(funcs, radarFuncs())
	maps.Copy(funcs, itFuncs())
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/part_*.html", "templates/partial_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list pages: %w", err)
	}
	for _, name := range names {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, name)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		w.pages[strings.TrimSuffix(strings.TrimPrefix(name, "templates/page_"), ".html")] = t
	}
	return w, nil
}

// render writes a page; a template error becomes a plain 500 page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := w.pages[page]
	if !ok {
		w.serverError(rw, r, fmt.Errorf("web: no page %q", page))
		return
	}
	if c, ok := data.(chromed); ok {
		if p, ok := access.FromContext(r.Context()); ok {
			ch := w.chrome(r, p)
			ch.CanReport = authz.Permitted(p.Actor, authz.ActionReportCreate)
			ch.Flash = takeFlash(rw, r)
			c.setChrome(ch)
		}
	}
	b, _ := w.pageBufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	defer func() {
		if b.Cap() <= maxPooledPage {
			w.pageBufs.Put(b)
		}
	}()
	if err := t.ExecuteTemplate(b, "layout.html", data); err != nil {
		w.serverError(rw, r, fmt.Errorf("web: render %s: %w", page, err))
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store") // pages carry personal data
	rw.WriteHeader(status)
	_, _ = rw.Write(b.Bytes())
}

// fail answers an error: a known application error gets its Dutch page,
// anything else a generic one; the error text itself only goes to the log.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	if so, ok := access.AsSignalOnly(err); ok {
		page := &errorPage{Title: msg("error.signal-only"),
			Message: msg("error.signal-only.text") + " " + strings.Join(so.Teams, ", ") + "."}
		if so.CanBreakGlass {
			page.BreakGlassAction = strings.TrimSuffix(r.URL.Path, "/") + "/noodtoegang"
			page.GlassReasons = glassReasons()
		}
		w.render(rw, r, http.StatusForbidden, "error", page)
		return
	}
	code := toren.ErrorCode(err)
	var page *errorPage
	switch code {
	case toren.CodeNotFound:
		page = &errorPage{Title: msg("error.not-found"), Message: msg("error.not-found.text")}
	case toren.CodeForbidden:
		page = &errorPage{Title: msg("error.forbidden"), Message: msg("error.forbidden.text")}
	case toren.CodeConflict:
		page = &errorPage{Title: msg("error.conflict"), Message: msg("error.conflict.text")}
	case toren.CodeInvalid:
		page = &errorPage{Title: msg("error.invalid"), Message: msg("error.invalid.text")}
		// What was not understood, where the refusal says it in the
		// user's words (a page number that is no number).
		for _, f := range toren.FieldErrors(err) {
			if f.MessageNL != "" {
				page.Problems = append(page.Problems, f.MessageNL)
			}
		}
	case toren.CodeUnavailable:
		// The cause is logged once a minute by the readiness check, not
		// once per request.
		rw.Header().Set("Retry-After", "60")
		page = &errorPage{Title: msg("error.unavailable"), Message: msg("error.unavailable.text")}
	default:
		w.serverError(rw, r, err)
		return
	}
	w.render(rw, r, httpx.Status(code), "error", page)
}

func (w *Web) serverError(rw http.ResponseWriter, r *http.Request, err error) {
	w.cfg.Logger.ErrorContext(r.Context(), "web: internal error", "err", err, "route", r.Pattern)
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintln(rw, msg("error.server"))
}

type errorPage struct {
	Chrome
	Title, Message string
	// Problems say what of the request was not understood (an invalid
	// request's field errors, in Dutch).
	Problems []string
	// BreakGlassAction, when set, is where the emergency-access form posts.
	BreakGlassAction string
	Reason           string
	ReasonError      string // shown at the reason field
	ReasonCode       string // the reason chosen from the list
	ReasonCodeError  string
	GlassReasons     []choice
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, toren.Errorf(toren.CodeNotFound, "no such id %q", r.PathValue("id"))
	}
	return id, nil
}

func (w *Web) municipalityName(code string) string {
	if m, ok := w.cfg.Municipalities.ByCode(code); ok {
		return m.Name
	}
	return code
}

// kindLabel names a report's kind: a report or a request for advice.
func kindLabel(k reports.Kind) string {
	if k == reports.KindAdvice {
		return msg("report.kind.advice")
	}
	return msg("report.kind.report")
}

// meldcodeLine is a line of a report's meldcode part on the report page.
type meldcodeLine struct{ Label, Value string }

// meldcodeLines shows the steps of the meldcode, taken or not, and the
// framework's answers.
func meldcodeLines(m *reports.Meldcode) []meldcodeLine {
	var out []meldcodeLine
	for i := range reports.MeldcodeSteps {
		n := strconv.Itoa(i + 1)
		v := msg("meldcode.step.not-taken")
		if m.StepTaken(i + 1) {
			v = msg("meldcode.step.taken")
		}
		out = append(out, meldcodeLine{Label: msgVars("meldcode.step", "n", n, "step", codeMsg("report.meldcode-step", n)), Value: v})
	}
	for i, q := range reports.MeldcodeQuestions {
		v := msg("meldcode.question.unanswered")
		if a := *q.Answer(m); a != reports.Unknown {
			v = triLabel(a)
		}
		out = append(out, meldcodeLine{Label: msgVars("meldcode.question", "n", strconv.Itoa(i+1), "question", codeMsg("report.meldcode-question", q.Field)), Value: v})
	}
	return out
}

func triLabel(t reports.Tri) string {
	switch t {
	case reports.Yes:
		return msg("common.yes")
	case reports.No:
		return msg("common.no")
	}
	return msg("common.unknown.capital")
}

// The catalogue lists that word package reports' code lists: the key of
// a code is list + "." + code (report.role.victim). Package reports keeps
// its own Dutch words for the statistics and stored alert texts;
// TestReportsRecordedWords holds the two equal.
const (
	wordsReporterKind = "report.reporter-kind"
	wordsRole         = "report.role"
	wordsSex          = "report.sex"
	wordsChannel      = "report.channel"
	wordsViolence     = "report.violence"
	wordsNature       = "report.nature"
)

// reportWord is codeWord under the name internal/web/itteam.go still
// calls it by (another change is editing that file); the team lead
// renames those two calls after merging and drops this line.
func reportWord[T ~string](list string, code T) string { return codeWord(list, code) }

// reportWordList names codes of one of reports' lists, comma separated.
func reportWordList[T ~string](list string) func([]T) string {
	return func(codes []T) string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = codeWord(list, c)
		}
		return strings.Join(out, ", ")
	}
}

// listCodes are the codes of one of reports' code lists, in order.
func listCodes[T ~string](list []reports.Label[T]) []T {
	out := make([]T, len(list))
	for i, l := range list {
		out[i] = l.Code
	}
	return out
}
