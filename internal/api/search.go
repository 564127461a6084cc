package api

import (
	"net/http"
	"net/url"

	"toren/internal/persons"
	"toren/internal/search"
	"toren/internal/toren"
)

// PersonSearch is the answer to a person search (GET /api/v1/persons?q=).
type PersonSearch struct {
	// Kind is what q was read as: name, bsn, birth_date or postcode.
	Kind  search.Kind `json:"kind"`
	Items []PersonHit `json:"items"`
	// More says there were more hits than limit: narrow the query.
	More bool `json:"more"`
}

// PersonHit is one person found, with what the caller may see of them.
type PersonHit struct {
	// Person is the registry person; for a signal-only hit only the name,
	// date of birth and number of mentions are filled in.
	Person persons.Person `json:"person"`
	// Match says how the person was found: bsn, exact, phonetic, prefix or other.
	Match search.Match `json:"match"`
	// Access is full, or signal_only: signals exist, their content is for
	// the teams listed.
	Access string   `json:"access"`
	Teams  []string `json:"teams"`
}

// searchPersons answers GET /api/v1/persons?q=...: the search box of the
// web interface, read the same way (a name, BSN, date of birth dd-mm-yyyy
// or postcode with house number), with need-to-know applied per hit.
func (a *API) searchPersons(w http.ResponseWriter, r *http.Request, qv url.Values, limit int) error {
	var p toren.Problems
	for _, other := range []string{"surname", "before"} {
		if qv.Has(other) {
			p.Add(other, "exclusive", other+" cannot be combined with q")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	q, err := search.Parse(qv.Get("q"))
	if err != nil {
		return err
	}
	if q.Kind == search.KindReportNumber || q.Kind == search.KindCaseNumber {
		p.Add("q", "not_a_person", "q is a report or case number; get a report at /api/v1/reports/{number}")
		return p.Err()
	}
	q.Limit = limit
	who, err := a.reading(r)
	if err != nil {
		return err
	}
	res, err := a.reader.SearchPersons(r.Context(), who, q)
	if err != nil {
		return err
	}
	out := PersonSearch{Kind: q.Kind, Items: make([]PersonHit, len(res.Hits)), More: res.More}
	for i, h := range res.Hits {
		hit := PersonHit{Person: h.Person, Match: h.Match, Access: "full", Teams: nonNil(h.Teams)}
		if !h.Full {
			hit.Access = "signal_only"
		}
		out.Items[i] = hit
	}
	return writeJSON(w, http.StatusOK, out)
}
