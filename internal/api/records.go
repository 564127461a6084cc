package api

import (
	"net/http"
	"time"

	"toren/internal/audit"
	"toren/internal/casework"
	"toren/internal/letters"
)

// The letters of a case and its audit log, through the case-file
// service, which asks the policy (letter.generate to make letters,
// case.view to read them, audit.view for the log). The service composes
// the letters from the case file, as it does for the case screens.

// LetterSummary is a letter in a case's list, without its text.
type LetterSummary struct {
	ID        int64        `json:"id"`
	CaseID    int64        `json:"case_id"`
	Kind      letters.Kind `json:"kind"`
	Recipient string       `json:"recipient"`
	CreatedBy int64        `json:"created_by"`
	CreatedAt time.Time    `json:"created_at"`
}

// LetterList is the letters of a case, oldest first.
type LetterList struct {
	Items []LetterSummary `json:"items"`
}

// Letter is a filed letter with its text as HTML (an <article> fragment
// without script or style, escaped when the letter was made).
type Letter struct {
	ID        int64        `json:"id"`
	CaseID    int64        `json:"case_id"`
	Kind      letters.Kind `json:"kind"`
	Recipient string       `json:"recipient"`
	CreatedBy int64        `json:"created_by"`
	CreatedAt time.Time    `json:"created_at"`
	HTML      string       `json:"html"`
}

// AuditEntry is one line of an audit log as the API shows it.
type AuditEntry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Role       string    `json:"role"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Reason     string    `json:"reason"`
	Outcome    string    `json:"outcome"`
}

// CaseAuditLog is who did what to a case file, newest first.
type CaseAuditLog struct {
	CaseID  int64        `json:"case_id"`
	Number  string       `json:"number"`
	Entries []AuditEntry `json:"entries"`
}

func letterSummary(r letters.Record) LetterSummary {
	return LetterSummary{ID: r.ID, CaseID: r.CaseID, Kind: r.Kind, Recipient: r.Recipient, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

func auditEntryOut(e audit.Entry) AuditEntry {
	return AuditEntry{Seq: e.Seq, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, Role: e.Role, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Reason: e.Reason, Outcome: e.Outcome}
}

func (a *API) listCaseLetters(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	recs, err := a.casework.Letters(r.Context(), act, id)
	if err != nil {
		return err
	}
	out := LetterList{Items: make([]LetterSummary, len(recs))}
	for i, rec := range recs {
		out.Items[i] = letterSummary(rec)
	}
	return writeJSON(w, http.StatusOK, out)
}

// makeLetters makes the letters of one request from a case and answers
// with the letters filed, without their text.
func (a *API) makeLetters(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	req, err := decodeBody[casework.LetterRequest](w, r)
	if err != nil {
		return err
	}
	recs, err := a.casework.MakeLetters(r.Context(), act, id, req)
	if err != nil {
		return err
	}
	out := LetterList{Items: make([]LetterSummary, len(recs))}
	for i, rec := range recs {
		out.Items[i] = letterSummary(rec)
	}
	if a.touch != nil && len(recs) > 0 {
		a.touch(r, recs[0].PersonIDs)
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (a *API) getCaseLetter(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	item, err := pathID(r, "item")
	if err != nil {
		return err
	}
	f, rec, err := a.casework.Letter(r.Context(), act, id, item)
	if err != nil {
		return err
	}
	if a.touch != nil {
		a.touch(r, f.PersonIDs)
	}
	return writeJSON(w, http.StatusOK, Letter{ID: rec.ID, CaseID: rec.CaseID, Kind: rec.Kind, Recipient: rec.Recipient,
		CreatedBy: rec.CreatedBy, CreatedAt: rec.CreatedAt, HTML: rec.HTML})
}

// maxAuditEntries bounds the log one request returns.
const maxAuditEntries = 1000

func (a *API) getCaseAudit(w http.ResponseWriter, r *http.Request) error {
	act, err := a.actor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	log, err := a.casework.CaseAudit(r.Context(), act, id, maxAuditEntries)
	if err != nil {
		return err
	}
	out := CaseAuditLog{CaseID: log.CaseID, Number: log.Number, Entries: make([]AuditEntry, len(log.Entries))}
	for i, e := range log.Entries {
		out.Entries[i] = auditEntryOut(e)
	}
	return writeJSON(w, http.StatusOK, out)
}
