package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/store"
)

// Someone who can write the database can rewrite the audit log and
// recompute every hash: toren audit verify passes it. With the audit key
// kept outside the database (--audit-key, TOREN_AUDIT_KEY_FILE) every new
// entry carries a keyed hash, and toren audit verify with the key fails
// the rewrite. A log begun before the key keeps verifying, with and
// without it.
func TestAuditKeyCatchesARewrittenLog(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		ctx := context.Background()
		a := apptest.New(t, db)
		apptest.Demo(t, a, 0, 1)
		apptest.PrivacyOfficer(t, a)
		dsn := a.Config().DB
		dir := t.TempDir()
		key := filepath.Join(dir, "audit.key")
		if err := os.WriteFile(key, []byte("# toren audit key\n"+strings.Repeat("5a", 32)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		open := filepath.Join(dir, "open.key")
		if err := os.WriteFile(open, []byte(strings.Repeat("5a", 32)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := run(t, "audit", "verify", "--db", dsn, "--audit-key", open); code != 1 || !strings.Contains(errOut, "chmod 600") {
			t.Errorf("a key file others can read: exit %d, %q", code, errOut)
		}
		legacy := apptest.AuditHead(t, a)
		// An unkeyed log, verified with the key: not keyed yet.
		if code, _, errOut := run(t, "audit", "verify", "--db", dsn, "--audit-key", key); code != 1 || !strings.Contains(errOut, "no entry carries a keyed hash") {
			t.Errorf("an unkeyed log with the key: exit %d, %q", code, errOut)
		}
		// From now on every command has the key: its entries are keyed.
		for range 2 {
			if code, _, errOut := run(t, "retention", "plan", "--db", dsn, "--by", "privacy", "--audit-key", key); code != 0 {
				t.Fatalf("retention plan with the key: exit %d, %q", code, errOut)
			}
		}
		code, out, errOut := run(t, "audit", "verify", "--db", dsn, "--audit-key", key)
		if code != 0 || !strings.Contains(out, "keyed from entry "+itoa(legacy+1)+": 2 keyed entries") {
			t.Fatalf("the log keyed from now on, with the key: exit %d, %q %q", code, out, errOut)
		}
		if code, out, errOut := run(t, "audit", "verify", "--db", dsn); code != 0 {
			t.Fatalf("the keyed log without the key: exit %d, %q %q", code, out, errOut)
		}

		// Rewrite an entry from before the key and recompute every hash
		// after it, as an administrator of the database could.
		var log []audit.Entry
		for e, err := range a.Store().AuditEntries(ctx, 0) {
			if err != nil {
				t.Fatal(err)
			}
			log = append(log, e)
		}
		drop := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_head_forward"}
		if a.Store().Dialect() == store.Postgres {
			drop = []string{"DROP TRIGGER audit_log_append_only ON audit_log", "DROP TRIGGER audit_head_forward ON audit_head"}
		}
		for _, stmt := range drop {
			if err := a.Store().ExecForTest(ctx, stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		at := 1 // the second entry
		head := audit.HeadOf(log[at-1])
		for i := at; i < len(log); i++ {
			e := log[i]
			if i == at {
				e.Reason = "rewritten"
			}
			c := audit.ChainAfter(head, e)
			if err := a.Store().ExecForTest(ctx, `UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?`, c.Reason, c.PrevHash, c.Hash, c.Seq); err != nil {
				t.Fatal(err)
			}
			head = audit.HeadOf(c)
		}
		if err := a.Store().ExecForTest(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, head.Seq, head.Hash); err != nil {
			t.Fatal(err)
		}
		if code, out, errOut := run(t, "audit", "verify", "--db", dsn); code != 0 {
			t.Fatalf("precondition: without the key the rewritten log verifies: exit %d, %q %q", code, out, errOut)
		}
		code, _, errOut = run(t, "audit", "verify", "--db", dsn, "--audit-key", key)
		if code != 1 || !strings.Contains(errOut, "audit log broken at entry "+itoa(legacy+1)+": keyed hash does not match") {
			t.Errorf("the rewritten log with the key: exit %d, %q", code, errOut)
		}
	})
}
