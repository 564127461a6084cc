package radar

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultModel(t *testing.T) {
	m := DefaultModel()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for f := range m.Fields {
		sum := map[int]float64{}
		for _, l := range m.Fields[f].Levels {
			sum[l.Group] += l.M
		}
		for g, s := range sum {
			if math.Abs(s-1) > 0.001 {
				t.Errorf("%v group %d: m sums to %v, want 1", Field(f), g, s)
			}
		}
		// The first level of a field is its strongest agreement.
		levels := m.Fields[f].Levels
		if levels[0].Weight() <= 0 || levels[lastOfGroup0(levels)].Weight() >= 0 {
			t.Errorf("%v: first level weight %.2f, last %.2f", Field(f), levels[0].Weight(), levels[lastOfGroup0(levels)].Weight())
		}
	}
}

func TestModelJSON(t *testing.T) {
	m := DefaultModel()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, back) {
		t.Error("model changed in a JSON round trip")
	}
	if !strings.Contains(string(b), `"field":"given_names"`) || !strings.Contains(string(b), `"name":"day_month_swapped"`) {
		t.Errorf("model JSON does not name fields and levels: %.200s", b)
	}
}

func TestModelValidate(t *testing.T) {
	bad := []func(*Model){
		func(m *Model) { m.Fields[FieldSex].Levels = m.Fields[FieldSex].Levels[:1] },
		func(m *Model) { m.Fields[FieldSex].Levels[0].M = 0 },
		func(m *Model) { m.Fields[FieldSex].Levels[0].U = 1.5 },
		func(m *Model) { m.Fields[FieldPhone].Field = FieldSex },
		func(m *Model) { m.MinTFU = 0 },
		func(m *Model) { m.TFPriorWeight = -1 },
	}
	for i, change := range bad {
		m := DefaultModel().Clone()
		change(&m)
		if m.Validate() == nil {
			t.Errorf("bad model %d passed validation", i)
		}
	}
}

func TestTermFrequencyAdjustment(t *testing.T) {
	m := DefaultModel()
	w := m.prepare()
	exact := func(count, n int) float64 {
		return w.fieldWeight(&m, FieldSurname, SurnameExact, &termCounts{N: n, Surname: count})
	}
	avg := m.Fields[FieldSurname].Levels[SurnameExact].Weight()
	// In a registry of a million, a name held by 5,000 proves less than
	// the average, one held by 50 more, and no name more than the floor.
	common, rare, unique := exact(5000, 1_000_000), exact(50, 1_000_000), exact(1, 1_000_000)
	if !(common < avg && avg < rare && rare <= unique) {
		t.Errorf("weights common %.2f, average %.2f, rare %.2f, unique %.2f", common, avg, rare, unique)
	}
	if want := math.Log2(m.Fields[FieldSurname].Levels[SurnameExact].M / m.MinTFU); math.Abs(unique-want) > 1e-9 {
		t.Errorf("unique name weight %.2f, want the floor's %.2f", unique, want)
	}
	// A small registry knows little: close to the average.
	if small := exact(1, 10); math.Abs(small-avg) > 0.5 {
		t.Errorf("weight in a registry of 10: %.2f, average %.2f", small, avg)
	}
	// Without counts, and for levels without adjustment, the level weight.
	if got := w.fieldWeight(&m, FieldSurname, SurnameExact, nil); got != avg {
		t.Errorf("no counts: %.2f, want %.2f", got, avg)
	}
	if got := w.fieldWeight(&m, FieldSurname, SurnameTypo, &termCounts{N: 100, Surname: 1}); got != m.Fields[FieldSurname].Levels[SurnameTypo].Weight() {
		t.Errorf("typo level adjusted: %.2f", got)
	}
	if got := w.fieldWeight(&m, FieldSurname, Null, nil); got != 0 {
		t.Errorf("null level weight %.2f, want 0", got)
	}
}
