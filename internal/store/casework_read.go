package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The case file (migration 00007). The reads here assemble a
// casework.File; casework_write.go holds the writes.

// CaseFile implements casework.Store: the case with every record in it,
// each list oldest first.
func (db *DB) CaseFile(ctx context.Context, caseID int64) (*casework.File, error) {
	c, err := db.GetCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	f := &casework.File{Case: *c}
	q := db.reader()
	loads := []struct {
		what string
		fn   func() error
	}{
		{"reports", func() error { f.Reports, err = caseReports(ctx, q, caseID); return err }},
		{"persons", func() error { f.PersonIDs, err = casePersons(ctx, q, caseID); return err }},
		{"assignment", func() error { f.Assignment, err = caseAssignment(ctx, q, c.ID, c.Team); return err }},
		{"phases", func() error { f.Phases, err = casePhases(ctx, q, caseID); return err }},
		{"transitions", func() error { f.Transitions, err = caseTransitions(ctx, q, caseID); return err }},
		{"decisions", func() error { f.Decisions, err = caseDecisions(ctx, q, "case_id = ?", caseID); return err }},
		{"contacts", func() error { f.Contacts, err = caseContacts(ctx, q, caseID); return err }},
		{"informants", func() error { f.Informants, err = caseInformants(ctx, q, caseID); return err }},
		{"agreements", func() error { f.Agreements, err = caseAgreements(ctx, q, caseID); return err }},
		{"conditions", func() error { f.Conditions, err = caseConditions(ctx, q, caseID); return err }},
		{"handovers", func() error { f.Handovers, err = caseHandovers(ctx, q, caseID); return err }},
		{"feedback", func() error { f.Feedback, err = caseFeedback(ctx, q, caseID); return err }},
		{"letters", func() error { f.Letters, err = caseLetters(ctx, q, caseID); return err }},
		{"monitoring", func() error { f.Monitoring, err = caseMonitoring(ctx, q, caseID); return err }},
		{"signals", func() error { f.Signals, err = caseSignals(ctx, q, caseID); return err }},
		{"police reports", func() error { f.PoliceReports, err = casePoliceReports(ctx, q, caseID); return err }},
	}
	for _, l := range loads {
		if err := l.fn(); err != nil {
			return nil, fmt.Errorf("store: case %d %s: %w", caseID, l.what, err)
		}
	}
	return f, nil
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

func caseReports(ctx context.Context, q querier, caseID int64) ([]casework.ReportRef, error) {
	out := []casework.ReportRef{}
	err := each(ctx, q, `SELECT r.id, r.number, r.received_at, r.acute, r.reporter_kind, r.reporter_org, r.reporter_name,
			r.reporter_protected, r.reporter_phone, r.reporter_email, r.children_present,
			EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = r.id AND m.role = ?)
		FROM reports r JOIN case_reports cr ON cr.report_id = r.id WHERE cr.case_id = ? ORDER BY r.received_at, r.id`,
		[]any{string(reports.RoleChild), caseID}, func(s scanner) error {
			var r casework.ReportRef
			var phone, email, children string
			var child bool
			if err := s.Scan(&r.ID, &r.Number, &r.ReceivedAt, &r.Acute, &r.ReporterKind, &r.ReporterOrganisation, &r.ReporterName,
				&r.ReporterProtected, &phone, &email, &children, &child); err != nil {
				return err
			}
			r.ReceivedAt = r.ReceivedAt.UTC()
			r.ReporterReachable = (r.ReporterName != "" || r.ReporterOrganisation != "") && (phone != "" || email != "")
			r.ChildrenInvolved = child || children == string(reports.Yes)
			out = append(out, r)
			return nil
		})
	return out, err
}

// casePersons returns the registry persons named in the case's reports.
func casePersons(ctx context.Context, q querier, caseID int64) ([]int64, error) {
	out := []int64{}
	err := each(ctx, q, `SELECT DISTINCT m.person_id FROM mentions m JOIN case_reports cr ON cr.report_id = m.report_id
		WHERE cr.case_id = ? AND m.person_id IS NOT NULL ORDER BY m.person_id`, []any{caseID}, func(s scanner) error {
		var id int64
		if err := s.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	return out, err
}

func caseAssignment(ctx context.Context, q querier, caseID int64, team string) (casework.Assignment, error) {
	a := casework.Assignment{Team: team, Workers: []casework.AssignedWorker{}}
	err := each(ctx, q, `SELECT user_id, user_name, assigned_at FROM case_assignments
		WHERE case_id = ? AND ended_at IS NULL ORDER BY id`, []any{caseID}, func(s scanner) error {
		var w casework.AssignedWorker
		if err := s.Scan(&w.UserID, &w.Name, &w.Since); err != nil {
			return err
		}
		w.Since = w.Since.UTC()
		a.Workers = append(a.Workers, w)
		return nil
	})
	return a, err
}

func casePhases(ctx context.Context, q querier, caseID int64) ([]casework.PhaseRecord, error) {
	out := []casework.PhaseRecord{}
	err := each(ctx, q, `SELECT phase, note, by_id, by_name, at FROM case_phases WHERE case_id = ? ORDER BY id`,
		[]any{caseID}, func(s scanner) error {
			var p casework.PhaseRecord
			if err := s.Scan(&p.Phase, &p.Note, &p.Recorded.ByID, &p.Recorded.ByName, &p.Recorded.At); err != nil {
				return err
			}
			p.Recorded.At = p.Recorded.At.UTC()
			out = append(out, p)
			return nil
		})
	return out, err
}

func caseTransitions(ctx context.Context, q querier, caseID int64) ([]casework.TransitionRecord, error) {
	out := []casework.TransitionRecord{}
	err := each(ctx, q, `SELECT id, episode, from_status, to_status, transition, reason, decision_id, by_id, by_name, at
		FROM case_transitions WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var t casework.TransitionRecord
		var decision sql.NullInt64
		if err := s.Scan(&t.ID, &t.Episode, &t.From, &t.To, &t.Transition, &t.Reason, &decision,
			&t.Recorded.ByID, &t.Recorded.ByName, &t.Recorded.At); err != nil {
			return err
		}
		t.DecisionID, t.Recorded.At = decision.Int64, t.Recorded.At.UTC()
		out = append(out, t)
		return nil
	})
	return out, err
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

func caseDecisions(ctx context.Context, q querier, where string, arg any) ([]casework.Decision, error) {
	out := []casework.Decision{}
	err := each(ctx, q, `SELECT `+decisionColumns+` FROM case_decisions WHERE `+where+` ORDER BY id`, []any{arg}, func(s scanner) error {
		d, err := scanDecision(s)
		if err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

func caseContacts(ctx context.Context, q querier, caseID int64) ([]casework.Contact, error) {
	out := []casework.Contact{}
	err := each(ctx, q, `SELECT id, episode, at, with_whom, role, channel, person_id, summary, acute_action, by_id, by_name, recorded_at
		FROM case_contacts WHERE case_id = ? ORDER BY at, id`, []any{caseID}, func(s scanner) error {
		var c casework.Contact
		var person sql.NullInt64
		if err := s.Scan(&c.ID, &c.Episode, &c.At, &c.With, &c.Role, &c.Channel, &person, &c.Summary, &c.AcuteAction,
			&c.Recorded.ByID, &c.Recorded.ByName, &c.Recorded.At); err != nil {
			return err
		}
		c.PersonID, c.At, c.Recorded.At = person.Int64, c.At.UTC(), c.Recorded.At.UTC()
		out = append(out, c)
		return nil
	})
	return out, err
}

func caseInformants(ctx context.Context, q querier, caseID int64) ([]casework.Informant, error) {
	out := []casework.Informant{}
	err := each(ctx, q, `SELECT id, name, organisation, function, phone, email, physician, signal_function, note, by_id, by_name, recorded_at
		FROM case_informants WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var in casework.Informant
		if err := s.Scan(&in.ID, &in.Name, &in.Organisation, &in.Function, &in.Phone, &in.Email, &in.Physician, &in.SignalFunction,
			&in.Note, &in.Recorded.ByID, &in.Recorded.ByName, &in.Recorded.At); err != nil {
			return err
		}
		in.Recorded.At = in.Recorded.At.UTC()
		out = append(out, in)
		return nil
	})
	return out, err
}

func parseStoredDate(s string) (toren.Date, error) {
	d, err := toren.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("stored date: %w", err)
	}
	return d, nil
}

func caseAgreements(ctx context.Context, q querier, caseID int64) ([]casework.Agreement, error) {
	out := []casework.Agreement{}
	err := each(ctx, q, `SELECT id, episode, who, what, due, status, note, by_id, by_name, recorded_at, version
		FROM case_agreements WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var a casework.Agreement
		var due string
		if err := s.Scan(&a.ID, &a.Episode, &a.Who, &a.What, &due, &a.Status, &a.Note,
			&a.Recorded.ByID, &a.Recorded.ByName, &a.Recorded.At, &a.Version); err != nil {
			return err
		}
		var err error
		a.Due, err = parseStoredDate(due)
		a.Recorded.At = a.Recorded.At.UTC()
		out = append(out, a)
		return err
	})
	return out, err
}

func caseConditions(ctx context.Context, q querier, caseID int64) ([]casework.Condition, error) {
	out := []casework.Condition{}
	err := each(ctx, q, `SELECT id, episode, text, checked_by, until, status, note, by_id, by_name, recorded_at, version
		FROM case_conditions WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var c casework.Condition
		var until string
		if err := s.Scan(&c.ID, &c.Episode, &c.Text, &c.CheckedBy, &until, &c.Status, &c.Note,
			&c.Recorded.ByID, &c.Recorded.ByName, &c.Recorded.At, &c.Version); err != nil {
			return err
		}
		var err error
		c.Until, err = parseStoredDate(until)
		c.Recorded.At = c.Recorded.At.UTC()
		out = append(out, c)
		return err
	})
	return out, err
}

func caseHandovers(ctx context.Context, q querier, caseID int64) ([]casework.Handover, error) {
	out := []casework.Handover{}
	err := each(ctx, q, `SELECT id, episode, partner, partner_kind, case_director, reports_back, report_back_when, status,
			proposed_by, proposed_by_name, proposed_at, responded_by, responded_by_name, responded_at, response_note, version,
			from_team, to_team, partner_id, responded_client
		FROM case_handovers WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var h casework.Handover
		var by, partner, client sql.NullInt64
		var byName string
		var at sql.NullTime
		if err := s.Scan(&h.ID, &h.Episode, &h.Partner, &h.PartnerKind, &h.CaseDirector, &h.ReportsBack, &h.ReportBackWhen, &h.Status,
			&h.Proposed.ByID, &h.Proposed.ByName, &h.Proposed.At, &by, &byName, &at, &h.ResponseNote, &h.Version,
			&h.FromTeam, &h.ToTeam, &partner, &client); err != nil {
			return err
		}
		h.PartnerID, h.RespondedClient = partner.Int64, client.Int64
		h.Proposed.At = h.Proposed.At.UTC()
		if at.Valid {
			h.Responded = &casework.Stamp{ByID: by.Int64, ByName: byName, At: at.Time.UTC()}
		}
		h.ConditionIDs = []int64{}
		out = append(out, h)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*casework.Handover{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	err = each(ctx, q, `SELECT hc.handover_id, hc.condition_id FROM case_handover_conditions hc
		JOIN case_handovers h ON h.id = hc.handover_id WHERE h.case_id = ? ORDER BY hc.handover_id, hc.condition_id`,
		[]any{caseID}, func(s scanner) error {
			var hid, cid int64
			if err := s.Scan(&hid, &cid); err != nil {
				return err
			}
			if h := byID[hid]; h != nil {
				h.ConditionIDs = append(h.ConditionIDs, cid)
			}
			return nil
		})
	return out, err
}

func caseFeedback(ctx context.Context, q querier, caseID int64) ([]casework.Feedback, error) {
	out := []casework.Feedback{}
	err := each(ctx, q, `SELECT f.id, f.episode, f.report_id, r.number, f.moment, f.given_at, f.channel, f.follow_up_started,
			f.transfer_parties, f.reporter_has_role, f.conditions_shared, f.summary, f.by_id, f.by_name, f.recorded_at
		FROM case_feedback f JOIN reports r ON r.id = f.report_id WHERE f.case_id = ? ORDER BY f.given_at, f.id`,
		[]any{caseID}, func(s scanner) error {
			var fb casework.Feedback
			if err := s.Scan(&fb.ID, &fb.Episode, &fb.ReportID, &fb.ReportNumber, &fb.Moment, &fb.GivenAt, &fb.Channel, &fb.FollowUpStarted,
				&fb.TransferParties, &fb.ReporterHasRole, &fb.ConditionsShared, &fb.Summary,
				&fb.Recorded.ByID, &fb.Recorded.ByName, &fb.Recorded.At); err != nil {
				return err
			}
			fb.GivenAt, fb.Recorded.At = fb.GivenAt.UTC(), fb.Recorded.At.UTC()
			out = append(out, fb)
			return nil
		})
	return out, err
}

func caseLetters(ctx context.Context, q querier, caseID int64) ([]casework.LetterSent, error) {
	out := []casework.LetterSent{}
	err := each(ctx, q, `SELECT id, episode, kind, sent_at, recipient, reference, by_id, by_name, recorded_at
		FROM case_letters WHERE case_id = ? ORDER BY sent_at, id`, []any{caseID}, func(s scanner) error {
		var l casework.LetterSent
		if err := s.Scan(&l.ID, &l.Episode, &l.Kind, &l.SentAt, &l.Recipient, &l.Reference,
			&l.Recorded.ByID, &l.Recorded.ByName, &l.Recorded.At); err != nil {
			return err
		}
		l.SentAt, l.Recorded.At = l.SentAt.UTC(), l.Recorded.At.UTC()
		out = append(out, l)
		return nil
	})
	return out, err
}

func caseMonitoring(ctx context.Context, q querier, caseID int64) ([]casework.MonitoringMoment, error) {
	out := []casework.MonitoringMoment{}
	err := each(ctx, q, `SELECT id, episode, handover_id, months, due_at, status, done_by, done_by_name, done_at, note, version, done_client
		FROM case_monitoring WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var m casework.MonitoringMoment
		var by, client sql.NullInt64
		var byName string
		var at sql.NullTime
		if err := s.Scan(&m.ID, &m.Episode, &m.HandoverID, &m.Months, &m.Due, &m.Status, &by, &byName, &at, &m.Note, &m.Version, &client); err != nil {
			return err
		}
		m.DoneClient = client.Int64
		m.Due = m.Due.UTC()
		if at.Valid {
			m.Done = &casework.Stamp{ByID: by.Int64, ByName: byName, At: at.Time.UTC()}
		}
		m.Checks = []casework.ConditionCheck{}
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*casework.MonitoringMoment{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	err = each(ctx, q, `SELECT cc.moment_id, cc.condition_id, cc.result, cc.note FROM case_condition_checks cc
		JOIN case_monitoring m ON m.id = cc.moment_id WHERE m.case_id = ? ORDER BY cc.moment_id, cc.condition_id`,
		[]any{caseID}, func(s scanner) error {
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
	return out, err
}

func caseSignals(ctx context.Context, q querier, caseID int64) ([]casework.Signal, error) {
	out := []casework.Signal{}
	err := each(ctx, q, `SELECT id, source, note, acute, by_id, by_name, at, consumed_episode
		FROM case_signals WHERE case_id = ? ORDER BY id`, []any{caseID}, func(s scanner) error {
		var sg casework.Signal
		if err := s.Scan(&sg.ID, &sg.Source, &sg.Note, &sg.Acute, &sg.Recorded.ByID, &sg.Recorded.ByName, &sg.Recorded.At, &sg.ConsumedEpisode); err != nil {
			return err
		}
		sg.Recorded.At = sg.Recorded.At.UTC()
		out = append(out, sg)
		return nil
	})
	return out, err
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

func casePoliceReports(ctx context.Context, q querier, caseID int64) ([]casework.PoliceReport, error) {
	out := []casework.PoliceReport{}
	err := each(ctx, q, `SELECT id, episode, reported_at, police_unit, shared, legal_ground, weighing, reference, by_id, by_name, recorded_at
		FROM case_police_reports WHERE case_id = ? ORDER BY reported_at, id`, []any{caseID}, func(s scanner) error {
		var pr casework.PoliceReport
		if err := s.Scan(&pr.ID, &pr.Episode, &pr.ReportedAt, &pr.PoliceUnit, &pr.Shared, &pr.LegalGround, &pr.Weighing, &pr.Reference,
			&pr.Recorded.ByID, &pr.Recorded.ByName, &pr.Recorded.At); err != nil {
			return err
		}
		pr.ReportedAt, pr.Recorded.At = pr.ReportedAt.UTC(), pr.Recorded.At.UTC()
		out = append(out, pr)
		return nil
	})
	return out, err
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
