package letters

import (
	"strings"
	"testing"
	"time"

	"toren/internal/pdftext"
	"toren/internal/reports"
	"toren/internal/toren"
)

// The letters below follow the seed stories (Lisanne; the pregnant mother
// in Voorwaarden & Vervolg). Names and organisations are made up.

var generatedAt = time.Date(2026, 3, 3, 10, 15, 0, 0, toren.Amsterdam)

func testLetterhead() Letterhead {
	return Letterhead{
		Organisation: "Veilig Thuis Súdwest-Fryslân",
		Address:      []string{"Postbus 1234", "8900 AA Leeuwarden"},
		Phone:        "088-1234567",
		Email:        "info@veiligthuis.example",
		Website:      "veiligthuis.example",
	}
}

func testRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := NewRenderer(testLetterhead(), toren.NewFixedClock(generatedAt))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func closingSample() ClosingLetter {
	closed := toren.MustDate("2026-03-03")
	return ClosingLetter{
		CaseNumber: "D-2026-000017",
		Date:       toren.MustDate("2026-03-03"),
		Recipients: []Addressee{
			{Name: "Zoë Hoekstra", Address: []string{"Kerkstraat 12", "8601 AB Sneek"}},
		},
		Service:  ServiceConditions,
		ClosedOn: closed,
		Conditions: []SafetyCondition{
			{What: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Gebiedsteam Súdwest-Fryslân", Until: toren.MustDate("2027-03-03")},
			{What: "Moeder maakt de GGZ-behandeling voor haar verslaving af en gebruikt geen alcohol meer.", CheckedBy: "Verslavingszorg Noord, de behandelaar van moeder", Until: toren.MustDate("2026-09-01")},
			{What: "De overdracht van de kinderen bij de omgang gebeurt op het kantoor van de zorgaanbieder; moeder wacht binnen tot vader is vertrokken.", CheckedBy: "Anaïs de Boer, ambulant begeleider", Until: toren.MustDate("2026-12-31")},
		},
		CaseDirection: CaseDirection{Organisation: "Gebiedsteam Súdwest-Fryslân", Person: "Renée Visser", Phone: "0515-123456"},
		Monitoring:    DefaultMonitoring(closed),
		Note:          "U mag trots zijn op de stappen die u hebt gezet.\n\nWij wensen u veel plezier bij de voorbereiding op het moederschap.",
		Signer:        Signer{Name: "Eline Bakker", Function: "procesregisseur"},
	}
}

func professionalReporter(protected bool) reports.Reporter {
	return reports.Reporter{Kind: reports.ReporterMentalHealth, Name: "Henriëtte Vos", Function: "verslavingsarts",
		Organisation: "Verslavingszorg Noord", Phone: "058-7654321", ProtectIdentity: protected}
}

func feedbackSample() FeedbackLetter {
	return FeedbackLetter{
		CaseNumber:   "D-2026-000017",
		ReportNumber: "M-2026-000123",
		Date:         toren.MustDate("2026-03-03"),
		Reporter:     ReporterFrom(professionalReporter(false)),
		ReportedOn:   toren.MustDate("2026-02-20"),
		Concerning:   "mevrouw Hoekstra en haar ongeboren kind",
		Moment:       AfterAssessment,
		DecidedOn:    toren.MustDate("2026-02-26"),
		FollowUp:     FollowUpConditions,
		Partners:     []string{"Gebiedsteam Súdwest-Fryslân"},
		ReporterRole: "U blijft betrokken als behandelaar van mevrouw Hoekstra. Wilt u het de casusregisseur laten weten als zij de behandeling afbreekt?",
		Conditions: []SafetyCondition{
			{What: "Er vindt geen huiselijk geweld plaats.", CheckedBy: "Gebiedsteam Súdwest-Fryslân", Until: toren.MustDate("2027-03-03")},
		},
		Monitoring: []toren.Date{toren.MustDate("2026-06-03")},
		Signer:     Signer{Name: "Eline Bakker", Function: "procesregisseur"},
	}
}

// pdfText reads the text back from PDF bytes (pdftext.Text); see
// TestPDFTextPoppler for characters beyond U+00FF.
func pdfText(t testing.TB, b []byte) string { return pdftext.Text(t, b) }

// htmlText is the text of rendered HTML, tags removed and white space
// collapsed, entities left as they are.
func htmlText(h string) string {
	var b strings.Builder
	in := false
	for _, c := range h {
		switch {
		case c == '<':
			in = true
			b.WriteByte(' ')
		case c == '>':
			in = false
		case !in:
			b.WriteRune(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
