package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The case file (migration 00007). The reads here assemble a
// casework.File; casework_write.go holds the writes.

// CaseFile implements casework.Store: the case with every record in it,
// each list oldest first.
func (db *DB) CaseFile(ctx context.Context, caseID int64) (*casework.File, error) {
	files, err := db.CaseFiles(ctx, []int64{caseID}, casework.PartsAll)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, notFound("case", caseID)
	}
	return files[0], nil
}

// CaseFiles implements casework.Store: the files of those of ids that
// exist, in the order of ids, each as CaseFile reads it or with only the
// parts asked for. Every table is read once for up to maxIn cases, not
// once per case, so a list of 250 cases costs about twenty queries
// instead of five thousand.
func (db *DB) CaseFiles(ctx context.Context, ids []int64, parts casework.Parts) ([]*casework.File, error) {
	q := db.reader()
	out := make([]*casework.File, 0, len(ids))
	for chunk := range slices.Chunk(ids, maxIn) {
		files, err := caseFiles(ctx, q, chunk, parts)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			if f := files[id]; f != nil {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// caseFiles reads the files of ids (at most maxIn), by case ID.
func caseFiles(ctx context.Context, q querier, ids []int64, parts casework.Parts) (map[int64]*casework.File, error) {
	in, args := inList(ids)
	files, err := caseRows(ctx, q, in, args)
	if err != nil || len(files) == 0 {
		return files, err
	}
	type load func(context.Context, querier, string, []any, map[int64]*casework.File) error
	// due marks the records casework.PartsDue asks for: what decides who
	// may read the case (its team, workers, handovers, a protected
	// reporter) and what is due when (casework's due and schedule), and
	// the persons and phase a list shows.
	loads := []struct {
		what string
		due  bool
		fn   load
	}{
		{"reports", true, caseReports}, {"persons", true, casePersonsOf}, {"assignment", true, caseAssignment},
		{"phases", true, casePhases}, {"transitions", true, caseTransitions}, {"decisions", true, caseDecisions},
		{"contacts", false, caseContacts}, {"informants", false, caseInformants}, {"agreements", true, caseAgreements},
		{"conditions", false, caseConditions}, {"handovers", true, caseHandovers},
		{"handover conditions", false, caseHandoverConditions}, {"feedback", true, caseFeedback},
		{"letters", false, caseLetters}, {"monitoring", true, caseMonitoring}, {"condition checks", false, caseConditionChecks},
		{"signals", true, caseSignals}, {"police reports", false, casePoliceReports},
	}
	for _, l := range loads {
		if parts == casework.PartsDue && !l.due {
			continue
		}
		if err := l.fn(ctx, q, in, args, files); err != nil {
			if len(ids) == 1 {
				return nil, fmt.Errorf("store: case %d %s: %w", ids[0], l.what, err)
			}
			return nil, fmt.Errorf("store: %d case files, %s: %w", len(ids), l.what, err)
		}
	}
	return files, nil
}

// caseRows reads the cases of the IN list with their reports, as empty
// files (every list empty, not nil: a client iterates them as they are).
func caseRows(ctx context.Context, q querier, in string, args []any) (map[int64]*casework.File, error) {
	files := map[int64]*casework.File{}
	err := each(ctx, q, `SELECT id, number, status, team, summary, opened_at, updated_at, version FROM cases WHERE id IN `+in, args,
		func(s scanner) error {
			var c cases.Case
			if err := s.Scan(&c.ID, &c.Number, &c.Status, &c.Team, &c.Summary, &c.OpenedAt, &c.UpdatedAt, &c.Version); err != nil {
				return err
			}
			c.OpenedAt, c.UpdatedAt = c.OpenedAt.UTC(), c.UpdatedAt.UTC()
			files[c.ID] = &casework.File{Case: c, Reports: []casework.ReportRef{}, PersonIDs: []int64{},
				Assignment: casework.Assignment{Team: c.Team, Workers: []casework.AssignedWorker{}},
				Phases:     []casework.PhaseRecord{}, Transitions: []casework.TransitionRecord{}, Decisions: []casework.Decision{},
				Contacts: []casework.Contact{}, Informants: []casework.Informant{}, Agreements: []casework.Agreement{},
				Conditions: []casework.Condition{}, Handovers: []casework.Handover{}, Feedback: []casework.Feedback{},
				Letters: []casework.LetterSent{}, Monitoring: []casework.MonitoringMoment{}, Signals: []casework.Signal{},
				PoliceReports: []casework.PoliceReport{}}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	if len(files) == 0 {
		return files, nil
	}
	err = eachOf(ctx, q, `SELECT case_id, report_id FROM case_reports WHERE case_id IN `+in+` ORDER BY case_id, report_id`, args, files,
		func(s scanner) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		}, func(f *casework.File, id int64) { f.Case.ReportIDs = append(f.Case.ReportIDs, id) })
	if err != nil {
		return nil, fmt.Errorf("store: reports of cases: %w", err)
	}
	return files, nil
}

// each runs query and calls scan for every row.
func each(ctx context.Context, q querier, query string, args []any, scan func(s scanner) error) error {
	rows, err := q.rows(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachOf runs a query over several cases whose first column is the case
// ID: scan reads the rest of each row, and add puts it in its case's file.
// Rows come in the query's order, so each file's list keeps it.
func eachOf[T any](ctx context.Context, q querier, query string, args []any, files map[int64]*casework.File,
	scan func(s scanner) (T, error), add func(f *casework.File, v T)) error {
	var caseID int64
	cs := &caseScanner{caseID: &caseID}
	return each(ctx, q, query, args, func(s scanner) error {
		cs.s = s
		v, err := scan(cs)
		if err != nil {
			return err
		}
		if f := files[caseID]; f != nil {
			add(f, v)
		}
		return nil
	})
}

// caseScanner scans a row's first column into caseID and the rest into
// the destinations it is given. One serves all rows of a query, reusing
// its list of destinations.
type caseScanner struct {
	s      scanner
	caseID *int64
	dest   []any
}

func (c *caseScanner) Scan(dest ...any) error {
	c.dest = append(append(c.dest[:0], c.caseID), dest...)
	return c.s.Scan(c.dest...)
}

func caseReports(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT cr.case_id, r.id, r.number, r.received_at, r.acute, r.reporter_kind, r.reporter_org, r.reporter_name,
			r.reporter_protected, r.reporter_phone, r.reporter_email, r.children_present,
			EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = r.id AND m.role = ?)
		FROM reports r JOIN case_reports cr ON cr.report_id = r.id WHERE cr.case_id IN `+in+` ORDER BY r.received_at, r.id`,
		append([]any{string(reports.RoleChild)}, args...), files, func(s scanner) (casework.ReportRef, error) {
			var r casework.ReportRef
			var phone, email, children string
			var child bool
			if err := s.Scan(&r.ID, &r.Number, &r.ReceivedAt, &r.Acute, &r.ReporterKind, &r.ReporterOrganisation, &r.ReporterName,
				&r.ReporterProtected, &phone, &email, &children, &child); err != nil {
				return r, err
			}
			r.ReceivedAt = r.ReceivedAt.UTC()
			r.ReporterReachable = (r.ReporterName != "" || r.ReporterOrganisation != "") && (phone != "" || email != "")
			r.ChildrenInvolved = child || children == string(reports.Yes)
			return r, nil
		}, func(f *casework.File, r casework.ReportRef) { f.Reports = append(f.Reports, r) })
}

// casePersons returns the registry persons named in the case's reports.
func casePersons(ctx context.Context, q querier, caseID int64) ([]int64, error) {
	in, args := inList([]int64{caseID})
	f := &casework.File{PersonIDs: []int64{}}
	err := casePersonsOf(ctx, q, in, args, map[int64]*casework.File{caseID: f})
	return f.PersonIDs, err
}

// casePersonsOf fills in the registry persons named in each case's reports.
func casePersonsOf(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT DISTINCT cr.case_id, m.person_id FROM mentions m JOIN case_reports cr ON cr.report_id = m.report_id
		WHERE cr.case_id IN `+in+` AND m.person_id IS NOT NULL ORDER BY cr.case_id, m.person_id`, args, files,
		func(s scanner) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		}, func(f *casework.File, id int64) { f.PersonIDs = append(f.PersonIDs, id) })
}

func caseAssignment(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, user_id, user_name, assigned_at FROM case_assignments
		WHERE case_id IN `+in+` AND ended_at IS NULL ORDER BY id`, args, files, func(s scanner) (casework.AssignedWorker, error) {
		var w casework.AssignedWorker
		err := s.Scan(&w.UserID, &w.Name, &w.Since)
		w.Since = w.Since.UTC()
		return w, err
	}, func(f *casework.File, w casework.AssignedWorker) {
		f.Assignment.Workers = append(f.Assignment.Workers, w)
	})
}

func casePhases(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, phase, note, by_id, by_name, at FROM case_phases WHERE case_id IN `+in+` ORDER BY id`,
		args, files, func(s scanner) (casework.PhaseRecord, error) {
			var p casework.PhaseRecord
			err := s.Scan(&p.Phase, &p.Note, &p.Recorded.ByID, &p.Recorded.ByName, &p.Recorded.At)
			p.Recorded.At = p.Recorded.At.UTC()
			return p, err
		}, func(f *casework.File, p casework.PhaseRecord) { f.Phases = append(f.Phases, p) })
}

func caseTransitions(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, from_status, to_status, transition, reason, decision_id, by_id, by_name, at
		FROM case_transitions WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.TransitionRecord, error) {
		var t casework.TransitionRecord
		var decision sql.NullInt64
		err := s.Scan(&t.ID, &t.Episode, &t.From, &t.To, &t.Transition, &t.Reason, &decision,
			&t.Recorded.ByID, &t.Recorded.ByName, &t.Recorded.At)
		t.DecisionID, t.Recorded.At = decision.Int64, t.Recorded.At.UTC()
		return t, err
	}, func(f *casework.File, t casework.TransitionRecord) { f.Transitions = append(f.Transitions, t) })
}

const decisionColumns = `id, case_id, episode, kind, outcome, status, reasoning, acute_unsafety, structural_unsafety,
	triage_rule, risk_colour, finding, proposed_by, proposed_by_name, proposed_at, decided_by, decided_by_name, decided_at,
	refusal_reason, version`

func scanDecision(s scanner) (casework.Decision, error) {
	var d casework.Decision
	var decidedBy sql.NullInt64
	var decidedName string
	var decidedAt sql.NullTime
	err := s.Scan(&d.ID, &d.CaseID, &d.Episode, &d.Kind, &d.Outcome, &d.Status, &d.Reasoning, &d.AcuteUnsafety, &d.StructuralUnsafety,
		&d.TriageRule, &d.RiskColour, &d.Finding, &d.Proposed.ByID, &d.Proposed.ByName, &d.Proposed.At,
		&decidedBy, &decidedName, &decidedAt, &d.RefusalReason, &d.Version)
	if err != nil {
		return d, err
	}
	d.Proposed.At = d.Proposed.At.UTC()
	if decidedAt.Valid {
		d.Decided = &casework.Stamp{ByID: decidedBy.Int64, ByName: decidedName, At: decidedAt.Time.UTC()}
	}
	return d, nil
}

func caseDecisions(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, `+decisionColumns+` FROM case_decisions WHERE case_id IN `+in+` ORDER BY id`, args, files,
		scanDecision, func(f *casework.File, d casework.Decision) { f.Decisions = append(f.Decisions, d) })
}

func caseContacts(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, at, with_whom, role, channel, person_id, summary, acute_action, by_id, by_name, recorded_at
		FROM case_contacts WHERE case_id IN `+in+` ORDER BY at, id`, args, files, func(s scanner) (casework.Contact, error) {
		var c casework.Contact
		var person sql.NullInt64
		err := s.Scan(&c.ID, &c.Episode, &c.At, &c.With, &c.Role, &c.Channel, &person, &c.Summary, &c.AcuteAction,
			&c.Recorded.ByID, &c.Recorded.ByName, &c.Recorded.At)
		c.PersonID, c.At, c.Recorded.At = person.Int64, c.At.UTC(), c.Recorded.At.UTC()
		return c, err
	}, func(f *casework.File, c casework.Contact) { f.Contacts = append(f.Contacts, c) })
}

func caseInformants(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, name, organisation, function, phone, email, physician, signal_function, note, by_id, by_name, recorded_at
		FROM case_informants WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.Informant, error) {
		var i casework.Informant
		err := s.Scan(&i.ID, &i.Name, &i.Organisation, &i.Function, &i.Phone, &i.Email, &i.Physician, &i.SignalFunction,
			&i.Note, &i.Recorded.ByID, &i.Recorded.ByName, &i.Recorded.At)
		i.Recorded.At = i.Recorded.At.UTC()
		return i, err
	}, func(f *casework.File, i casework.Informant) { f.Informants = append(f.Informants, i) })
}

func parseStoredDate(s string) (toren.Date, error) {
	d, err := toren.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("stored date: %w", err)
	}
	return d, nil
}

func caseAgreements(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, who, what, due, status, note, by_id, by_name, recorded_at, version
		FROM case_agreements WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.Agreement, error) {
		var a casework.Agreement
		var due string
		if err := s.Scan(&a.ID, &a.Episode, &a.Who, &a.What, &due, &a.Status, &a.Note,
			&a.Recorded.ByID, &a.Recorded.ByName, &a.Recorded.At, &a.Version); err != nil {
			return a, err
		}
		var err error
		a.Due, err = parseStoredDate(due)
		a.Recorded.At = a.Recorded.At.UTC()
		return a, err
	}, func(f *casework.File, a casework.Agreement) { f.Agreements = append(f.Agreements, a) })
}

func caseConditions(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, text, checked_by, until, status, note, by_id, by_name, recorded_at, version
		FROM case_conditions WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.Condition, error) {
		var c casework.Condition
		var until string
		if err := s.Scan(&c.ID, &c.Episode, &c.Text, &c.CheckedBy, &until, &c.Status, &c.Note,
			&c.Recorded.ByID, &c.Recorded.ByName, &c.Recorded.At, &c.Version); err != nil {
			return c, err
		}
		var err error
		c.Until, err = parseStoredDate(until)
		c.Recorded.At = c.Recorded.At.UTC()
		return c, err
	}, func(f *casework.File, c casework.Condition) { f.Conditions = append(f.Conditions, c) })
}

func caseHandovers(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, partner, partner_kind, case_director, reports_back, report_back_when, status,
			proposed_by, proposed_by_name, proposed_at, responded_by, responded_by_name, responded_at, response_note, version,
			from_team, to_team, partner_id, responded_client
		FROM case_handovers WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.Handover, error) {
		var h casework.Handover
		var by, partner, client sql.NullInt64
		var byName string
		var at sql.NullTime
		if err := s.Scan(&h.ID, &h.Episode, &h.Partner, &h.PartnerKind, &h.CaseDirector, &h.ReportsBack, &h.ReportBackWhen, &h.Status,
			&h.Proposed.ByID, &h.Proposed.ByName, &h.Proposed.At, &by, &byName, &at, &h.ResponseNote, &h.Version,
			&h.FromTeam, &h.ToTeam, &partner, &client); err != nil {
			return h, err
		}
		h.PartnerID, h.RespondedClient = partner.Int64, client.Int64
		h.Proposed.At = h.Proposed.At.UTC()
		if at.Valid {
			h.Responded = &casework.Stamp{ByID: by.Int64, ByName: byName, At: at.Time.UTC()}
		}
		h.ConditionIDs = []int64{}
		return h, nil
	}, func(f *casework.File, h casework.Handover) { f.Handovers = append(f.Handovers, h) })
}

// caseHandoverConditions fills in the conditions that travel with each
// handover read by caseHandovers.
func caseHandoverConditions(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	byID := map[int64]*casework.Handover{}
	for _, f := range files {
		for i := range f.Handovers {
			byID[f.Handovers[i].ID] = &f.Handovers[i]
		}
	}
	return each(ctx, q, `SELECT hc.handover_id, hc.condition_id FROM case_handover_conditions hc
		JOIN case_handovers h ON h.id = hc.handover_id WHERE h.case_id IN `+in+` ORDER BY hc.handover_id, hc.condition_id`,
		args, func(s scanner) error {
			var hid, cid int64
			if err := s.Scan(&hid, &cid); err != nil {
				return err
			}
			if h := byID[hid]; h != nil {
				h.ConditionIDs = append(h.ConditionIDs, cid)
			}
			return nil
		})
}

func caseFeedback(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT f.case_id, f.id, f.episode, f.report_id, r.number, f.moment, f.given_at, f.channel, f.follow_up_started,
			f.transfer_parties, f.reporter_has_role, f.conditions_shared, f.summary, f.by_id, f.by_name, f.recorded_at
		FROM case_feedback f JOIN reports r ON r.id = f.report_id WHERE f.case_id IN `+in+` ORDER BY f.given_at, f.id`,
		args, files, func(s scanner) (casework.Feedback, error) {
			var fb casework.Feedback
			err := s.Scan(&fb.ID, &fb.Episode, &fb.ReportID, &fb.ReportNumber, &fb.Moment, &fb.GivenAt, &fb.Channel, &fb.FollowUpStarted,
				&fb.TransferParties, &fb.ReporterHasRole, &fb.ConditionsShared, &fb.Summary,
				&fb.Recorded.ByID, &fb.Recorded.ByName, &fb.Recorded.At)
			fb.GivenAt, fb.Recorded.At = fb.GivenAt.UTC(), fb.Recorded.At.UTC()
			return fb, err
		}, func(f *casework.File, fb casework.Feedback) { f.Feedback = append(f.Feedback, fb) })
}

func caseLetters(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, kind, sent_at, recipient, reference, by_id, by_name, recorded_at
		FROM case_letters WHERE case_id IN `+in+` ORDER BY sent_at, id`, args, files, func(s scanner) (casework.LetterSent, error) {
		var l casework.LetterSent
		err := s.Scan(&l.ID, &l.Episode, &l.Kind, &l.SentAt, &l.Recipient, &l.Reference,
			&l.Recorded.ByID, &l.Recorded.ByName, &l.Recorded.At)
		l.SentAt, l.Recorded.At = l.SentAt.UTC(), l.Recorded.At.UTC()
		return l, err
	}, func(f *casework.File, l casework.LetterSent) { f.Letters = append(f.Letters, l) })
}

func caseMonitoring(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, handover_id, months, due_at, status, done_by, done_by_name, done_at, note, version, done_client
		FROM case_monitoring WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.MonitoringMoment, error) {
		var m casework.MonitoringMoment
		var by, client sql.NullInt64
		var byName string
		var at sql.NullTime
		if err := s.Scan(&m.ID, &m.Episode, &m.HandoverID, &m.Months, &m.Due, &m.Status, &by, &byName, &at, &m.Note, &m.Version, &client); err != nil {
			return m, err
		}
		m.DoneClient = client.Int64
		m.Due = m.Due.UTC()
		if at.Valid {
			m.Done = &casework.Stamp{ByID: by.Int64, ByName: byName, At: at.Time.UTC()}
		}
		m.Checks = []casework.ConditionCheck{}
		return m, nil
	}, func(f *casework.File, m casework.MonitoringMoment) { f.Monitoring = append(f.Monitoring, m) })
}

// caseConditionChecks fills in the checks of the conditions recorded at
// each monitoring moment read by caseMonitoring.
func caseConditionChecks(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	byID := map[int64]*casework.MonitoringMoment{}
	for _, f := range files {
		for i := range f.Monitoring {
			byID[f.Monitoring[i].ID] = &f.Monitoring[i]
		}
	}
	return each(ctx, q, `SELECT cc.moment_id, cc.condition_id, cc.result, cc.note FROM case_condition_checks cc
		JOIN case_monitoring m ON m.id = cc.moment_id WHERE m.case_id IN `+in+` ORDER BY cc.moment_id, cc.condition_id`,
		args, func(s scanner) error {
			var mid int64
			var c casework.ConditionCheck
			if err := s.Scan(&mid, &c.ConditionID, &c.Result, &c.Note); err != nil {
				return err
			}
			if m := byID[mid]; m != nil {
				m.Checks = append(m.Checks, c)
			}
			return nil
		})
}

func caseSignals(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, source, note, acute, by_id, by_name, at, consumed_episode
		FROM case_signals WHERE case_id IN `+in+` ORDER BY id`, args, files, func(s scanner) (casework.Signal, error) {
		var sg casework.Signal
		err := s.Scan(&sg.ID, &sg.Source, &sg.Note, &sg.Acute, &sg.Recorded.ByID, &sg.Recorded.ByName, &sg.Recorded.At, &sg.ConsumedEpisode)
		sg.Recorded.At = sg.Recorded.At.UTC()
		return sg, err
	}, func(f *casework.File, sg casework.Signal) { f.Signals = append(f.Signals, sg) })
}

// DecisionCase implements casework.Store.
func (db *DB) DecisionCase(ctx context.Context, decisionID int64) (int64, error) {
	var id int64
	err := db.reader().row(ctx, `SELECT case_id FROM case_decisions WHERE id = ?`, decisionID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("decision", decisionID)
	}
	if err != nil {
		return 0, fmt.Errorf("store: case of decision %d: %w", decisionID, err)
	}
	return id, nil
}

// finalStatuses are the statuses in which a case is read-only
// (casework.Final), for the queries below.
const finalStatuses = `('closed', 'ended', 'converted_advice')`

// QueueCases implements casework.Store.
func (db *DB) QueueCases(ctx context.Context, scope casework.QueueScope) ([]int64, error) {
	query, arg := `SELECT id FROM cases WHERE team = ? AND status NOT IN `+finalStatuses+` ORDER BY id`, any(scope.Team)
	if scope.Team == "" {
		query, arg = `SELECT DISTINCT c.id FROM cases c JOIN case_assignments a ON a.case_id = c.id
			WHERE a.user_id = ? AND a.ended_at IS NULL AND c.status NOT IN `+finalStatuses+` ORDER BY c.id`, scope.WorkerID
	}
	return db.ids(ctx, "queue cases", query, arg)
}

// CasesAwaitingHandover implements casework.Store.
func (db *DB) CasesAwaitingHandover(ctx context.Context, team string) ([]int64, error) {
	return db.ids(ctx, "cases awaiting handover", `SELECT DISTINCT h.case_id FROM case_handovers h JOIN cases c ON c.id = h.case_id
		WHERE h.to_team = ? AND h.status = 'proposed' AND c.status = 'handover' ORDER BY h.case_id`, team)
}

// CasesAwaitingApproval implements casework.Store.
func (db *DB) CasesAwaitingApproval(ctx context.Context) ([]int64, error) {
	return db.ids(ctx, "cases awaiting approval", `SELECT DISTINCT case_id FROM case_decisions WHERE status = 'proposed' ORDER BY case_id`)
}

func (db *DB) ids(ctx context.Context, what, query string, args ...any) ([]int64, error) {
	var out []int64
	err := each(ctx, db.reader(), query, args, func(s scanner) error {
		var id int64
		if err := s.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// Worker implements casework.Store.
func (db *DB) Worker(ctx context.Context, id int64) (casework.Worker, error) {
	u, err := db.GetUser(ctx, id)
	if err != nil {
		return casework.Worker{}, err
	}
	w := casework.Worker{ID: u.ID, Name: u.DisplayName, Disabled: u.Disabled}
	if w.Name == "" {
		w.Name = u.Username
	}
	for _, r := range u.Roles {
		w.Roles = append(w.Roles, authz.Role(r))
	}
	for _, t := range u.Teams {
		w.Teams = append(w.Teams, t.Name)
	}
	return w, nil
}

// utc is t in UTC at the microsecond precision both databases keep.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ReportIDByKey returns the report stored under an idempotency key (for
// the demo, which plays its cases over reports it loaded by key).
func (db *DB) ReportIDByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := db.reader().row(ctx, `SELECT id FROM reports WHERE idempotency_key = ?`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("report with key", key)
	}
	if err != nil {
		return 0, fmt.Errorf("store: report by key: %w", err)
	}
	return id, nil
}

func casePoliceReports(ctx context.Context, q querier, in string, args []any, files map[int64]*casework.File) error {
	return eachOf(ctx, q, `SELECT case_id, id, episode, reported_at, police_unit, shared, legal_ground, weighing, reference, by_id, by_name, recorded_at
		FROM case_police_reports WHERE case_id IN `+in+` ORDER BY reported_at, id`, args, files, func(s scanner) (casework.PoliceReport, error) {
		var pr casework.PoliceReport
		err := s.Scan(&pr.ID, &pr.Episode, &pr.ReportedAt, &pr.PoliceUnit, &pr.Shared, &pr.LegalGround, &pr.Weighing, &pr.Reference,
			&pr.Recorded.ByID, &pr.Recorded.ByName, &pr.Recorded.At)
		pr.ReportedAt, pr.Recorded.At = pr.ReportedAt.UTC(), pr.Recorded.At.UTC()
		return pr, err
	}, func(f *casework.File, pr casework.PoliceReport) { f.PoliceReports = append(f.PoliceReports, pr) })
}

// HandoverCase implements casework.Store.
func (db *DB) HandoverCase(ctx context.Context, handoverID int64) (int64, error) {
	var id int64
	err := db.reader().row(ctx, `SELECT case_id FROM case_handovers WHERE id = ?`, handoverID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("handover", handoverID)
	}
	if err != nil {
		return 0, fmt.Errorf("store: case of handover %d: %w", handoverID, err)
	}
	return id, nil
}

// PartnerHandoverCases implements casework.Store.
func (db *DB) PartnerHandoverCases(ctx context.Context, partnerID int64) ([]int64, error) {
	out := []int64{}
	err := each(ctx, db.reader(), `SELECT DISTINCT case_id FROM case_handovers WHERE partner_id = ? AND status IN ('proposed', 'accepted')
		ORDER BY case_id`, []any{partnerID}, func(s scanner) error {
		var id int64
		if err := s.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: handovers to partner %d: %w", partnerID, err)
	}
	return out, nil
}

// CaseMentions implements casework.Store: the mentions of the case's
// reports in report and position order, with the registry person's
// identity where the mention is linked.
func (db *DB) CaseMentions(ctx context.Context, caseID int64) ([]casework.MentionedPerson, error) {
	out := []casework.MentionedPerson{}
	err := each(ctx, db.reader(), `SELECT COALESCE(m.person_id, 0), m.role,
			COALESCE(p.first_names, m.first_names), COALESCE(p.initials, m.initials), COALESCE(p.particle, m.particle),
			COALESCE(p.surname, m.surname), COALESCE(p.birth_date, m.birth_date), COALESCE(p.street, m.street),
			COALESCE(p.house_number, m.house_number), COALESCE(p.postcode, m.postcode), COALESCE(p.city, m.city)
		FROM case_reports cr JOIN mentions m ON m.report_id = cr.report_id LEFT JOIN persons p ON p.id = m.person_id
		WHERE cr.case_id = ? ORDER BY cr.report_id, m.position`, []any{caseID}, func(s scanner) error {
		var mp casework.MentionedPerson
		var birth string
		if err := s.Scan(&mp.PersonID, &mp.Role, &mp.FirstNames, &mp.Initials, &mp.Particle, &mp.Surname, &birth,
			&mp.Street, &mp.HouseNumber, &mp.Postcode, &mp.City); err != nil {
			return err
		}
		if birth != "" {
			d, err := toren.ParseDate(birth)
			if err != nil {
				return fmt.Errorf("mention of case %d: %w", caseID, err)
			}
			mp.BirthDate = d
		}
		out = append(out, mp)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: persons of case %d: %w", caseID, err)
	}
	return out, nil
}
