package web

import "testing"

// Every code the case side names through the catalogue by list and code
// (codeMsg) has a Dutch entry, so no code reaches a page as itself.
func TestCaseCodesHaveText(t *testing.T) {
	for _, a := range alertAges {
		if !hasMsg("alerts.age." + a.Code) {
			t.Errorf("the alerts' age filter has no Dutch name for %q", a.Code)
		}
	}
}
