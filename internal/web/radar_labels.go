package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"

	"toren/internal/intake"
	"toren/internal/radar"
	"toren/internal/radarsvc"
	"toren/internal/registry"
)

// radarFuncs are the template functions of the radar's pages: Dutch names
// for the matcher's fields, levels and rules, and numbers written the
// Dutch way.
func radarFuncs() template.FuncMap {
	return template.FuncMap{
		"fieldLabel":  fieldLabel,
		"levelLabel":  levelLabel,
		"reasonLabel": reasonLabel,
		"bits":        bits,
		"percent":     percent,
		"explain":     explainLink,
		"linkMethod":  linkMethodLabel,
		"reviewLabel": reviewStatusLabel,
	}
}

// fieldLabel names a field of the matcher (radar.field.<name>).
func fieldLabel(f radar.Field) string {
	if key := "radar.field." + f.String(); hasMsg(key) {
		return msg(key)
	}
	return f.String()
}

// levelLabel names the outcome of one field's comparison (the radar's
// default levels, radar.level.<name>).
func levelLabel(l string) string {
	if key := "radar.level." + l; hasMsg(key) {
		return msg(key)
	}
	return strings.ReplaceAll(l, "_", " ")
}

func reasonLabel(r radar.Reason) string { return codeMsg("radar.reason", r) }

// bits writes a weight or score in bits with its sign and a decimal comma.
func bits(x float64) string {
	return strings.Replace(fmt.Sprintf("%+.1f", x), ".", ",", 1)
}

// percent writes a probability as a Dutch percentage, keeping the nines
// that matter (99,98%).
func percent(p float64) string {
	digits := 0
	if p > 0.99 && p < 1 {
		digits = max(0, min(4, int(math.Ceil(-math.Log10((1-p)*100)))))
	}
	return strings.Replace(fmt.Sprintf("%.*f%%", digits, p*100), ".", ",", 1)
}

// explainLink decodes a link's evidence, or nil when it has none.
func explainLink(raw json.RawMessage) *radarsvc.Explanation {
	if len(raw) == 0 {
		return nil
	}
	var e radarsvc.Explanation
	if err := json.Unmarshal(raw, &e); err != nil || len(e.Fields) == 0 {
		return nil
	}
	return &e
}

func linkMethodLabel(m intake.LinkMethod) string {
	if key := "link.method." + string(m); m != "" && hasMsg(key) {
		return msg(key)
	}
	return msg("link.method.new")
}

func reviewStatusLabel(s registry.ReviewStatus) string { return codeMsg("review.status", s) }
