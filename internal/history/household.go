package history

import (
	"slices"

	"toren/internal/reports"
)

// The household rules. A household is derived, never typed in: persons
// named together in a report in a family role, and persons registered at
// the same address. The store finds the candidates; these rules decide
// who belongs.
const (
	// MaxHousehold caps the members of a household: beyond it the links
	// are incidental (a person named in dozens of reports over the years).
	MaxHousehold = 50
	// MaxAtAddress: an address where more registry persons are registered
	// is an institution or a shared building (a shelter, a student house),
	// not a household; it links no one.
	MaxAtAddress = 12
)

// householdRoles are the roles that make a co-mention a household link.
// Witnesses and informants are named in reports too, but they are not
// family: a neighbour who saw it happen is not in the household.
var householdRoles = []reports.Role{reports.RoleVictim, reports.RolePerpetrator, reports.RoleChild, reports.RoleParent, reports.RoleOther}

// HouseholdRoles returns the roles in which being named in one report
// links two persons into one household.
func HouseholdRoles() []reports.Role { return slices.Clone(householdRoles) }

// SameHousehold reports whether two persons named in one report in these
// roles belong to one household: both must be named in a household role.
func SameHousehold(role, other reports.Role) bool {
	return slices.Contains(householdRoles, role) && slices.Contains(householdRoles, other)
}

// Institution reports whether an address where n registry persons are
// registered is an institution rather than a household.
func Institution(n int) bool { return n > MaxAtAddress }

// HouseholdSet collects the members of the households of some persons,
// each with why they belong, in the order they were found, at most
// MaxHousehold.
type HouseholdSet struct {
	ids     []int64 // whose household it is; never members themselves
	members []int64
	via     map[int64][]Link
}

// NewHouseholdSet returns an empty set for the households of ids.
func NewHouseholdSet(ids []int64) *HouseholdSet {
	return &HouseholdSet{ids: ids, via: map[int64][]Link{}}
}

// Add records that id belongs to the household through l. The persons
// whose household it is, and new members once the set is full, are left
// out.
func (h *HouseholdSet) Add(id int64, l Link) {
	if slices.Contains(h.ids, id) {
		return
	}
	if _, ok := h.via[id]; !ok {
		if len(h.members) >= MaxHousehold {
			return
		}
		h.members = append(h.members, id)
	}
	if !slices.Contains(h.via[id], l) {
		h.via[id] = append(h.via[id], l)
	}
}

// AddAddress records the persons registered at an address (at) as
// members, unless there are so many that the address is an institution.
func (h *HouseholdSet) AddAddress(postcode, houseNumber string, at []int64) {
	if Institution(len(at)) {
		return
	}
	for _, id := range at {
		h.Add(id, Link{Kind: LinkAddress, Postcode: postcode, HouseNumber: houseNumber})
	}
}

// Members returns the members in the order they were found.
func (h *HouseholdSet) Members() []int64 { return h.members }

// Via returns why each member belongs.
func (h *HouseholdSet) Via() map[int64][]Link { return h.via }
