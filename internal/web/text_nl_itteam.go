package web

// textNLITTeam is the part of the Dutch catalogue (text.go) for the Interventieteam pages (page_itteam_*).
var textNLITTeam = catalogue{}
