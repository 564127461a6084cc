package subjectaccess

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"toren/internal/cases"
	"toren/internal/letters"
	"toren/internal/persons"
	"toren/internal/reports"
)

// The copy's PDF is read by the person it is about: a status, a role, a
// reporter's kind or an action is named by the words it is given (the
// pages' words), never shown as the code the JSON carries.
func TestPDFNamesCodesInWords(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &Copy{CompiledAt: at, Subject: persons.Person{FirstNames: "Anna", Surname: "Inzagevrager"},
		Reports: []ReportCopy{{Number: "M-2026-000001", ReceivedAt: at, Reporter: reports.Reporter{Kind: reports.ReporterPolice},
			SubjectAs: []reports.Mention{{Role: reports.RoleVictim}}, Others: []reports.Role{reports.RolePerpetrator}}},
		Cases: []CaseCopy{{Number: "D-2026-000001", Status: cases.StatusInvestigation, OpenedAt: at,
			Steps:   []Step{{At: at, From: cases.StatusSafetyAssessment, To: cases.StatusInvestigation}},
			Letters: []Letter{{At: at, Kind: letters.KindClosing}}}},
		AccessLog: []Access{{At: at, Who: "Cas Jansen", Role: "case_manager", Action: "case.view"}}}
	words := func(list, code string) string { return "(" + list + "=" + code + ")" }
	b, err := PDF(c, "Veilig Thuis", words)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, want := range []string{"(report.reporter-kind=police)", "(report.role=victim)", "(report.role=perpetrator)",
		"status (case.status=investigation)", "van (case.status=safety_assessment) naar (case.status=investigation)",
		"brief (" + letters.KindClosing.Label() + ")", "(role=case_manager)", "(action=case.view)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// pdfText is the text of a PDF, lines joined.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	var all strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		s, err := p.GetPlainText(nil)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		all.WriteString(s)
	}
	return all.String()
}
