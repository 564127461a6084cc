package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"toren/internal/apptest"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/toren"
)

// BenchmarkITCasePage measures the IT case page with a safety plan of 30
// agreements in 31 versions and 50 rounds of scaling questions (three
// raters each), requested over HTTP on the loopback by a worker of the
// duo: the time includes the request and the response, so it bounds the
// server-side time from above.
func BenchmarkITCasePage(b *testing.B) {
	s := itTeam(b)
	a := s.App
	ctx := apptest.System(b.Context())
	act := func(name string) authz.Actor { return apptest.Actor(b, a, name) }
	num := func(f float64) *float64 { return &f }
	start := toren.DateOf(time.Now()).AddDays(-400)
	c, err := a.ITTeam().Refer(ctx, act("cas"), itteamsvc.Referral{Family: "Familie Groot", On: start, Admitted: true,
		Reason: "Veel afspraken en schaalvragen voor de meting.", Answers: map[string]itteam.Answer{"veiligheidsschaal": {Number: num(2)}}})
	if err != nil {
		b.Fatal(err)
	}
	ilse, ahmed := act("ilse"), act("ahmed")
	svc := a.ITTeam()
	if _, err := svc.AssignDuo(ctx, act("itleider"), c.ID, itteam.Worker{ID: ilse.UserID, Name: ilse.Name}, itteam.Worker{ID: ahmed.UserID, Name: ahmed.Name}); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.RateColour(ctx, ilse, c.ID, itteam.ColourRating{On: start, Colour: cases.ColourOrange, Moment: itteam.MomentStart}); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.ChangePhase(ctx, ilse, c.ID, itteam.PhaseChange{Transition: cases.ITStartIntensive, On: start}); err != nil {
		b.Fatal(err)
	}
	for i := range 30 {
		v, _ := svc.Get(ctx, ilse, c.ID)
		p, _ := v.Case.CurrentPlan()
		p.Dangers = "Zorgen, versie " + fmt.Sprint(i+1)
		p.Agreements = append(p.Agreements, itteam.Agreement{Owner: "Gezinslid " + fmt.Sprint(i+1), What: "Afspraak " + fmt.Sprint(i+1),
			When: "wekelijks", Check: "IT bij huisbezoek"})
		if _, err := svc.SavePlan(ctx, ilse, c.ID, p); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 50 {
		on := start.AddDays(5 + 7*i)
		sv, pr := i%11, (i+3)%11
		round := []itteam.ScalingScore{{On: on, Kind: itteam.RaterFamily, Rater: "Moeder", Safety: &sv, Progress: &pr},
			{On: on, Kind: itteam.RaterFamily, Rater: "Vader", Safety: &pr}, {On: on, Kind: itteam.RaterProfessional, Rater: "IT", Safety: &sv}}
		if _, err := svc.AddScaling(ctx, ilse, c.ID, round); err != nil {
			b.Fatal(err)
		}
	}
	client := s.SignIn(b, "ilse")
	path := fmt.Sprintf("/interventieteam/%d", c.ID)
	if status, page := client.Get(path); status != http.StatusOK || len(page) < 10000 {
		b.Fatalf("case page: %d, %d bytes", status, len(page))
	}
	cpu0 := processCPU(b)
	for b.Loop() {
		if status, _ := client.Get(path); status != http.StatusOK {
			b.Fatal(status)
		}
	}
	// The CPU time the process spent per page (server, the client reading
	// the response, and the garbage collector): on a loaded machine a
	// steadier figure than the wall-clock time, which waits for the cores.
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
}
