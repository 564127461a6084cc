package generate

// The name pools below are small hand-made lists of common names as the
// Dutch population carries them (no frequency data: see the README of the
// shared names folder on why first-name frequencies are not used). Every
// combination the generator makes is synthetic.

// surname is a surname with its particle (tussenvoegsel) and a weight.
type surname struct {
	particle, base string
	weight         int32
}

// origin is the naming tradition of a person.
type origin uint8

const (
	originDutch origin = iota
	originTurkish
	originMoroccan
	originSurinamese
	originPolish
	originSyrian
	numOrigins
)

var originNames = [numOrigins]string{"dutch", "turkish", "moroccan", "surinamese", "polish", "syrian"}

// originWeights approximate the shares of households with these naming
// traditions among Veilig Thuis reports (the Dutch population by
// migration background, rounded, with the small groups left out).
var originWeights = [numOrigins]float64{0.74, 0.06, 0.07, 0.05, 0.04, 0.04}

// generation picks a first-name list by year of birth.
type generation uint8

const (
	genOld   generation = iota // born before 1962
	genAdult                   // born 1962-1999
	genYoung                   // born 2000 or later
)

func generationOf(year int) generation {
	switch {
	case year < 1962:
		return genOld
	case year < 2000:
		return genAdult
	}
	return genYoung
}

// namePool holds one tradition's names.
type namePool struct {
	surnames []surname
	// female and male first names per generation.
	female, male [3][]string
	// secondFemale, secondMale are second given names; secondShare is the
	// share of people who have one.
	secondFemale, secondMale []string
	secondShare              float64
}

func unweighted(names ...string) []surname {
	out := make([]surname, len(names))
	for i, n := range names {
		out[i] = surname{base: n, weight: 1}
	}
	return out
}

// pools returns the name pools, indexed by origin. It builds fresh values
// so the package keeps no mutable state.
func pools() [numOrigins]namePool {
	var p [numOrigins]namePool
	p[originDutch] = namePool{
		surnames: dutchSurnames,
		female: [3][]string{
			{"Maria", "Johanna", "Cornelia", "Wilhelmina", "Hendrika", "Geertruida", "Elisabeth", "Petronella", "Adriana", "Anna",
				"Gerda", "Ria", "Annie", "Truus", "Joke", "Corrie", "Ineke", "Marja", "Tineke", "Els", "Trees", "Riet", "Thea", "Ans"},
			{"Lisanne", "Kim", "Sanne", "Linda", "Marloes", "Esther", "Anouk", "Iris", "Nicole", "Sandra", "Manon", "Judith", "Mariska",
				"Chantal", "Daphne", "Ilse", "Kelly", "Laura", "Marieke", "Petra", "Wendy", "Yvonne", "Angela", "Monique", "Jolanda",
				"Patricia", "Bianca", "Melissa", "Samantha", "Priscilla", "Demi", "Naomi", "Femke", "Lotte", "Britt", "Kimberley"},
			{"Emma", "Julia", "Sophie", "Tess", "Zoë", "Mila", "Sara", "Eva", "Anna", "Noor", "Fenna", "Lotte", "Evi", "Saar", "Lisa",
				"Fleur", "Liv", "Nora", "Yara", "Olivia", "Nina", "Sofie", "Isa", "Lieke", "Roos", "Maud", "Femke", "Jasmijn", "Sanne", "Elin"},
		},
		male: [3][]string{
			{"Johannes", "Cornelis", "Hendrik", "Jacobus", "Adrianus", "Theodorus", "Wilhelmus", "Gerardus", "Petrus", "Antonius",
				"Franciscus", "Albertus", "Jan", "Pieter", "Willem", "Gerrit", "Henk", "Kees", "Gerard", "Wim", "Ton", "Frans", "Hans", "Bert"},
			{"Dennis", "Mark", "Jeroen", "Bas", "Martijn", "Sander", "Niels", "Tim", "Kevin", "Patrick", "Erik", "Rob", "Michel", "Ronald",
				"Peter", "Marco", "Richard", "Stefan", "Vincent", "Wouter", "Joost", "Ricardo", "Danny", "Mike", "Jordy", "Sven", "Remco",
				"Arjan", "Edwin", "Gerben", "Rick", "Jeffrey"},
			{"Noah", "Daan", "Sem", "Lucas", "Levi", "Finn", "Luuk", "Milan", "Jesse", "Bram", "Liam", "Thijs", "Sam", "Mees", "Adam",
				"Ruben", "Thomas", "Lars", "Siem", "Tim", "Max", "Jayden", "Julian", "Gijs", "Stijn", "Jens", "Teun", "Hugo", "Boaz", "Mats"},
		},
		secondFemale: []string{"Maria", "Johanna", "Elisabeth", "Anna", "Catharina", "Cornelia", "Sophie", "Willemijn", "Margaretha", "Louise"},
		secondMale:   []string{"Johannes", "Cornelis", "Hendrik", "Petrus", "Jacobus", "Willem", "Pieter", "Jan", "Gerardus", "Antonius"},
		secondShare:  0.7,
	}
	p[originTurkish] = namePool{
		surnames: unweighted("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
			"Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Ünal", "Polat", "Erdoğan", "Güneş", "Aksoy",
			"Bulut", "Karaca", "Tekin", "Korkmaz", "Akın"),
		female: [3][]string{
			{"Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Hacer", "Meryem", "Elif"},
			{"Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Hatice", "Büşra", "Merve", "Esra", "Özlem", "Gül", "Derya", "Sevgi", "Songül"},
			{"Elif", "Zeynep", "Ecrin", "Defne", "Azra", "Hiranur", "Eylül", "Meryem", "Yağmur", "Ela", "Sara", "Lina"},
		},
		male: [3][]string{
			{"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman"},
			{"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre", "Yusuf", "Burak", "Ömer", "Kemal", "Serkan"},
			{"Yusuf", "Emir", "Ömer", "Mustafa", "Eymen", "Kerem", "Mert", "Emre", "Efe", "Adam", "Ayaz", "Miraç"},
		},
		secondShare: 0.1, secondFemale: []string{"Nur", "Gül"}, secondMale: []string{"Ali", "Can"},
	}
	p[originMoroccan] = namePool{
		surnames: unweighted("El Amrani", "Bouzid", "El Idrissi", "Ouali", "Benali", "Azzouzi", "El Khatib", "Boukhari", "Amrani",
			"Ziani", "El Ouardi", "Bakkali", "Haddou", "Chaouch", "Tahiri", "Belhaj", "El Hamdaoui", "Boujdaini", "Aarab", "Mourabit",
			"Akhiat", "El Moussaoui", "Zerouali", "Benhaddou", "Lamrani", "Oulad Ali", "Ait Taleb", "Bouchtaoui"),
		female: [3][]string{
			{"Fatima", "Khadija", "Aicha", "Rahma", "Zohra", "Malika", "Zineb"},
			{"Fatima", "Khadija", "Naima", "Samira", "Nadia", "Malika", "Amina", "Souad", "Hanane", "Loubna", "Yasmina", "Imane", "Salma",
				"Nora", "Karima", "Hafsa"},
			{"Noor", "Amira", "Lina", "Yasmin", "Hiba", "Aya", "Sara", "Malak", "Rania", "Ilham", "Nisrine", "Soumaya"},
		},
		male: [3][]string{
			{"Mohammed", "Ahmed", "Abdelkader", "Mimoun", "Driss", "Abdeslam", "Lahcen"},
			{"Mohammed", "Ahmed", "Mustafa", "Hassan", "Rachid", "Youssef", "Said", "Karim", "Mourad", "Bilal", "Khalid", "Omar", "Nordin",
				"Abdelkader", "Hamid", "Jamal"},
			{"Adam", "Mohamed", "Ayoub", "Rayan", "Ilias", "Zakaria", "Yassine", "Amin", "Bilal", "Anas", "Imran", "Youssef"},
		},
		secondShare: 0.05, secondFemale: []string{"Fatima"}, secondMale: []string{"Mohammed"},
	}
	p[originSurinamese] = namePool{
		surnames: unweighted("Ramdin", "Jagroep", "Ramsaran", "Sewnarain", "Mahabier", "Doerga", "Kartosen", "Karijo", "Sardjoe",
			"Biharie", "Lachman", "Ramkisoen", "Baldew", "Naarendorp", "Pinas", "Zeegelaar", "Wijngaarde", "Kromodikoro", "Soekhoe",
			"Sabajo", "Vlijter", "Linger", "Aroma", "Emanuelson", "Kanhai", "Balesar", "Nijman", "Refos"),
		female: [3][]string{
			{"Sita", "Lila", "Wilhelmina", "Johanna", "Carmen", "Hilda", "Elfriede"},
			{"Sharmila", "Anita", "Shanti", "Priya", "Sunita", "Nisha", "Rowena", "Ingrid", "Sharon", "Natasha", "Jennifer", "Cynthia",
				"Shirley", "Romana"},
			{"Shania", "Aaliyah", "Priya", "Kiara", "Jaylinn", "Naomi", "Maya", "Anjali", "Zoë", "Rihanna", "Sanaya"},
		},
		male: [3][]string{
			{"Ramdew", "Harry", "Roy", "Eddy", "Frits", "Winston", "Ramon"},
			{"Ravi", "Rajesh", "Sunil", "Anil", "Dinesh", "Romeo", "Ricardo", "Glenn", "Clyde", "Errol", "Marvin", "Ryan", "Roy", "Sergio"},
			{"Jayden", "Ravi", "Dylan", "Jaylen", "Aryan", "Xavier", "Noah", "Kenzo", "Dion", "Quincy", "Jaivy", "Shane"},
		},
		secondShare: 0.3, secondFemale: []string{"Devi", "Kumari", "Maria"}, secondMale: []string{"Kumar", "Prakash", "Johannes"},
	}
	p[originPolish] = namePool{
		surnames: unweighted("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
			"Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski", "Zając",
			"Pawłowski", "Michalski", "Król", "Wieczorek", "Nowicki", "Adamczyk"),
		female: [3][]string{
			{"Maria", "Krystyna", "Barbara", "Teresa", "Danuta", "Halina"},
			{"Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Małgorzata", "Ewa", "Monika", "Aleksandra", "Justyna", "Beata", "Marta"},
			{"Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Lena", "Alicja", "Oliwia", "Amelia", "Natalia"},
		},
		male: [3][]string{
			{"Stanisław", "Józef", "Jan", "Andrzej", "Tadeusz", "Zbigniew"},
			{"Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Łukasz", "Grzegorz", "Jakub", "Kamil", "Wojciech", "Dariusz"},
			{"Antoni", "Jan", "Aleksander", "Franciszek", "Nikodem", "Jakub", "Szymon", "Filip", "Kacper", "Adam"},
		},
		secondShare: 0.4, secondFemale: []string{"Maria", "Anna", "Katarzyna"}, secondMale: []string{"Jan", "Józef", "Piotr"},
	}
	p[originSyrian] = namePool{
		surnames: unweighted("Al-Ahmad", "Alhassan", "Al Khatib", "Haddad", "Hamdan", "Darwish", "Khalil", "Ibrahim", "Mansour",
			"Nasser", "Youssef", "Al-Ali", "Sabbagh", "Othman", "Kurdi", "Hamoud", "Abdullah", "Al-Hamwi", "Suleiman", "Qassem"),
		female: [3][]string{
			{"Fatima", "Amina", "Khadija", "Samira", "Mariam"},
			{"Fatima", "Aya", "Rasha", "Hala", "Noor", "Lama", "Rima", "Dana", "Amal", "Reem", "Hiba", "Sara", "Rania", "Yara"},
			{"Sham", "Maryam", "Lana", "Jana", "Rahaf", "Layan", "Tala", "Aya", "Nour", "Hala"},
		},
		male: [3][]string{
			{"Mohammad", "Ahmad", "Mahmoud", "Ali", "Hassan", "Abdullah"},
			{"Mohammad", "Ahmad", "Khaled", "Omar", "Ali", "Hussein", "Mahmoud", "Yaser", "Abdullah", "Samer", "Hassan", "Bashar", "Firas"},
			{"Mohammad", "Omar", "Adam", "Yamen", "Karam", "Majd", "Ahmad", "Hamza", "Ibrahim", "Zain"},
		},
		secondShare: 0.05, secondFemale: []string{"Nour"}, secondMale: []string{"Ali"},
	}
	return p
}

// callNames maps formal given names, as the register has them, to the
// names people actually go by (roepnaam). Older Dutch people are often
// registered as "Johanna Cornelia" and known as "Joke".
var callNames = map[string][]string{
	"Maria": {"Marja", "Ria", "Mies", "Marijke"}, "Johanna": {"Joke", "Hanneke", "Anneke", "Jo"},
	"Cornelia": {"Corrie", "Cor", "Nel"}, "Wilhelmina": {"Willy", "Mien", "Wil"}, "Hendrika": {"Riek", "Rika", "Henny"},
	"Geertruida": {"Truus", "Trudy"}, "Elisabeth": {"Els", "Lies", "Bep"}, "Petronella": {"Nel", "Ellen", "Pietje"},
	"Adriana": {"Jeanne", "Adrie", "Janny"}, "Anna": {"Anneke", "Ans", "Annie"},
	"Johannes": {"Jan", "Hans", "Joop"}, "Cornelis": {"Kees", "Cor"}, "Hendrik": {"Henk", "Henny"}, "Jacobus": {"Koos", "Jaap"},
	"Adrianus": {"Ad", "Arie", "Janus"}, "Theodorus": {"Theo", "Ruud"}, "Wilhelmus": {"Wim", "Willem"}, "Gerardus": {"Gerard", "Gert"},
	"Petrus": {"Peter", "Piet"}, "Antonius": {"Ton", "Toon", "Anton"}, "Franciscus": {"Frans", "Frank"}, "Albertus": {"Bert", "Albert"},
	"Stanisław": {"Staszek"}, "Wojciech": {"Wojtek"}, "Aleksandra": {"Ola"}, "Katarzyna": {"Kasia"}, "Małgorzata": {"Gosia"},
}

// firstNameVariants are spellings that reporters use for the same given
// name: transliterations of Arabic and Turkish names and Dutch spelling
// habits ("oe" for "u" in Surinamese names).
var firstNameVariants = map[string][]string{
	"Mohammed": {"Mohamed", "Muhammed", "Mohammad", "Mohamad"}, "Mohamed": {"Mohammed", "Muhammed"},
	"Mohammad": {"Mohammed", "Muhammad", "Mohamad"}, "Ahmed": {"Ahmad", "Achmed"}, "Ahmad": {"Ahmed", "Achmad"},
	"Mustafa": {"Mustapha", "Moustafa"}, "Youssef": {"Yousef", "Yusuf", "Joesoef"}, "Yusuf": {"Youssef", "Yousef"},
	"Rachid": {"Rashid", "Rachied"}, "Said": {"Saïd", "Saied"}, "Khadija": {"Khadidja", "Hadija"}, "Fatima": {"Fatma", "Fatimah"},
	"Fatma": {"Fatima"}, "Hassan": {"Hasan", "Hassane"}, "Hasan": {"Hassan"}, "Hüseyin": {"Huseyin", "Hussein"},
	"Hussein": {"Hüseyin", "Husein"}, "Ayşe": {"Ayse", "Aise"}, "Abdelkader": {"Abdelkadir", "Abdel Kader"}, "Karim": {"Kareem"},
	"Khalid": {"Khaled", "Chalid"}, "Khaled": {"Khalid"}, "Omar": {"Umar", "Oumar"}, "Ömer": {"Omer", "Omar"}, "Naima": {"Naïma"},
	"Ilias": {"Ilyas", "Elias"}, "Rayan": {"Ryan", "Rayane"}, "Yasmina": {"Jasmina"}, "Yasmin": {"Jasmin", "Yasmine"},
	"Imane": {"Iman"}, "Souad": {"Soad", "Suad"}, "Amira": {"Ameera"}, "Noor": {"Nour", "Nur"}, "Nour": {"Noor"},
	"Sharmila": {"Sharmilla"}, "Priya": {"Prija"}, "Shanti": {"Shantie"}, "Rajesh": {"Radjesh"}, "Sunita": {"Soenita"},
	"Sunil": {"Soenil"}, "Anil": {"Aniel"}, "Katarzyna": {"Katarzina"}, "Jayden": {"Jaydon", "Jaiden"}, "Chantal": {"Shantal"},
	"Priscilla": {"Priscila"}, "Anouk": {"Anoek"}, "Niels": {"Nils"}, "Marloes": {"Marlous"}, "Nicole": {"Nicolle"},
	"Jordy": {"Jordi"}, "Erik": {"Eric"}, "Marco": {"Marko"}, "Stefan": {"Stephan"}, "Michel": {"Michael"}, "Lucas": {"Lukas"},
	"Julia": {"Julie"}, "Sophie": {"Sofie"}, "Sofie": {"Sophie"}, "Noah": {"Noa"}, "Levi": {"Levy"}, "Finn": {"Fin"},
	"Luuk": {"Luc"}, "Thijs": {"Tijs"}, "Sara": {"Sarah"}, "Lotte": {"Lotta"}, "Evi": {"Evie"}, "Isa": {"Iza"},
	"Kimberley": {"Kimberly"}, "Jeffrey": {"Jeffry"}, "Sanne": {"Sanna"}, "Zakaria": {"Zakariya"}, "Yassine": {"Yasin"},
}
