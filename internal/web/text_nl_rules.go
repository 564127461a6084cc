package web

// textNLRules is the part of the Dutch catalogue (text.go) that words the
// rules the services refuse input by, outside casework, reports and the
// Interventieteam (whose rules live in their own parts): letters, search,
// alerts, statistics, the registry, retention and the access copy.
var textNLRules = catalogue{}
