package radar

import (
	"fmt"
	"math"
)

// Level is one comparison outcome of a field with its Fellegi-Sunter
// probabilities: M = P(outcome | same person), U = P(outcome | different
// persons). Its weight is log2(M/U) bits.
type Level struct {
	Name string `json:"name"`
	// Group partitions a field's levels by the kind of comparison made:
	// M and U sum to one within a group. Given names compared in full
	// and compared by initials only are two groups.
	Group int     `json:"group"`
	M     float64 `json:"m"`
	U     float64 `json:"u"`
	// TF marks an agreement whose U is replaced by the frequency of the
	// agreed value in the registry (term-frequency adjustment): agreeing
	// on "de Jong" proves less than agreeing on "Zwanikken".
	TF bool `json:"tf,omitempty"`
}

// Weight is the level's evidence in bits.
func (l Level) Weight() float64 { return math.Log2(l.M / l.U) }

// FieldModel holds the levels of one field in level order (see the
// Given*, Surname*, ... constants).
type FieldModel struct {
	Field  Field   `json:"field"`
	Levels []Level `json:"levels"`
}

// Model is a Fellegi-Sunter model: per field and level the m and u
// probabilities, plus the settings of the term-frequency adjustment.
type Model struct {
	Fields [NumFields]FieldModel `json:"fields"`
	// TFPriorWeight is how many registry records the level's average U
	// counts for when estimating a value's frequency: u = (count +
	// k·U)/(N + k). A small registry says little about how common a name
	// is; a large one says it all.
	TFPriorWeight float64 `json:"tf_prior_weight"`
	// MinTFU is the floor of a term-frequency U. A name is never taken as
	// rarer than this, because the registry under-counts the population
	// reports come from and relatives share rare names.
	MinTFU float64 `json:"min_tf_u"`
}

// levelCount is the number of levels each field must have.
var levelCount = [NumFields]int{
	FieldGivenNames: 9, FieldSurname: 6, FieldParticle: 4, FieldBirthDate: 7, FieldSex: 2,
	FieldNationalID: 3, FieldAddress: 4, FieldPlace: 3, FieldPhone: 2, FieldHousehold: 4,
}

const maxLevels = 9

// Validate checks that the model has the levels the comparisons produce
// and usable probabilities.
func (m Model) Validate() error {
	for f := Field(0); f < NumFields; f++ {
		fm := m.Fields[f]
		if fm.Field != f {
			return fmt.Errorf("radar model: field %d is %v, want %v", f, fm.Field, f)
		}
		if len(fm.Levels) != levelCount[f] {
			return fmt.Errorf("radar model: field %v has %d levels, want %d", f, len(fm.Levels), levelCount[f])
		}
		for _, l := range fm.Levels {
			if !(l.M > 0 && l.M <= 1 && l.U > 0 && l.U <= 1) {
				return fmt.Errorf("radar model: field %v level %q: m=%g u=%g, want both in (0, 1]", f, l.Name, l.M, l.U)
			}
		}
	}
	if m.TFPriorWeight < 0 || !(m.MinTFU > 0 && m.MinTFU < 1) {
		return fmt.Errorf("radar model: tf_prior_weight=%g min_tf_u=%g out of range", m.TFPriorWeight, m.MinTFU)
	}
	return nil
}

// Clone returns a deep copy, so that training never changes its input.
func (m Model) Clone() Model {
	for f := range m.Fields {
		m.Fields[f].Levels = append([]Level(nil), m.Fields[f].Levels...)
	}
	return m
}

// tfU is the term-frequency u of a value seen count times among n
// registry records, shrunk towards the level's average u for small n.
func (m Model) tfU(avg float64, count, n int) float64 {
	u := (float64(count) + m.TFPriorWeight*avg) / (float64(n) + m.TFPriorWeight)
	return max(u, m.MinTFU)
}

// weights is a model prepared for scoring: every level's weight looked up
// by index.
type weights struct {
	w  [NumFields][maxLevels]float64
	tf [NumFields][maxLevels]bool
	m  [NumFields][maxLevels]float64
	u  [NumFields][maxLevels]float64
}

func (m Model) prepare() *weights {
	var p weights
	for f := range m.Fields {
		for i, l := range m.Fields[f].Levels {
			p.w[f][i] = l.Weight()
			p.tf[f][i] = l.TF
			p.m[f][i] = l.M
			p.u[f][i] = l.U
		}
	}
	return &p
}

// termCounts are the registry counts of a candidate's values, for the
// term-frequency adjustment. Zero N means no registry is known: the
// level's average u is used.
type termCounts struct {
	N                    int // registry records
	Given, Surname, City int // records sharing the candidate's first given name, surname, city
}

// fieldWeight returns the weight of level l of field f for a pair whose
// candidate has the given frequencies.
func (p *weights) fieldWeight(m *Model, f Field, l int8, fr *termCounts) float64 {
	if l == Null {
		return 0
	}
	if !p.tf[f][l] || fr == nil || fr.N == 0 {
		return p.w[f][l]
	}
	var count int
	switch f {
	case FieldGivenNames:
		count = fr.Given
	case FieldSurname:
		count = fr.Surname
	case FieldPlace:
		count = fr.City
	default:
		return p.w[f][l]
	}
	if count < 0 {
		return p.w[f][l]
	}
	return math.Log2(p.m[f][l] / m.tfU(p.u[f][l], count, fr.N))
}
