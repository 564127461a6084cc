package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/audit"
	"toren/internal/cases"
	"toren/internal/letters"
	"toren/internal/reports"
	"toren/internal/store"
	"toren/internal/toren"
)

// Conformance tests for the letters of a case.

// testLetters files letters with their audit entries, lists and reads
// them back byte for byte, and refuses what must not be stored.
func testLetters(t *testing.T, db *store.DB) {
	bg := context.Background()
	author := newUser(t, db, "e.bakker")
	r := sample(reports.KindReport)
	create(t, db, r, "")
	c := &cases.Case{Status: cases.StatusConditions, Team: "Backoffice Oost", ReportIDs: []int64{r.ID}, OpenedAt: t0}
	if err := db.CreateCase(bg, c); err != nil {
		t.Fatal(err)
	}
	other := &cases.Case{Status: cases.StatusConditions, ReportIDs: []int64{r.ID}, OpenedAt: t0}
	if err := db.CreateCase(bg, other); err != nil {
		t.Fatal(err)
	}
	rec := &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(author.ID, 10), ActorName: "Eline Bakker", Role: "case_manager", Origin: "test"}}
	ctx := audit.WithRecorder(bg, rec)
	persons := []int64{r.Persons[0].PersonID, r.Persons[1].PersonID}
	head, err := db.AuditHead(bg)
	if err != nil {
		t.Fatal(err)
	}

	// A PDF is binary: NUL and bytes that are not UTF-8 must survive.
	pdf := append([]byte("%PDF-1.7\n"), 0x00, 0xff, 0xfe, 0x80, '\n', 0x00)
	closing := letters.Record{CaseID: c.ID, Kind: letters.KindClosing, Recipient: "Zoë Hoekstra",
		HTML: `<article class="toren-letter" lang="nl"><p>Beste Zoë Hoekstra,</p></article>`, PDF: pdf,
		CreatedBy: author.ID, CreatedAt: t0.Add(time.Hour).Add(123 * time.Nanosecond), PersonIDs: persons}
	feedback := letters.Record{CaseID: c.ID, Kind: letters.KindFeedback, Recipient: "de melder (identiteit beschermd)",
		HTML: "<article><p>Beste melder,</p></article>", PDF: []byte("%PDF-1.7\nfeedback"),
		CreatedBy: author.ID, CreatedAt: t0.Add(2 * time.Hour)}

	// Without an actor in the context nothing is stored.
	noActor := closing
	if err := db.SaveLetter(bg, &noActor); err == nil {
		t.Fatal("letter saved without an actor")
	}
	// The author must be the actor the audit entry names.
	wrongAuthor := closing
	wrongAuthor.CreatedBy = author.ID + 1000
	if err := db.SaveLetter(ctx, &wrongAuthor); err == nil {
		t.Fatal("letter saved for an author other than the actor")
	}
	wantCode(t, "letter for an unknown case", db.SaveLetter(ctx, &letters.Record{CaseID: 987654, Kind: letters.KindClosing,
		Recipient: "x", HTML: "<p>x</p>", PDF: pdf, CreatedBy: author.ID, CreatedAt: t0}), toren.CodeNotFound)
	invalid := closing
	invalid.Recipient, invalid.PDF = "", []byte("not a pdf")
	err = db.SaveLetter(ctx, &invalid)
	wantCode(t, "invalid letter", err, toren.CodeInvalid)
	if len(toren.FieldErrors(err)) != 2 {
		t.Errorf("invalid letter: %v, want recipient and pdf named", err)
	}
	if h, err := db.AuditHead(bg); err != nil || h.Seq != head.Seq {
		t.Fatalf("audit head after refused letters: %+v %v; want %+v, the report's entry", h, err, head)
	}
	if rec.Written() != 0 {
		t.Fatalf("recorder counted %d writes after refused letters", rec.Written())
	}

	for _, l := range []*letters.Record{&closing, &feedback} {
		if err := db.SaveLetter(ctx, l); err != nil {
			t.Fatalf("SaveLetter(%s): %v", l.Kind, err)
		}
		if l.ID == 0 {
			t.Fatalf("SaveLetter(%s) set no ID", l.Kind)
		}
	}
	if rec.Written() != 2 {
		t.Errorf("recorder counted %d writes, want 2", rec.Written())
	}

	// Each letter has its audit entry, naming the letter and its persons.
	var entries []audit.Entry
	for e, err := range db.AuditEntries(bg, head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	if len(entries) != 2 {
		t.Fatalf("%d audit entries for two letters", len(entries))
	}
	for i, l := range []letters.Record{closing, feedback} {
		e := entries[i]
		if e.Action != "letter.generate" || e.ObjectType != "letter" || e.ObjectID != strconv.FormatInt(l.ID, 10) ||
			e.ActorName != "Eline Bakker" || !e.At.Equal(l.CreatedAt) {
			t.Errorf("audit entry %d: %+v", i, e)
		}
	}
	if diff := cmp.Diff(persons, entries[0].PersonIDs); diff != "" {
		t.Errorf("persons of the closing letter's audit entry (-want +got):\n%s", diff)
	}
	forPerson, err := db.AuditForPerson(bg, persons[0], 10)
	if err != nil || len(forPerson) == 0 || forPerson[0].Action != "letter.generate" {
		t.Errorf("the person's access view does not show the letter: %+v %v", forPerson, err)
	}

	// The list carries no content; reading one carries all of it.
	list, err := db.ListLetters(bg, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want []letters.Record
	for _, l := range []letters.Record{closing, feedback} {
		l.HTML, l.PDF, l.PersonIDs = "", nil, nil
		want = append(want, l)
	}
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("ListLetters (-want +got):\n%s", diff)
	}
	got, err := db.GetLetter(bg, closing.ID)
	if err != nil {
		t.Fatal(err)
	}
	full := closing
	full.PersonIDs = nil
	if diff := cmp.Diff(&full, got); diff != "" {
		t.Errorf("GetLetter (-filed +read):\n%s", diff)
	}
	if !got.CreatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("created at %v, want %v truncated to microseconds", got.CreatedAt, t0.Add(time.Hour))
	}

	if l, err := db.ListLetters(bg, other.ID); err != nil || len(l) != 0 {
		t.Errorf("letters of another case: %v %v", l, err)
	}
	_, err = db.GetLetter(bg, 987654)
	wantCode(t, "unknown letter", err, toren.CodeNotFound)

	// A letter is a record of what was sent: the database refuses to
	// rewrite it.
	if err := db.ExecForTest(bg, `UPDATE letters SET recipient = ? WHERE id = ?`, "iemand anders", closing.ID); err == nil {
		t.Error("a filed letter was rewritten")
	}
	if _, err := db.VerifyAudit(bg); err != nil {
		t.Error(err)
	}
}

// testSaveLetters files the letters of one request (a closing letter per
// addressee) in one transaction: all with their audit entries, or, when
// one cannot be filed, none of them and no entry.
func testSaveLetters(t *testing.T, db *store.DB) {
	bg := context.Background()
	author := newUser(t, db, "c.jansen")
	r := sample(reports.KindReport)
	create(t, db, r, "")
	c := &cases.Case{Status: cases.StatusConditions, Team: "Backoffice Oost", ReportIDs: []int64{r.ID}, OpenedAt: t0}
	if err := db.CreateCase(bg, c); err != nil {
		t.Fatal(err)
	}
	rec := &audit.Recorder{Template: audit.Entry{ActorID: strconv.FormatInt(author.ID, 10), ActorName: "Cas Jansen", Role: "case_manager", Origin: "test"}}
	ctx := audit.WithRecorder(bg, rec)
	persons := []int64{r.Persons[0].PersonID, r.Persons[1].PersonID}
	letter := func(caseID int64, to string) *letters.Record {
		return &letters.Record{CaseID: caseID, Kind: letters.KindClosing, Recipient: to,
			HTML: "<article><p>Beste " + to + ",</p></article>", PDF: []byte("%PDF-1.7\n" + to),
			CreatedBy: author.ID, CreatedAt: t0.Add(time.Hour), PersonIDs: persons}
	}
	count := func() int {
		l, err := db.ListLetters(bg, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	head := func() int64 {
		h, err := db.AuditHead(bg)
		if err != nil {
			t.Fatal(err)
		}
		return h.Seq
	}
	before := head()

	// The second letter's case does not exist: the first, already
	// inserted in the transaction, is not kept either.
	err := db.SaveLetters(ctx, []*letters.Record{letter(c.ID, "Lisanne Wijnands"), letter(987654, "Piet Wijnands")})
	wantCode(t, "a letter of the batch for an unknown case", err, toren.CodeNotFound)
	// A bad second letter refuses the batch before anything is written.
	bad := letter(c.ID, "")
	wantCode(t, "a bad letter in the batch", db.SaveLetters(ctx, []*letters.Record{letter(c.ID, "Lisanne Wijnands"), bad}), toren.CodeInvalid)
	// A second letter by another author than the actor: refused.
	other := letter(c.ID, "Piet Wijnands")
	other.CreatedBy = author.ID + 1000
	if err := db.SaveLetters(ctx, []*letters.Record{letter(c.ID, "Lisanne Wijnands"), other}); err == nil {
		t.Error("a batch with a letter by another author than the actor was filed")
	}
	if err := db.SaveLetters(ctx, nil); err == nil {
		t.Error("an empty batch was accepted")
	}
	if n := count(); n != 0 || head() != before || rec.Written() != 0 {
		t.Fatalf("refused batches left %d letters, %d audit entries, %d counted writes", n, head()-before, rec.Written())
	}

	batch := []*letters.Record{letter(c.ID, "Lisanne Wijnands"), letter(c.ID, "Piet Wijnands")}
	if err := db.SaveLetters(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if batch[0].ID == 0 || batch[1].ID == 0 || batch[0].ID == batch[1].ID {
		t.Fatalf("letter IDs %d and %d", batch[0].ID, batch[1].ID)
	}
	if n := count(); n != 2 || rec.Written() != 2 {
		t.Errorf("%d letters filed, %d writes counted; want 2 and 2", n, rec.Written())
	}
	var entries []audit.Entry
	for e, err := range db.AuditEntries(bg, before) {
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	if len(entries) != 2 {
		t.Fatalf("%d audit entries for a batch of two letters", len(entries))
	}
	for i, e := range entries {
		if e.Action != "letter.generate" || e.ObjectID != strconv.FormatInt(batch[i].ID, 10) || e.ActorName != "Cas Jansen" {
			t.Errorf("audit entry %d: %+v", i, e)
		}
		if diff := cmp.Diff(persons, e.PersonIDs); diff != "" {
			t.Errorf("persons of audit entry %d (-want +got):\n%s", i, diff)
		}
	}
	if _, err := db.VerifyAudit(bg); err != nil {
		t.Error(err)
	}
}
