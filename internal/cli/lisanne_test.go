package cli

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"

	"toren/internal/api"
	"toren/internal/intake"
	"toren/internal/registry"
)

// The done-when of the case of Lisanne, over the real app (SQLite, the
// radar wired as toren serve wires it, the demo seed loaded through
// intake): after the police report, the care provider's report, which
// spells the mother's surname Wijnants and gives no BSN, links her to the
// registry person of the police report, or puts her in review and a
// reviewer's decision links her; either way her person page shows both
// reports and explains the link. The father, whom the care provider names
// without a date of birth beside the mother and children, is linked by the
// household evidence; the family doctor's "D. v.d. Meulen", an initial
// only, takes the review path.
func TestLisanneBothReportsOnOnePersonPage(t *testing.T) {
	t.Parallel()
	e, _ := newMatrixEnv(t)
	ctx := context.Background()
	police, care := lisanneReports(t, e.app)
	if care.Persons[0].Surname != "Wijnants" || care.Persons[0].BSN != "" || police.Persons[0].BSN == "" {
		t.Fatalf("the seed changed: police %+v, care %+v", police.Persons[0], care.Persons[0])
	}
	client, csrf := e.signIn(t, "intake")
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := client.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	// review decides item as a reviewer does, through the review pages.
	review := func(item *registry.ReviewItem) {
		t.Helper()
		code, body := get("/radar/beoordelen")
		if code != 200 || !strings.Contains(body, "/radar/beoordelen/"+strconv.FormatInt(item.ID, 10)) {
			t.Fatalf("review list %d does not offer item %d", code, item.ID)
		}
		itemPath := "/radar/beoordelen/" + strconv.FormatInt(item.ID, 10)
		if code, body := get(itemPath); code != 200 || !strings.Contains(html.UnescapeString(body), "Wat de radar woog") {
			t.Fatalf("review item page: %d", code)
		}
		c := *client
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.PostForm(e.srv.URL+itemPath, neturl.Values{"csrf": {csrf}, "versie": {strconv.Itoa(item.Version)},
			"besluit": {"zelfde"}, "notitie": {"Zelfde persoon: adres en kinderen komen overeen met de politiemelding."}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("review decision: %d", resp.StatusCode)
		}
	}
	// itemFor returns the open review item of a mention, or nil.
	itemFor := func(mentionID int64) *registry.ReviewItem {
		t.Helper()
		items, err := e.app.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for k := range items {
			if items[k].MentionID == mentionID {
				return &items[k]
			}
		}
		return nil
	}
	// linked makes sure care's mention i is linked to police's person i:
	// by the radar, or else through the review page as a reviewer does.
	linked := func(i int) (viaReview bool) {
		t.Helper()
		want := police.Persons[i].PersonID
		if care.Persons[i].PersonID == want {
			return false
		}
		item := itemFor(care.Persons[i].ID)
		if item == nil {
			t.Fatalf("%s of the care report is neither linked to person %d nor in review", care.Persons[i].FullName(), want)
		}
		if item.PersonID != want {
			t.Fatalf("review item proposes person %d for %s, want %d", item.PersonID, care.Persons[i].FullName(), want)
		}
		review(item)
		return true
	}

	// The mother: the radar links her (the seed's case); the father too,
	// as he lives with the mother and children named beside him.
	motherViaReview := linked(0)
	if fatherViaReview := linked(1); fatherViaReview {
		t.Error("the care provider's Dennis v.d. Meulen went to review; living with the family named beside him should link him")
	}
	t.Logf("mother linked via review: %v", motherViaReview)
	// The family doctor's "D. v.d. Meulen" waits for a person, at the top
	// of the queue (the father is in an open case), and a reviewer links him.
	items, err := e.app.Store().ListReviewItems(ctx, registry.ReviewFilter{Limit: 500})
	if err != nil || len(items) == 0 {
		t.Fatalf("review items: %v, %v", items, err)
	}
	if it := items[0]; it.PersonID != police.Persons[1].PersonID {
		t.Errorf("first in the review queue proposes person %d, want the father %d", it.PersonID, police.Persons[1].PersonID)
	} else {
		review(&it)
	}
	for i, who := range []string{"mother", "father"} {
		id := strconv.FormatInt(police.Persons[i].PersonID, 10)
		code, body := get("/personen/" + id)
		body = html.UnescapeString(body)
		if code != 200 {
			t.Fatalf("%s's page: %d", who, code)
		}
		for _, want := range []string{police.Number, care.Number, "Waarom deze koppeling?"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s's person page lacks %q", who, want)
			}
		}
		if !strings.Contains(body, "Automatisch gekoppeld door de radar") && !strings.Contains(body, "Gekoppeld na beoordeling") {
			t.Errorf("%s's person page does not say how the care report was linked", who)
		}
		// The API says the same, with the evidence.
		code, body = get("/api/v1/persons/" + id)
		var pd api.PersonDetail
		if err := json.Unmarshal([]byte(body), &pd); err != nil || code != 200 {
			t.Fatalf("%s through the API: %d %v", who, code, err)
		}
		numbers := map[string]intake.MentionLink{}
		for _, m := range pd.Mentions {
			numbers[m.ReportNumber] = m.Link
		}
		l, ok := numbers[care.Number]
		if _, okPolice := numbers[police.Number]; !ok || !okPolice {
			t.Errorf("%s through the API: reports %v, want %s and %s", who, numbers, police.Number, care.Number)
			continue
		}
		if l.Method != intake.LinkProbabilistic && l.Method != intake.LinkReviewer || len(l.Evidence) == 0 {
			t.Errorf("%s's care mention link = %+v, want the radar's or a reviewer's with evidence", who, l)
		}
	}
}
