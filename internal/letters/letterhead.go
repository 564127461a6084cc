package letters

import (
	"net/mail"

	"toren/internal/toren"
)

// Letterhead is the sender printed on every letter. It is configuration
// of the Veilig Thuis organisation, not case data.
type Letterhead struct {
	Organisation string   `json:"organisation"` // "Veilig Thuis IJsselland"
	Address      []string `json:"address"`      // postal address, one line each
	Phone        string   `json:"phone"`        // the number the letters refer to
	Email        string   `json:"email,omitempty"`
	Website      string   `json:"website,omitempty"`
}

// Validate checks that the letterhead has what every letter needs: the
// organisation's name and a phone number to call with questions.
func (h Letterhead) Validate() error {
	var p toren.Problems
	checkLine(&p, "organisation", h.Organisation, true)
	if len(h.Address) > MaxAddressLines {
		p.Add("address", "max_lines", "has more than 5 lines")
	}
	for i, l := range h.Address {
		checkLine(&p, indexed("address", i), l, true)
	}
	checkLine(&p, "phone", h.Phone, true)
	checkLine(&p, "email", h.Email, false)
	if h.Email != "" {
		if a, err := mail.ParseAddress(h.Email); err != nil || a.Address != h.Email {
			p.Add("email", "email", "must be an e-mail address")
		}
	}
	checkLine(&p, "website", h.Website, false)
	return p.Err()
}
