package nl

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

// The CBS list of municipalities for 2025 (Source: Statistics Netherlands
// (CBS), CC BY 4.0, converted to CSV; see data/README.md).
//
//go:embed data/gemeenten.csv
var gemeentenCSV string

// Municipality is one Dutch municipality as CBS lists it.
type Municipality struct {
	Code     string // "GM0363"
	Name     string // "Amsterdam"
	Province string
}

// Municipalities is the official list, looked up by code or by name.
type Municipalities struct {
	byCode map[string]Municipality
	byName map[string]Municipality
	all    []Municipality
}

// LoadMunicipalities parses the embedded CBS list.
func LoadMunicipalities() (*Municipalities, error) {
	return parseMunicipalities(gemeentenCSV)
}

func parseMunicipalities(data string) (*Municipalities, error) {
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read municipality list: %w", err)
	}
	if len(rows) < 2 || len(rows[0]) != 3 || rows[0][0] != "code" {
		return nil, fmt.Errorf("read municipality list: unexpected header %v", rows[0])
	}
	m := &Municipalities{byCode: map[string]Municipality{}, byName: map[string]Municipality{}}
	for i, r := range rows[1:] {
		if len(r) != 3 || len(r[0]) != 6 || !strings.HasPrefix(r[0], "GM") {
			return nil, fmt.Errorf("read municipality list: line %d: bad row %v", i+2, r)
		}
		mu := Municipality{Code: r[0], Name: r[1], Province: r[2]}
		m.byCode[mu.Code] = mu
		m.byName[foldName(mu.Name)] = mu
		m.all = append(m.all, mu)
	}
	// Users write "Hengelo" for "Hengelo (O.)"; accept the bare name when
	// only one municipality carries it ("Bergen" stays ambiguous).
	bare := map[string][]Municipality{}
	for _, mu := range m.all {
		if i := strings.Index(mu.Name, " ("); i > 0 {
			k := foldName(mu.Name[:i])
			bare[k] = append(bare[k], mu)
		}
	}
	for k, list := range bare {
		if _, taken := m.byName[k]; !taken && len(list) == 1 {
			m.byName[k] = list[0]
		}
	}
	sort.Slice(m.all, func(i, j int) bool { return m.all[i].Name < m.all[j].Name })
	return m, nil
}

// MustLoadMunicipalities is LoadMunicipalities for wiring and tests; the list
// is embedded, so a failure is a broken build.
func MustLoadMunicipalities() *Municipalities {
	m, err := LoadMunicipalities()
	if err != nil {
		panic(err)
	}
	return m
}

// ByCode returns the municipality with the CBS code ("GM0363" or "0363").
func (m *Municipalities) ByCode(code string) (Municipality, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 4 {
		code = "GM" + code
	}
	mu, ok := m.byCode[code]
	return mu, ok
}

// ByName returns the municipality with that name, ignoring case, and
// accepting the name without CBS's qualifier ("Hengelo" for "Hengelo (O.)")
// when that is unambiguous.
func (m *Municipalities) ByName(name string) (Municipality, bool) {
	mu, ok := m.byName[foldName(name)]
	return mu, ok
}

// Resolve accepts a code or a name and returns the municipality.
func (m *Municipalities) Resolve(s string) (Municipality, bool) {
	if mu, ok := m.ByCode(s); ok {
		return mu, true
	}
	return m.ByName(s)
}

// All returns the municipalities sorted by name.
func (m *Municipalities) All() []Municipality { return m.all }

func foldName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
