package authz

import (
	"slices"
	"testing"
)

// clientMatrix is what each scope opens: every action of the product
// that a scope's client may do, and on which objects. An action missing
// here must be refused to every client, whatever its scopes.
var clientMatrix = map[Scope][]Action{
	ScopeReportsCreate:    {ActionReportCreate, ActionReportStatus},
	ScopeHandoversRespond: {ActionHandoverInbox, ActionHandoverAnswer},
	ScopeMonitoringReport: {ActionHandoverInbox, ActionMonitoringReport},
}

func clientActor(scopes ...Scope) Actor {
	return Actor{ClientID: 7, Name: "Politie Eenheid Oost-Brabant", Scopes: scopes}
}

// TestClientMatrix checks every scope against every action: Permitted and
// Gate let a client through exactly for its scopes' actions, and no
// client ever reads content (report, person, case view, search, lists).
func TestClientMatrix(t *testing.T) {
	for _, s := range Scopes() {
		if _, ok := clientMatrix[s]; !ok {
			t.Errorf("scope %s has no row in clientMatrix", s)
		}
		a := clientActor(s)
		for _, action := range Actions() {
			want := slices.Contains(clientMatrix[s], action)
			if got := Permitted(a, action); got != want {
				t.Errorf("Permitted(client %s, %s) = %v, want %v", s, action, got, want)
			}
			q := Requirement{Action: action}
			if kinds := action.Kinds(); kinds != nil {
				q = Requirement{Action: action, Kind: kinds[0], Object: FromPath, Param: "id"}
			}
			if got := Gate(&a, q).Allowed; got != want {
				t.Errorf("Gate(client %s, %s) = %v, want %v", s, action, got, want)
			}
			// On every fixture of the staff matrix a client gets nothing
			// but what its own check gives (never content).
			kind := firstKind(action)
			for _, f := range fixtures() {
				res := Resource{}
				if kind != "" {
					res = f.res(kind)
				}
				if d := Decide(a, action, res, Opts{}); d.Allowed && !want {
					t.Errorf("Decide(client %s, %s, %s) allowed: %s", s, action, f.name, d.Reason)
				}
			}
		}
	}
	none := clientActor()
	for _, action := range Actions() {
		if Permitted(none, action) {
			t.Errorf("a client without scopes may %s", action)
		}
	}
	signedIn := clientActor(Scopes()...)
	if Gate(&signedIn, SignedInRoute()).Allowed {
		t.Error("a client passes a route for signed-in staff")
	}
}

// TestClientReadsOwnReportStatusOnly: the status of a report is open to
// the client that sent it and to no other client, and never to staff
// through this action.
func TestClientReadsOwnReportStatusOnly(t *testing.T) {
	a := clientActor(ScopeReportsCreate)
	own := Resource{Kind: KindReport, ID: 5, SentByClient: 7, Teams: []string{"intake"}}
	other := Resource{Kind: KindReport, ID: 6, SentByClient: 8}
	staff := Resource{Kind: KindReport, ID: 9}
	if d := Decide(a, ActionReportStatus, own, Opts{}); !d.Full() {
		t.Errorf("own report: %v", d)
	}
	for _, res := range []Resource{other, staff} {
		if d := Decide(a, ActionReportStatus, res, Opts{}); d.Allowed {
			t.Errorf("report %d sent by client %d: allowed (%s)", res.ID, res.SentByClient, d.Reason)
		}
		if d := Decide(a, ActionReportView, res, Opts{}); d.Allowed {
			t.Errorf("report %d: client may view content (%s)", res.ID, d.Reason)
		}
	}
	if d := Decide(a, ActionReportView, own, Opts{}); d.Allowed {
		t.Errorf("a client reads the content of its own report: %s", d.Reason)
	}
	// Both a user and a client: refused, never the union.
	both := a
	both.UserID, both.Roles = 1, []Role{RoleIntake}
	if d := Decide(both, ActionReportStatus, own, Opts{}); d.Allowed {
		t.Errorf("an actor that is user and client: %s", d.Reason)
	}
	if d := Decide(both, ActionReportView, own, Opts{}); d.Allowed {
		t.Errorf("an actor that is user and client views content: %s", d.Reason)
	}
	for _, role := range Roles() {
		if d := Decide(actorAs(role), ActionReportStatus, own, Opts{}); d.Allowed {
			t.Errorf("staff role %s uses report.status", role)
		}
	}
}

// TestClientAnswersOwnPartnersHandoverOnly: a handover is answered, and
// reported on, only by a client linked to the partner it goes to; never by
// a client of another partner or of none, and never by staff through
// these actions.
func TestClientAnswersOwnPartnersHandoverOnly(t *testing.T) {
	a := clientActor(ScopeHandoversRespond, ScopeMonitoringReport)
	a.PartnerID = 3
	own := Resource{Kind: KindHandover, ID: 5, Partner: 3}
	for _, action := range []Action{ActionHandoverAnswer, ActionMonitoringReport} {
		if d := Decide(a, action, own, Opts{}); !d.Full() {
			t.Errorf("%s on own partner's handover: %v", action, d)
		}
		for _, res := range []Resource{{Kind: KindHandover, ID: 6, Partner: 4}, {Kind: KindHandover, ID: 7}, {Kind: KindCase, ID: 5, Partner: 3}} {
			if d := Decide(a, action, res, Opts{}); d.Allowed {
				t.Errorf("%s on %+v: allowed (%s)", action, res, d.Reason)
			}
		}
		none := a
		none.PartnerID = 0
		if d := Decide(none, action, Resource{Kind: KindHandover, ID: 7}, Opts{}); d.Allowed {
			t.Errorf("%s by a client of no partner: allowed (%s)", action, d.Reason)
		}
		for _, role := range Roles() {
			if d := Decide(actorAs(role), action, own, Opts{}); d.Allowed {
				t.Errorf("staff role %s uses %s", role, action)
			}
		}
	}
	if d := Decide(a, ActionCaseView, Resource{Kind: KindCase, ID: 5, Partner: 3}, Opts{}); d.Allowed {
		t.Errorf("a partner's client reads the case: %s", d.Reason)
	}
}
