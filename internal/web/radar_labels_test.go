package web

import "testing"

func TestDutchNumbers(t *testing.T) {
	for in, want := range map[float64]string{12.376: "+12,4", -3.04: "-3,0", 0: "+0,0"} {
		if got := bits(in); got != want {
			t.Errorf("bits(%g) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[float64]string{0.5: "50%", 0.999804: "99,98%", 0.9: "90%", 0.995: "99,5%", 1: "100%"} {
		if got := percent(in); got != want {
			t.Errorf("percent(%g) = %q, want %q", in, got, want)
		}
	}
}
