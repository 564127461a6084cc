package generate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"toren/internal/reports"
)

// The reporters and the texts they write are in Dutch, as Veilig Thuis
// receives them. Organisation names are generic and the e-mail addresses
// use the reserved .example domain, so nobody real can be reached.

type orgKind struct {
	names     []string // %s is the town
	functions []string
}

func orgsFor(k reports.ReporterKind) orgKind {
	switch k {
	case reports.ReporterHealthCare:
		return orgKind{[]string{"Huisartsenpraktijk De Linde", "Huisartsenpraktijk Centrum %s", "Huisartsenpraktijk Het Kompas",
			"Spoedeisende Hulp Ziekenhuis %s", "Consultatiebureau %s", "Verloskundigenpraktijk %s", "Huisartsenpost %s"},
			[]string{"huisarts", "SEH-arts", "jeugdverpleegkundige", "verloskundige", "praktijkondersteuner"}}
	case reports.ReporterMentalHealth:
		return orgKind{[]string{"GGZ %s", "Verslavingszorg %s", "Praktijk voor psychotherapie %s"},
			[]string{"psychiater", "behandelaar", "sociaal psychiatrisch verpleegkundige"}}
	case reports.ReporterEducation:
		return orgKind{[]string{"Basisschool De Regenboog", "Basisschool De Wegwijzer", "OBS Het Kompas", "CBS De Fontein",
			"Basisschool De Sterrenkijker", "%s College", "Openbare Scholengemeenschap %s"},
			[]string{"leerkracht", "intern begeleider", "zorgcoördinator", "mentor", "directeur"}}
	case reports.ReporterChildcare:
		return orgKind{[]string{"Kinderdagverblijf Het Bijenkorfje", "Kinderopvang De Speelhoek", "BSO De Boomhut", "Peuteropvang 't Kabouterhuis"},
			[]string{"pedagogisch medewerker", "locatiemanager"}}
	case reports.ReporterSchoolAttendance:
		return orgKind{[]string{"Bureau Leerplicht %s"}, []string{"leerplichtambtenaar"}}
	case reports.ReporterYouthCare:
		return orgKind{[]string{"Jeugdbescherming regio %s", "Jeugdhulp %s", "Gezinshuis %s"},
			[]string{"jeugdzorgwerker", "jeugdbeschermer", "gezinscoach"}}
	case reports.ReporterSocialCare:
		return orgKind{[]string{"Wijkteam %s Noord", "Wijkteam %s Zuid", "Wijkteam %s Centrum", "Sociaal wijkteam %s",
			"Algemeen Maatschappelijk Werk %s", "Vrouwenopvang %s"},
			[]string{"wijkteammedewerker", "maatschappelijk werker", "begeleider"}}
	case reports.ReporterJustice:
		return orgKind{[]string{"Reclassering Nederland", "Raad voor de Kinderbescherming", "Openbaar Ministerie"},
			[]string{"reclasseringswerker", "raadsonderzoeker", "parketsecretaris"}}
	case reports.ReporterVTOtherRegion:
		return orgKind{[]string{"Veilig Thuis regio %s"}, []string{"medewerker crisisdienst", "casemanager"}}
	case reports.ReporterVTCustom:
		return orgKind{[]string{"Veilig Thuis %s (regionaal maatwerk)"}, []string{"casemanager"}}
	}
	return orgKind{[]string{"Woningcorporatie %s Wonen", "Schuldhulpverlening %s", "Thuiszorg %s", "Sportvereniging %s"},
		[]string{"woonconsulent", "schuldhulpverlener", "wijkverpleegkundige", "trainer"}}
}

var policeFunctions = []string{"Team Zorg en Veiligheid", "wijkagent", "zorgcoördinator", "Basisteam"}

var citizenRelations = []string{"buurvrouw", "buurman", "zus", "moeder", "vriendin", "collega", "slachtoffer zelf", "oom"}

// reporter makes the reporter of a report.
func (g *Generator) reporter(r *rand.Rand, kind reports.ReporterKind, pl *place, f *family) reports.Reporter {
	rep := reports.Reporter{Kind: kind}
	switch kind {
	case reports.ReporterPolice:
		rep.Organisation = "Politie Eenheid " + pl.unit
		rep.Function = policeFunctions[r.IntN(len(policeFunctions))]
		if rep.Function == "Basisteam" {
			rep.Function += " " + pl.city
		}
		rep.Phone = "0900-8844" // the police's public number
		return rep
	case reports.ReporterCitizen:
		rel := citizenRelations[r.IntN(len(citizenRelations))]
		rep.Relation = rel
		var first, last string
		if rel == "slachtoffer zelf" {
			a := &f.members[slotA]
			first, last = a.callName, joinName(a.particle, a.surname)
		} else {
			first, last = g.randomName(r)
		}
		rep.Name = first + " " + last
		rep.Email = slug(first) + "." + slug(last) + "@mail.example"
		rep.ProtectIdentity = strings.HasPrefix(rel, "buur") && r.Float64() < 0.5 || r.Float64() < 0.05
		return rep
	}
	o := orgsFor(kind)
	name := o.names[r.IntN(len(o.names))]
	town := pl.city
	if kind == reports.ReporterVTOtherRegion {
		town = g.places[g.pickPlace(r)].city
	}
	if strings.Contains(name, "%s") {
		name = fmt.Sprintf(name, town)
	}
	rep.Organisation = name
	rep.Function = o.functions[r.IntN(len(o.functions))]
	first, last := g.randomName(r)
	if r.Float64() < 0.85 {
		rep.Name = first + " " + last
	}
	rep.Email = slug(first[:1]) + "." + slug(last) + "@" + slug(name) + ".example"
	return rep
}

// randomName is the name of someone outside the family: a reporter.
func (g *Generator) randomName(r *rand.Rand) (first, last string) {
	o := origin(pickArr(r, originWeights[:]))
	p := &g.pools[o]
	list := p.female[genAdult]
	if r.IntN(3) == 0 {
		list = p.male[genAdult]
	}
	particle, base := g.surname(r, o)
	return list[r.IntN(len(list))], joinName(particle, base)
}

// slug keeps the ASCII letters and digits of s, lower case.
func slug(s string) string {
	s = foldDiacritics(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

var openings = map[reports.ReporterKind][]string{
	reports.ReporterPolice: {"Politie ter plaatse geweest na een melding van de buren.", "Politie ter plaatse na een 112-melding van het slachtoffer.",
		"Melding via de meldkamer; een omstander hoorde geschreeuw.", "Politie kwam ter plaatse op verzoek van een familielid."},
	reports.ReporterHealthCare: {"Op de spoedeisende hulp gezien met letsel dat niet past bij de uitleg.",
		"Tijdens het consult kwam de situatie thuis ter sprake.", "Op het spreekuur gemeld met klachten die wij in verband brengen met de thuissituatie."},
	reports.ReporterMentalHealth: {"Tijdens de behandeling kwamen zorgen over de thuissituatie naar voren.",
		"Cliënt vertelde in het gesprek over geweld thuis."},
	reports.ReporterEducation: {"De leerkracht maakt zich zorgen over de thuissituatie.", "Het kind vertelde op school over wat er thuis gebeurt.",
		"Het kind komt regelmatig met blauwe plekken op school en is stil en teruggetrokken.", "Het kind komt vaak te laat, zonder ontbijt en in vuile kleding."},
	reports.ReporterChildcare:        {"Op de opvang valt op dat het kind angstig is bij het ophalen.", "Een pedagogisch medewerker zag blauwe plekken bij het verschonen."},
	reports.ReporterSchoolAttendance: {"De leerling verzuimt veel; bij het huisbezoek bleek de thuissituatie zorgelijk."},
	reports.ReporterYouthCare: {"Binnen ons traject zijn nieuwe zorgen over de veiligheid ontstaan.",
		"Het gezin is bij ons bekend; afspraken over veiligheid worden niet nagekomen."},
	reports.ReporterSocialCare: {"Het wijkteam is betrokken en ziet de situatie verslechteren.", "Bij een huisbezoek van het wijkteam bleek de situatie onveilig."},
	reports.ReporterJustice:    {"Vanuit ons toezicht kregen wij signalen over geweld in het gezin."},
	reports.ReporterVTOtherRegion: {"Het gezin is vanuit onze regio verhuisd; wij dragen de melding over.",
		"Melding ontvangen over een gezin dat in uw regio woont."},
	reports.ReporterVTCustom: {"Vanuit het regionale maatwerk melden wij nieuwe zorgen."},
	reports.ReporterCitizen:  {"Melder hoort regelmatig harde ruzies.", "Melder maakt zich al langer zorgen.", "Melder belt omdat het thuis niet veilig is."},
	reports.ReporterOtherOrg: {"Bij een huisbezoek vielen de omstandigheden op.", "Tijdens ons contact vertelde de cliënt over de situatie thuis."},
}

// incidentTexts describe an incident; {v} is the victim, {p} the perpetrator.
var incidentTexts = [...][]string{
	incPartner: {"{p} heeft {v} geslagen; {v} heeft letsel in het gezicht.", "Er was een hoog oplopende ruzie waarbij met spullen is gegooid.",
		"{p} heeft {v} bij de keel gegrepen.", "{p} bedreigt {v} en controleert de telefoon van {v}.",
		"Over en weer geduwd en geschreeuwd; beiden onder invloed van alcohol."},
	incExPartner: {"{p} accepteert de breuk niet en staat herhaaldelijk onaangekondigd voor de deur.", "{p} stuurt {v} dreigende berichten.",
		"Bij de overdracht van de kinderen liep het uit de hand; {p} sloeg {v}.", "{p} achtervolgt {v} en is de woning binnengedrongen."},
	incNewPartner: {"Er is geweld in de nieuwe relatie; {p} heeft {v} geduwd en geslagen.",
		"Sinds de nieuwe partner in huis woont, is er veel ruzie; {p} bedreigt {v}."},
	incChildAbuse: {"Er zijn zorgen over lichamelijke mishandeling van de kinderen.", "De kinderen worden thuis regelmatig geslagen.",
		"De kinderen zien er verwaarloosd uit; er is vaak geen eten in huis.", "Er wordt thuis veel tegen de kinderen geschreeuwd; zij zijn angstig.",
		"De ouders lijken niet in staat de basiszorg te bieden."},
	incChildToParent: {"{p} is agressief naar {v} en heeft {v} geduwd.", "{p} eist geld van {v} en dreigt met geweld.",
		"{p} vernielt spullen in huis als het niet gaat zoals gewenst."},
	incElder: {"{v} wordt door {p} financieel uitgebuit.", "{v} is afhankelijk van de zorg van {p} en ziet er verwaarloosd uit.",
		"{p} schreeuwt tegen {v} en heeft {v} geduwd.", "Er wordt geld van de rekening van {v} gehaald."},
}

var policeClosings = []string{"Verdachte aangehouden.", "Partijen gescheiden; verdachte verblijft elders.", "Geen aangifte gedaan.",
	"Aangifte opgenomen.", "Een tijdelijk huisverbod wordt overwogen."}

// describe writes the report's free text from fragments.
func describe(r *rand.Rand, f *family, ev *event, sel []chosen, kids int, rep reports.Reporter) string {
	victim, perp := "het slachtoffer", "de pleger"
	for _, s := range sel {
		m := &f.members[s.slot]
		switch s.role {
		case reports.RoleVictim:
			victim = personWord(f, s.slot, m.sex)
		case reports.RolePerpetrator:
			perp = personWord(f, s.slot, m.sex)
		}
	}
	var b strings.Builder
	if o := openings[rep.Kind]; len(o) > 0 {
		b.WriteString(o[r.IntN(len(o))])
		b.WriteByte(' ')
	}
	texts := incidentTexts[ev.incident]
	tpl := texts[r.IntN(len(texts))]
	if kids == 0 && strings.Contains(tpl, "kinderen") && ev.incident != incChildAbuse {
		tpl = texts[0] // the first text of each incident needs no children
	}
	text := strings.ReplaceAll(tpl, "{v}", victim)
	b.WriteString(capitalise(strings.ReplaceAll(text, "{p}", perp)))
	switch {
	case kids == 1:
		b.WriteString(" Er is één kind in beeld.")
	case kids > 1:
		fmt.Fprintf(&b, " Er zijn %d kinderen in beeld.", kids)
	}
	if ev.incident != incChildAbuse && ev.incident != incElder && kids > 0 && r.Float64() < 0.6 {
		if kids == 1 {
			b.WriteString(" Het kind was aanwezig.")
		} else {
			b.WriteString(" De kinderen waren aanwezig.")
		}
	}
	if rep.Kind == reports.ReporterPolice {
		b.WriteByte(' ')
		b.WriteString(policeClosings[r.IntN(len(policeClosings))])
	}
	return b.String()
}

// personWord is how a report refers to a member: "mevrouw", "de zoon".
func personWord(f *family, slot int, sex reports.Sex) string {
	switch {
	case slot >= slotChild && f.kind >= kindChildToParent:
		if sex == reports.SexMale {
			return "de zoon"
		}
		return "de dochter"
	case slot == slotA && f.kind == kindChildToParent:
		return "moeder"
	case slot == slotA && f.kind == kindElder:
		if sex == reports.SexMale {
			return "de oudere meneer"
		}
		return "de oudere mevrouw"
	case sex == reports.SexMale:
		return "meneer"
	}
	return "mevrouw"
}
