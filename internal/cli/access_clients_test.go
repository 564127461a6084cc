package cli

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"toren/internal/apptest"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/clients"
)

// clientRouteMatrix is every route an API client holding every scope may
// pass; the gate refuses it every other route that is not public.
var clientRouteMatrix = []string{
	"POST /api/v1/reports",
	"POST /api/v1/advice-requests",
	"GET /api/v1/reports/{id}/status",
	"POST /api/v1/report-batches",
	"GET /api/v1/report-batches/{id}",
	"GET /api/v1/handovers",
	"POST /api/v1/handovers/{id}/answer",
	"POST /api/v1/handovers/{id}/monitoring-reports",
}

// TestAuthorisationMatrixForClients sends every route of the router as an
// API client with every scope: it passes only the routes of its scopes
// and the public ones; on the API every refusal is audited with the
// client as the actor, and a page for staff answers 401 without looking
// further.
func TestAuthorisationMatrixForClients(t *testing.T) {
	t.Parallel()
	e, patterns := newMatrixEnv(t)
	var scopes []string
	for _, s := range authz.Scopes() {
		scopes = append(scopes, string(s))
	}
	// The scopes that read handovers need the partner the client speaks for.
	partner := apptest.Partner(t, e.app, "Wijkteam Tilburg")
	// The highest rate limit: the matrix tests the routes, not the limit.
	c, sec, err := e.app.Clients().Add(apptest.System(context.Background()), authz.Console("test"),
		clients.NewClient{Name: "Wijkteam Tilburg", Scopes: scopes, RateLimit: clients.MaxRateLimit, PartnerID: partner.ID})
	if err != nil {
		t.Fatal(err)
	}
	tok := sec.Token
	actor := "client:" + strconv.FormatInt(c.ID, 10)
	for _, p := range patterns {
		if p == "POST /inloggen" || p == "POST /uitloggen" {
			continue // a client never signs in
		}
		want := routeMatrix[p] == public || slices.Contains(clientRouteMatrix, p)
		before := e.head(t)
		req := e.request(t, p, "")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got := resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusTooManyRequests
		if got != want {
			t.Errorf("%s as a client: status %d, allowed=%v, want allowed=%v", p, resp.StatusCode, got, want)
			continue
		}
		entries := e.entriesAfter(t, before)
		if routeMatrix[p] == public {
			continue
		}
		if !want && resp.StatusCode == http.StatusUnauthorized {
			if len(entries) != 0 {
				t.Errorf("%s as a client: refused before authentication, but %d audit entries", p, len(entries))
			}
			continue
		}
		if len(entries) == 0 {
			t.Errorf("%s as a client: no audit entry", p)
			continue
		}
		for _, en := range entries {
			if en.ActorID != actor || en.Role != string(authz.RoleClient) {
				t.Errorf("%s as a client: audit entry by %s/%s, want %s", p, en.ActorID, en.Role, actor)
			}
		}
		if !want && entries[0].Outcome != audit.OutcomeDenied {
			t.Errorf("%s as a client: refusal audited as %s", p, entries[0].Outcome)
		}
	}
}
