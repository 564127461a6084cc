package stats

import (
	"context"
	"time"

	"toren/internal/authz"
	"toren/internal/reports"
	"toren/internal/toren"
)

// Store is the storage the figures come from (satisfied by *store.DB).
type Store interface {
	// StatsSnapshot runs fn with queries that all read one state of the
	// registry, so that the tables agree with each other (and the rule
	// that hides a count a total would give away holds across them) while
	// reports come in.
	StatsSnapshot(ctx context.Context, fn func(Queries) error) error
}

// Queries are the statistics' queries. Each is one grouped query for one
// table of figures: it returns counts per category, never a row per
// report or per person. r limits the reports by their time of receipt,
// the decisions by their approval (StatsDecisions) and the case files by
// the receipt of their first report (StatsAssessments).
type Queries interface {
	// StatsVolume counts advice requests and reports per bucket: bucket i
	// runs from bounds[i] to bounds[i+1]; bounds[0] is r.From and the
	// last bound r.To.
	StatsVolume(ctx context.Context, r Range, bounds []time.Time) ([]VolumeRow, error)
	StatsReporters(ctx context.Context, r Range) ([]ReporterRow, error)
	// StatsViolence counts, per kind of signal, the signals carrying each
	// of types, and those carrying none.
	StatsViolence(ctx context.Context, r Range, types []reports.ViolenceType) ([]ViolenceRow, error)
	StatsMunicipalities(ctx context.Context, r Range) ([]MunicipalityRow, error)
	StatsChildren(ctx context.Context, r Range) ([]ChildrenRow, error)
	StatsAcute(ctx context.Context, r Range) ([]AcuteRow, error)
	// StatsMeldcode counts the reports (not advice requests) of
	// professional reporters by what they recorded of the meldcode.
	StatsMeldcode(ctx context.Context, r Range) ([]MeldcodeRow, error)
	// StatsRepeats counts reports (not advice requests) by whether one of
	// the persons they name was named in an earlier report.
	StatsRepeats(ctx context.Context, r Range) ([]RepeatRow, error)
	// StatsDecisions counts the decisions approved in r by kind and outcome.
	StatsDecisions(ctx context.Context, r Range) ([]DecisionRow, error)
	// StatsAssessments counts the case files whose first report was
	// received in r, by the day of receipt and the day the first safety
	// assessment was approved (zero when there is none yet), both in
	// Amsterdam, and by whether a report of the case was acute.
	StatsAssessments(ctx context.Context, r Range) ([]AssessmentRow, error)
}

// VolumeRow is the number of signals of one kind received in bucket Bucket.
type VolumeRow struct {
	Bucket int
	Kind   reports.Kind
	N      int64
}

// ReporterRow counts signals of one kind from one kind of reporter.
type ReporterRow struct {
	Reporter reports.ReporterKind
	Kind     reports.Kind
	N        int64
}

// ViolenceRow counts the signals of one kind: all of them (N), those with
// each kind of violence (ByType, parallel to the types asked for) and
// those with none recorded (None).
type ViolenceRow struct {
	Kind   reports.Kind
	N      int64
	ByType []int64
	None   int64
}

// MunicipalityRow counts signals of one kind about one municipality (its
// CBS code; "" when none was recorded).
type MunicipalityRow struct {
	Municipality string
	Kind         reports.Kind
	N            int64
}

// ChildrenRow counts signals of one kind by whether children were present.
type ChildrenRow struct {
	Children reports.Tri
	Kind     reports.Kind
	N        int64
}

// AcuteRow counts signals of one kind by the acute flag.
type AcuteRow struct {
	Acute bool
	Kind  reports.Kind
	N     int64
}

// MeldcodeState is what a professional's report records of the meldcode.
type MeldcodeState string

const (
	MeldcodeNotRecorded MeldcodeState = "not_recorded" // no meldcode part
	MeldcodeIncomplete  MeldcodeState = "incomplete"   // fewer than five steps taken
	MeldcodeAllSteps    MeldcodeState = "all_steps"    // the five steps taken
)

// MeldcodeRow counts professionals' reports in one meldcode state.
type MeldcodeRow struct {
	State MeldcodeState
	N     int64
}

// RepeatRow counts reports that are, or are not, repeat reports.
type RepeatRow struct {
	Repeat bool
	N      int64
}

// DecisionRow counts approved decisions of one kind with one outcome.
type DecisionRow struct {
	Kind    authz.DecisionKind
	Outcome string
	N       int64
}

// AssessmentRow counts case files received on one day and assessed on
// another (Assessed is zero for those not assessed yet).
type AssessmentRow struct {
	Received toren.Date
	Assessed toren.Date
	Acute    bool
	N        int64
}
