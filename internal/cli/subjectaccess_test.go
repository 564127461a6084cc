package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/cases"
	"toren/internal/intake"
	"toren/internal/reports"
	"toren/internal/subjectaccess"
	"toren/internal/toren"
)

// The privacy officer's access copy of a person holds their report and
// case, with the other person and the protected reporter redacted — in
// the fields and in the free text — and is audited; an objection is
// attached without changing the report, and appears in the next copy.
func TestAccessCopyRedactsThirdPartiesAndProtectedReporter(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		ctx := context.Background()
		rep := reports.Reporter{Kind: reports.ReporterEducation, Name: "Geheime Melder", Organisation: "Huisartsenpraktijk De Linde",
			Function: "praktijkondersteuner", Relation: "buurvrouw", Phone: "0611112222", Email: "melder@example.org", ProtectIdentity: true}
		description := "Geheime Melder van De Linde zag dat Karel Derdepartij Anna sloeg; Karel is te bereiken op 0612345678."
		r := &reports.Report{Kind: reports.KindReport, ReceivedAt: e.app.Clock().Now().Add(-time.Hour), Reporter: rep,
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: description,
			Persons: []reports.Mention{
				{Role: reports.RoleVictim, FirstNames: "Anna", Surname: "Inzagevrager", BirthDate: toren.MustDate("1980-01-01")},
				{Role: reports.RolePerpetrator, FirstNames: "Karel", Surname: "Derdepartij", BirthDate: toren.MustDate("1979-02-02"), Phone: "0612345678"},
			}}
		if _, err := e.app.Intake().Submit(apptest.System(ctx), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		if err := e.app.Store().CreateCase(ctx, &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{r.ID}, OpenedAt: e.app.Clock().Now()}); err != nil {
			t.Fatal(err)
		}
		subject := idStr(r.Persons[0].PersonID)
		secrets := []string{"Geheime Melder", "De Linde", "praktijkondersteuner", "buurvrouw", "0611112222", "melder@example.org",
			"Karel", "Derdepartij", "0612345678"}

		// Nobody but the privacy officer compiles a copy.
		cm, _ := e.signIn(t, "casemanager")
		if code, _ := e.get(cm, "/personen/"+subject+"/inzage/kopie.json"); code != http.StatusForbidden {
			t.Errorf("case manager asks for an access copy: %d, want 403", code)
		}

		po, csrf := e.signIn(t, "privacy")
		head := apptest.AuditHead(t, e.app)
		code, body := e.get(po, "/personen/"+subject+"/inzage/kopie.json")
		if code != http.StatusOK {
			t.Fatalf("access copy: %d %s", code, body)
		}
		var c subjectaccess.Copy
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatal(err)
		}
		if c.Subject.Surname != "Inzagevrager" || len(c.Reports) != 1 || len(c.Cases) != 1 {
			t.Fatalf("copy holds %q, %d reports, %d cases; want the subject, 1 and 1", c.Subject.Surname, len(c.Reports), len(c.Cases))
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("the access copy shows %q of a third party or the protected reporter", s)
			}
		}
		got := c.Reports[0].Description
		want := subjectaccess.MarkReporter + " van " + subjectaccess.MarkReporter + " zag dat " + subjectaccess.MarkThirdParty + " Anna sloeg; " +
			subjectaccess.MarkThirdParty + " is te bereiken op " + subjectaccess.MarkThirdParty + "."
		if got != want {
			t.Errorf("description in the copy:\n got %q\nwant %q", got, want)
		}
		if len(c.Reports[0].Others) != 1 || c.Reports[0].Others[0] != reports.RolePerpetrator || !c.Reports[0].Reporter.ProtectIdentity {
			t.Errorf("report copy: others %v, reporter %+v", c.Reports[0].Others, c.Reports[0].Reporter)
		}
		var logged int
		for _, en := range apptest.AuditAfter(t, e.app, head) {
			if en.Action == subjectaccess.ActionAccessCopy && en.ObjectID == subject && en.ActorName == "Pim Prins" {
				logged++
			}
		}
		if logged != 1 {
			t.Errorf("%d audit entries for the copy, want 1", logged)
		}
		code, pdf := e.get(po, "/personen/"+subject+"/inzage/kopie.pdf")
		if code != http.StatusOK || !strings.HasPrefix(pdf, "%PDF-") {
			t.Fatalf("access copy as PDF: %d, starts %q", code, pdf[:min(len(pdf), 8)])
		}

		// An objection: refused with a Dutch message when empty, stored
		// beside the report when complete, the report unchanged.
		post := func(form neturl.Values) (int, string) {
			form.Set("csrf", csrf)
			resp, err := po.Post(e.srv.URL+"/personen/"+subject+"/bezwaar", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			return resp.StatusCode, b.String()
		}
		code, page := post(neturl.Values{"soort": {"report"}, "nummer": {r.Number}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Vul in welke uitspraak wordt betwist.") {
			t.Errorf("empty objection: %d, want 422 with the Dutch message", code)
		}
		code, _ = post(neturl.Values{"soort": {"report"}, "nummer": {"M-1999-999999"}, "uitspraak": {"x"}, "toelichting": {"Dit gaat niet over mij."}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("objection to a report not about the person: %d, want 422", code)
		}
		code, _ = post(neturl.Values{"soort": {"report"}, "nummer": {r.Number}, "uitspraak": {"Anna sloeg terug"},
			"toelichting": {"Anna zegt dat zij nooit heeft teruggeslagen."}})
		if code != http.StatusSeeOther {
			t.Fatalf("objection: %d, want 303", code)
		}
		stored, err := e.app.Store().GetReport(ctx, r.ID)
		if err != nil || stored.Description != description {
			t.Errorf("the report changed with the objection: %q %v", stored.Description, err)
		}
		_, body = e.get(po, "/personen/"+subject+"/inzage/kopie.json")
		c = subjectaccess.Copy{}
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatal(err)
		}
		if len(c.Rectifications) != 1 || c.Rectifications[0].ObjectRef != r.Number || c.Rectifications[0].RecordedBy != "Pim Prins" {
			t.Errorf("rectifications in the copy: %+v", c.Rectifications)
		}
		if code, page := e.get(po, "/personen/"+subject+"/inzage"); code != 200 || !strings.Contains(page, "Anna zegt dat zij nooit heeft teruggeslagen.") {
			t.Errorf("the access page does not list the objection: %d", code)
		}

		// The same from the command line.
		dir := t.TempDir()
		dsn := e.app.Config().DB
		jsonFile, pdfFile := filepath.Join(dir, "kopie.json"), filepath.Join(dir, "kopie.pdf")
		code, out, errOut := run(t, "access", "copy", "--db", dsn, "--person", subject, "--by", "privacy", "--json", jsonFile, "--pdf", pdfFile)
		if code != 0 || !strings.Contains(out, "1 reports, 1 cases") || !strings.Contains(out, "1 objections") {
			t.Fatalf("toren access copy: exit %d, %q %q", code, out, errOut)
		}
		b, err := os.ReadFile(jsonFile)
		if err != nil || strings.Contains(string(b), "Derdepartij") || !strings.Contains(string(b), "Inzagevrager") {
			t.Errorf("toren access copy --json: %v", err)
		}
		if b, err := os.ReadFile(pdfFile); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("toren access copy --pdf: %v", err)
		}
		if code, _, errOut := run(t, "access", "copy", "--db", dsn, "--person", subject, "--by", "casemanager", "--json", jsonFile); code != 1 || !strings.Contains(errOut, "forbidden") {
			t.Errorf("access copy by a case manager: exit %d, %q", code, errOut)
		}
		code, out, errOut = run(t, "access", "rectify", "--db", dsn, "--person", subject, "--by", "privacy", "--subject",
			"--statement", "geboortedatum", "--note", "Mijn geboortedatum is 2 januari, niet 1 januari.")
		if code != 0 || !strings.Contains(out, "recorded on person "+subject) {
			t.Errorf("toren access rectify: exit %d, %q %q", code, out, errOut)
		}
	})
}
