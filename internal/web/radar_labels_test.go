package web

import (
	"testing"

	"toren/internal/radar"
)

// Every field of the matcher and every level the radar's default model
// can explain has a Dutch label in the catalogue.
func TestEveryRadarLevelLabelled(t *testing.T) {
	m := radar.DefaultModel()
	for f := radar.Field(0); f < radar.NumFields; f++ {
		if !hasMsg("radar.field." + f.String()) {
			t.Errorf("field %s: no label (radar.field.%s)", f, f)
		}
		for _, l := range m.Fields[f].Levels {
			if !hasMsg("radar.level." + l.Name) {
				t.Errorf("field %s, level %q: no label (radar.level.%s)", f, l.Name, l.Name)
			}
		}
	}
}
