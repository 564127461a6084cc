package radar

import "unicode/utf8"

// The string metrics below work on folded names: short, lower case and
// nearly always ASCII. They run on bytes when both strings are ASCII and on
// runes otherwise, and use stack buffers for names up to maxFast
// characters so that scoring a candidate does not allocate.

const maxFast = 48

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// JaroWinkler returns the Jaro-Winkler similarity of a and b in [0, 1]:
// 1 for equal strings, 0 when they share no characters. The Winkler bonus
// (prefix scale 0.1, up to four characters) rewards a shared start, which
// suits names: typos cluster at the end more than at the start.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinkler([]byte(a), []byte(b))
	}
	return jaroWinkler([]rune(a), []rune(b))
}

func jaroWinkler[T byte | rune](a, b []T) float64 {
	j := jaro(a, b)
	if j <= 0.7 {
		return j
	}
	prefix := 0
	for prefix < len(a) && prefix < len(b) && prefix < 4 && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

func jaro[T byte | rune](a, b []T) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var fa, fb [maxFast]bool
	ma, mb := fa[:], fb[:]
	if la > maxFast {
		ma = make([]bool, la)
	}
	if lb > maxFast {
		mb = make([]bool, lb)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for k := lo; k < hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transpositions, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			transpositions++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(la) + m/float64(lb) + (m-float64(transpositions)/2)/m) / 3
}

// EditDistance returns the optimal-string-alignment (restricted
// Damerau-Levenshtein) distance between a and b: insertions, deletions,
// substitutions and swaps of two adjacent characters each cost one. It
// stops counting at limit and returns limit+1 when the distance is larger,
// so a typo test ("at most one edit") stays cheap on long strings.
func EditDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	if isASCII(a) && isASCII(b) {
		return osa([]byte(a), []byte(b), limit)
	}
	return osa([]rune(a), []rune(b), limit)
}

func osa[T byte | rune](a, b []T, limit int) int {
	la, lb := len(a), len(b)
	if d := la - lb; d > limit || -d > limit {
		return limit + 1
	}
	if la == 0 || lb == 0 {
		return max(la, lb)
	}
	var r0, r1, r2 [maxFast + 1]int
	prev2, prev, cur := r0[:], r1[:], r2[:]
	if lb > maxFast {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for k := 0; k <= lb; k++ {
		prev[k] = k
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for k := 1; k <= lb; k++ {
			cost := 1
			if a[i-1] == b[k-1] {
				cost = 0
			}
			v := min(prev[k]+1, cur[k-1]+1, prev[k-1]+cost)
			if i > 1 && k > 1 && a[i-1] == b[k-2] && a[i-2] == b[k-1] {
				v = min(v, prev2[k-2]+1)
			}
			cur[k] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[lb], limit+1)
}

// jaroWinklerJoined is JaroWinkler(p1+s1, p2+s2) without building the
// strings when they are short ASCII.
func jaroWinklerJoined(p1, s1, p2, s2 string) float64 {
	if len(p1)+len(s1) > maxFast || len(p2)+len(s2) > maxFast ||
		!isASCII(p1) || !isASCII(s1) || !isASCII(p2) || !isASCII(s2) {
		return JaroWinkler(p1+s1, p2+s2)
	}
	var ba, bb [maxFast]byte
	a := append(append(ba[:0], p1...), s1...)
	b := append(append(bb[:0], p2...), s2...)
	if string(a) == string(b) {
		return 1
	}
	return jaroWinkler(a, b)
}
