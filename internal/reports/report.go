// Package reports holds advice requests and reports (adviesvraag, melding)
// as the reporter gave them: the reporter, every person as named, their
// roles, the kinds of violence, and the rules an incoming report must meet.
// It is plain Go with no I/O.
package reports

import (
	"time"

	"toren/internal/toren"
)

// Kind tells an advice request from a report. A report names persons and
// moves responsibility for safety oversight to Veilig Thuis; an advice
// request does not.
type Kind string

const (
	KindAdvice Kind = "advice" // adviesvraag
	KindReport Kind = "report" // melding
)

// Channel is how the signal came in.
type Channel string

const (
	ChannelPhone  Channel = "phone"
	ChannelChat   Channel = "chat"
	ChannelEmail  Channel = "email"
	ChannelLetter Channel = "letter"
	ChannelWeb    Channel = "web"
	ChannelAPI    Channel = "api"
	ChannelImport Channel = "import" // bulk import, such as police reports
)

// Report is an advice request or a report. It is immutable once
// registered; corrections are recorded as corrections (a later issue).
type Report struct {
	ID         int64     `json:"id"`
	Number     string    `json:"number"` // M-2026-000123 or A-2026-000045
	Kind       Kind      `json:"kind"`
	ReceivedAt time.Time `json:"received_at"`
	Channel    Channel   `json:"channel"`
	Reporter   Reporter  `json:"reporter"`
	// ExternalRef is the sender's own reference (the police registration
	// number of a police report). Unique per reporter kind when set.
	ExternalRef     string         `json:"external_ref,omitempty"`
	Acute           bool           `json:"acute"`
	ChildrenPresent Tri            `json:"children_present"`
	ViolenceTypes   []ViolenceType `json:"violence_types"`
	Natures         []Nature       `json:"natures"`
	Municipality    string         `json:"municipality,omitempty"` // CBS code GM0000
	Description     string         `json:"description"`
	// Meldcode is what a professional reporter says of the meldcode's
	// steps and the assessment framework; nil when not recorded.
	Meldcode     *Meldcode `json:"meldcode,omitempty"`
	Persons      []Mention `json:"persons"`
	RegisteredAt time.Time `json:"registered_at"`
	RegisteredBy string    `json:"registered_by,omitempty"`
	Version      int       `json:"version"`
}

// Reporter is who gave the signal (melder, or adviesvrager for advice).
type Reporter struct {
	Kind         ReporterKind `json:"kind"`
	Name         string       `json:"name,omitempty"`
	Organisation string       `json:"organisation,omitempty"`
	Function     string       `json:"function,omitempty"`
	Phone        string       `json:"phone,omitempty"`
	Email        string       `json:"email,omitempty"`
	// Relation says how a citizen reporter relates to the persons (victim,
	// neighbour, family...). Free text; empty for professionals.
	Relation string `json:"relation,omitempty"`
	// ProtectIdentity is the reporter's wish that their identity is not
	// disclosed to the persons involved (anonimiteit richting gezin). The
	// reporter stays known to Veilig Thuis.
	ProtectIdentity bool `json:"protect_identity"`
}

// Hidden returns the reporter as shown to whoever may not know a
// protected reporter: the one place that decides which fields point to
// them. Everything but the kind of reporter and the protection itself
// goes: name, contact details, and also function, organisation and the
// relation to the family ("buurvrouw", a small practice), which in a
// family's surroundings identify a reporter as surely as a name.
func (r Reporter) Hidden() Reporter {
	return Reporter{Kind: r.Kind, ProtectIdentity: r.ProtectIdentity}
}

// Professional reports whether the reporter reports in a professional capacity.
func (r Reporter) Professional() bool { return r.Kind != "" && r.Kind != ReporterCitizen }

// Mention is one person as the reporter named them in one report, with
// their role in it. What the reporter said stays as said: the radar links
// a mention to a registry person but never edits it.
type Mention struct {
	ID         int64      `json:"id"`
	Role       Role       `json:"role"`
	FirstNames string     `json:"first_names,omitempty"`
	Initials   string     `json:"initials,omitempty"`
	Particle   string     `json:"particle,omitempty"` // tussenvoegsel: "van der"
	Surname    string     `json:"surname,omitempty"`
	BirthDate  toren.Date `json:"birth_date"`
	// Age in years when no date of birth is known ("zoon van 4").
	Age          *int   `json:"age,omitempty"`
	Sex          Sex    `json:"sex,omitempty"`
	Street       string `json:"street,omitempty"`
	HouseNumber  string `json:"house_number,omitempty"` // with addition: "12-2", "7A"
	Postcode     string `json:"postcode,omitempty"`
	City         string `json:"city,omitempty"`
	Municipality string `json:"municipality,omitempty"` // CBS code
	BSN          string `json:"bsn,omitempty"`
	Phone        string `json:"phone,omitempty"`
	// PersonID is the registry person this mention is linked to (0: none yet).
	PersonID int64 `json:"person_id,omitempty"`
}

// FullName is the name as Dutch people write it: "Lisa van der Berg".
func (m Mention) FullName() string {
	first := m.FirstNames
	if first == "" {
		first = m.Initials
	}
	return joinNonEmpty(first, m.Particle, m.Surname)
}

// HasAddress reports whether enough of an address was given to find it.
func (m Mention) HasAddress() bool {
	return m.Postcode != "" && m.HouseNumber != "" || m.Street != "" && m.City != ""
}

// Tri is a yes/no answer that may also be unknown.
type Tri string

const (
	Unknown Tri = ""
	Yes     Tri = "yes"
	No      Tri = "no"
)

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += p
	}
	return out
}
