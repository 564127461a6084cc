package itteam

import (
	"slices"
	"strings"
	"time"

	"toren/internal/toren"
)

// MIC (Melding Incidenten Cliënten, seed S3 chapter 3): every incident —
// a situation, act or omission by which a client or a worker was harmed
// or could have been — is reported by the worker involved to the team
// leader on the incident form. The team leader asks the worker after six
// weeks and after three months whether they need further help; those two
// questions are the MIC's follow-ups, and they appear in the team
// leader's work queue when they are due.

// Harm is a kind of harm the incident did.
type Harm string

const (
	HarmBodily   Harm = "bodily"   // lichamelijk letsel
	HarmMental   Harm = "mental"   // geestelijk letsel
	HarmMaterial Harm = "material" // materiële schade
)

// Harms lists the kinds of harm in the order the form shows them; the
// pages word them (the web's catalogue, it.harm.<code>).
func Harms() []Harm { return []Harm{HarmBodily, HarmMental, HarmMaterial} }

// Valid reports whether h is one of Harms.
func (h Harm) Valid() bool { return slices.Contains(Harms(), h) }

// FollowUpMoment is one of the two follow-up questions.
type FollowUpMoment string

const (
	FollowUpSixWeeks    FollowUpMoment = "six_weeks"
	FollowUpThreeMonths FollowUpMoment = "three_months"
)

// FollowUpMoments lists the two; the pages word them (the web's
// catalogue, it.follow-up.<code>).
func FollowUpMoments() []FollowUpMoment {
	return []FollowUpMoment{FollowUpSixWeeks, FollowUpThreeMonths}
}

// Valid reports whether m is one of FollowUpMoments.
func (m FollowUpMoment) Valid() bool {
	return slices.Contains(FollowUpMoments(), m)
}

// FollowUp is the team leader's question to the reporting worker whether
// they need further help. AskedOn is zero while it is open.
type FollowUp struct {
	Moment    FollowUpMoment `json:"moment"`
	Due       toren.Date     `json:"due"`
	AskedOn   toren.Date     `json:"asked_on,omitzero"`
	By        Worker         `json:"by,omitzero"`
	NeedsHelp bool           `json:"needs_help"`
	Note      string         `json:"note,omitempty"`
}

// Open reports whether the question has not been asked yet.
func (f FollowUp) Open() bool { return f.AskedOn.IsZero() }

// MIC is one incident report by a worker in an IT case, sent to the team
// leader of the IT team. It is the worker's and the team leader's: the
// rest of the team sees neither it nor its follow-ups.
type MIC struct {
	ID         int64      `json:"id"`
	Version    int        `json:"version"`
	ITCaseID   int64      `json:"it_case_id"`
	Team       string     `json:"team"`
	On         toren.Date `json:"on"`          // the day of the incident
	ReportedOn toren.Date `json:"reported_on"` // the day it was reported
	Reporter   Worker     `json:"reporter"`
	// What happened, in the worker's words.
	What string `json:"what"`
	// Harm done; none when harm could have been done but was not.
	Harm []Harm `json:"harm"`
	// Involved is who was involved (clients, workers, others).
	Involved  string     `json:"involved"`
	FollowUps []FollowUp `json:"follow_ups"`
	CreatedAt time.Time  `json:"created_at"`
}

// NextDue is the due date of the first open follow-up; ok is false when
// both were asked.
func (m *MIC) NextDue() (toren.Date, bool) {
	for _, f := range m.FollowUps {
		if f.Open() {
			return f.Due, true
		}
	}
	return toren.Date{}, false
}

// NewMIC checks a new incident report made on day today and gives it its
// two follow-ups: six weeks and three months after the report. On error m
// is unchanged.
func NewMIC(m *MIC, today toren.Date) error {
	var p toren.Problems
	what, involved := strings.TrimSpace(m.What), strings.TrimSpace(m.Involved)
	if what == "" {
		broke(&p, "what", "required", "what happened is required")
	}
	if involved == "" {
		broke(&p, "involved", "required", "who was involved is required")
	}
	switch {
	case m.On.IsZero():
		broke(&p, "on", "required", "the date of the incident is required")
	case m.On.After(today):
		broke(&p, "on", "not_future", "the date of the incident may not be in the future")
	}
	var harm []Harm
	for _, h := range m.Harm {
		if !h.Valid() {
			broke(&p, "harm", "enum", "harm must be bodily, mental or material")
			break
		}
		if !slices.Contains(harm, h) {
			harm = append(harm, h)
		}
	}
	if m.Reporter.ID <= 0 {
		broke(&p, "reporter", "required", "the reporting worker is required")
	}
	if err := p.Err(); err != nil {
		return err
	}
	m.What, m.Involved, m.ReportedOn = what, involved, today
	if harm == nil {
		harm = []Harm{}
	}
	m.Harm = harm
	m.FollowUps = []FollowUp{
		{Moment: FollowUpSixWeeks, Due: today.AddDays(42)},
		{Moment: FollowUpThreeMonths, Due: today.AddDate(0, 3, 0)},
	}
	return nil
}

// AskFollowUp records that the team leader asked the worker the question
// of moment: on which day, whether they need further help, and a note.
// Each question is asked once; not before the report nor in the future.
func (m *MIC) AskFollowUp(moment FollowUpMoment, f FollowUp, by Worker, today toren.Date) error {
	var p toren.Problems
	i := slices.IndexFunc(m.FollowUps, func(x FollowUp) bool { return x.Moment == moment })
	switch {
	case i < 0:
		broke(&p, "moment", "enum", "moment must be six_weeks or three_months")
	case !m.FollowUps[i].Open():
		return &toren.Error{Code: toren.CodeConflict, Message: "follow-up recorded already", Fields: []toren.FieldError{{Field: "moment", Rule: "asked",
			Message: "this follow-up was recorded on " + m.FollowUps[i].AskedOn.String()}}}
	}
	switch {
	case f.AskedOn.IsZero():
		broke(&p, "asked_on", "required", "the date the worker was asked is required")
	case f.AskedOn.After(today):
		broke(&p, "asked_on", "not_future", "the date may not be in the future")
	case f.AskedOn.Before(m.ReportedOn):
		broke(&p, "asked_on", "after_report", "the date may not be before the report ("+m.ReportedOn.String()+")")
	}
	if err := p.Err(); err != nil {
		return err
	}
	m.FollowUps[i].AskedOn, m.FollowUps[i].By = f.AskedOn, by
	m.FollowUps[i].NeedsHelp, m.FollowUps[i].Note = f.NeedsHelp, strings.TrimSpace(f.Note)
	return nil
}
