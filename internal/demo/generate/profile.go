package generate

import "toren/internal/reports"

// profile is how completely and how exactly one kind of reporter names
// people. The police copy from the population register (BRP) and are the
// most complete; a neighbour knows a call name and a rough age. All values
// are shares (0..1) and are hypotheses for realistic test data, not
// measurements.
type profile struct {
	bsn         float64 // the BSN is given
	wrongBSN    float64 // a family member's BSN is given instead (of those given)
	dobAdult    float64 // an adult's full date of birth is given
	dobChild    float64 // a child's full date of birth is given
	ageIfNoDOB  float64 // without a date of birth, an age is given
	ageGuess    float64 // a given age is a guess, off by up to two years
	dobError    float64 // a given date of birth is wrong (swap or digit)
	fullNames   float64 // all registered given names instead of the call name
	initials    float64 // initials instead of first names (adults)
	secondName  float64 // the second given name instead of the first
	variant     float64 // another spelling of the name (Mohamed, Meyer)
	particle    float64 // the particle written another way (of names with one)
	marriedName float64 // a wife under her husband's or a double name
	diacritics  float64 // diacritics dropped (of names with them)
	typo        float64 // a typing error in a name
	noSurname   float64 // only a first name is known
	sex         float64 // sex is given
	address     float64 // an address is given
	oldAddress  float64 // the address given is a previous one (when there is one)
	postcode    float64 // a given address has its postcode
}

func profileFor(k reports.ReporterKind) profile {
	switch k {
	case reports.ReporterPolice:
		return profile{bsn: 0.88, wrongBSN: 0.004, dobAdult: 0.97, dobChild: 0.97, ageIfNoDOB: 0.5, dobError: 0.01,
			fullNames: 0.75, initials: 0.02, secondName: 0.01, variant: 0.02, particle: 0.04, marriedName: 0.06,
			diacritics: 0.25, typo: 0.02, sex: 0.99, address: 0.95, oldAddress: 0.03, postcode: 0.98}
	case reports.ReporterJustice, reports.ReporterVTOtherRegion, reports.ReporterVTCustom, reports.ReporterSchoolAttendance:
		return profile{bsn: 0.55, wrongBSN: 0.003, dobAdult: 0.85, dobChild: 0.9, ageIfNoDOB: 0.5, dobError: 0.02,
			fullNames: 0.4, initials: 0.08, secondName: 0.02, variant: 0.04, particle: 0.08, marriedName: 0.15,
			diacritics: 0.4, typo: 0.03, sex: 0.97, address: 0.85, oldAddress: 0.06, postcode: 0.9}
	case reports.ReporterHealthCare, reports.ReporterMentalHealth:
		return profile{bsn: 0.3, wrongBSN: 0.003, dobAdult: 0.75, dobChild: 0.85, ageIfNoDOB: 0.6, dobError: 0.03,
			fullNames: 0.2, initials: 0.12, secondName: 0.03, variant: 0.06, particle: 0.1, marriedName: 0.2,
			diacritics: 0.5, typo: 0.05, sex: 0.95, address: 0.8, oldAddress: 0.08, postcode: 0.8}
	case reports.ReporterYouthCare, reports.ReporterSocialCare:
		return profile{bsn: 0.2, wrongBSN: 0.003, dobAdult: 0.6, dobChild: 0.9, ageIfNoDOB: 0.6, dobError: 0.03,
			fullNames: 0.1, initials: 0.08, secondName: 0.03, variant: 0.07, particle: 0.12, marriedName: 0.25,
			diacritics: 0.5, typo: 0.05, sex: 0.95, address: 0.8, oldAddress: 0.1, postcode: 0.75}
	case reports.ReporterEducation, reports.ReporterChildcare:
		return profile{bsn: 0.02, dobAdult: 0.15, dobChild: 0.92, ageIfNoDOB: 0.3, dobError: 0.03,
			fullNames: 0.05, initials: 0.25, secondName: 0.02, variant: 0.08, particle: 0.12, marriedName: 0.3,
			diacritics: 0.5, typo: 0.06, sex: 0.9, address: 0.75, oldAddress: 0.1, postcode: 0.7}
	case reports.ReporterCitizen:
		return profile{dobAdult: 0.05, dobChild: 0.1, ageIfNoDOB: 0.6, ageGuess: 0.5, dobError: 0.1,
			initials: 0.02, secondName: 0.02, variant: 0.12, particle: 0.15, marriedName: 0.3,
			diacritics: 0.7, typo: 0.1, noSurname: 0.08, sex: 0.9, address: 0.55, oldAddress: 0.1, postcode: 0.25}
	}
	// Other organisations: a housing corporation, debt counselling.
	return profile{bsn: 0.03, dobAdult: 0.3, dobChild: 0.5, ageIfNoDOB: 0.5, ageGuess: 0.2, dobError: 0.05,
		fullNames: 0.05, initials: 0.2, secondName: 0.03, variant: 0.08, particle: 0.12, marriedName: 0.3,
		diacritics: 0.6, typo: 0.07, noSurname: 0.02, sex: 0.9, address: 0.85, oldAddress: 0.1, postcode: 0.8}
}
