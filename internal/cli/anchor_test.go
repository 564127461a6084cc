package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/config"
)

// The audit log could be cut short, with its in-database head moved back,
// and toren audit verify would not notice: the chain up to the new head
// is whole. toren serve --audit-anchor keeps the head in a file outside the
// database, and toren audit verify --anchor then finds the cut.
func TestAuditAnchorCatchesACutLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	anchors := filepath.Join(dir, "anchors.log")
	a := apptest.New(t, apptest.Configure(func(c *config.Config) {
		c.AuditAnchor = anchors
		c.AuditAnchorInterval = time.Second
	}))
	apptest.Demo(t, a, 0, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	for i := 0; i < 100; i++ {
		if b, _ := os.ReadFile(anchors); len(b) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(anchors)
	if err != nil || !strings.Contains(string(b), "toren-audit-head ") {
		t.Fatalf("no anchor written: %q %v", b, err)
	}
	dsn := a.Config().DB
	if code, out, errOut := run(t, "audit", "verify", "--db", dsn, "--anchor", anchors); code != 0 || !strings.Contains(out, "anchors match") {
		t.Fatalf("untouched log against its anchors: %d %q %q", code, out, errOut)
	}
	// Cut the log short and move the in-database head back with it, as
	// someone with access to the database could.
	h, err := a.Store().AuditHead(context.Background())
	if err != nil || h.Seq < 3 {
		t.Fatalf("head %v %v", h, err)
	}
	keep := h.Seq - 2
	hash, _, err := a.Store().AuditEntryHash(context.Background(), keep)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_head_forward", "DROP TRIGGER audit_persons_no_delete",
		"DELETE FROM audit_persons WHERE seq > " + itoa(keep), "DELETE FROM audit_log WHERE seq > " + itoa(keep),
		"UPDATE audit_head SET seq = " + itoa(keep) + ", hash = '" + hash + "' WHERE id = 1",
	} {
		if err := a.Store().ExecForTest(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if code, out, _ := run(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("precondition: without the anchor the cut log verifies (%d %q)", code, out)
	}
	code, _, errOut := run(t, "audit", "verify", "--db", dsn, "--anchor", anchors)
	if code != 1 || !strings.Contains(errOut, "entries were removed") {
		t.Errorf("cut log against its anchors: exit %d, %q", code, errOut)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
