package subjectaccess

import (
	"strings"
	"testing"
	"time"

	"toren/internal/cases"
	"toren/internal/letters"
	"toren/internal/pdftext"
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
	text := pdftext.Text(t, b)
	for _, want := range []string{"(report.reporter-kind=police)", "(report.role=victim)", "(report.role=perpetrator)",
		"status (case.status=investigation)", "van (case.status=safety_assessment) naar (case.status=investigation)",
		"brief (" + letters.KindClosing.Label() + ")", "(role=case_manager)", "(action=case.view)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}
