package letters

import (
	"strings"
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

// problem is one expected field error.
type problem struct{ field, rule string }

// assertProblems checks that err is an invalid-input error naming exactly
// the wanted field/rule pairs (in any order).
func assertProblems(t *testing.T, err error, want ...problem) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if toren.ErrorCode(err) != toren.CodeInvalid {
		t.Fatalf("error %v: want code invalid", err)
	}
	got := map[problem]bool{}
	for _, f := range toren.FieldErrors(err) {
		got[problem{f.Field, f.Rule}] = true
		if f.Message == "" || f.MessageNL != "" {
			t.Errorf("%s/%s: want an English message and no Dutch (the web words the rule)", f.Field, f.Rule)
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing problem %s/%s; got %v", w.field, w.rule, err)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(got), len(want), err)
	}
}

func TestClosingLetterValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(l *ClosingLetter)
		want   []problem
	}{
		{"valid", func(l *ClosingLetter) {}, nil},
		{"no case number", func(l *ClosingLetter) { l.CaseNumber = " " }, []problem{{"case_number", "required"}}},
		{"no date", func(l *ClosingLetter) { l.Date = toren.Date{} }, []problem{{"date", "required"}}},
		{"date out of range", func(l *ClosingLetter) { l.Date = toren.MustDate("1999-12-31") }, []problem{{"date", "range"}}},
		{"no recipient", func(l *ClosingLetter) { l.Recipients = nil }, []problem{{"recipients", "required"}}},
		{"recipient without name", func(l *ClosingLetter) { l.Recipients[0].Name = "" }, []problem{{"recipients[0].name", "required"}}},
		{"recipient without address", func(l *ClosingLetter) { l.Recipients[0].Address = nil }, []problem{{"recipients[0].address", "required"}}},
		{"recipient name over two lines", func(l *ClosingLetter) { l.Recipients[0].Name = "Zoë\nHoekstra" },
			[]problem{{"recipients[0].name", "single_line"}}},
		{"empty address line", func(l *ClosingLetter) { l.Recipients[0].Address = []string{"Kerkstraat 12", ""} },
			[]problem{{"recipients[0].address[1]", "required"}}},
		{"no service", func(l *ClosingLetter) { l.Service = "" }, []problem{{"service", "required"}}},
		{"unknown service", func(l *ClosingLetter) { l.Service = "advies" }, []problem{{"service", "enum"}}},
		{"no closing day", func(l *ClosingLetter) { l.ClosedOn = toren.Date{}; l.Monitoring = nil }, []problem{{"closed_on", "required"}}},
		{"no conditions", func(l *ClosingLetter) { l.Conditions = nil }, []problem{{"conditions", "required"}}},
		{"condition without text", func(l *ClosingLetter) { l.Conditions[1].What = "" }, []problem{{"conditions[1].what", "required"}}},
		{"condition without checker", func(l *ClosingLetter) { l.Conditions[0].CheckedBy = "" }, []problem{{"conditions[0].checked_by", "required"}}},
		{"condition without end", func(l *ClosingLetter) { l.Conditions[2].Until = toren.Date{} }, []problem{{"conditions[2].until", "required"}}},
		{"condition ends before the letter", func(l *ClosingLetter) { l.Conditions[0].Until = toren.MustDate("2026-03-02") },
			[]problem{{"conditions[0].until", "after_letter_date"}}},
		{"condition too long", func(l *ClosingLetter) { l.Conditions[0].What = strings.Repeat("a", MaxText+1) },
			[]problem{{"conditions[0].what", "max_length"}}},
		{"no case director", func(l *ClosingLetter) { l.CaseDirection.Organisation = "" },
			[]problem{{"case_direction.organisation", "required"}}},
		{"monitoring before closing", func(l *ClosingLetter) { l.Monitoring = []toren.Date{toren.MustDate("2026-03-03")} },
			[]problem{{"monitoring[0]", "after_closing"}}},
		{"note with a control character", func(l *ClosingLetter) { l.Note = "bel\x07" }, []problem{{"note", "text"}}},
		{"note with Windows line ends", func(l *ClosingLetter) { l.Note = "Een.\r\n\r\nTwee." }, nil},
		{"no signer", func(l *ClosingLetter) { l.Signer.Name = "" }, []problem{{"signer.name", "required"}}},
		{"emoji", func(l *ClosingLetter) { l.Conditions[0].What = "Geen geweld 👍" },
			[]problem{{"conditions[0].what", "unsupported_character"}}},
		{"zero-width space", func(l *ClosingLetter) { l.Recipients[0].Name = "Zoë\u200bHoekstra" },
			[]problem{{"recipients[0].name", "unsupported_character"}}},
		{"Turkish, Polish and Greek letters print", func(l *ClosingLetter) { l.Recipients[0].Name = "Ayşe Yılmaz, Łukasz, Αλέξης" }, nil},
		{"invalid UTF-8", func(l *ClosingLetter) { l.CaseDirection.Person = "\xff" }, []problem{{"case_direction.person", "text"}}},
		{"several at once", func(l *ClosingLetter) { l.CaseNumber, l.Recipients, l.Conditions = "", nil, nil },
			[]problem{{"case_number", "required"}, {"recipients", "required"}, {"conditions", "required"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := closingSample()
			tt.change(&l)
			assertProblems(t, l.Validate(), tt.want...)
		})
	}
}

func TestFeedbackLetterValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(l *FeedbackLetter)
		want   []problem
	}{
		{"valid", func(l *FeedbackLetter) {}, nil},
		{"valid for a protected reporter", func(l *FeedbackLetter) { l.Reporter = ReporterFrom(professionalReporter(true)) }, nil},
		{"no case number", func(l *FeedbackLetter) { l.CaseNumber = "" }, []problem{{"case_number", "required"}}},
		{"no report number", func(l *FeedbackLetter) { l.ReportNumber = "" }, []problem{{"report_number", "required"}}},
		{"no recipient", func(l *FeedbackLetter) { l.Reporter = Reporter{} }, []problem{{"reporter", "required"}}},
		{"citizen reporter", func(l *FeedbackLetter) {
			l.Reporter = ReporterFrom(reports.Reporter{Kind: reports.ReporterCitizen, Name: "Buurvrouw"})
		}, []problem{{"reporter", "professional"}}},
		{"reporter name too long", func(l *FeedbackLetter) {
			r := professionalReporter(false)
			r.Name = strings.Repeat("x", MaxLine+1)
			l.Reporter = ReporterFrom(r)
		}, []problem{{"reporter.name", "max_length"}}},
		{"report after the letter", func(l *FeedbackLetter) { l.ReportedOn = toren.MustDate("2026-03-04"); l.DecidedOn = l.ReportedOn },
			[]problem{{"reported_on", "before_letter_date"}}},
		{"no moment", func(l *FeedbackLetter) { l.Moment = "" }, []problem{{"moment", "required"}}},
		{"unknown moment", func(l *FeedbackLetter) { l.Moment = "later" }, []problem{{"moment", "enum"}}},
		{"no decision date", func(l *FeedbackLetter) { l.DecidedOn = toren.Date{}; l.Monitoring = nil }, []problem{{"decided_on", "required"}}},
		{"decision before the report", func(l *FeedbackLetter) { l.DecidedOn = toren.MustDate("2026-02-19") },
			[]problem{{"decided_on", "after_report"}}},
		{"no follow-up", func(l *FeedbackLetter) { l.FollowUp = "" }, []problem{{"follow_up", "required"}}},
		{"unknown follow-up", func(l *FeedbackLetter) { l.FollowUp = "wait" }, []problem{{"follow_up", "enum"}}},
		{"a second service after the investigation", func(l *FeedbackLetter) { l.Moment, l.FollowUp = AfterInvestigation, FollowUpConditions },
			[]problem{{"follow_up", "moment"}}},
		{"handover without a partner", func(l *FeedbackLetter) { l.FollowUp, l.Partners = FollowUpHandover, nil },
			[]problem{{"partners", "required_for_handover"}}},
		{"empty partner", func(l *FeedbackLetter) { l.Partners = []string{""} }, []problem{{"partners[0]", "required"}}},
		{"conditions without a role", func(l *FeedbackLetter) { l.ReporterRole = "" },
			[]problem{{"conditions", "need_to_know"}, {"monitoring", "need_to_know"}}},
		{"no role, no conditions", func(l *FeedbackLetter) { l.ReporterRole, l.Conditions, l.Monitoring = "", nil, nil }, nil},
		{"condition without checker", func(l *FeedbackLetter) { l.Conditions[0].CheckedBy = "" },
			[]problem{{"conditions[0].checked_by", "required"}}},
		{"monitoring before the decision", func(l *FeedbackLetter) { l.Monitoring = []toren.Date{toren.MustDate("2026-02-25")} },
			[]problem{{"monitoring[0]", "after_decision"}}},
		{"no signer", func(l *FeedbackLetter) { l.Signer.Name = "" }, []problem{{"signer.name", "required"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := feedbackSample()
			tt.change(&l)
			assertProblems(t, l.Validate(), tt.want...)
		})
	}
}

func TestLetterheadValidate(t *testing.T) {
	assertProblems(t, testLetterhead().Validate())
	h := testLetterhead()
	h.Organisation, h.Phone = "", ""
	assertProblems(t, h.Validate(), problem{"organisation", "required"}, problem{"phone", "required"})
	if _, err := NewRenderer(h, toren.SystemClock{}); toren.ErrorCode(err) != toren.CodeInvalid {
		t.Fatalf("NewRenderer with a bad letterhead: %v", err)
	}
}

// Invalid input renders nothing.
func TestRenderRefusesInvalidInput(t *testing.T) {
	r := testRenderer(t)
	l := closingSample()
	l.Conditions = nil
	doc, err := r.Closing(l)
	assertProblems(t, err, problem{"conditions", "required"})
	if doc.HTML != "" || doc.PDF != nil {
		t.Fatal("an invalid letter was rendered")
	}
	f := feedbackSample()
	f.Reporter = Reporter{}
	_, err = r.Feedback(f)
	assertProblems(t, err, problem{"reporter", "required"})
}

func TestRecordValidate(t *testing.T) {
	doc, err := testRenderer(t).Closing(closingSample())
	if err != nil {
		t.Fatal(err)
	}
	rec := doc.Record(17, 4, generatedAt, []int64{8, 9})
	if rec.CaseID != 17 || rec.Kind != KindClosing || rec.Recipient != "Zoë Hoekstra" || rec.CreatedBy != 4 || len(rec.PersonIDs) != 2 {
		t.Fatalf("record %+v", rec)
	}
	assertProblems(t, rec.Validate())
	assertProblems(t, Record{Kind: "brief", PDF: []byte("<html>"), PersonIDs: []int64{0}}.Validate(),
		problem{"case_id", "required"}, problem{"kind", "enum"}, problem{"recipient", "required"}, problem{"html", "required"},
		problem{"pdf", "format"}, problem{"created_by", "required"}, problem{"created_at", "required"}, problem{"person_ids[0]", "positive"})
}
