package web_test

import (
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/authz"
)

// The access gate logs the Interventieteam's routes on the IT case as
// what they are, object type it_case, never case: a reader of the log
// looking up "case 3" would find another family's file.
func TestITRoutesAreAuditedAsITCases(t *testing.T) {
	t.Parallel()
	s := itTeam(t)
	path := itRefer(t, s, day(-10))
	id := strings.TrimPrefix(path, "/interventieteam/")
	head, err := s.Store().AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Another team's worker sees only that the family is known (a read
	// the gate logs), and may not assign the duo (refused at the gate).
	mo := s.SignIn(t, "mo")
	if status, _ := mo.Get(path); status != http.StatusOK {
		t.Fatalf("another team opens the IT case: %d", status)
	}
	if status, _, _ := mo.Post(path+"/duo", neturl.Values{"medewerker1": {"1"}}); status != http.StatusForbidden {
		t.Fatalf("another team assigns the duo: %d", status)
	}
	got := map[string]audit.Entry{}
	for e, err := range s.Store().AuditEntries(t.Context(), head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		if e.ObjectID == id {
			got[e.Action] = e
		}
	}
	for _, action := range []authz.Action{authz.ActionCaseView, authz.ActionCaseAssign} {
		e, ok := got[string(action)]
		if !ok {
			t.Errorf("no %s entry on IT case %s: %+v", action, id, got)
			continue
		}
		if e.ObjectType != string(authz.KindITCase) || e.ActorName != "Mo Bakker" {
			t.Errorf("%s by %q logged on object type %q, want it_case", action, e.ActorName, e.ObjectType)
		}
	}
	if e := got[string(authz.ActionCaseAssign)]; e.Outcome != audit.OutcomeDenied {
		t.Errorf("the refused assignment logged as %q", e.Outcome)
	}
}
