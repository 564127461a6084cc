package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/toren"
)

// errNoRecorder refuses a case write that cannot say who did it: every
// change to a case file is audited in its own transaction.
var errNoRecorder = errors.New("store: case write without an audit recorder in the context")

// caseEvent is one audit entry a case write leaves.
type caseEvent struct {
	action     string
	objectType string // "case" unless set
	objectID   int64  // the case unless set
	reason     string // codes only: the log is shown to data subjects
}

// writeCase runs fn in one write transaction on case caseID. It raises the
// case's version first: when version > 0 only if the case still has that
// version (else toren.CodeConflict), so that a step decided on facts that
// changed meanwhile is refused; and last it appends the audit entries fn
// returned, for the persons of the case, as the recorder in ctx's actor.
func (db *DB) writeCase(ctx context.Context, caseID int64, version int, at time.Time, fn func(tq txQ) ([]caseEvent, error)) error {
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return errNoRecorder
	}
	n := 0
	err := db.inTx(ctx, func(tq txQ) error {
		var res sql.Result
		var err error
		if version > 0 {
			res, err = tq.exec(ctx, `UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, utc(at), caseID, version)
		} else {
			res, err = tq.exec(ctx, `UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?`, utc(at), caseID)
		}
		if err != nil {
			return fmt.Errorf("store: case %d: %w", caseID, err)
		}
		if err := db.checkUpdated(ctx, tq, res, "cases", "case", caseID); err != nil {
			return err
		}
		events, err := fn(tq)
		if err != nil {
			return err
		}
		n = len(events)
		return db.auditCase(ctx, tq, rec, caseID, at, events)
	})
	if err != nil {
		return err
	}
	rec.Wrote(n)
	return nil
}

// auditCase appends the events' entries, naming the case's persons.
func (db *DB) auditCase(ctx context.Context, tq txQ, rec *audit.Recorder, caseID int64, at time.Time, events []caseEvent) error {
	persons, err := casePersons(ctx, tq, caseID)
	if err != nil {
		return fmt.Errorf("store: persons of case %d: %w", caseID, err)
	}
	entries := make([]audit.Entry, len(events))
	for i, ev := range events {
		kind, id := ev.objectType, ev.objectID
		if kind == "" {
			kind, id = "case", caseID
		}
		e := rec.Entry(at, ev.action, kind, strconv.FormatInt(id, 10), persons)
		e.Reason = ev.reason
		entries[i] = e
	}
	return db.appendAuditTx(ctx, tq, entries...)
}

// checkChild turns an UPDATE of a record of a case that changed no row
// into toren.CodeNotFound (no such record in the case) or
// toren.CodeConflict (changed by someone else).
func (db *DB) checkChild(ctx context.Context, tq txQ, res sql.Result, table, what string, caseID, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: update %s %d: %w", what, id, err)
	}
	if n > 0 {
		return nil
	}
	var one int
	err = tq.row(ctx, `SELECT 1 FROM `+table+` WHERE id = ? AND case_id = ?`, id, caseID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	if err != nil {
		return fmt.Errorf("store: update %s %d: %w", what, id, err)
	}
	return conflict(what, id)
}

// OpenCase implements casework.Store.
func (db *DB) OpenCase(ctx context.Context, c *cases.Case, first casework.TransitionRecord) error {
	rec, ok := audit.RecorderFrom(ctx)
	if !ok {
		return errNoRecorder
	}
	err := db.inTx(ctx, func(tq txQ) error {
		if db.dialect == Postgres {
			// Two workers opening a case from the same report at once: the
			// second waits here and then finds the first one's case. (SQLite
			// has a single writer, so its transactions never interleave.)
			ids := slices.Sorted(slices.Values(c.ReportIDs)) // one lock order: no deadlock
			for _, rid := range ids {
				var id int64
				err := tq.row(ctx, `SELECT id FROM reports WHERE id = ? FOR UPDATE`, rid).Scan(&id)
				if errors.Is(err, sql.ErrNoRows) {
					return notFound("report", rid)
				}
				if err != nil {
					return fmt.Errorf("store: lock report %d: %w", rid, err)
				}
			}
		}
		for _, rid := range c.ReportIDs {
			var number string
			err := tq.row(ctx, `SELECT c.number FROM cases c JOIN case_reports cr ON cr.case_id = c.id
				WHERE cr.report_id = ? AND c.status NOT IN `+finalStatuses, rid).Scan(&number)
			if err == nil {
				return toren.Errorf(toren.CodeConflict, "report %d is already in case %s, which is not closed", rid, number)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: cases of report %d: %w", rid, err)
			}
		}
		if err := db.createCaseTx(ctx, tq, c); err != nil {
			return err
		}
		if err := insertTransition(ctx, tq, c.ID, &first); err != nil {
			return err
		}
		return db.auditCase(ctx, tq, rec, c.ID, c.OpenedAt, []caseEvent{{action: casework.ActionCaseOpen, reason: "status " + string(c.Status)}})
	})
	if err != nil {
		return err
	}
	rec.Wrote(1)
	return nil
}

func insertTransition(ctx context.Context, tq txQ, caseID int64, tr *casework.TransitionRecord) error {
	var decision any
	if tr.DecisionID > 0 {
		decision = tr.DecisionID
	}
	tr.Recorded.At = utc(tr.Recorded.At)
	id, err := tq.insert(ctx, `INSERT INTO case_transitions (case_id, episode, from_status, to_status, transition, reason, decision_id, by_id, by_name, at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, caseID, tr.Episode, string(tr.From), string(tr.To), string(tr.Transition), tr.Reason, decision,
		tr.Recorded.ByID, tr.Recorded.ByName, tr.Recorded.At)
	if err != nil {
		return fmt.Errorf("store: record transition of case %d: %w", caseID, err)
	}
	tr.ID = id
	return nil
}

// AssignCase implements casework.Store: the active assignment ends and the
// new one begins, and the case moves to team.
func (db *DB) AssignCase(ctx context.Context, caseID int64, version int, team string, workers []casework.AssignedWorker, by casework.Stamp) error {
	at := utc(by.At)
	return db.writeCase(ctx, caseID, version, at, func(tq txQ) ([]caseEvent, error) {
		if _, err := tq.exec(ctx, `UPDATE cases SET team = ? WHERE id = ?`, team, caseID); err != nil {
			return nil, fmt.Errorf("store: move case %d: %w", caseID, err)
		}
		if _, err := tq.exec(ctx, `UPDATE case_assignments SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL`, at, caseID); err != nil {
			return nil, fmt.Errorf("store: end assignment of case %d: %w", caseID, err)
		}
		for _, w := range workers {
			if _, err := tq.exec(ctx, `INSERT INTO case_assignments (case_id, team, user_id, user_name, assigned_by, assigned_at)
				VALUES (?,?,?,?,?,?)`, caseID, team, w.UserID, w.Name, by.ByID, at); err != nil {
				return nil, fmt.Errorf("store: assign case %d: %w", caseID, err)
			}
		}
		return []caseEvent{{action: casework.ActionCaseAssign, reason: fmt.Sprintf("%d worker(s)", len(workers))}}, nil
	})
}

// applyTransitionTx moves the case and records the step; a reopening
// consumes the waiting signals and cancels the planned monitoring moments.
func applyTransitionTx(ctx context.Context, tq txQ, caseID int64, tr *casework.TransitionRecord) (caseEvent, error) {
	res, err := tq.exec(ctx, `UPDATE cases SET status = ? WHERE id = ? AND status = ?`, string(tr.To), caseID, string(tr.From))
	if err != nil {
		return caseEvent{}, fmt.Errorf("store: move case %d: %w", caseID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return caseEvent{}, conflict("case", caseID)
	}
	if tr.Transition == cases.ReopenCase {
		if _, err := tq.exec(ctx, `UPDATE case_signals SET consumed_episode = ? WHERE case_id = ? AND consumed_episode = 0`, tr.Episode+1, caseID); err != nil {
			return caseEvent{}, fmt.Errorf("store: consume signals of case %d: %w", caseID, err)
		}
		if _, err := tq.exec(ctx, `UPDATE case_monitoring SET status = 'cancelled', version = version + 1 WHERE case_id = ? AND status = 'planned'`, caseID); err != nil {
			return caseEvent{}, fmt.Errorf("store: cancel monitoring of case %d: %w", caseID, err)
		}
	}
	if err := insertTransition(ctx, tq, caseID, tr); err != nil {
		return caseEvent{}, err
	}
	return caseEvent{action: casework.ActionCaseTransition, reason: fmt.Sprintf("%s: %s to %s", tr.Transition, tr.From, tr.To)}, nil
}

func insertSignal(ctx context.Context, tq txQ, caseID int64, sig *casework.Signal) error {
	sig.Recorded.At = utc(sig.Recorded.At)
	id, err := tq.insert(ctx, `INSERT INTO case_signals (case_id, source, note, acute, by_id, by_name, at, consumed_episode)
		VALUES (?,?,?,?,?,?,?,?)`, caseID, string(sig.Source), sig.Note, sig.Acute, sig.Recorded.ByID, sig.Recorded.ByName, sig.Recorded.At, sig.ConsumedEpisode)
	if err != nil {
		return fmt.Errorf("store: record signal of case %d: %w", caseID, err)
	}
	sig.ID = id
	return nil
}

// ApplyTransition implements casework.Store.
func (db *DB) ApplyTransition(ctx context.Context, caseID int64, version int, tr *casework.TransitionRecord, sig *casework.Signal) error {
	return db.writeCase(ctx, caseID, version, tr.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		if sig != nil {
			if err := insertSignal(ctx, tq, caseID, sig); err != nil {
				return nil, err
			}
		}
		ev, err := applyTransitionTx(ctx, tq, caseID, tr)
		if err != nil {
			return nil, err
		}
		return []caseEvent{ev}, nil
	})
}

// ProposeDecision implements casework.Store.
func (db *DB) ProposeDecision(ctx context.Context, d *casework.Decision) error {
	d.Proposed.At = utc(d.Proposed.At)
	return db.writeCase(ctx, d.CaseID, 0, d.Proposed.At, func(tq txQ) ([]caseEvent, error) {
		var waiting int64
		err := tq.row(ctx, `SELECT id FROM case_decisions WHERE case_id = ? AND episode = ? AND kind = ? AND status = 'proposed'`,
			d.CaseID, d.Episode, string(d.Kind)).Scan(&waiting)
		if err == nil {
			return nil, toren.Errorf(toren.CodeConflict, "a %s decision (%d) already waits for approval", d.Kind, waiting)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: decisions of case %d: %w", d.CaseID, err)
		}
		d.Status, d.Version = casework.DecisionProposed, 1
		id, err := tq.insert(ctx, `INSERT INTO case_decisions (case_id, episode, kind, outcome, status, reasoning, acute_unsafety,
				structural_unsafety, triage_rule, risk_colour, finding, proposed_by, proposed_by_name, proposed_at, version)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, d.CaseID, d.Episode, string(d.Kind), d.Outcome, string(d.Status), d.Reasoning,
			d.AcuteUnsafety, d.StructuralUnsafety, string(d.TriageRule), string(d.RiskColour), string(d.Finding),
			d.Proposed.ByID, d.Proposed.ByName, d.Proposed.At, d.Version)
		if err != nil {
			return nil, fmt.Errorf("store: propose decision on case %d: %w", d.CaseID, err)
		}
		d.ID = id
		return []caseEvent{{action: casework.ActionDecisionPropose, objectType: "decision", objectID: id,
			reason: fmt.Sprintf("case %d: %s: %s", d.CaseID, d.Kind, d.Outcome)}}, nil
	})
}

// DecideDecision implements casework.Store. The database refuses an
// approver who is the proposer too (a CHECK in migration 00007).
func (db *DB) DecideDecision(ctx context.Context, d *casework.Decision, caseVersion int, tr *casework.TransitionRecord) error {
	if d.Decided == nil {
		return fmt.Errorf("store: decide decision %d: no decider", d.ID)
	}
	d.Decided.At = utc(d.Decided.At)
	if tr == nil {
		caseVersion = 0 // nothing was decided on the case's facts
	}
	return db.writeCase(ctx, d.CaseID, caseVersion, d.Decided.At, func(tq txQ) ([]caseEvent, error) {
		res, err := tq.exec(ctx, `UPDATE case_decisions SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?,
				refusal_reason = ?, version = version + 1
			WHERE id = ? AND case_id = ? AND status = 'proposed' AND version = ?`,
			string(d.Status), d.Decided.ByID, d.Decided.ByName, d.Decided.At, d.RefusalReason, d.ID, d.CaseID, d.Version)
		if err != nil {
			return nil, fmt.Errorf("store: decide decision %d: %w", d.ID, err)
		}
		if err := db.checkChild(ctx, tq, res, "case_decisions", "decision", d.CaseID, d.ID); err != nil {
			return nil, err
		}
		action := casework.ActionDecisionApprove
		if d.Status == casework.DecisionRefused {
			action = casework.ActionDecisionRefuse
		}
		events := []caseEvent{{action: action, objectType: "decision", objectID: d.ID,
			reason: fmt.Sprintf("case %d: %s: %s", d.CaseID, d.Kind, d.Outcome)}}
		if tr != nil {
			ev, err := applyTransitionTx(ctx, tq, d.CaseID, tr)
			if err != nil {
				return nil, err
			}
			events = append(events, ev)
		}
		d.Version++
		return events, nil
	})
}

// AddContact implements casework.Store.
func (db *DB) AddContact(ctx context.Context, caseID int64, c *casework.Contact) error {
	c.Recorded.At, c.At = utc(c.Recorded.At), utc(c.At)
	return db.writeCase(ctx, caseID, 0, c.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		var person any
		if c.PersonID > 0 {
			person = c.PersonID
		}
		id, err := tq.insert(ctx, `INSERT INTO case_contacts (case_id, episode, at, with_whom, role, channel, person_id, summary,
				acute_action, by_id, by_name, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			caseID, c.Episode, c.At, c.With, string(c.Role), string(c.Channel), person, c.Summary, c.AcuteAction,
			c.Recorded.ByID, c.Recorded.ByName, c.Recorded.At)
		if err != nil {
			return nil, fmt.Errorf("store: add contact to case %d: %w", caseID, err)
		}
		c.ID = id
		return []caseEvent{{action: casework.ActionContactAdd, reason: fmt.Sprintf("%s, %s", c.Role, c.Channel)}}, nil
	})
}

// AddInformant implements casework.Store.
func (db *DB) AddInformant(ctx context.Context, caseID int64, in *casework.Informant) error {
	in.Recorded.At = utc(in.Recorded.At)
	return db.writeCase(ctx, caseID, 0, in.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		id, err := tq.insert(ctx, `INSERT INTO case_informants (case_id, name, organisation, function, phone, email, physician,
				signal_function, note, by_id, by_name, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			caseID, in.Name, in.Organisation, in.Function, in.Phone, in.Email, in.Physician, in.SignalFunction, in.Note,
			in.Recorded.ByID, in.Recorded.ByName, in.Recorded.At)
		if err != nil {
			return nil, fmt.Errorf("store: add informant to case %d: %w", caseID, err)
		}
		in.ID = id
		return []caseEvent{{action: casework.ActionInformantAdd}}, nil
	})
}

// AddAgreement implements casework.Store.
func (db *DB) AddAgreement(ctx context.Context, caseID int64, ag *casework.Agreement) error {
	ag.Recorded.At = utc(ag.Recorded.At)
	return db.writeCase(ctx, caseID, 0, ag.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		ag.Version = 1
		id, err := tq.insert(ctx, `INSERT INTO case_agreements (case_id, episode, who, what, due, status, note, by_id, by_name, recorded_at, version)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, caseID, ag.Episode, ag.Who, ag.What, ag.Due.String(), string(ag.Status), ag.Note,
			ag.Recorded.ByID, ag.Recorded.ByName, ag.Recorded.At, ag.Version)
		if err != nil {
			return nil, fmt.Errorf("store: add agreement to case %d: %w", caseID, err)
		}
		ag.ID = id
		return []caseEvent{{action: casework.ActionAgreementAdd}}, nil
	})
}

// UpdateAgreement implements casework.Store.
func (db *DB) UpdateAgreement(ctx context.Context, caseID int64, ag *casework.Agreement, by casework.Stamp) error {
	return db.writeCase(ctx, caseID, 0, by.At, func(tq txQ) ([]caseEvent, error) {
		res, err := tq.exec(ctx, `UPDATE case_agreements SET status = ?, note = ?, version = version + 1 WHERE id = ? AND case_id = ? AND version = ?`,
			string(ag.Status), ag.Note, ag.ID, caseID, ag.Version)
		if err != nil {
			return nil, fmt.Errorf("store: update agreement %d: %w", ag.ID, err)
		}
		if err := db.checkChild(ctx, tq, res, "case_agreements", "agreement", caseID, ag.ID); err != nil {
			return nil, err
		}
		ag.Version++
		return []caseEvent{{action: casework.ActionAgreementUpdate, reason: fmt.Sprintf("agreement %d: %s", ag.ID, ag.Status)}}, nil
	})
}

// AddCondition implements casework.Store.
func (db *DB) AddCondition(ctx context.Context, caseID int64, c *casework.Condition) error {
	c.Recorded.At = utc(c.Recorded.At)
	return db.writeCase(ctx, caseID, 0, c.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		c.Version = 1
		id, err := tq.insert(ctx, `INSERT INTO case_conditions (case_id, episode, text, checked_by, until, status, note, by_id, by_name, recorded_at, version)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, caseID, c.Episode, c.Text, c.CheckedBy, c.Until.String(), string(c.Status), c.Note,
			c.Recorded.ByID, c.Recorded.ByName, c.Recorded.At, c.Version)
		if err != nil {
			return nil, fmt.Errorf("store: add condition to case %d: %w", caseID, err)
		}
		c.ID = id
		return []caseEvent{{action: casework.ActionConditionAdd}}, nil
	})
}

// UpdateCondition implements casework.Store.
func (db *DB) UpdateCondition(ctx context.Context, caseID int64, c *casework.Condition, by casework.Stamp, sig *casework.Signal) error {
	return db.writeCase(ctx, caseID, 0, by.At, func(tq txQ) ([]caseEvent, error) {
		res, err := tq.exec(ctx, `UPDATE case_conditions SET status = ?, note = ?, version = version + 1 WHERE id = ? AND case_id = ? AND version = ?`,
			string(c.Status), c.Note, c.ID, caseID, c.Version)
		if err != nil {
			return nil, fmt.Errorf("store: update condition %d: %w", c.ID, err)
		}
		if err := db.checkChild(ctx, tq, res, "case_conditions", "condition", caseID, c.ID); err != nil {
			return nil, err
		}
		if sig != nil {
			if err := insertSignal(ctx, tq, caseID, sig); err != nil {
				return nil, err
			}
		}
		c.Version++
		return []caseEvent{{action: casework.ActionConditionUpdate, reason: fmt.Sprintf("condition %d: %s", c.ID, c.Status)}}, nil
	})
}

// SetPhase implements casework.Store.
func (db *DB) SetPhase(ctx context.Context, caseID int64, p *casework.PhaseRecord) error {
	p.Recorded.At = utc(p.Recorded.At)
	return db.writeCase(ctx, caseID, 0, p.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		if _, err := tq.exec(ctx, `INSERT INTO case_phases (case_id, phase, note, by_id, by_name, at) VALUES (?,?,?,?,?,?)`,
			caseID, string(p.Phase), p.Note, p.Recorded.ByID, p.Recorded.ByName, p.Recorded.At); err != nil {
			return nil, fmt.Errorf("store: set phase of case %d: %w", caseID, err)
		}
		return []caseEvent{{action: casework.ActionPhaseSet, reason: string(p.Phase)}}, nil
	})
}

// ProposeHandover implements casework.Store.
func (db *DB) ProposeHandover(ctx context.Context, caseID int64, h *casework.Handover) error {
	h.Proposed.At = utc(h.Proposed.At)
	return db.writeCase(ctx, caseID, 0, h.Proposed.At, func(tq txQ) ([]caseEvent, error) {
		var open int64
		err := tq.row(ctx, `SELECT id FROM case_handovers WHERE case_id = ? AND episode = ? AND status IN ('proposed', 'accepted')`,
			caseID, h.Episode).Scan(&open)
		if err == nil {
			return nil, toren.Errorf(toren.CodeConflict, "handover %d of this case is still proposed or accepted", open)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: handovers of case %d: %w", caseID, err)
		}
		h.Status, h.Version = casework.HandoverProposed, 1
		id, err := tq.insert(ctx, `INSERT INTO case_handovers (case_id, episode, partner, partner_kind, case_director, reports_back,
				report_back_when, status, proposed_by, proposed_by_name, proposed_at, version, from_team, to_team, partner_id)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			caseID, h.Episode, h.Partner, string(h.PartnerKind), h.CaseDirector, h.ReportsBack, h.ReportBackWhen, string(h.Status),
			h.Proposed.ByID, h.Proposed.ByName, h.Proposed.At, h.Version, h.FromTeam, h.ToTeam, nullID(h.PartnerID))
		if err != nil {
			return nil, fmt.Errorf("store: propose handover of case %d: %w", caseID, err)
		}
		for _, cid := range h.ConditionIDs {
			var one int
			err := tq.row(ctx, `SELECT 1 FROM case_conditions WHERE id = ? AND case_id = ?`, cid, caseID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, toren.Errorf(toren.CodeInvalid, "condition %d is not a condition of case %d", cid, caseID)
			}
			if err != nil {
				return nil, fmt.Errorf("store: condition %d: %w", cid, err)
			}
			if _, err := tq.exec(ctx, `INSERT INTO case_handover_conditions (handover_id, condition_id) VALUES (?, ?)`, id, cid); err != nil {
				return nil, fmt.Errorf("store: conditions of handover %d: %w", id, err)
			}
		}
		h.ID = id
		return []caseEvent{{action: casework.ActionHandoverPropose, reason: fmt.Sprintf("handover %d: %s", id, h.PartnerKind)}}, nil
	})
}

// RespondHandover implements casework.Store.
func (db *DB) RespondHandover(ctx context.Context, caseID int64, h *casework.Handover, moments []casework.MonitoringMoment) error {
	return db.TakeOver(ctx, caseID, &casework.Takeover{Handover: h, Moments: moments})
}

// TakeOver implements casework.Store.
func (db *DB) TakeOver(ctx context.Context, caseID int64, t *casework.Takeover) error {
	var at time.Time
	switch {
	case t.Handover != nil && t.Handover.Responded == nil:
		return fmt.Errorf("store: respond to handover %d: no responder", t.Handover.ID)
	case t.Handover != nil:
		t.Handover.Responded.At = utc(t.Handover.Responded.At)
		at = t.Handover.Responded.At
	case t.Transition != nil:
		at = utc(t.Transition.Recorded.At)
	default:
		return fmt.Errorf("store: take over case %d: neither an answer nor a step", caseID)
	}
	return db.writeCase(ctx, caseID, t.Version, at, func(tq txQ) ([]caseEvent, error) {
		var events []caseEvent
		if h := t.Handover; h != nil {
			res, err := tq.exec(ctx, `UPDATE case_handovers SET status = ?, responded_by = ?, responded_by_name = ?, responded_at = ?,
					response_note = ?, responded_client = ?, version = version + 1 WHERE id = ? AND case_id = ? AND status = 'proposed' AND version = ?`,
				string(h.Status), h.Responded.ByID, h.Responded.ByName, h.Responded.At, h.ResponseNote, nullID(h.RespondedClient),
				h.ID, caseID, h.Version)
			if err != nil {
				return nil, fmt.Errorf("store: respond to handover %d: %w", h.ID, err)
			}
			if err := db.checkChild(ctx, tq, res, "case_handovers", "handover", caseID, h.ID); err != nil {
				return nil, err
			}
			for i := range t.Moments {
				m := &t.Moments[i]
				m.HandoverID, m.Version, m.Due = h.ID, 1, utc(m.Due)
				id, err := tq.insert(ctx, `INSERT INTO case_monitoring (case_id, episode, handover_id, months, due_at, status, version)
					VALUES (?,?,?,?,?,?,?)`, caseID, m.Episode, m.HandoverID, m.Months, m.Due, string(m.Status), m.Version)
				if err != nil {
					return nil, fmt.Errorf("store: schedule monitoring of case %d: %w", caseID, err)
				}
				m.ID = id
			}
			h.Version++
			events = append(events, caseEvent{action: casework.ActionHandoverRespond, reason: fmt.Sprintf("handover %d: %s", h.ID, h.Status)})
		}
		if t.Team != "" {
			if _, err := tq.exec(ctx, `UPDATE cases SET team = ? WHERE id = ?`, t.Team, caseID); err != nil {
				return nil, fmt.Errorf("store: move case %d: %w", caseID, err)
			}
			if _, err := tq.exec(ctx, `UPDATE case_assignments SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL`, at, caseID); err != nil {
				return nil, fmt.Errorf("store: end assignment of case %d: %w", caseID, err)
			}
			by := int64(0)
			if t.Handover != nil {
				by = t.Handover.Responded.ByID
			} else if t.Transition != nil {
				by = t.Transition.Recorded.ByID
			}
			for _, w := range t.Workers {
				if _, err := tq.exec(ctx, `INSERT INTO case_assignments (case_id, team, user_id, user_name, assigned_by, assigned_at)
					VALUES (?,?,?,?,?,?)`, caseID, t.Team, w.UserID, w.Name, by, at); err != nil {
					return nil, fmt.Errorf("store: assign case %d: %w", caseID, err)
				}
			}
			events = append(events, caseEvent{action: casework.ActionCaseAssign, reason: fmt.Sprintf("taken over: %d worker(s)", len(t.Workers))})
		}
		if t.Transition != nil {
			t.Transition.Recorded.At = utc(t.Transition.Recorded.At)
			ev, err := applyTransitionTx(ctx, tq, caseID, t.Transition)
			if err != nil {
				return nil, err
			}
			events = append(events, ev)
		}
		return events, nil
	})
}

// AddFeedback implements casework.Store.
func (db *DB) AddFeedback(ctx context.Context, caseID int64, fb *casework.Feedback) error {
	fb.Recorded.At, fb.GivenAt = utc(fb.Recorded.At), utc(fb.GivenAt)
	return db.writeCase(ctx, caseID, 0, fb.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		var one int
		err := tq.row(ctx, `SELECT 1 FROM case_reports WHERE case_id = ? AND report_id = ?`, caseID, fb.ReportID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, toren.Errorf(toren.CodeInvalid, "report %d is not a report of case %d", fb.ReportID, caseID)
		}
		if err != nil {
			return nil, fmt.Errorf("store: reports of case %d: %w", caseID, err)
		}
		id, err := tq.insert(ctx, `INSERT INTO case_feedback (case_id, episode, report_id, moment, given_at, channel, follow_up_started,
				transfer_parties, reporter_has_role, conditions_shared, summary, by_id, by_name, recorded_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, caseID, fb.Episode, fb.ReportID, string(fb.Moment), fb.GivenAt, string(fb.Channel),
			fb.FollowUpStarted, fb.TransferParties, fb.ReporterHasRole, fb.ConditionsShared, fb.Summary,
			fb.Recorded.ByID, fb.Recorded.ByName, fb.Recorded.At)
		if err != nil {
			return nil, fmt.Errorf("store: add feedback to case %d: %w", caseID, err)
		}
		fb.ID = id
		return []caseEvent{{action: casework.ActionFeedbackAdd, reason: fmt.Sprintf("report %d: %s", fb.ReportID, fb.Moment)}}, nil
	})
}

// RecordLetter implements casework.Store.
func (db *DB) RecordLetter(ctx context.Context, caseID int64, l *casework.LetterSent) error {
	l.Recorded.At, l.SentAt = utc(l.Recorded.At), utc(l.SentAt)
	return db.writeCase(ctx, caseID, 0, l.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		id, err := tq.insert(ctx, `INSERT INTO case_letters (case_id, episode, kind, sent_at, recipient, reference, by_id, by_name, recorded_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, caseID, l.Episode, string(l.Kind), l.SentAt, l.Recipient, l.Reference,
			l.Recorded.ByID, l.Recorded.ByName, l.Recorded.At)
		if err != nil {
			return nil, fmt.Errorf("store: record letter of case %d: %w", caseID, err)
		}
		l.ID = id
		return []caseEvent{{action: casework.ActionLetterRecord, reason: string(l.Kind)}}, nil
	})
}

// RecordMonitoring implements casework.Store.
func (db *DB) RecordMonitoring(ctx context.Context, caseID int64, m *casework.MonitoringMoment, breached []int64, sig *casework.Signal,
	caseVersion int, reopen *casework.TransitionRecord) error {
	if m.Done == nil {
		return fmt.Errorf("store: record monitoring moment %d: no recorder", m.ID)
	}
	m.Done.At = utc(m.Done.At)
	if reopen == nil {
		caseVersion = 0 // nothing was decided on the case's facts
	}
	return db.writeCase(ctx, caseID, caseVersion, m.Done.At, func(tq txQ) ([]caseEvent, error) {
		res, err := tq.exec(ctx, `UPDATE case_monitoring SET status = 'done', done_by = ?, done_by_name = ?, done_at = ?, note = ?,
				done_client = ?, version = version + 1 WHERE id = ? AND case_id = ? AND status = 'planned' AND version = ?`,
			m.Done.ByID, m.Done.ByName, m.Done.At, m.Note, nullID(m.DoneClient), m.ID, caseID, m.Version)
		if err != nil {
			return nil, fmt.Errorf("store: record monitoring moment %d: %w", m.ID, err)
		}
		if err := db.checkChild(ctx, tq, res, "case_monitoring", "monitoring moment", caseID, m.ID); err != nil {
			return nil, err
		}
		for _, c := range m.Checks {
			if _, err := tq.exec(ctx, `INSERT INTO case_condition_checks (moment_id, condition_id, result, note) VALUES (?,?,?,?)`,
				m.ID, c.ConditionID, string(c.Result), c.Note); err != nil {
				return nil, fmt.Errorf("store: check of condition %d: %w", c.ConditionID, err)
			}
		}
		for _, cid := range breached {
			if _, err := tq.exec(ctx, `UPDATE case_conditions SET status = 'breached', version = version + 1 WHERE id = ? AND case_id = ?`, cid, caseID); err != nil {
				return nil, fmt.Errorf("store: breach of condition %d: %w", cid, err)
			}
		}
		events := []caseEvent{{action: casework.ActionMonitoringRecord, reason: fmt.Sprintf("moment %d: %d breach(es)", m.ID, len(breached))}}
		if sig != nil {
			if err := insertSignal(ctx, tq, caseID, sig); err != nil {
				return nil, err
			}
		}
		if reopen != nil {
			ev, err := applyTransitionTx(ctx, tq, caseID, reopen)
			if err != nil {
				return nil, err
			}
			events = append(events, ev)
		}
		m.Version++
		return events, nil
	})
}

// AddPoliceReport implements casework.Store. A report to the police is a
// disclosure: besides the record of the step (case.police_report) it is
// audited as an export of case content, naming the recipient and the
// legal ground, like every copy that leaves Toren.
func (db *DB) AddPoliceReport(ctx context.Context, caseID int64, pr *casework.PoliceReport) error {
	pr.Recorded.At, pr.ReportedAt = utc(pr.Recorded.At), utc(pr.ReportedAt)
	return db.writeCase(ctx, caseID, 0, pr.Recorded.At, func(tq txQ) ([]caseEvent, error) {
		id, err := tq.insert(ctx, `INSERT INTO case_police_reports (case_id, episode, reported_at, police_unit, shared, legal_ground,
				weighing, reference, by_id, by_name, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			caseID, pr.Episode, pr.ReportedAt, pr.PoliceUnit, pr.Shared, string(pr.LegalGround), pr.Weighing, pr.Reference,
			pr.Recorded.ByID, pr.Recorded.ByName, pr.Recorded.At)
		if err != nil {
			return nil, fmt.Errorf("store: report to the police of case %d: %w", caseID, err)
		}
		pr.ID = id
		what := fmt.Sprintf("police report %d to %s on legal ground %s", id, pr.PoliceUnit, pr.LegalGround)
		return []caseEvent{
			{action: casework.ActionPoliceReport, reason: what},
			{action: casework.ActionDisclosure, reason: "disclosed to the police: " + what + "; shared: " + clip(pr.Shared, 500)},
		}, nil
	})
}

// clip shortens s to at most n runes for an audit reason.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
