package web

// textNLRulesAdmin is the part of the Dutch catalogue (text.go) that words
// the rules of management and sign-in: accounts, clients, partners,
// emergency access, sessions, imports and drafts.
var textNLRulesAdmin = catalogue{}
