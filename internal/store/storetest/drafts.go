package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"toren/internal/intake"
	"toren/internal/store"
	"toren/internal/toren"
)

// Drafts of the intake form: saved and replaced per user and key, read
// only by their author, gone after their expiry, limited in number and
// size.
func testIntakeDrafts(t *testing.T, db *store.DB) {
	ctx := context.Background()
	iris, cas := newUser(t, db, "iris"), newUser(t, db, "cas")
	week := 7 * 24 * time.Hour
	save := func(user int64, key, form string, at time.Time) error {
		return db.SaveDraft(ctx, intake.Draft{UserID: user, Key: key, Form: form, SavedAt: at, ExpiresAt: at.Add(week)})
	}
	if err := save(iris.ID, "k1", "persons%5B0%5D.surname=Wijnants", t0); err != nil {
		t.Fatal(err)
	}
	// A later save replaces the form and moves the expiry.
	later := t0.Add(time.Minute)
	if err := save(iris.ID, "k1", "persons%5B0%5D.surname=Wijnands", later); err != nil {
		t.Fatal(err)
	}
	d, err := db.GetDraft(ctx, iris.ID, "k1", later)
	if err != nil {
		t.Fatal(err)
	}
	if d.Form != "persons%5B0%5D.surname=Wijnands" || !d.SavedAt.Equal(later) || !d.ExpiresAt.Equal(later.Add(week)) {
		t.Errorf("draft after the second save = %+v", d)
	}

	// Only the author finds it, even with the key; another user's save
	// under the same key is their own draft.
	wantCode(t, "another user's draft", func() error { _, err := db.GetDraft(ctx, cas.ID, "k1", later); return err }(), toren.CodeNotFound)
	if err := save(cas.ID, "k1", "description=Eigen+concept", later); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.GetDraft(ctx, iris.ID, "k1", later); !strings.Contains(d.Form, "Wijnands") {
		t.Errorf("another user's save under the same key changed the draft: %q", d.Form)
	}
	if err := db.DeleteDraft(ctx, cas.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetDraft(ctx, iris.ID, "k1", later); err != nil {
		t.Errorf("another user's delete removed the draft: %v", err)
	}

	// Listing: own drafts, last saved first, none expired.
	if err := save(iris.ID, "k2", "description=Tweede", later.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListDrafts(ctx, iris.ID, later.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Key != "k2" || list[1].Key != "k1" {
		t.Errorf("ListDrafts = %+v, want k2 then k1", list)
	}
	if list, _ := db.ListDrafts(ctx, cas.ID, later); len(list) != 0 {
		t.Errorf("cas lists %d drafts, want none", len(list))
	}

	// Expiry: not read after it, and deleted by the next save of anyone.
	expired := later.Add(week)
	wantCode(t, "expired draft", func() error { _, err := db.GetDraft(ctx, iris.ID, "k1", expired); return err }(), toren.CodeNotFound)
	if err := save(cas.ID, "k9", "description=x", expired); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.ListDrafts(ctx, iris.ID, t0); len(list) != 1 || list[0].Key != "k2" {
		t.Errorf("after expiry the table still holds %+v, want only k2", list)
	}

	// Delete on submit.
	if err := db.DeleteDraft(ctx, iris.ID, "k2"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDraft(ctx, iris.ID, "k2"); err != nil {
		t.Errorf("deleting a deleted draft: %v", err)
	}
	if list, _ := db.ListDrafts(ctx, iris.ID, t0); len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}

	// Limits: bad input changes nothing.
	wantCode(t, "empty key", save(iris.ID, "", "a=b", t0), toren.CodeInvalid)
	wantCode(t, "key with a space", save(iris.ID, "a b", "a=b", t0), toren.CodeInvalid)
	wantCode(t, "empty form", save(iris.ID, "k", "", t0), toren.CodeInvalid)
	wantCode(t, "too large a form", save(iris.ID, "k", strings.Repeat("x", store.MaxDraftBytes+1), t0), toren.CodeInvalid)
	wantCode(t, "no user", save(0, "k", "a=b", t0), toren.CodeInvalid)
	wantCode(t, "expiry before save", db.SaveDraft(ctx, intake.Draft{UserID: iris.ID, Key: "k", Form: "a=b", SavedAt: t0, ExpiresAt: t0}), toren.CodeInvalid)
	for i := range store.MaxDraftsPerUser {
		if err := save(iris.ID, fmt.Sprintf("n%d", i), "a=b", t0); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "one draft too many", save(iris.ID, "one-more", "a=b", t0), toren.CodeInvalid)
	if err := save(iris.ID, "n0", "a=c", t0); err != nil {
		t.Errorf("saving an existing draft at the limit: %v", err)
	}
	if list, _ := db.ListDrafts(ctx, iris.ID, t0); len(list) != store.MaxDraftsPerUser {
		t.Errorf("%d drafts at the limit, want %d", len(list), store.MaxDraftsPerUser)
	}
}
