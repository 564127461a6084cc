// Package partners is the catalogue of chain partners (ketenpartners):
// the local teams, care providers and other organisations a case is
// handed over to, or that supply information. The functional
// administrator keeps the catalogue; casework picks from it.
package partners

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/nl"
	"toren/internal/toren"
)

// MaxTextLength is the most characters a partner's name or contact
// person may have.
const MaxTextLength = 200

// Kind is the sort of organisation.
type Kind string

const (
	KindLocalTeam       Kind = "local_team"       // wijkteam, sociaal team (lokaal veld)
	KindCareProvider    Kind = "care_provider"    // zorgaanbieder
	KindMentalHealth    Kind = "mental_health"    // GGZ
	KindAddictionCare   Kind = "addiction_care"   // verslavingszorg
	KindSocialWork      Kind = "social_work"      // algemeen maatschappelijk werk
	KindYouthCare       Kind = "youth_care"       // jeugdzorg, CJG
	KindGP              Kind = "gp"               // huisarts
	KindPolice          Kind = "police"           // politie
	KindProsecution     Kind = "prosecution"      // Openbaar Ministerie
	KindChildProtection Kind = "child_protection" // Raad voor de Kinderbescherming
	KindMunicipality    Kind = "municipality"     // gemeente
	KindSchool          Kind = "school"           // school, kinderopvang
	KindOther           Kind = "other"
)

// Kinds lists every kind in the order the interface shows them (the
// pages name them from the web's catalogue, partner.kind.<code>).
func Kinds() []Kind {
	return []Kind{KindLocalTeam, KindCareProvider, KindMentalHealth, KindAddictionCare, KindSocialWork, KindYouthCare,
		KindGP, KindPolice, KindProsecution, KindChildProtection, KindMunicipality, KindSchool, KindOther}
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Partner is one organisation in the catalogue.
type Partner struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Municipality is the CBS code (GM0363) of the municipality the
	// partner works in; empty for a partner that works everywhere.
	Municipality string `json:"municipality,omitempty"`
	// Contact is the person or desk to ask for; Phone and Email reach it.
	Contact   string    `json:"contact,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Email     string    `json:"email,omitempty"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Normalize tidies what was typed: spaces, and a municipality written by
// name becomes its CBS code.
func (p *Partner) Normalize(mun *nl.Municipalities) {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Contact = strings.Join(strings.Fields(p.Contact), " ")
	p.Phone = strings.TrimSpace(p.Phone)
	p.Email = strings.TrimSpace(p.Email)
	p.Municipality = strings.TrimSpace(p.Municipality)
	if p.Municipality != "" && mun != nil {
		if m, ok := mun.Resolve(p.Municipality); ok {
			p.Municipality = m.Code
		}
	}
}

// Validate returns nil or a toren.CodeInvalid error naming every broken
// field (name, kind, municipality, contact, phone, email) by a rule code
// and an English message; the pages word the rule (partner.rule.*).
func (p Partner) Validate(mun *nl.Municipalities) error {
	var pr toren.Problems
	text := func(field, v string, max int) {
		if utf8.RuneCountInString(v) > max || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			pr.Add(field, "max_length", "must be text of at most "+strconv.Itoa(max)+" characters")
		}
	}
	if p.Name == "" {
		pr.Add("name", "required", "is required")
	}
	text("name", p.Name, MaxTextLength)
	if !p.Kind.Valid() {
		pr.Add("kind", "enum", "must be one of the partner kinds")
	}
	if p.Municipality != "" {
		if _, ok := mun.ByCode(p.Municipality); mun == nil || !ok {
			pr.Add("municipality", "municipality", "must be a Dutch municipality (name or CBS code)")
		}
	}
	text("contact", p.Contact, MaxTextLength)
	if p.Phone != "" && !validPhone(p.Phone) {
		pr.Add("phone", "phone", "must be a phone number of 10 to 15 digits")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || len(p.Email) > 254 {
			pr.Add("email", "email", "must be an e-mail address")
		}
	}
	if p.Contact == "" && p.Phone == "" && p.Email == "" {
		pr.Add("contact", "required", "give a contact person, phone number or e-mail address")
	}
	return pr.Err()
}

func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '+' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 10 && digits <= 15
}
