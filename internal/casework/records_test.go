package casework_test

import (
	"strconv"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/casework"
	"toren/internal/letters"
	"toren/internal/toren"
)

// A letter is filed by the service: the policy is asked there, and the
// letter is stored with its audit entry or not at all. Reading it needs
// the case; taking it out as a PDF needs export; the case's audit log is
// the privacy officer's.
func TestLettersAndAuditLogAreTheServices(t *testing.T) {
	e := newEnv(t, time.Date(2026, 3, 2, 10, 0, 0, 0, toren.Amsterdam))
	f, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{e.report("Els Buur", false, false).ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	id := f.Case.ID
	doc := letters.Document{Kind: letters.KindClosing, CaseNumber: f.Case.Number, Recipient: "Familie Buur",
		Title: "Afsluitbrief " + f.Case.Number, HTML: "<article><p>Geachte familie,</p></article>", PDF: []byte("%PDF-1.4 brief")}
	recorded := func(a authz.Actor) *audit.Recorder {
		return &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(a.UserID, 10), ActorName: a.Name, Origin: "test"}}
	}
	count := func() int {
		recs, err := e.db.ListLetters(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(recs)
	}

	// Another team's case manager may not; nothing is filed.
	if _, err := e.svc.FileLetter(audit.WithRecorder(e.ctx, recorded(e.zoe)), e.zoe, id, doc); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a case manager of another team files a letter: %v", err)
	}
	// Without the request's audit recorder nothing is filed either.
	if _, err := e.svc.FileLetter(e.ctx, e.cas, id, doc); err == nil {
		t.Error("a letter was filed without its audit entry")
	}
	if n := count(); n != 0 {
		t.Fatalf("%d letters filed by refused calls", n)
	}
	head, err := e.db.AuditHead(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := e.svc.FileLetter(audit.WithRecorder(e.ctx, recorded(e.cas)), e.cas, id, doc)
	if err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	for en, err := range e.db.AuditEntries(e.ctx, head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, en)
	}
	if len(entries) != 1 || entries[0].Action != string(authz.ActionLetterGenerate) || entries[0].ObjectID != strconv.FormatInt(rec.ID, 10) ||
		entries[0].ActorName != e.cas.Name {
		t.Errorf("the letter's audit entry: %+v", entries)
	}

	if _, got, err := e.svc.Letter(e.ctx, e.cor, id, rec.ID); err != nil || string(got.HTML) != string(doc.HTML) {
		t.Errorf("a colleague of the team reads the letter: %v", err)
	}
	if _, _, err := e.svc.Letter(e.ctx, e.zoe, id, rec.ID); err == nil {
		t.Error("a case manager of another team reads the letter")
	}
	other, err := e.svc.OpenCase(e.ctx, e.iris, casework.OpenRequest{ReportIDs: []int64{e.report("Piet Buur", false, false).ID}, Team: "Backoffice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Letter(e.ctx, e.cas, other.Case.ID, rec.ID); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("a letter asked for under another case: %v, want not found", err)
	}
	if _, _, err := e.svc.LetterPDF(e.ctx, e.cas, id, rec.ID); err != nil {
		t.Errorf("the case manager takes the PDF: %v", err)
	}
	if _, _, err := e.svc.LetterPDF(e.ctx, e.gert, id, rec.ID); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("the behavioural scientist (no export) takes the PDF: %v", err)
	}

	po := e.user("pim", "Pim Prins", authz.RolePrivacyOfficer)
	log, err := e.svc.CaseAudit(e.ctx, po, id, 100)
	if err != nil || log.Number != f.Case.Number || len(log.Entries) == 0 {
		t.Errorf("the privacy officer reads the case's log: %+v, %v", log, err)
	}
	if _, err := e.svc.CaseAudit(e.ctx, e.tara, id, 100); toren.ErrorCode(err) != toren.CodeForbidden {
		t.Errorf("a team leader reads the case's log: %v", err)
	}
}
