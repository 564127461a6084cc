package web

import (
	"testing"

	"toren/internal/radar"
)

// Every level the radar's default model can explain has a Dutch label.
func TestEveryRadarLevelLabelled(t *testing.T) {
	m := radar.DefaultModel()
	for f := radar.Field(0); f < radar.NumFields; f++ {
		for _, l := range m.Fields[f].Levels {
			if _, ok := levelLabels[l.Name]; !ok {
				t.Errorf("field %s, level %q: no label", f, l.Name)
			}
		}
	}
}
