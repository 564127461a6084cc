package radar

// PhoneticKey returns the coarse sound code the radar blocks on for a
// folded name ("jansen" and "janssen", "meijer" and "meyer" share one).
// Person search indexes it so that a spelling variant typed at the desk
// finds the registry person the radar would consider.
func PhoneticKey(folded string) string { return phoneticKey(folded) }

// SplitSurname parses a surname as people write it ("van der Berg",
// "Berg, van der", "v.d. Berg", "Jansen-de Vries") into its leading
// particle folded without spaces ("vander", "vd") and the folded surname
// without particles, the parts of a double name joined by '-'
// ("jansen-vries"). The radar and person search share it, so that a
// search finds whom the radar would compare.
func SplitSurname(particle, surname string) (part, core string) {
	return splitSurname(particle, surname)
}

// IsParticle reports whether word, lower-cased and without dots, slashes
// and apostrophes, is a surname particle ("van", "de", "vd", "t").
func IsParticle(word string) bool { return particleWords[word] }

// ParticlesCompatible reports whether two different folded particles may
// be the same one written in short ("vd" and "vander").
func ParticlesCompatible(a, b string) bool { return a == b || particlesCompatible(a, b) }
