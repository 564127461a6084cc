package itteam

import (
	"toren/internal/cases"
	"toren/internal/toren"
)

// Summary is what a list shows of an IT case and what the policy asks to
// decide who sees it: the family, phase, latest colour code, duo and
// whether it is escalated to the CCB protocol. The store keeps it beside
// the case's document, so that a list reads a few columns per case, not
// every plan version, score and meeting.
type Summary struct {
	ID         int64          `json:"id"`
	Version    int            `json:"version"`
	Family     string         `json:"family"`
	Team       string         `json:"team"`
	Status     cases.ITStatus `json:"status"`
	ReferredOn toren.Date     `json:"referred_on"`
	Admitted   bool           `json:"admitted"`
	// Colour is the latest colour code given, "" when none is.
	Colour cases.ITColour `json:"colour,omitempty"`
	Duo    []Worker       `json:"duo"`
	// CCB reports an escalation to the CCB protocol.
	CCB bool `json:"ccb"`
}

// Summary returns the case's summary.
func (c *Case) Summary() Summary {
	s := Summary{ID: c.ID, Version: c.Version, Family: c.Family, Team: c.Team, Status: c.Status, ReferredOn: c.ReferredOn,
		Admitted: c.Admission.Admitted, Duo: append([]Worker{}, c.Duo...), CCB: c.CCB != nil}
	if r, ok := c.CurrentColour(); ok {
		s.Colour = r.Colour
	}
	return s
}

// Closed reports whether the case is closed or ended early.
func (s *Summary) Closed() bool { return s.Status == cases.ITClosed || s.Status == cases.ITEndedEarly }

// DuoIDs returns the duo's user ids.
func (s *Summary) DuoIDs() []int64 {
	out := make([]int64, len(s.Duo))
	for i, w := range s.Duo {
		out[i] = w.ID
	}
	return out
}
