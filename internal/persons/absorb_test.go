package persons

import (
	"testing"

	"toren/internal/reports"
	"toren/internal/toren"
)

func TestAbsorbAndRestore(t *testing.T) {
	survivor := Person{ID: 1, FirstNames: "Lisanne", Surname: "Wijnands", Sex: reports.SexFemale}
	absorbed := Person{ID: 2, FirstNames: "Lisanne Johanna", Surname: "Wijnants", BirthDate: toren.MustDate("1992-03-14"),
		BSN: "111222333", Postcode: "3514 CN", HouseNumber: "14", Street: "Merelstraat", City: "Utrecht", Municipality: "GM0344"}
	after := survivor
	if !after.Absorb(absorbed) {
		t.Fatal("nothing absorbed")
	}
	if after.FirstNames != "Lisanne" || after.Surname != "Wijnands" {
		t.Errorf("known values overwritten: %+v", after)
	}
	if after.BSN != absorbed.BSN || !after.BirthDate.Equal(absorbed.BirthDate) || after.Postcode != "3514 CN" || after.Municipality != "GM0344" {
		t.Errorf("unknown values not filled: %+v", after)
	}
	if again := after; again.Absorb(absorbed) {
		t.Error("absorbing twice changed something")
	}

	// Undone without changes since: exactly as before.
	cur := after
	if !cur.Restore(survivor, after) || cur != survivor {
		t.Errorf("restored %+v, want %+v", cur, survivor)
	}
	// A field changed since the merge keeps its newer value; the address
	// goes back as a whole or not at all.
	cur = after
	cur.Phone = "0612345678"
	cur.Postcode = "1011 AB"
	cur.Restore(survivor, after)
	if cur.BSN != "" || cur.Phone != "0612345678" || cur.Postcode != "1011 AB" || cur.HouseNumber != "14" {
		t.Errorf("restore over a later change: %+v", cur)
	}
}
