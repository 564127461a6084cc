package stats

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/toren"
	"toren/internal/workdays"
)

// Config wires the statistics.
type Config struct {
	Store Store
	// Calendar and Deadlines give the deadline of the safety assessment,
	// computed as the case files and the triage queue compute it
	// (cases.Deadlines.SafetyAssessmentDueDay).
	Calendar  workdays.Calendar
	Deadlines cases.Deadlines
	// MunicipalityName returns the name of a CBS municipality code; nil
	// shows the codes.
	MunicipalityName func(code string) string
	// Clock says what day it is (nil: the system clock).
	Clock toren.Clock
	// Audit keeps the audit entry of an export (satisfied by *store.DB);
	// without it nothing is exported.
	Audit Auditor
}

// Auditor appends an entry to the audit log.
type Auditor interface {
	AppendAudit(ctx context.Context, es ...audit.Entry) error
}

// Service computes the statistics.
type Service struct {
	cfg Config
}

// New returns the service for cfg.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = toren.SystemClock{}
	}
	if cfg.MunicipalityName == nil {
		cfg.MunicipalityName = func(code string) string { return code }
	}
	return &Service{cfg: cfg}
}

// Figures are the counts of one period as the store gave them, before
// suppression. They are what the tables are built from, and what tests
// compare with the truth; they are not for display.
type Figures struct {
	Period         Period
	Buckets        []Bucket
	Volume         []VolumeRow
	Reporters      []ReporterRow
	Violence       []ViolenceRow
	Municipalities []MunicipalityRow
	Children       []ChildrenRow
	Acute          []AcuteRow
	Meldcode       []MeldcodeRow
	Repeats        []RepeatRow
	Decisions      []DecisionRow
	Assessments    []AssessmentRow
	// Today is the day the figures were made (in Amsterdam): whether an
	// unassessed case file is past its deadline depends on it.
	Today toren.Date
}

// Figures runs the queries for period p.
func (s *Service) Figures(ctx context.Context, p Period) (*Figures, error) {
	f := &Figures{Period: p, Buckets: p.Buckets(), Today: toren.DateOf(s.cfg.Clock.Now().In(toren.Amsterdam))}
	r := p.Range()
	bounds := make([]time.Time, 0, len(f.Buckets)+1)
	for _, b := range f.Buckets {
		bounds = append(bounds, b.Range.From)
	}
	bounds = append(bounds, r.To)
	err := s.cfg.Store.StatsSnapshot(ctx, func(q Queries) error {
		steps := []struct {
			what string
			run  func() error
		}{
			{"volume", func() (e error) { f.Volume, e = q.StatsVolume(ctx, r, bounds); return }},
			{"reporters", func() (e error) { f.Reporters, e = q.StatsReporters(ctx, r); return }},
			{"violence", func() (e error) { f.Violence, e = q.StatsViolence(ctx, r, violenceCodes()); return }},
			{"municipalities", func() (e error) { f.Municipalities, e = q.StatsMunicipalities(ctx, r); return }},
			{"children", func() (e error) { f.Children, e = q.StatsChildren(ctx, r); return }},
			{"acute", func() (e error) { f.Acute, e = q.StatsAcute(ctx, r); return }},
			{"meldcode", func() (e error) { f.Meldcode, e = q.StatsMeldcode(ctx, r); return }},
			{"repeats", func() (e error) { f.Repeats, e = q.StatsRepeats(ctx, r); return }},
			{"decisions", func() (e error) { f.Decisions, e = q.StatsDecisions(ctx, r); return }},
			{"assessments", func() (e error) { f.Assessments, e = q.StatsAssessments(ctx, r); return }},
		}
		for _, st := range steps {
			if err := st.run(); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stats: %s: %w", p, err)
	}
	return f, nil
}

// Report is the statistics of a period as they may be shown.
type Report struct {
	Period Period
	Tables []Table
}

// Report computes the statistics of period p, with every cell suppressed
// as the rule says, for a who may view the statistics (stats.view).
func (s *Service) Report(ctx context.Context, a authz.Actor, p Period) (*Report, error) {
	if err := s.allow(a, authz.ActionStatsView); err != nil {
		return nil, err
	}
	return s.report(ctx, p)
}

func (s *Service) report(ctx context.Context, p Period) (*Report, error) {
	f, err := s.Figures(ctx, p)
	if err != nil {
		return nil, err
	}
	return &Report{Period: p, Tables: s.Tables(f)}, nil
}

// allow asks the policy whether a may do action on the statistics.
func (s *Service) allow(a authz.Actor, action authz.Action) error {
	if d := authz.Decide(a, action, authz.Resource{}, authz.Opts{Now: s.cfg.Clock.Now()}); !d.Full() {
		return toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	return nil
}

// Export is the statistics of period p as CSV (WriteCSV: the tables the
// page shows, small counts suppressed, worded by word as the page words
// them), the statutory delivery, for a who may export them (stats.export). The export is written to the audit log
// with what it held (the request's audit recorder in ctx) before it is
// returned; without that entry nothing is exported.
func (s *Service) Export(ctx context.Context, a authz.Actor, p Period, word func(*Report)) (*Report, []byte, error) {
	if err := s.allow(a, authz.ActionStatsExport); err != nil {
		return nil, nil, err
	}
	rec, ok := audit.RequestRecorder(ctx, a)
	if !ok || s.cfg.Audit == nil {
		return nil, nil, errors.New("stats: an export needs the audit log and the request's audit recorder")
	}
	rep, err := s.report(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	if word != nil {
		word(rep)
	}
	var buf bytes.Buffer
	lines, err := WriteCSV(&buf, rep)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(rep.Tables))
	for i, t := range rep.Tables {
		ids[i] = t.ID
	}
	from, to := rep.Period.From.String(), rep.Period.To.String()
	e := rec.Entry(s.cfg.Clock.Now(), string(authz.ActionStatsExport), "statistics", from+"/"+to, nil)
	e.Reason = fmt.Sprintf("CSV of the registration statistics %s to %s, small counts suppressed: %d figures in tables %s",
		from, to, lines, strings.Join(ids, ", "))
	if err := s.cfg.Audit.AppendAudit(ctx, e); err != nil {
		return nil, nil, fmt.Errorf("stats: audit the export: %w", err)
	}
	rec.Wrote(1)
	return rep, buf.Bytes(), nil
}

// Table returns the table with that ID, or nil.
func (r *Report) Table(id string) *Table {
	for i := range r.Tables {
		if r.Tables[i].ID == id {
			return &r.Tables[i]
		}
	}
	return nil
}
