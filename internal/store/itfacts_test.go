package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"toren/internal/audit"
	"toren/internal/demo"
	"toren/internal/itteam"
	"toren/internal/store"
	"toren/internal/store/storetest"
)

// A case whose facts column still holds the compact form from before the
// sexes (F2) is read from its document, so that the year statistics do not
// count its perpetrators and victims as left open.
func TestITFactsBeforeTheSexesSQLite(t *testing.T) {
	testITFactsBeforeTheSexes(t, storetest.OpenSQLite(t))
}

func TestITFactsBeforeTheSexesPostgres(t *testing.T) {
	storetest.PostgresDSN(t)
	testITFactsBeforeTheSexes(t, storetest.OpenPostgres(t))
}

func testITFactsBeforeTheSexes(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var c itteam.Case
	for _, x := range demo.ITYear([2]itteam.Worker{{ID: 1, Name: "Ilse"}, {ID: 2, Name: "Ahmed"}}, itteam.Worker{ID: 3, Name: "Cas"}) {
		if len(x.Registration.PerpetratorSexes) > 0 && len(x.Registration.VictimSexes) > 0 {
			c = x
			break
		}
	}
	e := audit.Entry{At: time.Now(), ActorID: "system", ActorName: "test", Role: "demo", Origin: "test", Action: "itcase.import",
		Outcome: audit.OutcomeOK, ObjectType: "it_case"}
	id, err := db.CreateITCase(ctx, c, itteam.Bijlage1(), e)
	if err != nil {
		t.Fatal(err)
	}
	f := c.Facts()
	f2 := f
	f2.PerpetratorSexes, f2.VictimSexes = nil, nil
	old := "F2\n" + strings.TrimPrefix(string(itteam.AppendFacts(nil, &f2)), "F3\n")
	if err := db.ExecForTest(ctx, `UPDATE it_cases SET facts = ? WHERE id = ?`, old, id); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = db.EachITCaseFacts(ctx, func(got *itteam.Facts) error {
		n++
		if strings.Join(got.PerpetratorSexes, ",") != strings.Join(f.PerpetratorSexes, ",") ||
			strings.Join(got.VictimSexes, ",") != strings.Join(f.VictimSexes, ",") {
			t.Errorf("sexes read %v / %v, want %v / %v", got.PerpetratorSexes, got.VictimSexes, f.PerpetratorSexes, f.VictimSexes)
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Fatalf("read %d cases, %v", n, err)
	}
}
