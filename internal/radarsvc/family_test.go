package radarsvc

import (
	"context"
	"iter"
	"testing"

	"toren/internal/radar"
)

// coMentions is a FamilyRegistry of the given reports.
type coMentions [][]int64

func (c coMentions) CoMentions(context.Context) iter.Seq2[[]int64, error] {
	return func(yield func([]int64, error) bool) {
		for _, ids := range c {
			if !yield(ids, nil) {
				return
			}
		}
	}
}

// Loading joins families as a commit does: into families of at most
// radar.MaxFamily persons, so a family does not chain through a person
// named in a second family.
func TestLoadFamiliesCapped(t *testing.T) {
	var reports coMentions
	full := make([]int64, 0, radar.MaxFamily)
	for id := int64(1); id <= radar.MaxFamily; id++ {
		full = append(full, id)
	}
	reports = append(reports, full[:radar.MaxFamily/2], full[radar.MaxFamily/2-1:]) // one family, two reports
	// Person 16 with a new partner and her children: a family of its own.
	reports = append(reports, []int64{16, 100, 101}, []int64{100, 102})
	fams, err := loadFamilies(context.Background(), reports)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range full {
		if fams[id] != 1 {
			t.Errorf("person %d in family %d, want 1", id, fams[id])
		}
	}
	for _, id := range []int64{100, 101, 102} {
		if fams[id] != 100 {
			t.Errorf("person %d in family %d, want 100 (apart from the full family)", id, fams[id])
		}
	}
}
