package reports

// The category lists follow the CBS Veilig Thuis statistics and the seed
// evaluation (domain reference §3.4, §3.5); codes are stable and stored.
// The pages word the codes from the web catalogue (report.<list>.<code>).
// Each code keeps its Dutch label here for the texts written outside the
// pages: the CBS statistics' rows (internal/stats, internal/itteam) and the
// reporter in a stored alert (internal/escalate). The web package's
// TestReportsRecordedWords holds these labels equal to the catalogue's.

// ReporterKind is the CBS category of the reporter or advice seeker.
type ReporterKind string

const (
	ReporterCitizen          ReporterKind = "citizen"           // niet-beroepsmatig
	ReporterPolice           ReporterKind = "police"            // justitie en veiligheid (vooral politie)
	ReporterJustice          ReporterKind = "justice"           // justitie en veiligheid, niet politie
	ReporterHealthCare       ReporterKind = "health_care"       // gezondheidszorg
	ReporterMentalHealth     ReporterKind = "mental_health"     // GGZ
	ReporterChildcare        ReporterKind = "childcare"         // kinderopvang
	ReporterEducation        ReporterKind = "education"         // onderwijs
	ReporterSchoolAttendance ReporterKind = "school_attendance" // Bureau Leerplicht
	ReporterYouthCare        ReporterKind = "youth_care"        // jeugdzorg
	ReporterSocialCare       ReporterKind = "social_care"       // maatschappelijke ondersteuning, wijkteam
	ReporterVTOtherRegion    ReporterKind = "vt_other_region"   // Veilig Thuis andere regio
	ReporterVTCustom         ReporterKind = "vt_custom"         // Veilig Thuis regionaal maatwerk
	ReporterOtherOrg         ReporterKind = "other_org"         // overige organisatie
)

// ReporterKinds lists every reporter kind with its Dutch label, in the order
// the interface shows them.
// Channels are how a signal came in, with their Dutch names.
var Channels = []Label[Channel]{
	{Code: ChannelPhone, NL: "Telefoon"}, {Code: ChannelChat, NL: "Chat"}, {Code: ChannelEmail, NL: "E-mail"},
	{Code: ChannelLetter, NL: "Brief"}, {Code: ChannelWeb, NL: "Webformulier"}, {Code: ChannelAPI, NL: "Koppeling (API)"},
	{Code: ChannelImport, NL: "Bulkimport"},
}

var ReporterKinds = []Label[ReporterKind]{
	{ReporterCitizen, "Niet-beroepsmatig (burger, slachtoffer, familie, buren)"},
	{ReporterPolice, "Politie"},
	{ReporterJustice, "Justitie en veiligheid (overig)"},
	{ReporterHealthCare, "Gezondheidszorg"},
	{ReporterMentalHealth, "Geestelijke gezondheidszorg (GGZ)"},
	{ReporterChildcare, "Kinderopvang"},
	{ReporterEducation, "Onderwijs"},
	{ReporterSchoolAttendance, "Bureau Leerplicht"},
	{ReporterYouthCare, "Jeugdzorg"},
	{ReporterSocialCare, "Wijkteam / maatschappelijke ondersteuning"},
	{ReporterVTOtherRegion, "Veilig Thuis andere regio"},
	{ReporterVTCustom, "Veilig Thuis regionaal maatwerk"},
	{ReporterOtherOrg, "Overige organisatie"},
}

// Role is a person's role in one report.
type Role string

const (
	RoleVictim      Role = "victim"      // slachtoffer
	RolePerpetrator Role = "perpetrator" // (vermoedelijke) pleger
	RoleChild       Role = "child"       // kind
	RoleParent      Role = "parent"      // ouder
	RoleWitness     Role = "witness"     // getuige
	RoleInformant   Role = "informant"   // informant
	RoleOther       Role = "other"       // overig (huisgenoot, netwerk)
)

var Roles = []Label[Role]{
	{RoleVictim, "Slachtoffer"},
	{RolePerpetrator, "(Vermoedelijke) pleger"},
	{RoleChild, "Kind"},
	{RoleParent, "Ouder"},
	{RoleWitness, "Getuige"},
	{RoleInformant, "Informant"},
	{RoleOther, "Overig"},
}

// Sex as registered; "x" where the person's documents say X.
type Sex string

const (
	SexUnknown Sex = ""
	SexFemale  Sex = "female"
	SexMale    Sex = "male"
	SexX       Sex = "x"
)

var Sexes = []Label[Sex]{
	{SexFemale, "Vrouw"},
	{SexMale, "Man"},
	{SexX, "X"},
}

// ViolenceType is the kind of violence (vorm van geweld).
type ViolenceType string

const (
	TypeChildAbuse         ViolenceType = "child_abuse"         // kindermishandeling
	TypePartner            ViolenceType = "partner"             // partnergeweld
	TypeExPartner          ViolenceType = "ex_partner"          // ex-partnergeweld
	TypeChildToParent      ViolenceType = "child_to_parent"     // ouderenmishandeling door kind / kind-oudergeweld
	TypeElderAbuse         ViolenceType = "elder_abuse"         // ouderenmishandeling
	TypeWitnessingDomestic ViolenceType = "witnessing_domestic" // getuige van huiselijk geweld (kind)
	TypeHonourRelated      ViolenceType = "honour_related"      // eergerelateerd geweld
	TypeOtherDomestic      ViolenceType = "other_domestic"      // overig huiselijk geweld
)

var ViolenceTypes = []Label[ViolenceType]{
	{TypeChildAbuse, "Kindermishandeling"},
	{TypePartner, "Partnergeweld"},
	{TypeExPartner, "Ex-partnergeweld"},
	{TypeChildToParent, "Kind-oudergeweld"},
	{TypeElderAbuse, "Ouderenmishandeling"},
	{TypeWitnessingDomestic, "Getuige van huiselijk geweld"},
	{TypeHonourRelated, "Eergerelateerd geweld"},
	{TypeOtherDomestic, "Overig huiselijk geweld"},
}

// Nature is the nature of the violence (aard).
type Nature string

const (
	NaturePhysicalAbuse        Nature = "physical_abuse"        // lichamelijke mishandeling
	NaturePhysicalNeglect      Nature = "physical_neglect"      // lichamelijke verwaarlozing
	NaturePsychologicalAbuse   Nature = "psychological_abuse"   // psychische mishandeling
	NaturePsychologicalNeglect Nature = "psychological_neglect" // psychische verwaarlozing
	NatureSexual               Nature = "sexual"                // seksueel geweld
	NatureThreats              Nature = "threats"               // bedreiging
	NatureDomesticQuarrel      Nature = "domestic_quarrel"      // huiselijke twist
	NatureStalking             Nature = "stalking"              // belaging
	NatureFinancial            Nature = "financial"             // financiële uitbuiting
	NatureOther                Nature = "other"                 // overig
)

var Natures = []Label[Nature]{
	{NaturePhysicalAbuse, "Lichamelijk geweld / mishandeling"},
	{NaturePhysicalNeglect, "Lichamelijke verwaarlozing"},
	{NaturePsychologicalAbuse, "Psychisch geweld / mishandeling"},
	{NaturePsychologicalNeglect, "Psychische verwaarlozing"},
	{NatureSexual, "Seksueel geweld"},
	{NatureThreats, "Bedreiging"},
	{NatureDomesticQuarrel, "Huiselijke twist"},
	{NatureStalking, "Belaging (stalking)"},
	{NatureFinancial, "Financiële uitbuiting"},
	{NatureOther, "Overig"},
}

// Label pairs a stored code with its Dutch label.
type Label[T ~string] struct {
	Code T
	NL   string
}

// LabelOf returns the Dutch label of code in list, or the code itself,
// for the statistics and stored texts; pages use the web catalogue.
func LabelOf[T ~string](list []Label[T], code T) string {
	for _, l := range list {
		if l.Code == code {
			return l.NL
		}
	}
	return string(code)
}

func known[T ~string](list []Label[T], code T) bool {
	for _, l := range list {
		if l.Code == code {
			return true
		}
	}
	return false
}

func codes[T ~string](list []Label[T]) string {
	s := ""
	for i, l := range list {
		if i > 0 {
			s += ", "
		}
		s += string(l.Code)
	}
	return s
}
