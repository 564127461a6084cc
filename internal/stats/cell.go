package stats

import (
	"strconv"
	"strings"
)

// MinCount is the smallest count shown as it is. A count from 1 to
// MinCount-1 is shown as "<5": small numbers can single out a family,
// especially per municipality or per month. Zero describes nobody and is
// shown.
const MinCount = 5

// Small reports whether count n must not be shown.
func Small(n int64) bool { return n > 0 && n < MinCount }

// Hidden is what a cell shows instead of a figure that rests on a small
// count without being one: a percentage of it, a count hidden so that a
// total does not give a small one away.
const Hidden = "x"

// NoData is what a cell shows when there is nothing to compute (a
// percentage of zero).
const NoData = "–"

type cellKind uint8

const (
	countCell cellKind = iota
	percentCell
	daysCell
)

// Cell is one figure of a table. Its number is kept unexported, so that
// the only ways to show it, String and CSV, apply the suppression rule.
type Cell struct {
	kind cellKind
	n    int64   // the count; the numerator of a percentage; the number of values behind days
	d    int64   // the denominator of a percentage
	v    float64 // days
	// hidden: the figure must not be shown.
	hidden bool
}

// Count returns the cell of a count, hidden when Small.
func Count(n int64) Cell { return Cell{kind: countCell, n: n, hidden: Small(n)} }

// Percent returns num as a share of den. It is hidden when either count
// is hidden or den is small, since a share of a small count shows the
// count; it shows NoData when den is zero.
func Percent(num, den Cell) Cell {
	return Cell{kind: percentCell, n: num.n, d: den.n, hidden: num.hidden || den.hidden || Small(den.n)}
}

// Days returns a number of working days computed from n case files (a
// median), hidden when n is small.
func Days(v float64, n int64) Cell { return Cell{kind: daysCell, v: v, n: n, hidden: Small(n)} }

// Sum returns the count of cells added up; it is hidden when one of them is.
func Sum(cells ...Cell) Cell {
	s := Cell{kind: countCell}
	for _, c := range cells {
		s.n += c.n
		s.hidden = s.hidden || c.hidden
	}
	s.hidden = s.hidden || Small(s.n)
	return s
}

// Suppressed reports whether the cell hides its figure.
func (c Cell) Suppressed() bool { return c.hidden }

// Value returns the count of a count cell, and false when it is hidden or
// not a count.
func (c Cell) Value() (int64, bool) {
	if c.hidden || c.kind != countCell {
		return 0, false
	}
	return c.n, true
}

// String returns the cell as the page shows it: "1.234", "<5", "12,5%",
// "3,5", Hidden or NoData.
func (c Cell) String() string { return c.text(true) }

// CSV returns the cell as the export writes it: like String, without the
// thousands separator and the percent sign.
func (c Cell) CSV() string { return c.text(false) }

func (c Cell) text(display bool) string {
	switch c.kind {
	case countCell:
		switch {
		case Small(c.n):
			return "<" + strconv.Itoa(MinCount)
		case c.hidden:
			return Hidden
		case display:
			return thousands(c.n)
		}
		return strconv.FormatInt(c.n, 10)
	case percentCell:
		switch {
		case c.hidden:
			return Hidden
		case c.d == 0:
			return NoData
		}
		s := decimal(100 * float64(c.n) / float64(c.d))
		if display {
			s += "%"
		}
		return s
	default:
		switch {
		case c.hidden:
			return Hidden
		case c.n == 0:
			return NoData
		}
		return decimal(c.v)
	}
}

// decimal writes v with one decimal and a decimal comma.
func decimal(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
}

// thousands writes n with dots between groups of three digits (12.345).
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// protectLine applies the secondary rule to one additive line of counts
// (cells that add up to a total shown elsewhere): when exactly one count
// in it is hidden, the total minus the others would give it away, so the
// smallest other count that is not zero is hidden too.
func protectLine(cells []*Cell) {
	hidden := 0
	var smallest *Cell
	for _, c := range cells {
		if c.hidden {
			hidden++
			continue
		}
		if c.n > 0 && (smallest == nil || c.n < smallest.n) {
			smallest = c
		}
	}
	if hidden == 1 && smallest != nil {
		smallest.hidden = true
	}
}

// ProtectLine applies the secondary rule to cells that add up to a total
// shown elsewhere (a table built outside this package, such as the
// Interventieteam's year): when exactly one is hidden, the smallest other
// count that is not zero is hidden too.
func ProtectLine(cells []*Cell) { protectLine(cells) }
