package history

import (
	"slices"
	"testing"

	"toren/internal/reports"
)

func TestSameHousehold(t *testing.T) {
	tests := []struct {
		role, other reports.Role
		want        bool
	}{
		{reports.RoleVictim, reports.RolePerpetrator, true},
		{reports.RoleChild, reports.RoleParent, true},
		{reports.RoleOther, reports.RoleChild, true},
		{reports.RoleVictim, reports.RoleWitness, false},
		{reports.RoleInformant, reports.RoleChild, false},
		{reports.RoleWitness, reports.RoleWitness, false},
	}
	for _, tt := range tests {
		if got := SameHousehold(tt.role, tt.other); got != tt.want {
			t.Errorf("SameHousehold(%s, %s) = %v, want %v", tt.role, tt.other, got, tt.want)
		}
		if got := SameHousehold(tt.other, tt.role); got != tt.want {
			t.Errorf("SameHousehold(%s, %s) = %v, want %v", tt.other, tt.role, got, tt.want)
		}
	}
}

func TestHouseholdSetAddress(t *testing.T) {
	at := func(n int) []int64 {
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		return ids
	}
	// Twelve persons at an address are a household (the asking person
	// is one of them and not a member); thirteen are an institution.
	hs := NewHouseholdSet([]int64{1})
	hs.AddAddress("1234AB", "1", at(MaxAtAddress))
	if got := len(hs.Members()); got != MaxAtAddress-1 {
		t.Errorf("%d persons at the address: %d members, want %d", MaxAtAddress, got, MaxAtAddress-1)
	}
	if via := hs.Via()[2]; len(via) != 1 || via[0].Kind != LinkAddress || via[0].Postcode != "1234AB" {
		t.Errorf("member 2 via %+v, want the address", via)
	}
	hs = NewHouseholdSet([]int64{1})
	hs.AddAddress("1234AB", "1", at(MaxAtAddress+1))
	if got := hs.Members(); len(got) != 0 {
		t.Errorf("%d persons at the address (an institution): members %v, want none", MaxAtAddress+1, got)
	}
}

func TestHouseholdSetBounds(t *testing.T) {
	hs := NewHouseholdSet([]int64{7})
	link := Link{Kind: LinkReport, ReportID: 1, ReportNumber: "M-1"}
	hs.Add(7, link)
	for id := int64(100); id < 100+MaxHousehold+5; id++ {
		hs.Add(id, link)
	}
	hs.Add(100, link) // the same reason twice is kept once
	hs.Add(100, Link{Kind: LinkReport, ReportID: 2, ReportNumber: "M-2"})
	m := hs.Members()
	if len(m) != MaxHousehold || slices.Contains(m, 7) {
		t.Fatalf("members %v: want %d, without the person whose household it is", m, MaxHousehold)
	}
	if via := hs.Via()[100]; len(via) != 2 {
		t.Errorf("member 100 via %+v, want two reports", via)
	}
}
