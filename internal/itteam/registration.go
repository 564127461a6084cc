package itteam

import (
	"fmt"
	"slices"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Registration is what the evaluation counts of a case (graphs 1–4, table
// 3). Every field may be left open: the statistics report the missing
// share per field.
type Registration struct {
	Municipality     string               `json:"municipality,omitempty"` // CBS code, GM....
	PerpetratorSexes []reports.Sex        `json:"perpetrator_sexes,omitempty"`
	VictimSexes      []reports.Sex        `json:"victim_sexes,omitempty"`
	ChildrenPresent  reports.Tri          `json:"children_present,omitempty"`
	ViolenceType     reports.ViolenceType `json:"violence_type,omitempty"`
	Natures          []reports.Nature     `json:"natures,omitempty"`
	ProblemAreas     []string             `json:"problem_areas,omitempty"`
	LVG              reports.Tri          `json:"lvg,omitempty"` // licht verstandelijke beperking
	EarlierHelp      []string             `json:"earlier_help,omitempty"`
	CareProviders    []string             `json:"care_providers,omitempty"` // table 3: names from the partner catalogue
}

// ProblemAreas is graph 4's list: codes with the Dutch label the API
// gives beside them; the pages word the codes (see MeetingItems).
func ProblemAreas() []Option {
	return []Option{
		{"verslaving", "Verslaving"},
		{"psychisch", "Psychische gesteldheid"},
		{"huisvesting", "Huisvesting"},
		{"financien", "Financiën"},
		{"opvoeding", "Opvoeding"},
		{"werk", "Werk en dagbesteding"},
		{"justitie", "Justitie"},
		{"gezondheid", "Lichamelijke gezondheid"},
	}
}

// MaxSexes is how many perpetrators, and how many victims, a registration
// counts at most (the form offers up to 20 of one sex; a family with more
// is a typing error, not a family).
const MaxSexes = 40

// Check validates the registration against its lists; partner reports
// whether a care provider is an organisation of the partner catalogue
// (nil: any name).
func (r Registration) Check(municipality func(string) bool, partner func(string) bool) error {
	var p toren.Problems
	if r.Municipality != "" && municipality != nil && !municipality(r.Municipality) {
		broke(&p, "municipality", "cbs_code", "municipality must be a CBS code (GMxxxx)")
	}
	for f, l := range map[string][]reports.Sex{"perpetrator_sexes": r.PerpetratorSexes, "victim_sexes": r.VictimSexes} {
		if len(l) > MaxSexes {
			broke(&p, f, "max_items", fmt.Sprintf("at most %d persons", MaxSexes))
		}
	}
	for i, s := range append(slices.Clone(r.PerpetratorSexes), r.VictimSexes...) {
		if !inList(reports.Sexes, s) {
			f := "perpetrator_sexes"
			if i >= len(r.PerpetratorSexes) {
				f = "victim_sexes"
			}
			broke(&p, f, "enum", fmt.Sprintf("%q is not a sex", s))
		}
	}
	if r.ViolenceType != "" && !inList(reports.ViolenceTypes, r.ViolenceType) {
		broke(&p, "violence_type", "enum", "violence_type is not on the list")
	}
	for _, n := range r.Natures {
		if !inList(reports.Natures, n) {
			broke(&p, "natures", "enum", fmt.Sprintf("%q is not a nature of violence", n))
		}
	}
	for f, t := range map[string]reports.Tri{"children_present": r.ChildrenPresent, "lvg": r.LVG} {
		if t != "" && t != reports.Yes && t != reports.No && t != reports.Unknown {
			broke(&p, f, "enum", f+" must be yes, no or unknown")
		}
	}
	for _, a := range r.ProblemAreas {
		if optionLabel(ProblemAreas(), a) == "" {
			broke(&p, "problem_areas", "enum", fmt.Sprintf("%q is not a problem area", a))
		}
	}
	seen := map[string]bool{}
	for i, c := range r.CareProviders {
		// The field names the provider's place in the list, so that a page
		// can name the provider itself.
		f := fmt.Sprintf("care_providers[%d]", i)
		if strings.TrimSpace(c) == "" {
			broke(&p, f, "required", "a care provider has no name")
			continue
		}
		if partner != nil && !partner(c) {
			broke(&p, f, "catalogue", fmt.Sprintf("%q is not an organisation of the partner catalogue", c))
			continue
		}
		k := ProviderKey(c)
		if seen[k] {
			broke(&p, f, "unique", fmt.Sprintf("%q is named twice", c))
		}
		seen[k] = true
	}
	return p.Err()
}

// ProviderKey is how a care provider's name is compared with the partner
// catalogue's: case and spaces aside, as the catalogue compares names.
func ProviderKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

func inList[T ~string](list []reports.Label[T], v T) bool {
	return slices.ContainsFunc(list, func(l reports.Label[T]) bool { return l.Code == v })
}
