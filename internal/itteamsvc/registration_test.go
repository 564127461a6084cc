package itteamsvc_test

import (
	"context"
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
	if toren.ErrorCode(err) != toren.CodeInvalid || !slices.Equal(rules(err), []string{"care_providers[1] catalogue"}) {
		t.Fatalf("a provider outside the catalogue: %v", err)
	}
	if f := toren.FieldErrors(err)[0]; !strings.Contains(f.Message, "Zorgboerderij De Vlinder") {
		t.Errorf("the problem does not name the provider: %+v", f)
	}
	if now, _ := e.svc.Get(e.ctx, e.ilse, c.ID); now.Case.Version != before || e.seq(t) != seq {
		t.Errorf("a refused registration stored something: version %d→%d", before, now.Case.Version)
	}
	c, err = e.svc.SetRegistration(e.ctx, e.ilse, c.ID, itteam.Registration{CareProviders: []string{" maatschappelijk  WERK", "GGZ Breburg"}})
	if err != nil || !slices.Equal(c.Registration.CareProviders, []string{"Maatschappelijk werk", "GGZ Breburg"}) {
		t.Errorf("providers stored as %q, %v; want the catalogue's spelling", c.Registration.CareProviders, err)
	}
	if _, err = e.svc.SetRegistration(e.ctx, e.ilse, c.ID, itteam.Registration{CareProviders: []string{"GGZ Breburg", "ggz breburg"}}); !slices.Equal(rules(err), []string{"care_providers[1] unique"}) {
		t.Errorf("a provider named twice: %v", err)
	}
}

// catalogue is a partner catalogue whose partners a test switches off.
type catalogue struct{ partners []partners.Partner }

func (c *catalogue) ListPartners(context.Context) ([]partners.Partner, error) {
	return slices.Clone(c.partners), nil
}

// TestCareProviderChoices: the registration form offers the catalogue's
// active partners; a partner switched off after a case named it stays a
// choice of that case (marked inactive) and stays storable there, while
// another case can no longer choose it.
func TestCareProviderChoices(t *testing.T) {
	e := newEnv(t)
	cat := &catalogue{partners: []partners.Partner{{Name: "GGZ Breburg", Active: true}, {Name: "Jeugdzorg", Active: true},
		{Name: "Maatschappelijk werk", Active: true}, {Name: "Reclassering", Active: false}}}
	svc, err := itteamsvc.New(itteamsvc.Config{Store: e.db, Partners: cat, Clock: e.clock, Team: "Interventieteam"})
	if err != nil {
		t.Fatal(err)
	}
	open := func(family string) itteam.Case {
		t.Helper()
		c, err := svc.Refer(e.ctx, e.cas, itteamsvc.Referral{Family: family, Referrer: "HG-overleg", On: toren.NewDate(2014, 3, 3), Answers: answers(), Admitted: true})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = svc.AssignDuo(e.ctx, e.tim, c.ID, itteam.Worker{ID: 1, Name: "Ilse Smit"}, itteam.Worker{ID: 2, Name: "Ahmed Bakr"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	names := func(cs []itteamsvc.ProviderChoice) []string {
		var out []string
		for _, c := range cs {
			s := c.Name
			if c.Inactive {
				s += " (inactive)"
			}
			out = append(out, s)
		}
		return out
	}

	got, err := svc.CareProviderChoices(e.ctx, nil)
	if want := []string{"GGZ Breburg", "Jeugdzorg", "Maatschappelijk werk"}; err != nil || !slices.Equal(names(got), want) {
		t.Errorf("choices of a new case: %q, %v; want %q", names(got), err, want)
	}
	a, b := open("Familie Verbeek"), open("Familie Jansen")
	if a, err = svc.SetRegistration(e.ctx, e.ilse, a.ID, itteam.Registration{CareProviders: []string{"Jeugdzorg", "GGZ Breburg"}}); err != nil {
		t.Fatal(err)
	}
	cat.partners[1].Active = false // Jeugdzorg switched off
	got, err = svc.CareProviderChoices(e.ctx, a.Registration.CareProviders)
	if want := []string{"GGZ Breburg", "Maatschappelijk werk", "Jeugdzorg (inactive)"}; err != nil || !slices.Equal(names(got), want) {
		t.Errorf("choices of the case that had it: %q, %v; want %q", names(got), err, want)
	}
	if _, err = svc.SetRegistration(e.ctx, e.ilse, a.ID, itteam.Registration{CareProviders: []string{"Jeugdzorg", "Maatschappelijk werk"}}); err != nil {
		t.Errorf("the case that had the switched-off partner keeps it: %v", err)
	}
	if _, err = svc.SetRegistration(e.ctx, e.ilse, b.ID, itteam.Registration{CareProviders: []string{"Jeugdzorg"}}); !slices.Equal(rules(err), []string{"care_providers[0] catalogue"}) {
		t.Errorf("another case chooses the switched-off partner: %v", err)
	}
}
