package generate

import (
	"math/rand/v2"
	"strconv"
)

// place is a municipality the synthetic families live in: its CBS code
// (2025), the town people write as their city, a plausible range of
// four-digit postcodes, a rough population in thousands as weight, and the
// police unit (eenheid) that covers it.
type place struct {
	code     string
	city     string
	pcLo     int
	pcHi     int
	weight   int
	unit     string
	unitCode int
}

// Police units with the number used in registration references.
const (
	unitNN  = "Noord-Nederland"
	unitON  = "Oost-Nederland"
	unitMN  = "Midden-Nederland"
	unitNH  = "Noord-Holland"
	unitAMS = "Amsterdam"
	unitDH  = "Den Haag"
	unitRot = "Rotterdam"
	unitZWB = "Zeeland-West-Brabant"
	unitOB  = "Oost-Brabant"
	unitLim = "Limburg"
)

func placesTable() []place {
	return []place{
		{"GM0363", "Amsterdam", 1011, 1109, 930, unitAMS, 3},
		{"GM0599", "Rotterdam", 3011, 3089, 670, unitRot, 6},
		{"GM0518", "Den Haag", 2491, 2597, 560, unitDH, 5},
		{"GM0344", "Utrecht", 3511, 3585, 370, unitMN, 9},
		{"GM0772", "Eindhoven", 5611, 5658, 245, unitOB, 7},
		{"GM0014", "Groningen", 9711, 9747, 240, unitNN, 1},
		{"GM0855", "Tilburg", 5011, 5049, 230, unitZWB, 8},
		{"GM0034", "Almere", 1311, 1364, 225, unitMN, 9},
		{"GM0758", "Breda", 4811, 4841, 185, unitZWB, 8},
		{"GM0268", "Nijmegen", 6511, 6546, 185, unitON, 2},
		{"GM0200", "Apeldoorn", 7311, 7339, 168, unitON, 2},
		{"GM0202", "Arnhem", 6811, 6846, 167, unitON, 2},
		{"GM0392", "Haarlem", 2011, 2037, 165, unitNH, 4},
		{"GM0394", "Hoofddorp", 2131, 2136, 160, unitNH, 4},
		{"GM0153", "Enschede", 7511, 7548, 160, unitON, 2},
		{"GM0307", "Amersfoort", 3811, 3829, 160, unitMN, 9},
		{"GM0479", "Zaandam", 1501, 1509, 158, unitNH, 4},
		{"GM0796", "'s-Hertogenbosch", 5211, 5237, 160, unitOB, 7},
		{"GM0193", "Zwolle", 8011, 8047, 132, unitON, 2},
		{"GM0546", "Leiden", 2311, 2334, 127, unitDH, 5},
		{"GM0637", "Zoetermeer", 2711, 2729, 127, unitDH, 5},
		{"GM0080", "Leeuwarden", 8911, 8939, 125, unitNN, 1},
		{"GM0935", "Maastricht", 6211, 6229, 122, unitLim, 10},
		{"GM0505", "Dordrecht", 3311, 3329, 121, unitRot, 6},
		{"GM0228", "Ede", 6711, 6718, 122, unitON, 2},
		{"GM1783", "Naaldwijk", 2671, 2676, 113, unitDH, 5},
		{"GM0484", "Alphen aan den Rijn", 2401, 2409, 115, unitDH, 5},
		{"GM0361", "Alkmaar", 1811, 1827, 110, unitNH, 4},
		{"GM0114", "Emmen", 7811, 7825, 108, unitNN, 1},
		{"GM0503", "Delft", 2611, 2629, 105, unitDH, 5},
		{"GM0983", "Venlo", 5911, 5929, 102, unitLim, 10},
		{"GM0150", "Deventer", 7411, 7429, 102, unitON, 2},
		{"GM1883", "Sittard", 6131, 6137, 91, unitLim, 10},
		{"GM0794", "Helmond", 5701, 5709, 93, unitOB, 7},
		{"GM0828", "Oss", 5341, 5349, 93, unitOB, 7},
		{"GM0402", "Hilversum", 1211, 1223, 92, unitMN, 9},
		{"GM0917", "Heerlen", 6411, 6422, 87, unitLim, 10},
		{"GM1900", "Sneek", 8601, 8609, 92, unitNN, 1},
		{"GM0439", "Purmerend", 1441, 1448, 93, unitNH, 4},
		{"GM1930", "Spijkenisse", 3201, 3209, 85, unitRot, 6},
		{"GM0995", "Lelystad", 8211, 8245, 80, unitMN, 9},
		{"GM1980", "Heerhugowaard", 1701, 1707, 88, unitNH, 4},
		{"GM1674", "Roosendaal", 4701, 4709, 77, unitZWB, 8},
		{"GM0606", "Schiedam", 3111, 3125, 80, unitRot, 6},
		{"GM0141", "Almelo", 7601, 7609, 73, unitON, 2},
		{"GM0513", "Gouda", 2801, 2809, 74, unitDH, 5},
		{"GM0405", "Hoorn", 1621, 1628, 74, unitNH, 4},
		{"GM0622", "Vlaardingen", 3131, 3138, 74, unitRot, 6},
		{"GM0748", "Bergen op Zoom", 4611, 4625, 68, unitZWB, 8},
		{"GM0502", "Capelle aan den IJssel", 2901, 2909, 68, unitRot, 6},
		{"GM0537", "Katwijk", 2221, 2225, 66, unitDH, 5},
		{"GM0345", "Veenendaal", 3901, 3907, 67, unitMN, 9},
		{"GM0355", "Zeist", 3701, 3709, 66, unitMN, 9},
		{"GM0106", "Assen", 9401, 9409, 69, unitNN, 1},
		{"GM0400", "Den Helder", 1781, 1789, 56, unitNH, 4},
		{"GM0164", "Hengelo", 7551, 7559, 81, unitON, 2},
		{"GM0222", "Doetinchem", 7001, 7009, 58, unitON, 2},
		{"GM0826", "Oosterhout", 4901, 4909, 57, unitZWB, 8},
		{"GM0243", "Harderwijk", 3841, 3849, 48, unitON, 2},
		{"GM0118", "Hoogeveen", 7901, 7909, 56, unitNN, 1},
		{"GM0074", "Heerenveen", 8441, 8448, 51, unitNN, 1},
		{"GM0777", "Etten-Leur", 4871, 4879, 44, unitZWB, 8},
		{"GM0957", "Roermond", 6041, 6049, 59, unitLim, 10},
		{"GM0988", "Weert", 6001, 6006, 50, unitLim, 10},
		{"GM0715", "Terneuzen", 4531, 4539, 54, unitZWB, 8},
		{"GM0718", "Vlissingen", 4381, 4389, 45, unitZWB, 8},
		{"GM0687", "Middelburg", 4331, 4339, 49, unitZWB, 8},
		{"GM0928", "Kerkrade", 6461, 6471, 45, unitLim, 10},
		{"GM0281", "Tiel", 4001, 4007, 42, unitON, 2},
	}
}

// streets are names that exist in many Dutch towns.
var streets = []string{
	"Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenstraat", "Molenweg", "Stationsstraat", "Stationsweg", "Julianastraat",
	"Wilhelminastraat", "Beatrixstraat", "Prins Bernhardlaan", "Oranjestraat", "Nassaulaan", "Emmastraat", "Lindelaan",
	"Eikenlaan", "Beukenlaan", "Berkenlaan", "Kastanjelaan", "Populierenlaan", "Esdoornstraat", "Rozenstraat", "Tulpstraat",
	"Narcisstraat", "Irisstraat", "Lelieweg", "Merelstraat", "Lijsterstraat", "Vinkenstraat", "Spechtstraat", "Mozartlaan",
	"Beethovenstraat", "Rembrandtlaan", "Vermeerstraat", "Van Goghstraat", "Frans Halsstraat", "Jan Steenstraat", "Hoofdstraat",
	"Nieuwstraat", "Marktstraat", "Brugstraat", "Havenstraat", "Parkweg", "Parallelweg", "Veldweg", "Zuidsingel", "Noordsingel",
	"Oostsingel", "Westsingel", "Sportlaan", "Meidoornlaan", "Vondelstraat", "Bilderdijkstraat", "Da Costastraat",
	"Thorbeckestraat", "Kennedylaan", "Churchilllaan", "Van der Waalsstraat", "Pieter de Hoochstraat", "Zonnebloemstraat",
}

// postcodeLetters are the letters PostNL uses in postcodes (it leaves out
// F, I, O, Q, U and Y to avoid confusion).
const postcodeLetters = "ABCDEGHJKLMNPRSTVWXZ"

// address is one home.
type address struct {
	place    int // index into the places table
	street   string
	number   string
	postcode string
}

func (g *Generator) newAddress(r *rand.Rand, near int) address {
	p := near
	if p < 0 || r.Float64() < 0.3 {
		p = g.pickPlace(r)
	}
	pl := g.places[p]
	var pc [7]byte
	digits := strconv.Itoa(pl.pcLo + r.IntN(pl.pcHi-pl.pcLo+1))
	copy(pc[:], digits)
	pc[4] = ' '
	for {
		pc[5] = postcodeLetters[r.IntN(len(postcodeLetters))]
		pc[6] = postcodeLetters[r.IntN(len(postcodeLetters))]
		if s := string(pc[5:]); s != "SA" && s != "SD" && s != "SS" {
			break
		}
	}
	n := 1 + int(r.ExpFloat64()*40)
	if n > 400 {
		n = 1 + r.IntN(400)
	}
	num := strconv.Itoa(n)
	switch x := r.Float64(); {
	case x < 0.05:
		num += string(rune('A' + r.IntN(4)))
	case x < 0.09:
		num += "-" + strconv.Itoa(1+r.IntN(4))
	case x < 0.10:
		num += "bis"
	}
	return address{place: p, street: streets[r.IntN(len(streets))], number: num, postcode: string(pc[:])}
}

func (g *Generator) pickPlace(r *rand.Rand) int {
	x := r.IntN(g.placeTotal)
	for i, c := range g.placeCum {
		if x < c {
			return i
		}
	}
	return len(g.placeCum) - 1
}
