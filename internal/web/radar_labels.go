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

var fieldLabels = map[radar.Field]string{
	radar.FieldGivenNames: "Voornamen",
	radar.FieldSurname:    "Achternaam",
	radar.FieldParticle:   "Tussenvoegsel",
	radar.FieldBirthDate:  "Geboortedatum",
	radar.FieldSex:        "Geslacht",
	radar.FieldNationalID: "BSN",
	radar.FieldAddress:    "Adres",
	radar.FieldPlace:      "Woonplaats",
	radar.FieldPhone:      "Telefoonnummer",
	radar.FieldHousehold:  "Huishouden",
}

func fieldLabel(f radar.Field) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f.String()
}

// levelLabels name the outcome of one field's comparison (radar defaults).
var levelLabels = map[string]string{
	"exact":             "gelijk",
	"agree":             "gelijk",
	"typo":              "tikfout",
	"other_name":        "andere voornaam van de persoon",
	"similar":           "lijkt erop",
	"swapped":           "voor- en achternaam verwisseld",
	"disagree":          "verschilt",
	"initials":          "voorletters kloppen",
	"initials_differ":   "voorletters verschillen",
	"part":              "deel van een dubbele naam",
	"close":             "dichtbij",
	"day_month_swapped": "dag en maand verwisseld",
	"age_fits":          "leeftijd past",
	"age_near":          "leeftijd ongeveer",
	"age_differs":       "leeftijd past niet",
	"abbreviation":      "afkorting",
	"one_sided":         "maar aan één kant bekend",
	"same_street":       "zelfde straat",
	"call_name":         "roepnaam of andere schrijfwijze van dezelfde naam",
	"same_household":    "woont bij personen die in deze melding al gekoppeld zijn",
	"other_household":   "de gekoppelde personen uit deze melding wonen elders",
	"named_with":        "eerder in een melding genoemd samen met personen uit deze melding",
	"named_apart":       "eerder alleen genoemd met andere personen dan die uit deze melding",
}

func levelLabel(l string) string {
	if s, ok := levelLabels[l]; ok {
		return s
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
