package itteamsvc_test

import (
	"slices"
	"strings"
	"testing"

	"toren/internal/audit"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/partners"
	"toren/internal/toren"
)

// addPartner puts an organisation in the partner catalogue.
func (e *env) addPartner(t *testing.T, name string) partners.Partner {
	t.Helper()
	p := partners.Partner{Name: name, Kind: partners.KindSocialWork, Contact: "Aanmelding", CreatedAt: e.clock.Now()}
	if err := e.db.CreatePartner(e.ctx, &p, audit.Entry{At: e.clock.Now(), ActorID: "system", ActorName: "test", Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCareProvidersFromTheCatalogue: the involved care providers (table
// 3) are organisations of the partner catalogue. A name the catalogue
// does not hold is refused with the field and the rule, naming the name,
// and nothing changes; a name typed in another case or with extra spaces
// is stored as the catalogue spells it.
func TestCareProvidersFromTheCatalogue(t *testing.T) {
	e := newEnv(t)
	e.addPartner(t, "Maatschappelijk werk")
	e.addPartner(t, "GGZ Breburg")
	c, err := e.svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: "Familie Verbeek", Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3),
		Answers: answers(), Admitted: true})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
		t.Fatal(err)
	}
	before, seq := c.Version, e.seq(t)
	_, err = e.svc.SetRegistration(e.ctx, e.ilse, c.ID, itteam.Registration{CareProviders: []string{"Maatschappelijk werk", "Zorgboerderij De Vlinder"}})
	if toren.ErrorCode(err) != toren.CodeInvalid || !slices.Equal(rules(err), []string{"care_providers catalogue"}) {
		t.Fatalf("a provider outside the catalogue: %v", err)
	}
	if f := toren.FieldErrors(err)[0]; f.MessageNL == "" || !strings.Contains(f.Message, "Zorgboerderij De Vlinder") || !strings.Contains(f.MessageNL, "Zorgboerderij De Vlinder") {
		t.Errorf("the problem does not name the provider: %+v", f)
	}
	if now, _ := e.svc.Get(e.ctx, e.ilse, c.ID); now.Case.Version != before || e.seq(t) != seq {
		t.Errorf("a refused registration stored something: version %d→%d", before, now.Case.Version)
	}
	c, err = e.svc.SetRegistration(e.ctx, e.ilse, c.ID, itteam.Registration{CareProviders: []string{" maatschappelijk  WERK", "GGZ Breburg"}})
	if err != nil || !slices.Equal(c.Registration.CareProviders, []string{"Maatschappelijk werk", "GGZ Breburg"}) {
		t.Errorf("providers stored as %q, %v; want the catalogue's spelling", c.Registration.CareProviders, err)
	}
	if _, err = e.svc.SetRegistration(e.ctx, e.ilse, c.ID, itteam.Registration{CareProviders: []string{"GGZ Breburg", "ggz breburg"}}); !slices.Equal(rules(err), []string{"care_providers unique"}) {
		t.Errorf("a provider named twice: %v", err)
	}
}
