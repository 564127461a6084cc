package web_test

import (
	"net/http"
	"strings"
	"testing"

	"toren/internal/audit"
)

// TestITPlanPDFRefusalIsAudited: printing the safety plan is refused to
// a case manager of another team, and the refusal is in the audit log
// once, as a denied export of the IT case, like every refused read; the
// duo's print is an export that succeeded.
func TestITPlanPDFRefusalIsAudited(t *testing.T) {
	t.Parallel()
	s := itTeam(t)
	path := itWalk(t, s)
	id := strings.TrimPrefix(path, "/interventieteam/")
	head, err := s.Store().AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := s.SignIn(t, "cas").Get(path + "/plan/1/pdf"); status != http.StatusForbidden {
		t.Fatalf("another team prints the plan: %d", status)
	}
	if status, _ := s.SignIn(t, "ilse").Get(path + "/plan/1/pdf"); status != http.StatusOK {
		t.Fatalf("the duo prints the plan: %d", status)
	}
	var got []audit.Entry
	for e, err := range s.Store().AuditEntries(t.Context(), head.Seq) {
		if err != nil {
			t.Fatal(err)
		}
		if e.ObjectID == id && e.Action == audit.ActionExport {
			got = append(got, e)
		}
	}
	if len(got) != 2 || got[0].Outcome != audit.OutcomeDenied || got[0].ActorName != "Cas Jansen" || got[0].ObjectType != "it_case" ||
		got[1].Outcome != audit.OutcomeOK || got[1].ActorName != "Ilse Smit" {
		for _, e := range got {
			t.Logf("%s %s %s %s/%s %q", e.ActorName, e.Action, e.Outcome, e.ObjectType, e.ObjectID, e.Reason)
		}
		t.Errorf("%d export entries on the IT case, want one denied (Cas Jansen) and one ok (Ilse Smit)", len(got))
	}
}
