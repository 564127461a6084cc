package itteamsvc_test

import (
	"context"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/itteamsvc"
	"toren/internal/store/storetest"
	"toren/internal/toren"
)

// BenchmarkStatistics10k measures the year's tables over 10,092 IT cases
// (the demo's two years, 87 times) in SQLite: reading every case and
// computing tables 1-5.
func BenchmarkStatistics10k(b *testing.B) {
	db := storetest.OpenSQLite(b)
	ctx := context.Background()
	year := demo.ITYear([2]itteam.Worker{{ID: 1, Name: "Ilse"}, {ID: 2, Name: "Ahmed"}}, itteam.Worker{ID: 3, Name: "Cas"})
	cl := itteam.Bijlage1()
	e := audit.Entry{At: time.Now(), ActorID: "system", ActorName: "bench", Role: "demo", Origin: "bench", Action: "itcase.import",
		Outcome: audit.OutcomeOK, ObjectType: "it_case"}
	for range 87 {
		for _, c := range year {
			if _, err := db.CreateITCase(ctx, c, cl, e); err != nil {
				b.Fatal(err)
			}
		}
	}
	svc, err := itteamsvc.New(itteamsvc.Config{Store: db, Clock: toren.NewFixedClock(demo.ITYearNow), Team: "Interventieteam"})
	if err != nil {
		b.Fatal(err)
	}
	ana := authz.Actor{UserID: 9, Name: "Ana", Roles: []authz.Role{authz.RoleAnalyst}}
	for b.Loop() {
		st, err := svc.Statistics(ctx, ana, 2014, toren.NewDate(2014, 12, 31))
		if err != nil || st.New.Total != 55*87 {
			b.Fatalf("%d new cases, %v", st.New.Total, err)
		}
	}
}
