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
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/casework"
	"toren/internal/intake"
	"toren/internal/itteam"
	"toren/internal/letters"
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
		if _, err := e.app.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: r}); err != nil {
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

		// A look at the perpetrator's person page that touched her data too
		// (his household): the copy must not name his registry number.
		other := r.Persons[1].PersonID
		if err := e.app.Store().AppendAudit(ctx, audit.Entry{At: e.app.Clock().Now(), ActorID: "1", ActorName: "Casemanager",
			Role: "case_manager", Action: "person.view", ObjectType: "person", ObjectID: idStr(other),
			PersonIDs: []int64{other, r.Persons[0].PersonID}, Outcome: audit.OutcomeOK, Origin: "test"}); err != nil {
			t.Fatal(err)
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
		var lookedAtOther bool
		for _, a := range c.AccessLog {
			if strings.Contains(a.Object, idStr(other)) && a.Object != "melding "+r.Number {
				t.Errorf("the access log names another person's registry number: %+v", a)
			}
			lookedAtOther = lookedAtOther || a.Object == "een andere persoon "+subjectaccess.MarkThirdParty
		}
		if !lookedAtOther {
			t.Errorf("the access log does not show the look at another person's page that touched the subject: %+v", c.AccessLog)
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
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Betwiste uitspraak: Vul in welke uitspraak wordt betwist.") ||
			!strings.Contains(page, "Wat de persoon aanvoert: Schrijf op wat de persoon aanvoert (minstens 10 tekens).") {
			t.Errorf("empty objection: %d, want 422 with the Dutch message naming each field", code)
		}
		code, page = post(neturl.Values{"soort": {"report"}, "nummer": {"M-1999-999999"}, "uitspraak": {"x"}, "toelichting": {"Dit gaat niet over mij."}})
		if code != http.StatusUnprocessableEntity ||
			!strings.Contains(page, "Nummer van de melding of het dossier: Deze melding of dit dossier gaat niet over deze persoon.") {
			t.Errorf("objection to a report not about the person: %d, want 422 naming the number", code)
		}
		code, _ = post(neturl.Values{"soort": {"report"}, "nummer": {r.Number}, "uitspraak": {"Anna sloeg terug"},
			"toelichting": {"Anna zegt dat zij nooit heeft teruggeslagen."}, "gewijzigd": {"Rol van Anna in het register: van pleger in slachtoffer."}})
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
		if len(c.Rectifications) != 1 || c.Rectifications[0].ObjectRef != r.Number || c.Rectifications[0].RecordedBy != "Pim Prins" ||
			c.Rectifications[0].Changed != "Rol van Anna in het register: van pleger in slachtoffer." {
			t.Errorf("rectifications in the copy: %+v", c.Rectifications)
		}
		// The log says that the record changed, not what (no personal data).
		var rectified []string
		for _, en := range apptest.AuditAfter(t, e.app, head) {
			if en.Action == subjectaccess.ActionRectify {
				rectified = append(rectified, en.Reason)
			}
		}
		if len(rectified) != 1 || rectified[0] != "objection to report "+r.Number+"; record changed (see the rectification)" {
			t.Errorf("the objection's audit entry: %q", rectified)
		}
		if code, page := e.get(po, "/personen/"+subject+"/inzage"); code != 200 || !strings.Contains(page, "Anna zegt dat zij nooit heeft teruggeslagen.") ||
			!strings.Contains(page, "Gewijzigd: Rol van Anna in het register: van pleger in slachtoffer.") {
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

// The access copy holds every part of a case about the person — its
// phases, contacts, informants, signals, feedback and letters — and also a
// case that spoke with the person without a report naming them; a letter
// to the person comes with its text, a letter to someone else by its kind
// and date only; an informant and other addressees are third parties.
func TestAccessCopyHoldsEveryPartOfTheCase(t *testing.T) {
	t.Parallel()
	onBothDatabases(t, func(t *testing.T, db apptest.Option) {
		e := newSecEnvOn(t, db)
		ctx := context.Background()
		st := e.app.Store()
		now := e.app.Clock().Now()
		r := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-2 * time.Hour),
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypePartner}, Description: "Ruzie tussen Anna en Karel.",
			Persons: []reports.Mention{
				{Role: reports.RoleVictim, FirstNames: "Anna", Surname: "Inzagevrager", BirthDate: toren.MustDate("1980-01-01")},
				{Role: reports.RolePerpetrator, FirstNames: "Karel", Surname: "Derdepartij", BirthDate: toren.MustDate("1979-02-02")},
			}}
		if _, err := e.app.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: r}); err != nil {
			t.Fatal(err)
		}
		anna := r.Persons[0].PersonID
		other := &reports.Report{Kind: reports.KindReport, ReceivedAt: now.Add(-time.Hour),
			Reporter:      reports.Reporter{Kind: reports.ReporterPolice, Organisation: "Politie", Phone: "0900-8844"},
			ViolenceTypes: []reports.ViolenceType{reports.TypeChildAbuse}, Description: "Zorgen over Piet.",
			Persons: []reports.Mention{{Role: reports.RoleVictim, FirstNames: "Piet", Surname: "Anderman", BirthDate: toren.MustDate("2015-03-03")}}}
		if _, err := e.app.Intake().Submit(apptest.System(ctx), authz.Console("test"), intake.Submission{Report: other}); err != nil {
			t.Fatal(err)
		}
		own := &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{r.ID}, OpenedAt: now}
		elsewhere := &cases.Case{Status: cases.StatusInvestigation, Team: "Backoffice", ReportIDs: []int64{other.ID}, OpenedAt: now}
		for _, c := range []*cases.Case{own, elsewhere} {
			if err := st.CreateCase(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		sys := apptest.System(ctx)
		by := casework.Stamp{ByID: 1, ByName: "Cas Jansen", At: now}
		if err := st.AddInformant(sys, own.ID, &casework.Informant{Name: "Wilma Informantia", Organisation: "Basisschool De Regenboog",
			Phone: "0201234567", Note: "Wilma Informantia zag blauwe plekken.", Recorded: by}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddContact(sys, own.ID, &casework.Contact{At: now, With: "Anna Inzagevrager", Role: casework.WithVictim,
			Channel: casework.ChannelHomeVisit, PersonID: anna, Summary: "Huisbezoek; de school (De Regenboog) belde ook.", Recorded: by}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddContact(sys, elsewhere.ID, &casework.Contact{At: now, With: "Anna Inzagevrager", Role: casework.WithNetwork,
			Channel: casework.ChannelPhone, PersonID: anna, Summary: "Anna belde over haar neefje.", Recorded: by}); err != nil {
			t.Fatal(err)
		}
		u := apptest.Actor(t, e.app, "casemanager")
		lctx := audit.WithRecorder(ctx, &audit.Recorder{Template: audit.Entry{ActorID: idStr(u.UserID), ActorName: u.Name, Origin: "test"}})
		for _, l := range []letters.Record{
			{CaseID: own.ID, Kind: letters.KindClosing, Recipient: "A. Inzagevrager", HTML: "<p>Beste mevrouw Inzagevrager,</p><p>Wij sluiten het dossier &amp; danken u.</p>"},
			{CaseID: own.ID, Kind: letters.KindClosing, Recipient: "K. Derdepartij", HTML: "<p>Beste heer Derdepartij, geheime inhoud voor Karel.</p>"},
		} {
			l.CreatedBy, l.CreatedAt, l.PDF = u.UserID, now, []byte("%PDF-1.4")
			if err := st.SaveLetter(lctx, &l); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.RecordLetter(sys, own.ID, &casework.LetterSent{Kind: casework.LetterClosing, SentAt: now, Recipient: "K. Derdepartij", Recorded: by}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddPoliceReport(sys, own.ID, &casework.PoliceReport{ReportedAt: now, PoliceUnit: "Basisteam Utrecht", Shared: "Het geweld.",
			LegalGround: casework.GroundMeldrecht, Weighing: "Herhaald geweld ondanks de hulp.", Recorded: by}); err != nil {
			t.Fatal(err)
		}

		// The Interventieteam took the family on from the case.
		cl := itteam.Bijlage1()
		it := itteam.Case{Version: 1, Family: "Familie Inzagevrager", CaseID: own.ID, Team: "Interventieteam", Status: cases.ITIntensive,
			ReferredOn: toren.DateOf(now), Qualification: itteam.Qualification{Version: cl.Version}, CreatedAt: now, UpdatedAt: now,
			Plans: []itteam.Plan{{Version: 1, Dangers: "Ruzie als Karel drinkt.", FamilyGoals: "Rust in huis.", At: now}},
			Meetings: []itteam.Meeting{{Number: 1, On: toren.DateOf(now), Family: true,
				Participants: []itteam.Participant{{Name: "Anna Inzagevrager", Kind: itteam.ParticipantFamily}, {Name: "Joop Netwerkman", Kind: itteam.ParticipantNetwork}},
				Decisions:    "Joop Netwerkman haalt de kinderen op vrijdag."}}}
		if _, err := st.CreateITCase(ctx, it, cl, audit.Entry{At: now, ActorID: "system", Action: "it_case.refer", Outcome: audit.OutcomeOK}); err != nil {
			t.Fatal(err)
		}

		po, _ := e.signIn(t, "privacy")
		code, body := e.get(po, "/personen/"+idStr(anna)+"/inzage/kopie.json")
		if code != http.StatusOK {
			t.Fatalf("access copy: %d %s", code, body)
		}
		for _, s := range []string{"Wilma", "Informantia", "Regenboog", "0201234567", "Derdepartij", "geheime inhoud", "Joop", "Netwerkman", "Karel"} {
			if strings.Contains(body, s) {
				t.Errorf("the access copy shows %q of a third party", s)
			}
		}
		var c subjectaccess.Copy
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatal(err)
		}
		if len(c.Cases) != 2 {
			t.Fatalf("the copy holds %d cases, want 2 (the case of the report and the case that spoke with her)", len(c.Cases))
		}
		var cc subjectaccess.CaseCopy
		for _, x := range c.Cases {
			if x.Number == own.Number {
				cc = x
			}
		}
		if len(cc.Informants) != 1 || cc.Informants[0].Text != subjectaccess.MarkThirdParty+" zag blauwe plekken." {
			t.Errorf("informants in the copy: %+v", cc.Informants)
		}
		if len(cc.Contacts) != 1 || !strings.Contains(cc.Contacts[0].Text, "de school ("+subjectaccess.MarkThirdParty+") belde ook") {
			t.Errorf("contacts in the copy: %+v", cc.Contacts)
		}
		if len(cc.Letters) != 2 {
			t.Fatalf("letters in the copy: %+v", cc.Letters)
		}
		for _, l := range cc.Letters {
			if l.ToSubject != (l.Text != "") {
				t.Errorf("letter %+v: text only for a letter to the subject", l)
			}
			if l.ToSubject && l.Text != "Beste mevrouw Inzagevrager,\nWij sluiten het dossier & danken u." {
				t.Errorf("the letter to the subject: %q", l.Text)
			}
		}
		if len(cc.Interventieteam) != 1 || len(cc.Interventieteam[0].Plans) != 1 || len(cc.Interventieteam[0].Meetings) != 1 ||
			!strings.Contains(cc.Interventieteam[0].Plans[0].Text, "Ruzie als "+subjectaccess.MarkThirdParty+" drinkt.") ||
			cc.Interventieteam[0].Meetings[0].Text != subjectaccess.MarkThirdParty+" haalt de kinderen op vrijdag." {
			t.Errorf("the Interventieteam in the copy: %+v", cc.Interventieteam)
		}
		if len(cc.LettersSent) != 1 || !strings.Contains(cc.LettersSent[0].What, subjectaccess.MarkThirdParty) {
			t.Errorf("letters sent in the copy: %+v", cc.LettersSent)
		}
		// The copy names codes in the pages' words, never as codes: the
		// channel, the kind of letter, the legal ground.
		if len(cc.Contacts) != 1 || cc.Contacts[0].What != "contact met u (Huisbezoek)" {
			t.Errorf("the contact in the copy: %+v", cc.Contacts)
		}
		if len(cc.LettersSent) != 1 || !strings.HasPrefix(cc.LettersSent[0].What, "brief verzonden: Afsluitbrief aan ") {
			t.Errorf("the letter sent in the copy: %+v", cc.LettersSent)
		}
		if len(cc.PoliceReports) != 1 || cc.PoliceReports[0].What != "melding bij de politie (Basisteam Utrecht), grondslag: Meldrecht: wettelijke taak van Veilig Thuis (Wmo 2015)" {
			t.Errorf("the report to the police in the copy: %+v", cc.PoliceReports)
		}
		if code, pdf := e.get(po, "/personen/"+idStr(anna)+"/inzage/kopie.pdf"); code != http.StatusOK || !strings.HasPrefix(pdf, "%PDF-") {
			t.Errorf("the copy as PDF: %d", code)
		}
	})
}
