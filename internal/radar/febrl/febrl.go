// Package febrl loads the FEBRL synthetic person data sets and measures
// the radar's matcher on them: deduplication within one file, or linkage
// of one file to another, against the true identities in rec_id.
package febrl

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"toren/internal/radar"
	"toren/internal/toren"
)

// Row is one FEBRL record as written.
type Row struct {
	RecID        string // rec-12-org, rec-12-dup-0
	GivenName    string
	Surname      string
	StreetNumber string
	Address1     string
	Address2     string
	Suburb       string
	Postcode     string
	State        string
	DateOfBirth  string // YYYYMMDD
	SocSecID     string
}

var header = []string{"rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
	"suburb", "postcode", "state", "date_of_birth", "soc_sec_id"}

// Load reads a FEBRL CSV file: a header line, then 11 comma-separated
// fields per line, each optionally preceded by spaces.
func Load(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("febrl: empty file")
		}
		return nil, fmt.Errorf("febrl: read header: %w", err)
	}
	for i, h := range header {
		if strings.TrimSpace(head[i]) != h {
			return nil, fmt.Errorf("febrl: header column %d is %q, want %q", i+1, head[i], h)
		}
	}
	var rows []Row
	for {
		f, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("febrl: %w", err)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		row := Row{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]}
		if _, ok := row.Entity(); !ok {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("febrl: line %d: rec_id %q is not rec-<n>-org or rec-<n>-dup-<k>", line, row.RecID)
		}
		rows = append(rows, row)
	}
}

// LoadFile reads a FEBRL CSV file from disk.
func LoadFile(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("febrl: %w", err)
	}
	defer f.Close()
	rows, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// Entity returns the true identity: the <n> of rec-<n>-org and rec-<n>-dup-<k>.
func (r Row) Entity() (string, bool) {
	rest, ok := strings.CutPrefix(r.RecID, "rec-")
	if !ok {
		return "", false
	}
	n, kind, _ := strings.Cut(rest, "-")
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return "", false
	}
	if kind != "org" && !strings.HasPrefix(kind, "dup-") {
		return "", false
	}
	return n, true
}

// Input maps the row onto Toren's person fields. The social security id is
// a national id compared exactly, not a BSN; address_2 and state have no
// Toren field and are left out. A date of birth that is not a real date
// (the generator damages them) counts as unknown, as Toren's validation
// would refuse it.
func (r Row) Input(id int64) radar.Input {
	return radar.Input{
		ID:          id,
		FirstNames:  r.GivenName,
		Surname:     r.Surname,
		BirthDate:   parseDate(r.DateOfBirth),
		NationalID:  r.SocSecID,
		HouseNumber: r.StreetNumber,
		Street:      r.Address1,
		City:        r.Suburb,
		Postcode:    r.Postcode,
	}
}

func parseDate(s string) toren.Date {
	if len(s) != 8 {
		return toren.Date{}
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return toren.Date{}
	}
	return toren.DateOf(t)
}
