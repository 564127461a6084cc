package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"toren/internal/importer"

	"toren/internal/access"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/search"
	"toren/internal/toren"
)

// secretFailure stands for an internal error text that must never reach a client.
const secretFailure = "disk on fire at /var/lib/toren/secret.db"

var errSecret = errors.New(secretFailure)

type failingIntake struct{}

func (failingIntake) Submit(context.Context, authz.Actor, intake.Submission) (intake.Result, error) {
	return intake.Result{}, fmt.Errorf("intake: store report: %w", errSecret)
}

type failingReader struct{}

func (failingReader) GetReport(context.Context, authz.Actor, int64) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) GetReportByNumber(context.Context, authz.Actor, string) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) ListReports(context.Context, authz.Actor, reports.Filter) ([]reports.Summary, error) {
	return nil, errSecret
}
func (failingReader) GetPerson(context.Context, authz.Actor, int64) (persons.Person, error) {
	return persons.Person{}, errSecret
}
func (failingReader) ListPersons(context.Context, authz.Actor, persons.Filter) ([]persons.Person, error) {
	return nil, errSecret
}
func (failingReader) MentionsOfPerson(context.Context, authz.Actor, int64) ([]intake.PersonMention, error) {
	return nil, errSecret
}
func (failingReader) SearchPersons(context.Context, authz.Actor, search.Query) (search.Result, error) {
	return search.Result{}, errSecret
}

// plainReader is the store read without need-to-know, for tests of the
// API's own behaviour; need-to-know is tested over the whole app
// (internal/access).
type plainReader struct{ db storeReader }

// storeReader is the store's read methods, which take no actor.
type storeReader interface {
	GetReport(ctx context.Context, id int64) (*reports.Report, error)
	GetReportByNumber(ctx context.Context, number string) (*reports.Report, error)
	ListReports(ctx context.Context, f reports.Filter) ([]reports.Summary, error)
	GetPerson(ctx context.Context, id int64) (persons.Person, error)
	ListPersons(ctx context.Context, f persons.Filter) ([]persons.Person, error)
	MentionsOfPerson(ctx context.Context, personID int64) ([]intake.PersonMention, error)
	SearchPersons(ctx context.Context, q search.Query) (search.Result, error)
}

func (p plainReader) GetReport(ctx context.Context, _ authz.Actor, id int64) (*reports.Report, error) {
	return p.db.GetReport(ctx, id)
}
func (p plainReader) GetReportByNumber(ctx context.Context, _ authz.Actor, n string) (*reports.Report, error) {
	return p.db.GetReportByNumber(ctx, n)
}
func (p plainReader) ListReports(ctx context.Context, _ authz.Actor, f reports.Filter) ([]reports.Summary, error) {
	return p.db.ListReports(ctx, f)
}
func (p plainReader) GetPerson(ctx context.Context, _ authz.Actor, id int64) (persons.Person, error) {
	return p.db.GetPerson(ctx, id)
}
func (p plainReader) ListPersons(ctx context.Context, _ authz.Actor, f persons.Filter) ([]persons.Person, error) {
	return p.db.ListPersons(ctx, f)
}
func (p plainReader) MentionsOfPerson(ctx context.Context, _ authz.Actor, id int64) ([]intake.PersonMention, error) {
	return p.db.MentionsOfPerson(ctx, id)
}
func (p plainReader) SearchPersons(ctx context.Context, _ authz.Actor, q search.Query) (search.Result, error) {
	return p.db.SearchPersons(ctx, q)
}

type failingRegistry struct{}

func (failingRegistry) ReviewItems(context.Context, authz.Actor, registry.ReviewQuery) ([]registry.ReviewView, error) {
	return nil, errSecret
}
func (failingRegistry) ReviewItem(context.Context, authz.Actor, int64) (registry.ReviewView, error) {
	return registry.ReviewView{}, errSecret
}
func (failingRegistry) Decide(context.Context, authz.Actor, int64, registry.Decision) (registry.ReviewItem, error) {
	return registry.ReviewItem{}, errSecret
}
func (failingRegistry) Merge(context.Context, authz.Actor, int64, registry.MergeInput) (registry.Merge, error) {
	return registry.Merge{}, errSecret
}
func (failingRegistry) Unmerge(context.Context, authz.Actor, int64, registry.UnmergeInput) (registry.Merge, error) {
	return registry.Merge{}, errSecret
}
func (failingRegistry) MergeStatus(context.Context, authz.Actor, int64) (registry.MergeStatus, error) {
	return registry.MergeStatus{}, errSecret
}

// fakeStatuses knows report 1 as sent by the caller; every other report is
// not the caller's (404). The rule itself is tested end to end.
type fakeStatuses struct{}

func (fakeStatuses) ReportStatus(_ context.Context, _ authz.Actor, id int64) (access.ReportStatus, error) {
	if id != 1 {
		return access.ReportStatus{}, toren.Errorf(toren.CodeNotFound, "report %d not found", id)
	}
	return access.ReportStatus{ID: 1, Number: "M-2026-000001", Kind: reports.KindReport, ReceivedAt: now, Status: access.StatusInTriage}, nil
}

type failingStatuses struct{}

func (failingStatuses) ReportStatus(context.Context, authz.Actor, int64) (access.ReportStatus, error) {
	return access.ReportStatus{}, errors.New("database is down")
}

// fakeBatches reads the whole body and knows batch 1 only; the batch
// rules are tested end to end (batches_e2e_test.go).
type fakeBatches struct{}

func (fakeBatches) Run(_ context.Context, _ authz.Actor, r io.Reader) (importer.Batch, error) {
	if _, err := io.ReadAll(r); err != nil {
		return importer.Batch{}, fmt.Errorf("importer: %w", err)
	}
	return importer.Batch{ID: 1, CreatedAt: now, Lines: []importer.LineResult{{Line: 1, Outcome: importer.LineStored, ReportID: 1, Number: "M-2026-000001"}},
		Summary: importer.Summary{Rows: 1, Stored: 1}}, nil
}

func (f fakeBatches) Get(_ context.Context, a authz.Actor, id int64) (importer.Batch, error) {
	if id != 1 {
		return importer.Batch{}, toren.Errorf(toren.CodeNotFound, "batch %d not found", id)
	}
	return f.Run(context.Background(), a, strings.NewReader(""))
}

type failingBatches struct{}

func (failingBatches) Run(context.Context, authz.Actor, io.Reader) (importer.Batch, error) {
	return importer.Batch{}, errors.New("database is down")
}

func (failingBatches) Get(context.Context, authz.Actor, int64) (importer.Batch, error) {
	return importer.Batch{}, errors.New("database is down")
}

// fakePartners knows handover 1 (open) and 2 (answered already); the
// rules are tested end to end (internal/cli partner handover tests).
type fakePartners struct{}

func (fakePartners) PartnerHandovers(context.Context, authz.Actor) ([]casework.PartnerHandover, error) {
	return []casework.PartnerHandover{fakePartnerHandover()}, nil
}

func fakePartnerHandover() casework.PartnerHandover {
	return casework.PartnerHandover{ID: 1, CaseNumber: "D-2026-000001", Status: casework.HandoverProposed, SentAt: now,
		Partner: "Wijkteam Tilburg", Persons: []casework.PartnerPerson{{Name: "Anna de Vries", Roles: []reports.Role{reports.RoleVictim}}},
		Conditions: []casework.PartnerCondition{{ID: 1, Text: "Geen geweld.", Status: casework.ConditionActive}},
		Moments:    []casework.PartnerMoment{}, Version: 1}
}

func (fakePartners) find(id int64) (*casework.PartnerHandover, error) {
	switch id {
	case 1:
		h := fakePartnerHandover()
		return &h, nil
	case 2:
		return nil, toren.Errorf(toren.CodeConflict, "handover 2 was already accepted")
	}
	return nil, toren.Errorf(toren.CodeNotFound, "handover %d not found", id)
}

func (f fakePartners) AnswerHandover(_ context.Context, _ authz.Actor, id int64, in casework.PartnerAnswer) (*casework.PartnerHandover, error) {
	if !in.Accept && in.Reason == "" {
		return nil, toren.Errorf(toren.CodeInvalid, "reason: required")
	}
	return f.find(id)
}

func (f fakePartners) ReportMonitoring(_ context.Context, _ authz.Actor, id int64, in casework.PartnerMonitoringReport) (*casework.PartnerHandover, error) {
	if in.MomentID == 0 {
		return nil, toren.Errorf(toren.CodeInvalid, "moment_id: required")
	}
	return f.find(id)
}

type failingPartners struct{}

func (failingPartners) PartnerHandovers(context.Context, authz.Actor) ([]casework.PartnerHandover, error) {
	return nil, errors.New("database is down")
}

func (failingPartners) AnswerHandover(context.Context, authz.Actor, int64, casework.PartnerAnswer) (*casework.PartnerHandover, error) {
	return nil, errors.New("database is down")
}

func (failingPartners) ReportMonitoring(context.Context, authz.Actor, int64, casework.PartnerMonitoringReport) (*casework.PartnerHandover, error) {
	return nil, errors.New("database is down")
}
