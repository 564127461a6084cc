package febrl

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"toren/internal/radar"
	"toren/internal/toren"
)

func loadSample(t *testing.T) []Row {
	t.Helper()
	rows, err := LoadFile(filepath.Join("testdata", "dataset1_head200.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestLoadSample(t *testing.T) {
	rows := loadSample(t)
	if len(rows) != 200 {
		t.Fatalf("%d rows, want 200", len(rows))
	}
	want := Row{"rec-223-org", "", "waller", "6", "tullaroop street", "willaroo", "st james", "4011", "wa", "19081209", "6988048"}
	if rows[0] != want {
		t.Errorf("first row %+v, want %+v", rows[0], want)
	}
}

func TestLoadErrors(t *testing.T) {
	head := "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n"
	tests := map[string]string{
		"empty":        "",
		"wrong header": "id, name\n",
		"short row":    head + "rec-1-org, a, b\n",
		"bad rec_id":   head + "person-1, a, b, 1, s, , c, 1234, wa, 19800101, 1\n",
		"bad kind":     head + "rec-1-copy, a, b, 1, s, , c, 1234, wa, 19800101, 1\n",
		"bad quoting":  head + "rec-1-org, \"a, b, 1, s, , c, 1234, wa, 19800101, 1\n",
	}
	for name, in := range tests {
		if _, err := Load(strings.NewReader(in)); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
	rows, err := Load(strings.NewReader(head + "rec-1-dup-3,  a , b, 1, s, , c, 1234, wa, 19800101, 1\r\n"))
	if err != nil || len(rows) != 1 || rows[0].GivenName != "a" {
		t.Errorf("CRLF row: %+v, %v", rows, err)
	}
	if _, err := LoadFile(filepath.Join("testdata", "missing.csv")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}

func TestEntity(t *testing.T) {
	for id, want := range map[string]string{"rec-12-org": "12", "rec-12-dup-0": "12", "rec-0-dup-4": "0"} {
		if got, ok := (Row{RecID: id}).Entity(); !ok || got != want {
			t.Errorf("Entity(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
	for _, id := range []string{"", "rec--org", "rec-x-org", "rec-1", "rec-1-dupe", "12-org"} {
		if _, ok := (Row{RecID: id}).Entity(); ok {
			t.Errorf("Entity(%q) accepted", id)
		}
	}
}

func TestInput(t *testing.T) {
	r := Row{"rec-1-org", "lachlan", "berry", "69", "giblin street", "killarney", "bittern", "4814", "qld", "19990219", "7364009"}
	in := r.Input(5)
	want := radar.Input{ID: 5, FirstNames: "lachlan", Surname: "berry", BirthDate: toren.MustDate("1999-02-19"),
		NationalID: "7364009", HouseNumber: "69", Street: "giblin street", City: "bittern", Postcode: "4814"}
	if in != want {
		t.Errorf("Input = %+v, want %+v", in, want)
	}
	if rec := radar.NewRecord(in); rec.BSNVerified {
		t.Error("a FEBRL social security id was verified as a BSN")
	}
	for _, bad := range []string{"19729518", "1972", "", "abcdefgh"} {
		r.DateOfBirth = bad
		if d := r.Input(0).BirthDate; !d.IsZero() {
			t.Errorf("date %q gave %v, want unknown", bad, d)
		}
	}
}

func TestEvaluateSampleDedup(t *testing.T) {
	res, err := Evaluate(context.Background(), [][]Row{loadSample(t)}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != "dedup" || res.Records != 200 || res.TruePairs != 30 {
		t.Fatalf("result %+v", res)
	}
	if res.Links+res.Reviews+res.New != res.Records || res.TruePositives+res.FalsePositives != res.Found {
		t.Errorf("counts do not add up: %+v", res)
	}
	if res.Precision < 1 || res.Recall < 0.9 {
		t.Errorf("precision %.3f recall %.3f on the sample", res.Precision, res.Recall)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"precision"`, `"recall"`, `"f1"`, `"records"`, `"seconds"`, `"review_share"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

func TestEvaluateSampleLink(t *testing.T) {
	var orgs, dups []Row
	for _, r := range loadSample(t) {
		if strings.HasSuffix(r.RecID, "-org") {
			orgs = append(orgs, r)
		} else {
			dups = append(dups, r)
		}
	}
	res, err := Evaluate(context.Background(), [][]Row{dups, orgs}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != "link" || res.Records != 99 || res.TruePairs != 30 {
		t.Fatalf("result %+v", res)
	}
	if res.Precision < 1 || res.Recall < 0.9 || res.Found != res.Links {
		t.Errorf("link result %+v", res)
	}
}

func TestEvaluateTrainedSample(t *testing.T) {
	opt := DefaultOptions()
	opt.Train = true
	res, err := Evaluate(context.Background(), [][]Row{loadSample(t)}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Trained == nil || res.Precision < 1 || res.Recall < 0.9 {
		t.Errorf("trained result %+v", res)
	}
}

func TestEvaluateErrors(t *testing.T) {
	if _, err := Evaluate(context.Background(), nil, DefaultOptions()); err == nil {
		t.Error("Evaluate without files succeeded")
	}
	opt := DefaultOptions()
	opt.Config.MaxCandidates = 0
	if _, err := Evaluate(context.Background(), [][]Row{loadSample(t)}, opt); err == nil {
		t.Error("Evaluate with a bad config succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, [][]Row{loadSample(t)}, DefaultOptions()); err == nil {
		t.Error("Evaluate on a cancelled context succeeded")
	}
}

// sharedFile returns the path of a FEBRL file in the shared data folder
// (TOREN_SHARED, default ../../../../shared) or skips the test.
func sharedFile(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("TOREN_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared")
	}
	p := filepath.Join(dir, "data", "febrl", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("FEBRL file not available (%v); set TOREN_SHARED", err)
	}
	return p
}

// TestFullDatasets checks the targets on the full FEBRL files: F1 at
// least 0.99 with precision at least 0.995, with the default model and
// with a model trained on the file.
func TestFullDatasets(t *testing.T) {
	for _, name := range []string{"dataset1.csv", "dataset2.csv"} {
		rows, err := LoadFile(sharedFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, train := range []bool{false, true} {
			opt := DefaultOptions()
			opt.Train = train
			res, err := Evaluate(context.Background(), [][]Row{rows}, opt)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s trained=%v: precision %.4f recall %.4f F1 %.4f review share %.4f (%d found, %d false, %d true pairs, %.2fs)",
				name, train, res.Precision, res.Recall, res.F1, res.ReviewShare, res.Found, res.FalsePositives, res.TruePairs, res.Seconds)
			if res.F1 < 0.99 || res.Precision < 0.995 {
				t.Errorf("%s trained=%v: F1 %.4f precision %.4f, want at least 0.99 and 0.995", name, train, res.F1, res.Precision)
			}
		}
	}
}

func FuzzLoad(f *testing.F) {
	sample, err := os.ReadFile(filepath.Join("testdata", "dataset1_head200.csv"))
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitAfter(string(sample), "\n")
	f.Add(strings.Join(lines[:5], ""))
	f.Add(lines[0] + "rec-1-org, \"a\"\"b\", c, , , , , , , 20010101, \n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := Load(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range rows {
			if _, ok := r.Entity(); !ok {
				t.Fatalf("row with bad rec_id accepted: %+v", r)
			}
			radar.NewRecord(r.Input(1))
		}
	})
}
