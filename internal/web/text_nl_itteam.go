package web

// textNLITTeam is the part of the Dutch catalogue (text.go) for the Interventieteam pages (page_itteam_*).
var textNLITTeam = catalogue{
	// The list of input errors on the Interventieteam forms (part_iterrors.html).
	"itteam.errors.title":   "Niet opgeslagen: controleer de invoer",
	"itteam.errors.invalid": "De invoer klopt niet.",
}
