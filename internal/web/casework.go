package web

import (
	"context"
	"time"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/httpx"
	"toren/internal/letters"
	"toren/internal/reports"
)

// The case-work screens: the case file page with
// every form of the process, the list of the team's cases, the work queue
// on the start page, opening a case from a report, the letters and the
// case's audit trail. They drive the casework service; need-to-know is the
// service's and the access layer's, the screens only decide which forms to
// offer.

// Casework is the case-file service the screens drive (satisfied by
// *casework.Service).
type Casework = casework.Steps

// CaseFiles reads a case file for the request's user with need-to-know
// applied (satisfied by access.CaseReader): a worker of another team gets
// an *access.SignalOnly.
type CaseFiles interface {
	File(ctx context.Context, caseID int64) (*casework.File, error)
}

// CaseStore is what the case screens read besides the case file, and where
// generated letters are filed (satisfied by *store.DB). The screens call it
// only after the case file itself was read with need-to-know.
type CaseStore interface {
	QueueCases(ctx context.Context, scope casework.QueueScope) ([]int64, error)
	TriageReports(ctx context.Context, limit int) ([]reports.Summary, error)
	CasesOfReport(ctx context.Context, reportID int64) ([]cases.Ref, error)
	AuditForCase(ctx context.Context, caseID int64, limit int) ([]audit.Entry, error)
	GetCase(ctx context.Context, id int64) (*cases.Case, error)
	DecisionCase(ctx context.Context, decisionID int64) (int64, error)
	ListTeams(ctx context.Context) ([]accounts.Team, error)
	ListUsers(ctx context.Context) ([]accounts.User, error)
	SaveLetter(ctx context.Context, l *letters.Record) error
	ListLetters(ctx context.Context, caseID int64) ([]letters.Record, error)
	GetLetter(ctx context.Context, id int64) (*letters.Record, error)
}

// CaseworkConfig wires the case-work screens. Without a Service they are
// left out (the start page then shows no work queue).
type CaseworkConfig struct {
	Service Casework
	Files   CaseFiles
	Store   CaseStore
	Letters *letters.Renderer
	// TriageDue says when the safety assessment of a report received at
	// receivedAt is due (cases.Deadlines over the working-day calendar).
	TriageDue func(receivedAt time.Time, acute bool) time.Time
	// IntakeTeam owns the reports in triage.
	IntakeTeam string
}

func (c CaseworkConfig) enabled() bool { return c.Service != nil }

// registerCasework mounts the case-work screens; their requirements are
// in caseworkRoutes.
func (w *Web) registerCasework(mux *httpx.Router) {
	if !w.cfg.Casework.enabled() {
		return
	}
	mux.HandleFunc("GET /dossiers", w.caseList)
	mux.HandleFunc("GET /dossiers/{id}", w.casePage)
	mux.HandleFunc("GET /dossiers/{id}/logboek", w.caseAudit)
	mux.HandleFunc("POST /meldingen/{id}/dossier", w.caseOpen)
	mux.HandleFunc("POST /dossiers/{id}/toewijzing", w.caseAssign)
	mux.HandleFunc("POST /dossiers/{id}/stap", w.caseStep)
	mux.HandleFunc("POST /dossiers/{id}/fase", w.casePhase)
	mux.HandleFunc("POST /dossiers/{id}/besluiten", w.casePropose)
	mux.HandleFunc("POST /besluiten/{id}/goedkeuring", w.decisionApprove)
	mux.HandleFunc("POST /besluiten/{id}/afwijzing", w.decisionRefuse)
	mux.HandleFunc("POST /dossiers/{id}/contacten", w.caseContact)
	mux.HandleFunc("POST /dossiers/{id}/informanten", w.caseInformant)
	mux.HandleFunc("POST /dossiers/{id}/afspraken", w.caseAgreement)
	mux.HandleFunc("POST /dossiers/{id}/afspraken/{item}", w.caseAgreementStatus)
	mux.HandleFunc("POST /dossiers/{id}/voorwaarden", w.caseCondition)
	mux.HandleFunc("POST /dossiers/{id}/voorwaarden/{item}", w.caseConditionStatus)
	mux.HandleFunc("POST /dossiers/{id}/overdracht", w.caseHandover)
	mux.HandleFunc("POST /dossiers/{id}/overdracht/{item}", w.caseHandoverResponse)
	mux.HandleFunc("POST /dossiers/{id}/terugkoppeling", w.caseFeedback)
	mux.HandleFunc("POST /dossiers/{id}/monitoring/{item}", w.caseMonitoring)
	mux.HandleFunc("POST /dossiers/{id}/brieven", w.caseLetter)
	mux.HandleFunc("POST /dossiers/{id}/verzonden", w.caseLetterSent)
	mux.HandleFunc("GET /dossiers/{id}/brieven/{item}", w.caseLetterView)
	mux.HandleFunc("GET /dossiers/{id}/brieven/{item}/pdf", w.caseLetterPDF)
}

// caseworkRoutes is what each case-work route requires. The object of a
// /dossiers/{id} route is the case, of a /besluiten/{id} route the
// decision; the services decide again on the object they load.
func caseworkRoutes() map[string]authz.Requirement {
	onCase := func(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }
	export := onCase(authz.ActionExport)
	export.Kind = authz.KindCase
	return map[string]authz.Requirement{
		"GET /dossiers":                        authz.Needs(authz.ActionCaseList),
		"GET /dossiers/{id}":                   onCase(authz.ActionCaseView),
		"GET /dossiers/{id}/logboek":           authz.Needs(authz.ActionAuditView),
		"POST /meldingen/{id}/dossier":         authz.Needs(authz.ActionCaseCreate),
		"POST /dossiers/{id}/toewijzing":       onCase(authz.ActionCaseAssign),
		"POST /dossiers/{id}/stap":             onCase(authz.ActionCaseTransition),
		"POST /dossiers/{id}/fase":             onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/besluiten":        onCase(authz.ActionDecisionPropose),
		"POST /besluiten/{id}/goedkeuring":     onCase(authz.ActionDecisionApprove),
		"POST /besluiten/{id}/afwijzing":       onCase(authz.ActionDecisionApprove),
		"POST /dossiers/{id}/contacten":        onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/informanten":      onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/afspraken":        onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/afspraken/{item}": onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/voorwaarden":      onCase(authz.ActionCaseEdit),
		// Changing a condition's status (a breach) is case content too.
		"POST /dossiers/{id}/voorwaarden/{item}": onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/overdracht":         onCase(authz.ActionCaseHandover),
		"POST /dossiers/{id}/overdracht/{item}":  onCase(authz.ActionCaseHandover),
		"POST /dossiers/{id}/terugkoppeling":     onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/monitoring/{item}":  onCase(authz.ActionCaseEdit),
		"POST /dossiers/{id}/brieven":            onCase(authz.ActionLetterGenerate),
		"POST /dossiers/{id}/verzonden":          onCase(authz.ActionCaseEdit),
		"GET /dossiers/{id}/brieven/{item}":      onCase(authz.ActionCaseView),
		// A PDF is a copy that leaves Toren (print, mail): export.
		"GET /dossiers/{id}/brieven/{item}/pdf": export,
	}
}
