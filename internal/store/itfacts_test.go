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
// sexes (F2) or before children present (F3) is read from its document,
// so that the year statistics do not count those fields as left open.
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
		if len(x.Registration.PerpetratorSexes) > 0 && len(x.Registration.VictimSexes) > 0 && x.Registration.ChildrenPresent != "" {
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
	// F2 lacks the sexes and children present, F3 children present.
	f2, f3 := f, f
	f2.PerpetratorSexes, f2.VictimSexes, f2.ChildrenPresent, f3.ChildrenPresent = nil, nil, "", ""
	for magic, before := range map[string]itteam.Facts{"F2\n": f2, "F3\n": f3} {
		enc := string(itteam.AppendFacts(nil, &before))
		old := magic + enc[strings.IndexByte(enc, '\n')+1:]
		if err := db.ExecForTest(ctx, `UPDATE it_cases SET facts = ? WHERE id = ?`, old, id); err != nil {
			t.Fatal(err)
		}
		n := 0
		err = db.EachITCaseFacts(ctx, func(got *itteam.Facts) error {
			n++
			if strings.Join(got.PerpetratorSexes, ",") != strings.Join(f.PerpetratorSexes, ",") ||
				strings.Join(got.VictimSexes, ",") != strings.Join(f.VictimSexes, ",") || got.ChildrenPresent != f.ChildrenPresent {
				t.Errorf("%q: sexes read %v / %v, children %q; want %v / %v, %q", magic, got.PerpetratorSexes, got.VictimSexes, got.ChildrenPresent,
					f.PerpetratorSexes, f.VictimSexes, f.ChildrenPresent)
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Fatalf("%q: read %d cases, %v", magic, n, err)
		}
	}
}
