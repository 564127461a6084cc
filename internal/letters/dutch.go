package letters

import (
	"strconv"
	"strings"

	"toren/internal/toren"
)

var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december"}

// DutchDate writes d as a Dutch letter does: "3 maart 2026". The zero
// Date is "".
func DutchDate(d toren.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + " " + monthsNL[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// joinAnd joins items as a Dutch sentence lists them: "a", "a en b",
// "a, b en c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " en " + items[len(items)-1]
}

// DefaultMonitoring returns the monitoring moments Veilig Thuis plans by
// default after closing on closedOn: after three months and after one
// year (domain §4.1, seed S1). A region with other practice passes its
// own dates.
func DefaultMonitoring(closedOn toren.Date) []toren.Date {
	return []toren.Date{closedOn.AddDate(0, 3, 0), closedOn.AddDate(1, 0, 0)}
}
