package radar

// DefaultModel returns m and u probabilities set by reasoning about Dutch
// registry data, for use before there is data to learn from (TrainEM) and
// as the starting point of that learning. The reasons are kept next to
// the numbers. u is the chance that two different persons agree at the
// level; m the chance that two records of one person do. Records of one
// person in Toren come from different reporters over years: a neighbour
// knows a first name and a street, a police report has everything, a
// school knows the child's date of birth but not the father's.
func DefaultModel() Model {
	var m Model
	m.TFPriorWeight = 1000
	m.MinTFU = 1e-4
	set := func(f Field, levels ...Level) { m.Fields[f] = FieldModel{Field: f, Levels: levels} }

	set(FieldGivenNames,
		// The first given name is the name people use for most Dutch
		// persons, but about one in ten goes by another (roepnaam) or a
		// short form. Two random persons share a first name about 1 in 100
		// times (the most common names hold about 1% each); the
		// term-frequency adjustment refines this per name.
		Level{Name: "exact", M: 0.82, U: 0.01, TF: true},
		// One typo: common in typed reports; rare between random names.
		Level{Name: "typo", M: 0.04, U: 0.002},
		// Call name against official name ("Henk", "Hendrik"), or one name
		// in two transliterations ("Mehmet", "Mohamed"; namedata): a police
		// record carries the official name, a neighbour or school the call
		// name, so about one pair in sixteen of one person. Two random
		// persons fall in one group about 1 in 300 times (a group holds a
		// few of the common names).
		Level{Name: "call_name", M: 0.06, U: 0.003},
		// The roepnaam is a later given name ("Jan Pieter" called Pieter).
		Level{Name: "other_name", M: 0.03, U: 0.002},
		// Short forms and near spellings ("Alex", "Alexander"; "Mohamed",
		// "Mohammed"); about 2% of random name pairs are this close.
		Level{Name: "similar", M: 0.025, U: 0.02},
		// Given name written as surname and back: rare both ways; a
		// coincidental cross agreement is rarer still.
		Level{Name: "swapped", M: 0.005, U: 0.0001},
		// A really different name for one person: a nickname or a wrong
		// name in a report, about 2%.
		Level{Name: "disagree", M: 0.02, U: 0.963},
		// A side knows only initials: they agree for almost every match
		// and for about 1 in 12 random pairs (the first initial carries
		// most of it; J, M, A and S are common).
		Level{Name: "initials", Group: 1, M: 0.95, U: 0.08},
		Level{Name: "initials_differ", Group: 1, M: 0.05, U: 0.92},
	)
	set(FieldSurname,
		// Surnames change on marriage and are written in many ways, but
		// most reports write them the same. Σ f² over Dutch surnames is
		// about 0.003 (de Jong, Jansen and de Vries hold 0.5% each); the
		// term-frequency adjustment replaces it per name.
		Level{Name: "exact", M: 0.86, U: 0.003, TF: true},
		// One part of a double or married name ("Jansen-de Vries" and "de
		// Vries"): married women are reported under either.
		Level{Name: "part", M: 0.04, U: 0.0005},
		Level{Name: "typo", M: 0.04, U: 0.001},
		Level{Name: "similar", M: 0.02, U: 0.01},
		Level{Name: "swapped", M: 0.005, U: 0.0001},
		// A different surname for the same person: marriage without a
		// double name, a child reported under the other parent's name.
		Level{Name: "disagree", M: 0.035, U: 0.9855},
	)
	set(FieldParticle,
		// Only scored when at least one side has a particle. "de" and
		// "van" are so common that agreement proves little; leaving the
		// particle out happens in quick reports.
		Level{Name: "exact", M: 0.85, U: 0.35},
		Level{Name: "abbreviation", M: 0.03, U: 0.01},
		Level{Name: "one_sided", M: 0.10, U: 0.45},
		Level{Name: "disagree", M: 0.02, U: 0.19},
	)
	set(FieldBirthDate,
		// Birth dates spread over about 70 × 365 days: two random persons
		// share one 1 in 25,000 times.
		Level{Name: "exact", M: 0.93, U: 0.00004},
		// Day and month swapped (American order, or a form filled in
		// wrongly); as rare by chance as an exact agreement.
		Level{Name: "day_month_swapped", M: 0.01, U: 0.00004},
		// One digit off or two adjacent digits swapped: about 40 valid
		// dates of 25,000 are that close to a given one.
		Level{Name: "typo", M: 0.03, U: 0.0015},
		Level{Name: "disagree", M: 0.03, U: 0.99846},
		// A side knows only an age ("son of 4"): it allows two years of
		// about 70. Stated ages are estimates: a reporter who does not
		// know the date of birth guesses, and about one in ten guesses is
		// off by a year or more beyond that; within AgeSlack years more
		// is 6 more years of 70 for a random pair.
		Level{Name: "age_fits", Group: 1, M: 0.86, U: 0.03},
		Level{Name: "age_near", Group: 1, M: 0.1, U: 0.09},
		Level{Name: "age_differs", Group: 1, M: 0.04, U: 0.88},
	)
	set(FieldSex,
		// Recorded sex agrees for almost all matches (errors and
		// transitions are rare) and for half of the random pairs.
		Level{Name: "agree", M: 0.98, U: 0.5},
		Level{Name: "disagree", M: 0.02, U: 0.5},
	)
	set(FieldNationalID,
		// An identifier is personal, but reporters mistype it and
		// sometimes give a relative's: u is set to 1 in 100,000 rather
		// than 1 in the population, to leave room for that.
		Level{Name: "exact", M: 0.96, U: 0.00001},
		Level{Name: "typo", M: 0.02, U: 0.00002},
		Level{Name: "disagree", M: 0.02, U: 0.99997},
	)
	set(FieldAddress,
		// People move, and victims of violence move more: only about half
		// of the records of one person over the years share the address.
		// A postcode and house number is one household among millions, but
		// the household's other members share it, hence 1 in 10,000.
		Level{Name: "exact", M: 0.55, U: 0.0001},
		Level{Name: "close", M: 0.03, U: 0.0001},
		// Same postcode or street, other or unknown number: neighbours.
		Level{Name: "same_street", M: 0.05, U: 0.003},
		Level{Name: "disagree", M: 0.37, U: 0.9969},
	)
	set(FieldPlace,
		// Most moves stay within a town. A Veilig Thuis region has a few
		// dozen places, the largest holding a fifth of the people; the
		// term-frequency adjustment uses the real spread.
		Level{Name: "exact", M: 0.75, U: 0.05, TF: true},
		Level{Name: "close", M: 0.02, U: 0.002},
		Level{Name: "disagree", M: 0.23, U: 0.948},
	)
	set(FieldPhone,
		// Numbers change and households share them.
		Level{Name: "exact", M: 0.4, U: 0.0001},
		Level{Name: "disagree", M: 0.6, U: 0.9999},
	)
	set(FieldHousehold,
		// Scored only when persons named beside the mention in the same
		// report are linked. Veilig Thuis hears of most families more
		// than once: a person reported again is named beside someone of
		// the family they were named with before about half the time
		// (named_with; the other times the report names them alone, or
		// with a new partner). Otherwise they usually live with the
		// others named (a parent who moved out is the exception, about
		// one in three). Among the candidates blocking brings up (they
		// share a surname or a date), a stranger with the same name was
		// named with this family about 1 in 300 times, lives at one of
		// its addresses about as often, and belongs to a family of their
		// own (named_apart) about half the time. Relatives share both the
		// family and the address: this is not identity evidence on its
		// own (see Thresholds.Household and Thresholds.Family). The
		// weight of named_with grows with the registry
		// (Matcher.householdWeight): this u is its least.
		Level{Name: "same_household", M: 0.3, U: 0.003},
		Level{Name: "other_household", M: 0.17, U: 0.5},
		Level{Name: "named_with", M: 0.5, U: 0.003},
		Level{Name: "named_apart", M: 0.03, U: 0.494},
	)
	return m
}
