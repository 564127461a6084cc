package web

// textNLAdmin is the part of the Dutch catalogue (text.go) for management: accounts, teams, partners, clients, retention, the access log and emergency access.
var textNLAdmin = catalogue{}
