// Package cases holds the case file (dossier): the statutory process a
// report starts, with its status. The process rules (state machine,
// deadlines, decisions) grow here; it has no I/O.
package cases

import "time"

// Status is where a case stands in the Veilig Thuis process (domain §4.1).
type Status string

const (
	StatusReceived          Status = "received"          // melding ontvangen
	StatusAcuteAction       Status = "acute_action"      // acute actie (crisisdienst)
	StatusSafetyAssessment  Status = "safety_assessment" // veiligheidsbeoordeling
	StatusConditions        Status = "conditions"        // Voorwaarden & Vervolg
	StatusInvestigation     Status = "investigation"     // Onderzoek
	StatusRvdKRequest       Status = "rvdk_request"      // verzoek aan de Raad voor de Kinderbescherming
	StatusHandover          Status = "handover"          // overdracht
	StatusMonitoring        Status = "monitoring"        // monitoring
	StatusConvertedToAdvice Status = "converted_advice"  // omgezet naar advies
	StatusEnded             Status = "ended"             // beëindigd
	StatusClosed            Status = "closed"            // afgesloten
	StatusReopened          Status = "reopened"          // heropend
)

// StatusLabels gives the Dutch label of each status.
var StatusLabels = map[Status]string{
	StatusReceived:          "Melding ontvangen",
	StatusAcuteAction:       "Acute actie",
	StatusSafetyAssessment:  "Veiligheidsbeoordeling",
	StatusConditions:        "Voorwaarden & Vervolg",
	StatusInvestigation:     "Onderzoek",
	StatusRvdKRequest:       "Verzoek aan de Raad",
	StatusHandover:          "Overdracht",
	StatusMonitoring:        "Monitoring",
	StatusConvertedToAdvice: "Omgezet naar advies",
	StatusEnded:             "Beëindigd",
	StatusClosed:            "Afgesloten",
	StatusReopened:          "Heropend",
}

// Open reports whether Veilig Thuis is still actively involved.
func (s Status) Open() bool {
	switch s {
	case StatusClosed, StatusEnded, StatusConvertedToAdvice, StatusMonitoring:
		return false
	}
	return true
}

// Case is a case file opened from one or more reports.
type Case struct {
	ID        int64     `json:"id"`
	Number    string    `json:"number"` // D-2026-000017
	Status    Status    `json:"status"`
	Team      string    `json:"team,omitempty"`
	ReportIDs []int64   `json:"report_ids"`
	Summary   string    `json:"summary,omitempty"`
	OpenedAt  time.Time `json:"opened_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}
