package generate

// BSNs of the synthetic population all begin with 9. To our knowledge
// municipalities have not issued numbers in that range (the national test
// data uses 9999…), which keeps them away from real people as far as we
// can; they pass the eleven test so the intake accepts them.
//
// A BSN is a function of the true person ID, so it needs no shared
// counter: the first digit is 9, the next six are a scrambled id/9, and of
// the (at least nine) eighth digits that leave a valid check digit the
// (id mod 9)-th is taken. That gives 9,000,000 distinct numbers.
const maxBSNIDs = 9_000_000

// bsnFor returns the BSN of the person with dense index n (0 <= n < maxBSNIDs).
func bsnFor(n int64) string {
	body := (n/9*387_643 + 271_829) % 1_000_000 // a bijection on 0..999999
	k := int(n % 9)
	var d [9]byte
	d[0] = 9
	for i := 6; i >= 1; i-- {
		d[i] = byte(body % 10)
		body /= 10
	}
	sum := 0
	for i := 0; i < 7; i++ {
		sum += (9 - i) * int(d[i])
	}
	for d8 := 0; d8 < 10; d8++ {
		check := (sum + 2*d8) % 11
		if check == 10 {
			continue
		}
		if k == 0 {
			d[7], d[8] = byte(d8), byte(check)
			break
		}
		k--
	}
	var s [9]byte
	for i := range d {
		s[i] = '0' + d[i]
	}
	return string(s[:])
}
