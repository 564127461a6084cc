package web

// textNLCase is the part of the Dutch catalogue (text.go) for the case file, its forms and the queues (page_case, part_casework, page_review, page_triage, page_caseaudit, page_alerts).
var textNLCase = catalogue{}
