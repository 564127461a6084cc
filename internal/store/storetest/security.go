package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"toren/internal/accounts"
	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/store"
	"toren/internal/toren"
)

// Conformance tests for accounts, teams, sessions and the audit log.

func newUser(t *testing.T, db *store.DB, username string, teams ...accounts.Team) *accounts.User {
	t.Helper()
	u := &accounts.User{Username: username, DisplayName: "Naam " + username, Email: username + "@vt.example",
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", Roles: []string{"intake"},
		Teams: teams, CreatedAt: t0}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatalf("CreateUser(%q): %v", username, err)
	}
	return u
}

func wantCode(t *testing.T, what string, err error, code toren.Code) {
	t.Helper()
	if toren.ErrorCode(err) != code || err == nil {
		t.Errorf("%s: err = %v, want %s", what, err, code)
	}
}

func testUsers(t *testing.T, db *store.DB) {
	ctx := context.Background()
	east, front := &accounts.Team{Name: "Backoffice Oost"}, &accounts.Team{Name: " Frontoffice "}
	for _, tm := range []*accounts.Team{east, front} {
		if err := db.CreateTeam(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "team with a taken name", db.CreateTeam(ctx, &accounts.Team{Name: "Frontoffice"}), toren.CodeConflict)

	u := &accounts.User{Username: "J.Bakker", DisplayName: "Jan Bakker", Email: "j.bakker@vt.example", PasswordHash: "$argon2id$x",
		TOTPSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Roles: []string{"intake", "case_manager", "intake"},
		Teams: []accounts.Team{{ID: front.ID}, {ID: east.ID}}, CreatedAt: t0}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Version != 1 || !u.UpdatedAt.Equal(t0) {
		t.Errorf("created user: id %d version %d updated %v", u.ID, u.Version, u.UpdatedAt)
	}
	if diff := cmp.Diff([]string{"case_manager", "intake"}, u.Roles); diff != "" {
		t.Errorf("roles not sorted and deduplicated (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]accounts.Team{{ID: east.ID, Name: "Backoffice Oost"}, {ID: front.ID, Name: "Frontoffice"}}, u.Teams); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
	got, err := db.GetUser(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*u, got); diff != "" {
		t.Errorf("user changed on the way through the store (-stored +read):\n%s", diff)
	}
	byName, err := db.GetUserByUsername(ctx, "j.BAKKER")
	if err != nil || byName.ID != u.ID {
		t.Errorf("GetUserByUsername ignoring case = %d, %v; want %d", byName.ID, err, u.ID)
	}

	// Refusals store nothing.
	err = db.CreateUser(ctx, &accounts.User{Username: "j.bakker", CreatedAt: t0})
	wantCode(t, "same user name in other case", err, toren.CodeConflict)
	if fe := toren.FieldErrors(err); len(fe) != 1 || fe[0].Field != "username" {
		t.Errorf("taken user name: field errors %v, want one on username", fe)
	}
	wantCode(t, "user name with a space", db.CreateUser(ctx, &accounts.User{Username: "jan bakker", CreatedAt: t0}), toren.CodeInvalid)
	wantCode(t, "role with a comma", db.CreateUser(ctx, &accounts.User{Username: "x", Roles: []string{"a,b"}, CreatedAt: t0}), toren.CodeInvalid)
	wantCode(t, "no creation time", db.CreateUser(ctx, &accounts.User{Username: "x"}), toren.CodeInvalid)
	wantCode(t, "unknown team", db.CreateUser(ctx, &accounts.User{Username: "x", Teams: []accounts.Team{{ID: 999}}, CreatedAt: t0}), toren.CodeNotFound)
	smit := newUser(t, db, "a.smit")
	all, err := db.ListUsers(ctx)
	if err != nil || len(all) != 2 || all[0].ID != smit.ID || all[1].ID != u.ID || len(all[1].Teams) != 2 {
		t.Fatalf("ListUsers = %+v, %v; want a.smit, J.Bakker with 2 teams", all, err)
	}

	// Updates are version-checked.
	a, _ := db.GetUser(ctx, u.ID)
	b, _ := db.GetUser(ctx, u.ID)
	a.Roles = []string{"team_leader"}
	a.Teams = []accounts.Team{{ID: east.ID}}
	a.UpdatedAt = t0.Add(time.Hour)
	if err := db.UpdateUser(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.DisplayName = "Iemand anders"
	wantCode(t, "stale user update", db.UpdateUser(ctx, &b), toren.CodeConflict)
	got, _ = db.GetUser(ctx, u.ID)
	if got.Version != 2 || got.DisplayName != "Jan Bakker" || len(got.Teams) != 1 || got.Teams[0].ID != east.ID ||
		len(got.Roles) != 1 || got.Roles[0] != "team_leader" || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("after update and stale update: %+v", got)
	}
	missing := accounts.User{ID: 4242, Username: "nobody", Version: 1, CreatedAt: t0}
	wantCode(t, "update of missing user", db.UpdateUser(ctx, &missing), toren.CodeNotFound)
	s2, _ := db.GetUser(ctx, smit.ID)
	s2.Username = "J.BAKKER"
	wantCode(t, "rename to a taken user name", db.UpdateUser(ctx, &s2), toren.CodeConflict)

	// Teams.
	wantCode(t, "delete team with members", db.DeleteTeam(ctx, east.ID), toren.CodeConflict)
	if err := db.DeleteTeam(ctx, front.ID); err != nil {
		t.Errorf("delete empty team: %v", err)
	}
	wantCode(t, "delete missing team", db.DeleteTeam(ctx, front.ID), toren.CodeNotFound)
	if err := db.RenameTeam(ctx, east.ID, "Backoffice West"); err != nil {
		t.Fatal(err)
	}
	teams, err := db.ListTeams(ctx)
	if err != nil || len(teams) != 1 || teams[0].Name != "Backoffice West" {
		t.Errorf("ListTeams = %+v, %v", teams, err)
	}
	if got, _ := db.GetUser(ctx, u.ID); got.Teams[0].Name != "Backoffice West" {
		t.Errorf("user's team after rename: %+v", got.Teams)
	}

	// The store is the LocalAuthenticator's account storage.
	var la auth.LocalAccounts = db
	acct, found, err := la.LocalAccount(ctx, "J.BAKKER")
	if err != nil || !found || acct.ID != strconv.FormatInt(u.ID, 10) || acct.PasswordHash != "$argon2id$x" || acct.TOTPSecret == "" {
		t.Errorf("LocalAccount = %+v, %v, %v", acct, found, err)
	}
	if _, found, err := la.LocalAccount(ctx, "onbekend"); found || err != nil {
		t.Errorf("LocalAccount of unknown name: found %v, err %v", found, err)
	}
	if err := la.SetPasswordHash(ctx, acct.ID, "$argon2id$new"); err != nil {
		t.Fatal(err)
	}
	got, _ = db.GetUser(ctx, u.ID)
	if got.PasswordHash != "$argon2id$new" || got.Version != 3 {
		t.Errorf("after SetPasswordHash: hash %q version %d; want the new hash and version 3", got.PasswordHash, got.Version)
	}
	wantCode(t, "SetPasswordHash of unknown account", la.SetPasswordHash(ctx, "4242", "h"), toren.CodeNotFound)
	wantCode(t, "SetPasswordHash of malformed account ID", la.SetPasswordHash(ctx, "x", "h"), toren.CodeNotFound)
}

func testTOTPStepRace(t *testing.T, db *store.DB) {
	ctx := context.Background()
	u := newUser(t, db, "totp")
	const n = 8
	var wg sync.WaitGroup
	oks := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			oks[i], errs[i] = db.RecordTOTPStep(ctx, u.ID, 1000)
		}()
	}
	wg.Wait()
	won := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("racer %d: %v", i, errs[i])
		}
		if oks[i] {
			won++
		}
	}
	if won != 1 {
		t.Errorf("%d of %d sign-ins spent the same code; want exactly 1", won, n)
	}
	steps := []struct {
		step int64
		want bool
	}{{1000, false}, {999, false}, {1001, true}, {1001, false}}
	for _, s := range steps {
		if ok, err := db.RecordTOTPStep(ctx, u.ID, s.step); ok != s.want || err != nil {
			t.Errorf("RecordTOTPStep(%d) = %v, %v; want %v", s.step, ok, err, s.want)
		}
	}
	if ok, err := db.UseTOTPStep(ctx, strconv.FormatInt(u.ID, 10), 1002); !ok || err != nil {
		t.Errorf("UseTOTPStep(1002) = %v, %v; want true", ok, err)
	}
	_, err := db.RecordTOTPStep(ctx, 4242, 5)
	wantCode(t, "RecordTOTPStep of unknown user", err, toren.CodeNotFound)

	// An edit with a stale copy neither resets the step nor conflicts.
	stale := *u
	stale.DisplayName = "Nieuwe naam"
	if err := db.UpdateUser(ctx, &stale); err != nil {
		t.Fatalf("update after sign-ins: %v (TOTP bookkeeping must not bump the version)", err)
	}
	if got, _ := db.GetUser(ctx, u.ID); got.TOTPLastStep != 1002 || stale.TOTPLastStep != 1002 {
		t.Errorf("last step after update: stored %d, returned %d; want 1002", got.TOTPLastStep, stale.TOTPLastStep)
	}
}

func testSessions(t *testing.T, db *store.DB) {
	ctx := context.Background()
	u := newUser(t, db, "sessie")
	open := func(created time.Time) string {
		t.Helper()
		key := auth.SessionKey(auth.NewSessionID())
		s := &auth.Session{KeyHash: key, UserID: u.ID, CreatedAt: created, Methods: []string{"pwd", "otp", "mfa"},
			CSRFToken: "csrf", IP: "192.0.2.7", UserAgent: "Firefox/140"}
		if err := db.CreateSession(ctx, s); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		return key
	}
	key := open(t0)
	got, err := db.GetSession(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	want := auth.Session{KeyHash: key, UserID: u.ID, CreatedAt: t0, LastSeenAt: t0, Methods: []string{"pwd", "otp", "mfa"},
		CSRFToken: "csrf", IP: "192.0.2.7", UserAgent: "Firefox/140"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("session (-want +got):\n%s", diff)
	}
	wantCode(t, "raw token as key", db.CreateSession(ctx, &auth.Session{KeyHash: auth.NewSessionID(), UserID: u.ID, CreatedAt: t0}), toren.CodeInvalid)
	wantCode(t, "session of unknown user",
		db.CreateSession(ctx, &auth.Session{KeyHash: auth.SessionKey("x"), UserID: 4242, CreatedAt: t0}), toren.CodeNotFound)
	_, err = db.GetSession(ctx, auth.SessionKey("unknown"))
	wantCode(t, "unknown session", err, toren.CodeNotFound)

	// Touch moves last_seen_at forward only.
	if err := db.TouchSession(ctx, key, t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchSession(ctx, key, t0.Add(5*time.Minute)); err != nil {
		t.Errorf("touch with an earlier time: %v", err)
	}
	if got, _ := db.GetSession(ctx, key); !got.LastSeenAt.Equal(t0.Add(10 * time.Minute)) {
		t.Errorf("last seen %v, want %v", got.LastSeenAt, t0.Add(10*time.Minute))
	}
	wantCode(t, "touch unknown session", db.TouchSession(ctx, auth.SessionKey("unknown"), t0), toren.CodeNotFound)

	// Expiry follows auth.SessionPolicy.Expired exactly.
	p := auth.DefaultSessionPolicy() // idle 30 min, absolute 12 h
	idle := open(t0)                 // last seen t0: ends at t0+30m
	long := open(t0)                 // kept active: ends at t0+12h
	if err := db.TouchSession(ctx, long, t0.Add(12*time.Hour-time.Minute)); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(30 * time.Minute)
	n, err := db.DeleteExpiredSessions(ctx, p, now.Add(-time.Microsecond))
	if err != nil || n != 0 {
		t.Errorf("just before the idle limit: removed %d, %v; want 0", n, err)
	}
	n, err = db.DeleteExpiredSessions(ctx, p, now)
	if err != nil || n != 1 {
		t.Errorf("at the idle limit: removed %d, %v; want 1", n, err)
	}
	if _, err := db.GetSession(ctx, idle); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("idle session still there: %v", err)
	}
	n, err = db.DeleteExpiredSessions(ctx, p, t0.Add(12*time.Hour))
	if err != nil || n != 2 { // key (idle since t0+10m) and long (absolute)
		t.Errorf("at the absolute limit: removed %d, %v; want 2", n, err)
	}
	if _, err := db.GetSession(ctx, long); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("session past its absolute limit still there: %v", err)
	}

	// Revocation.
	k1, k2, k3 := open(t0), open(t0), open(t0)
	if err := db.RevokeSession(ctx, k1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetSession(ctx, k1); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("revoked session: %v, want not found", err)
	}
	wantCode(t, "touch revoked session", db.TouchSession(ctx, k1, t0.Add(time.Minute)), toren.CodeNotFound)
	if err := db.RevokeSession(ctx, k1); err != nil {
		t.Errorf("second sign-out: %v", err)
	}
	if n, err := db.RevokeUserSessions(ctx, u.ID); n != 2 || err != nil {
		t.Errorf("RevokeUserSessions = %d, %v; want 2", n, err)
	}
	for _, k := range []string{k2, k3} {
		if _, err := db.GetSession(ctx, k); toren.ErrorCode(err) != toren.CodeNotFound {
			t.Errorf("session after RevokeUserSessions: %v", err)
		}
	}

	// Disabling the account ends its sessions and refuses new ones.
	k4 := open(t0)
	cur, _ := db.GetUser(ctx, u.ID)
	cur.Disabled = true
	if err := db.UpdateUser(ctx, &cur); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetSession(ctx, k4); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("session of disabled account: %v", err)
	}
	cur.Disabled = false
	if err := db.UpdateUser(ctx, &cur); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetSession(ctx, k4); toren.ErrorCode(err) != toren.CodeNotFound {
		t.Errorf("re-enabling the account revived its old session: %v", err)
	}
	cur.Disabled = true
	if err := db.UpdateUser(ctx, &cur); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "session for disabled account",
		db.CreateSession(ctx, &auth.Session{KeyHash: auth.SessionKey("y"), UserID: u.ID, CreatedAt: t0}), toren.CodeForbidden)
	if n, err := db.DeleteExpiredSessions(ctx, p, t0); n != 4 || err != nil {
		t.Errorf("revoked sessions removed: %d, %v; want 4", n, err)
	}
}

// auditEntry returns a valid entry; every third one touches persons.
func auditEntry(i int) audit.Entry {
	e := audit.Entry{
		At:         t0.Add(time.Duration(i) * time.Second).Add(789 * time.Nanosecond).In(toren.Amsterdam),
		ActorID:    strconv.Itoa(1 + i%4),
		ActorName:  "Medewerker " + strconv.Itoa(1+i%4),
		Role:       "intake",
		Action:     audit.ActionReportView,
		ObjectType: "report", ObjectID: strconv.Itoa(100 + i),
		Reason:  "triage",
		Outcome: audit.OutcomeOK,
		Origin:  "192.0.2.1",
	}
	if i%3 == 0 {
		e.PersonIDs = []int64{int64(i%50 + 2), 1, int64(i%50 + 2)}
	}
	return e
}

func readAudit(t *testing.T, db *store.DB, after int64) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range db.AuditEntries(context.Background(), after) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func testAuditAppendVerify(t *testing.T, db *store.DB) {
	ctx := context.Background()
	if h, err := db.VerifyAudit(ctx); err != nil || h != audit.Genesis() {
		t.Fatalf("empty log: VerifyAudit = %v, %v; want genesis", h, err)
	}
	// More than one page of the store's reads (1000 entries), in batches.
	const n = 2005
	var in, want []audit.Entry
	head := audit.Genesis()
	for i := 1; i <= n; i++ {
		e := auditEntry(i)
		in = append(in, e)
		c := audit.ChainAfter(head, e)
		want = append(want, c)
		head = audit.HeadOf(c)
	}
	for _, batch := range [][]audit.Entry{in[:1], in[1:3], in[3:]} {
		if err := db.AppendAudit(ctx, batch...); err != nil {
			t.Fatal(err)
		}
	}
	got := readAudit(t, db, 0)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("audit log (-chained +stored):\n%s", diff)
	}
	if tail := readAudit(t, db, n-2); len(tail) != 2 || tail[0].Seq != n-1 {
		t.Errorf("AuditEntries(after %d) = %d entries", n-2, len(tail))
	}
	if h, err := db.AuditHead(ctx); err != nil || h != head {
		t.Errorf("AuditHead = %v, %v; want %v", h, err, head)
	}
	if h, err := db.VerifyAudit(ctx); err != nil || h != head {
		t.Errorf("VerifyAudit = %v, %v; want %v", h, err, head)
	}

	// A batch with one invalid entry stores nothing.
	bad := auditEntry(1)
	bad.Outcome = ""
	err := db.AppendAudit(ctx, auditEntry(2), bad)
	wantCode(t, "batch with an invalid entry", err, toren.CodeInvalid)
	if h, _ := db.AuditHead(ctx); h != head {
		t.Errorf("head moved by a refused batch: %v", h)
	}

	// The audit.Appender and audit.Reader view.
	var log interface {
		audit.Appender
		audit.Reader
	} = db.AuditLog()
	e, err := log.Append(ctx, auditEntry(9))
	if err != nil || e.Seq != n+1 || e.PrevHash != head.Hash {
		t.Fatalf("AuditLog.Append = seq %d prev %q, %v", e.Seq, e.PrevHash, err)
	}
	if h, err := audit.VerifyWithAnchor(ctx, log.Entries(ctx, 0), audit.HeadOf(e)); err != nil || h.Seq != n+1 {
		t.Errorf("verify through audit.Reader = %v, %v", h, err)
	}
}

func testAuditParallel(t *testing.T, db *store.DB) {
	ctx := context.Background()
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				entries := []audit.Entry{auditEntry(w*each + i)}
				if i%5 == 4 { // some appends carry two entries
					entries = append(entries, auditEntry(w*each+i+1000))
				}
				if err := db.AppendAudit(ctx, entries...); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("parallel append: %v", err)
	}
	const total = writers * (each + each/5)
	h, err := db.VerifyAudit(ctx)
	if err != nil || h.Seq != total {
		t.Errorf("after parallel appends: VerifyAudit = %v, %v; want one chain of %d", h, err, total)
	}
}

// dropAuditGuards drops the append-only triggers, as an administrator
// with full rights could.
func dropAuditGuards(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete",
		"DROP TRIGGER audit_persons_no_update", "DROP TRIGGER audit_persons_no_delete"}
	if db.Dialect() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_append_only ON audit_log", "DROP TRIGGER audit_persons_append_only ON audit_persons"}
	}
	for _, s := range stmts {
		if err := db.ExecForTest(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

func testAuditAppendOnly(t *testing.T, db *store.DB) {
	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		if err := db.AppendAudit(ctx, auditEntry(i)); err != nil {
			t.Fatal(err)
		}
	}
	refused := []string{
		"UPDATE audit_log SET actor_id = 'x' WHERE seq = 2",
		"UPDATE audit_log SET hash = hash",
		"DELETE FROM audit_log WHERE seq = 4",
		"DELETE FROM audit_persons",
		"UPDATE audit_persons SET person_id = 99",
		"UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)", // backwards
		"UPDATE audit_head SET seq = 5",                                                    // no such entry
		"UPDATE audit_head SET hash = '" + audit.GenesisHash + "'",                         // same seq
		"DELETE FROM audit_head",
	}
	if db.Dialect() == store.Postgres {
		refused = append(refused, "TRUNCATE audit_log CASCADE", "TRUNCATE audit_head")
	}
	for _, stmt := range refused {
		err := db.ExecForTest(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") && !strings.Contains(err.Error(), "audit head") {
			t.Errorf("%s: err = %v, want refused by an append-only trigger", stmt, err)
		}
	}
	if h, err := db.VerifyAudit(ctx); err != nil || h.Seq != 4 {
		t.Errorf("after refused changes: VerifyAudit = %v, %v", h, err)
	}
	if got := readAudit(t, db, 0); len(got) != 4 || got[1].ActorID != auditEntry(2).ActorID {
		t.Errorf("log changed: %+v", got)
	}
}

func testAuditTamper(t *testing.T, db *store.DB) {
	ctx := context.Background()
	const n = 1010 // the last entries on a second page of the store's reads
	var entries []audit.Entry
	for i := 1; i <= n; i++ {
		entries = append(entries, auditEntry(i))
	}
	if err := db.AppendAudit(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	dropAuditGuards(t, db)
	exec := func(stmt string, args ...any) {
		t.Helper()
		if err := db.ExecForTest(ctx, stmt, args...); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	exec("CREATE TABLE audit_log_copy AS SELECT * FROM audit_log")
	exec("CREATE TABLE audit_persons_copy AS SELECT * FROM audit_persons")
	restore := func() {
		exec("DELETE FROM audit_persons")
		exec("DELETE FROM audit_log")
		exec("INSERT INTO audit_log SELECT * FROM audit_log_copy")
		exec("INSERT INTO audit_persons SELECT * FROM audit_persons_copy")
	}

	// Entry 7 and 1004 touch no persons (so their seq can change without
	// breaking the index's reference); 6 and 1005 do.
	type tamper struct {
		name string
		stmt string
		args []any
		// The break VerifyAudit must report; kind "" means a person index
		// mismatch, named by seq.
		seq, expected int64
		kind          audit.BreakKind
	}
	var cases []tamper
	for _, col := range []string{"actor_id", "actor_name", "role", "on_behalf_of", "origin", "action",
		"object_type", "object_id", "reason", "outcome"} {
		cases = append(cases, tamper{name: col, stmt: "UPDATE audit_log SET " + col + " = " + col + " || 'x' WHERE seq = 7",
			seq: 7, expected: 7, kind: audit.BreakContent})
	}
	cases = append(cases,
		tamper{name: "at", stmt: "UPDATE audit_log SET at = ? WHERE seq = 7", args: []any{t0.Add(time.Hour)},
			seq: 7, expected: 7, kind: audit.BreakContent},
		tamper{name: "at on the second page", stmt: "UPDATE audit_log SET at = ? WHERE seq = 1004", args: []any{t0},
			seq: 1004, expected: 1004, kind: audit.BreakContent},
		tamper{name: "person_ids", stmt: "UPDATE audit_log SET person_ids = '99' WHERE seq = 7",
			seq: 7, expected: 7, kind: audit.BreakContent},
		tamper{name: "person removed from person_ids", stmt: "UPDATE audit_log SET person_ids = '1' WHERE seq = 6",
			seq: 6, expected: 6, kind: audit.BreakContent},
		tamper{name: "hash", stmt: "UPDATE audit_log SET hash = '" + audit.GenesisHash + "' WHERE seq = 7",
			seq: 7, expected: 7, kind: audit.BreakContent},
		tamper{name: "prev_hash", stmt: "UPDATE audit_log SET prev_hash = '" + audit.GenesisHash + "' WHERE seq = 7",
			seq: 7, expected: 7, kind: audit.BreakLink},
		tamper{name: "seq", stmt: "UPDATE audit_log SET seq = 5000 WHERE seq = 7",
			seq: 8, expected: 7, kind: audit.BreakGap},
		tamper{name: "first entry deleted", stmt: "DELETE FROM audit_log WHERE seq = 1",
			seq: 2, expected: 1, kind: audit.BreakGap},
		tamper{name: "entry deleted from the middle", stmt: "DELETE FROM audit_log WHERE seq = 7",
			seq: 8, expected: 7, kind: audit.BreakGap},
		tamper{name: "entry deleted on the second page", stmt: "DELETE FROM audit_log WHERE seq = 1004",
			seq: 1005, expected: 1004, kind: audit.BreakGap},
		tamper{name: "last entry deleted", stmt: fmt.Sprintf("DELETE FROM audit_log WHERE seq = %d", n),
			seq: n, expected: n, kind: audit.BreakTruncated},
		tamper{name: "person index row deleted", stmt: "DELETE FROM audit_persons WHERE seq = 6 AND person_id = 1", seq: 6},
		tamper{name: "person index row added", stmt: "INSERT INTO audit_persons (person_id, seq) VALUES (77, 1004)", seq: 1004},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			exec(tc.stmt, tc.args...)
			defer restore()
			_, err := db.VerifyAudit(ctx)
			var ce *audit.ChainError
			switch {
			case tc.kind == "":
				if err == nil || errors.As(err, &ce) || !strings.Contains(err.Error(), fmt.Sprintf("entry %d", tc.seq)) {
					t.Errorf("VerifyAudit = %v; want a person index mismatch at entry %d", err, tc.seq)
				}
			case !errors.As(err, &ce):
				t.Errorf("VerifyAudit = %v; want a *audit.ChainError", err)
			case ce.Seq != tc.seq || ce.Expected != tc.expected || ce.Kind != tc.kind:
				t.Errorf("VerifyAudit found %s at %d (expected %d); want %s at %d (expected %d)",
					ce.Kind, ce.Seq, ce.Expected, tc.kind, tc.seq, tc.expected)
			}
		})
		if h, err := db.VerifyAudit(ctx); err != nil || h.Seq != n {
			t.Fatalf("after restoring from %q: VerifyAudit = %v, %v", tc.name, h, err)
		}
	}
}

func testAuditForPerson(t *testing.T, db *store.DB) {
	ctx := context.Background()
	mk := func(ids ...int64) audit.Entry {
		e := auditEntry(1)
		e.PersonIDs = ids
		return e
	}
	if err := db.AppendAudit(ctx, mk(1, 2), mk(2), mk(), mk(3, 2, 2), mk(1)); err != nil {
		t.Fatal(err)
	}
	seqs := func(es []audit.Entry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}
	for _, tc := range []struct {
		person int64
		limit  int
		want   []int64
	}{
		{2, 0, []int64{4, 2, 1}},
		{2, 2, []int64{4, 2}},
		{3, 0, []int64{4}},
		{1, 10, []int64{5, 1}},
		{9, 0, nil},
	} {
		got, err := db.AuditForPerson(ctx, tc.person, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, seqs(got)); diff != "" {
			t.Errorf("AuditForPerson(%d, %d) seqs (-want +got):\n%s", tc.person, tc.limit, diff)
		}
	}
	got, _ := db.AuditForPerson(ctx, 3, 0)
	if len(got) == 1 && !cmp.Equal(got[0].PersonIDs, []int64{2, 3}) {
		t.Errorf("entry 4 persons = %v, want [2 3]", got[0].PersonIDs)
	}
}

// BenchAppendAudit measures AppendAudit: one entry per transaction (the
// usual case: one audited action) and batches of 100. Call it from a
// Benchmark function with an Opener.
func BenchAppendAudit(b *testing.B, open Opener) {
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			db := open(b)
			ctx := context.Background()
			entries := make([]audit.Entry, batch)
			for i := range entries {
				entries[i] = auditEntry(i)
			}
			n := 0
			for b.Loop() {
				if err := db.AppendAudit(ctx, entries...); err != nil {
					b.Fatal(err)
				}
				n += batch
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// testSessionUser checks the gate's one read (issue 12): the session and
// its account with its teams, as GetSession and GetUser return them, and
// not found exactly when GetSession is.
func testSessionUser(t *testing.T, db *store.DB) {
	ctx := context.Background()
	noord, zuid := &accounts.Team{Name: "Noord"}, &accounts.Team{Name: "Zuid"}
	for _, tm := range []*accounts.Team{zuid, noord} {
		if err := db.CreateTeam(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	u := newUser(t, db, "eenlees", *zuid, *noord)
	loner := newUser(t, db, "zonderteam")
	open := func(userID int64) string {
		t.Helper()
		key := auth.SessionKey(auth.NewSessionID())
		if err := db.CreateSession(ctx, &auth.Session{KeyHash: key, UserID: userID, CreatedAt: t0, Methods: []string{"pwd", "mfa"},
			CSRFToken: "csrf", IP: "192.0.2.8", UserAgent: "Firefox/140"}); err != nil {
			t.Fatal(err)
		}
		return key
	}
	same := func(what, key string) {
		t.Helper()
		s, gu, err := db.GetSessionUser(ctx, key)
		if err != nil {
			t.Fatalf("%s: GetSessionUser: %v", what, err)
		}
		ws, err := db.GetSession(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		wu, err := db.GetUser(ctx, s.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ws, s); diff != "" {
			t.Errorf("%s: session (-GetSession +GetSessionUser):\n%s", what, diff)
		}
		if diff := cmp.Diff(wu, gu); diff != "" {
			t.Errorf("%s: user (-GetUser +GetSessionUser):\n%s", what, diff)
		}
	}
	key, lonerKey := open(u.ID), open(loner.ID)
	same("two teams", key)
	same("no team", lonerKey)
	if _, gu, _ := db.GetSessionUser(ctx, key); len(gu.Teams) != 2 || gu.Teams[0].Name != "Noord" {
		t.Errorf("teams = %+v, want Noord and Zuid by name", gu.Teams)
	}
	_, _, err := db.GetSessionUser(ctx, auth.SessionKey("unknown"))
	wantCode(t, "unknown session", err, toren.CodeNotFound)

	// Changed roles and teams are read at once.
	cur, _ := db.GetUser(ctx, u.ID)
	cur.Roles, cur.Teams = []string{"teamleider"}, []accounts.Team{*zuid}
	if err := db.UpdateUser(ctx, &cur); err != nil {
		t.Fatal(err)
	}
	same("after a change of roles and teams", key)
	if _, gu, _ := db.GetSessionUser(ctx, key); len(gu.Teams) != 1 || gu.Roles[0] != "teamleider" {
		t.Errorf("after the change: roles %v, teams %+v", gu.Roles, gu.Teams)
	}

	// Revoked, and the account disabled.
	if err := db.RevokeSession(ctx, lonerKey); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.GetSessionUser(ctx, lonerKey)
	wantCode(t, "revoked session", err, toren.CodeNotFound)
	cur.Disabled = true
	if err := db.UpdateUser(ctx, &cur); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.GetSessionUser(ctx, key)
	wantCode(t, "session of a disabled account", err, toren.CodeNotFound)
}
