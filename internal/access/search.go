package access

import (
	"context"

	"toren/internal/authz"
	"toren/internal/persons"
	"toren/internal/search"
	"toren/internal/toren"
)

// SearchPersons finds registry persons with need-to-know applied to each
// hit: a person the user may open is a full hit; any other is a
// signal-only hit that says signals exist and whom to ask, and carries no
// address or history. Every person shown is noted for the audit entry of
// the search (the person's "who looked at my data").
func (rd Reader) SearchPersons(ctx context.Context, a authz.Actor, q search.Query) (search.Result, error) {
	res, err := rd.Store.SearchPersons(ctx, q)
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Person.ID
	}
	facts, err := rd.Store.PersonsFacts(ctx, ids)
	if err != nil {
		return search.Result{}, err
	}
	now := rd.Clock.Now()
	grants, err := rd.Store.ActiveGrants(ctx, a.UserID, authz.KindPerson, now)
	if err != nil {
		return search.Result{}, err
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		r := rd.personResourceOf(h.Person.ID, facts[h.Person.ID])
		d := authz.Decide(a, authz.ActionPersonView, r, authz.Opts{Now: now, Grant: grants[h.Person.ID]})
		h.Full, h.CanBreakGlass = d.Full(), d.NeedsBreakGlass
		if !h.Full {
			h.Teams = r.Teams
			redact(h)
		}
	}
	if p, ok := FromContext(ctx); ok {
		p.Touch(ids...)
	}
	return res, nil
}

// redact keeps of a signal-only hit what search may show of anyone:
// name, date of birth and that signals exist.
func redact(h *search.Hit) { redactPerson(&h.Person) }

// redactPerson keeps of a person what anyone who may know that signals
// exist may see: name, date of birth and sex; no BSN, address, municipality
// or phone. Every signal-only view of a person goes through it.
func redactPerson(p *persons.Person) {
	p.BSN, p.Street, p.HouseNumber, p.Postcode, p.City, p.Municipality, p.Phone = "", "", "", "", "", "", ""
}

// LookupNumber returns the ID of the report or case with a human number,
// for the search box's jump to it. The page it jumps to applies
// need-to-know; the number alone shows nothing.
func (rd Reader) LookupNumber(ctx context.Context, a authz.Actor, kind search.Kind, number string) (int64, error) {
	if a.UserID <= 0 {
		return 0, toren.Errorf(toren.CodeForbidden, "not signed in")
	}
	return rd.Store.LookupNumber(ctx, kind, number)
}
