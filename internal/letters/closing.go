package letters

import (
	"fmt"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Service is the intervention Veilig Thuis ran before it closed (domain §3.7).
type Service string

const (
	ServiceConditions    Service = "conditions"    // Voorwaarden & Vervolg
	ServiceInvestigation Service = "investigation" // Onderzoek
)

// ClosingLetter is the afsluitbrief: it tells the persons involved that
// Veilig Thuis ends its active involvement, which safety conditions must
// hold, who checks them until when, who holds case direction from now on
// and when Veilig Thuis will check in (monitoring).
//
// It has no field for the reporter, on purpose: the letter goes to the
// family, and a reporter's identity has no place in it, protected or not.
type ClosingLetter struct {
	CaseNumber string      // "D-2026-000017"
	Date       toren.Date  // the date on the letter
	Recipients []Addressee // the persons involved the letter is addressed to
	Service    Service
	// ClosedOn is the day Veilig Thuis ends its active involvement and the
	// case director takes over.
	ClosedOn      toren.Date
	Conditions    []SafetyCondition
	CaseDirection CaseDirection
	// Monitoring are the days Veilig Thuis will check the conditions with
	// the family and the providers (DefaultMonitoring gives 3 and 12 months).
	Monitoring []toren.Date
	// Note holds the case manager's own words to the family (seed S1: "dat
	// ze trots mag zijn op de stappen die ze heeft gezet"). Blank lines
	// separate paragraphs.
	Note   string
	Signer Signer
}

// SafetyCondition is one veiligheidsvoorwaarde: what must hold, who
// checks that it does, and until when it applies.
type SafetyCondition struct {
	What      string     `json:"what"`       // "Er vindt geen huiselijk geweld plaats."
	CheckedBy string     `json:"checked_by"` // "Wijkteam Zwolle-Zuid"
	Until     toren.Date `json:"until"`      // the last day the condition applies
}

// CaseDirection is who holds case direction (casusregie) after the handover.
type CaseDirection struct {
	Organisation string `json:"organisation"` // "Wijkteam Zwolle-Zuid"
	Person       string `json:"person,omitempty"`
	Phone        string `json:"phone,omitempty"`
}

// Addressee is a person a closing letter is addressed to.
type Addressee struct {
	Name    string   `json:"name"`              // the address block's first line: "Mevrouw L.J. Wijnands"
	Address []string `json:"address,omitempty"` // postal address, one line each
	// Salutation is how the letter greets them after "Beste":
	// "mevrouw Wijnands"; the name when empty.
	Salutation string `json:"salutation,omitempty"`
}

// greeting is the addressee after "Beste".
func (a Addressee) greeting() string {
	if s := strings.TrimSpace(a.Salutation); s != "" {
		return s
	}
	return strings.TrimSpace(a.Name)
}

// AddresseeFrom addresses a person as a Dutch letter does: in the address
// block the title, the initials and the surname ("Mevrouw L.J. Wijnands",
// "De heer D.P. van der Meulen"), and in the salutation the title and the
// surname ("mevrouw Wijnands", "meneer Van der Meulen"). Without a known
// sex there is no title: the block has the initials and the salutation
// the first given name ("Lisanne Wijnands"). Street and house number,
// postcode and city when known.
func AddresseeFrom(m reports.Mention) Addressee {
	initials := strings.TrimSpace(m.Initials)
	if initials == "" {
		for _, n := range strings.Fields(m.FirstNames) {
			initials += string([]rune(n)[0:1]) + "."
		}
		initials = strings.ToUpper(initials)
	}
	surname := strings.TrimSpace(strings.Join(strings.Fields(m.Particle+" "+m.Surname), " "))
	// After a title the particle starts with a capital: "meneer Van der Meulen".
	capSurname := surname
	if p := strings.TrimSpace(m.Particle); p != "" {
		r := []rune(capSurname)
		capSurname = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	a := Addressee{Name: strings.TrimSpace(initials + " " + surname)}
	switch m.Sex {
	case reports.SexFemale:
		a.Name, a.Salutation = "Mevrouw "+a.Name, "mevrouw "+capSurname
	case reports.SexMale:
		a.Name, a.Salutation = "De heer "+a.Name, "meneer "+capSurname
	default:
		given := initials
		if f := strings.Fields(m.FirstNames); len(f) > 0 {
			given = f[0]
		}
		a.Salutation = strings.TrimSpace(given + " " + surname)
	}
	if street := strings.TrimSpace(m.Street + " " + m.HouseNumber); street != "" {
		a.Address = append(a.Address, street)
	}
	if place := strings.TrimSpace(m.Postcode + " " + m.City); place != "" {
		a.Address = append(a.Address, place)
	}
	return a
}

// Signer is the worker who signs the letter.
type Signer struct {
	Name     string `json:"name"`
	Function string `json:"function,omitempty"` // "casemanager", "procesregisseur"
}

// Validate checks the letter before it is rendered. A closing letter
// needs a case number, a date, at least one recipient, the service, the
// closing day, at least one safety condition (the letter exists to state
// them: domain §2 "Closing letter"), who takes over case direction and a
// signer. Every problem names its field and rule.
func (l ClosingLetter) Validate() error {
	var p toren.Problems
	checkLine(&p, "case_number", l.CaseNumber, true)
	checkDate(&p, "date", l.Date)
	checkRecipients(&p, l.Recipients)
	switch l.Service {
	case ServiceConditions, ServiceInvestigation:
	case "":
		p.Add("service", "required", "is required")
	default:
		p.Add("service", "enum", "must be conditions or investigation")
	}
	checkDate(&p, "closed_on", l.ClosedOn)
	if len(l.Conditions) == 0 {
		p.Add("conditions", "required", "at least one safety condition is required")
	}
	checkConditions(&p, l.Conditions, l.Date)
	checkLine(&p, "case_direction.organisation", l.CaseDirection.Organisation, true)
	checkLine(&p, "case_direction.person", l.CaseDirection.Person, false)
	checkLine(&p, "case_direction.phone", l.CaseDirection.Phone, false)
	checkMonitoring(&p, l.Monitoring, l.ClosedOn, "after_closing")
	checkText(&p, "note", l.Note, false, MaxNote, true)
	checkSigner(&p, l.Signer)
	return p.Err()
}

func checkRecipients(p *toren.Problems, rs []Addressee) {
	if len(rs) == 0 {
		p.Add("recipients", "required", "at least one recipient is required")
	}
	if len(rs) > MaxItems {
		p.Add("recipients", "max_items", fmt.Sprintf("has more than %d recipients", MaxItems))
	}
	for i, r := range rs {
		f := indexed("recipients", i)
		checkLine(p, f+".name", r.Name, true)
		checkLine(p, f+".salutation", r.Salutation, false)
		// A letter goes by post: a person without a known address cannot
		// be an addressee.
		if len(r.Address) == 0 {
			p.Add(f+".address", "required", "an addressee needs a postal address")
		}
		if len(r.Address) > MaxAddressLines {
			p.Add(f+".address", "max_lines", "has more than 5 lines")
		}
		for j, line := range r.Address {
			checkLine(p, indexed(f+".address", j), line, true)
		}
	}
}

// recipientNames lists the recipients' names, for the letter's record.
func recipientNames(rs []Addressee) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = strings.TrimSpace(r.Name)
	}
	return names
}

// greetings lists the recipients as the salutation greets them.
func greetings(rs []Addressee) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.greeting()
	}
	return out
}
