package api

import (
	"context"
	"errors"
	"fmt"

	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/persons"
	"toren/internal/registry"
	"toren/internal/reports"
	"toren/internal/search"
)

// secretFailure stands for an internal error text that must never reach a client.
const secretFailure = "disk on fire at /var/lib/toren/secret.db"

var errSecret = errors.New(secretFailure)

type failingIntake struct{}

func (failingIntake) Submit(context.Context, intake.Submission) (intake.Result, error) {
	return intake.Result{}, fmt.Errorf("intake: store report: %w", errSecret)
}

type failingReader struct{}

func (failingReader) GetReport(context.Context, int64) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) GetReportByNumber(context.Context, string) (*reports.Report, error) {
	return nil, errSecret
}
func (failingReader) ListReports(context.Context, reports.Filter) ([]reports.Summary, error) {
	return nil, errSecret
}
func (failingReader) GetPerson(context.Context, int64) (persons.Person, error) {
	return persons.Person{}, errSecret
}
func (failingReader) ListPersons(context.Context, persons.Filter) ([]persons.Person, error) {
	return nil, errSecret
}
func (failingReader) MentionsOfPerson(context.Context, int64) ([]intake.PersonMention, error) {
	return nil, errSecret
}
func (failingReader) SearchPersons(context.Context, search.Query) (search.Result, error) {
	return search.Result{}, errSecret
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
func (failingRegistry) MergeStatus(context.Context, int64) (registry.MergeStatus, error) {
	return registry.MergeStatus{}, errSecret
}
