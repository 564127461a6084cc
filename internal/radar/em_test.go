package radar

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sampleVectors draws comparison vectors from a known model: a share
// lambda of matches with levels drawn by m, the rest by u.
func sampleVectors(truth Model, lambda float64, n int, seed uint64) []Vector {
	rng := rand.New(rand.NewPCG(seed, 7))
	draw := func(levels []Level, match bool) int8 {
		// Group 0 only: the comparisons of one kind.
		r := rng.Float64()
		total, last := 0.0, int8(0)
		for l, lv := range levels {
			if lv.Group != 0 {
				continue
			}
			p := lv.U
			if match {
				p = lv.M
			}
			total += p
			last = int8(l)
			if r < total {
				return last
			}
		}
		return last
	}
	out := make([]Vector, n)
	for i := range out {
		match := rng.Float64() < lambda
		for f := range out[i] {
			out[i][f] = draw(truth.Fields[f].Levels, match)
		}
	}
	return out
}

func TestTrainEMRecoversAKnownModel(t *testing.T) {
	truth := DefaultModel()
	// Move the truth away from the start so that recovery means something:
	// a fifth of the first level's m goes to the last level of group 0.
	for f := range truth.Fields {
		lv := truth.Fields[f].Levels
		last := lastOfGroup0(lv)
		moved := lv[0].M * 0.2
		lv[0].M -= moved
		lv[last].M += moved
	}
	vectors := sampleVectors(truth, 0.3, 60_000, 1)
	got, res, err := TrainEM(DefaultModel(), vectors, EMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Errorf("EM did not converge in %d iterations", res.Iterations)
	}
	if math.Abs(res.Lambda-0.3) > 0.02 {
		t.Errorf("lambda = %.3f, want 0.3", res.Lambda)
	}
	for _, f := range []Field{FieldGivenNames, FieldSurname, FieldBirthDate, FieldSex, FieldAddress, FieldPlace} {
		for _, l := range []int8{0, lastOfGroup0(truth.Fields[f].Levels)} {
			want, have := truth.Fields[f].Levels[l].M, got.Fields[f].Levels[l].M
			if math.Abs(want-have) > 0.03 {
				t.Errorf("%v level %d: m = %.3f, want %.3f", f, l, have, want)
			}
		}
	}
	if err := got.Validate(); err != nil {
		t.Errorf("trained model invalid: %v", err)
	}
}

func lastOfGroup0(levels []Level) int8 {
	last := int8(0)
	for l, lv := range levels {
		if lv.Group == 0 {
			last = int8(l)
		}
	}
	return last
}

func TestTrainEMNeedsPairs(t *testing.T) {
	if _, _, err := TrainEM(DefaultModel(), nil, EMOptions{}); err == nil {
		t.Error("TrainEM without pairs succeeded")
	}
}

func TestEstimateU(t *testing.T) {
	start := DefaultModel()
	// 1,000 random pairs: sex agrees in 600; the national id never agrees.
	var random []Vector
	for i := 0; i < 1000; i++ {
		var v Vector
		for f := range v {
			v[f] = Null
		}
		v[FieldSex] = SexDisagree
		if i < 600 {
			v[FieldSex] = SexAgree
		}
		v[FieldNationalID] = IDDisagree
		random = append(random, v)
	}
	m := EstimateU(start, random, 10, 0, nil)
	if u := m.Fields[FieldSex].Levels[SexAgree].U; math.Abs(u-0.6) > 1e-9 {
		t.Errorf("u(sex agrees) = %v, want 0.6", u)
	}
	if u := m.Fields[FieldNationalID].Levels[IDExact].U; u != start.Fields[FieldNationalID].Levels[IDExact].U {
		t.Errorf("u(id exact) = %v, want the start value: never seen", u)
	}
	// With 10% matches among the pairs, their agreements come off first.
	m = EstimateU(start, random, 10, 0.1, nil)
	mAgree := start.Fields[FieldSex].Levels[SexAgree].M
	want := (600 - 0.1*1000*mAgree) / (1000 * 0.9)
	if u := m.Fields[FieldSex].Levels[SexAgree].U; math.Abs(u-want) > 1e-9 {
		t.Errorf("corrected u(sex agrees) = %v, want %v", u, want)
	}
	if start.Fields[FieldSex].Levels[SexAgree].U != 0.5 {
		t.Error("EstimateU changed its input model")
	}
}

func TestTrainOnSyntheticRegistry(t *testing.T) {
	s := newSynth(11)
	people := s.inputs(20_000)
	ix := NewIndex(0)
	for _, in := range people {
		ix.Add(NewRecord(in))
	}
	for i := 0; i < 2000; i++ {
		j := s.rng.IntN(len(people))
		in := s.mention(people[j])
		in.ID = people[j].ID
		ix.Add(NewRecord(in))
	}
	model, rep, err := Train(ix, DefaultModel(), TrainOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := model.Validate(); err != nil {
		t.Fatal(err)
	}
	// About 2,000 true pairs among 22,000·21,999/2 (persons mentioned twice
	// add a few, relatives none). The estimate leans on the independence
	// assumption: the right order of magnitude is what it must get.
	truth := 2000 / (22000.0 * 21999 / 2)
	if rep.MatchShare < truth/3 || rep.MatchShare > truth*3 {
		t.Errorf("match share = %.3g, want about %.3g", rep.MatchShare, truth)
	}
	if len(rep.Sessions) != len(trainingRules) {
		t.Errorf("sessions = %+v", rep.Sessions)
	}
	// What the data shows must be learnt: a date of birth agrees for most
	// matches and for very few random pairs.
	b := model.Fields[FieldBirthDate].Levels[BirthExact]
	if b.M < 0.7 || b.U > 0.001 {
		t.Errorf("birth date exact: m=%.3f u=%.5f", b.M, b.U)
	}
	// The trained model still links a mention to the right person.
	m, err := NewMatcher(ix, model, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	linked, wrong := 0, 0
	for i := 0; i < 300; i++ {
		p := people[s.rng.IntN(len(people))]
		dec, _ := m.Resolve(NewRecord(s.mention(p)))
		if dec.Outcome == OutcomeLink {
			linked++
			if dec.Candidate.ID != p.ID {
				wrong++
			}
		}
	}
	if wrong > 0 || linked < 240 {
		t.Errorf("trained model linked %d of 300 mentions, %d wrongly", linked, wrong)
	}
}
