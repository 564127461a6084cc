package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"toren/internal/casework"
	"toren/internal/toren"
)

// The case file is worked in parts, one page each, with a side navigation:
// a case manager finds the contacts, the safety plan or the letters in one
// click instead of scrolling a page of several metres. "alles" shows every
// part on one page (to read through or print).

// casePart is one part of the case file and the sections (anchors) on it.
type casePart struct {
	Code, Label string
	Sections    []string
}

// caseParts are the parts in the order of the side navigation; the first
// is shown when none is asked for.
var caseParts = []casePart{
	{"overzicht", msg("case.part.overzicht"), []string{"samenvatting", "proces"}},
	{"betrokkenen", msg("case.part.betrokkenen"), []string{"betrokkenen"}},
	{"contacten", msg("case.part.contacten"), []string{"contacten", "informanten"}},
	{"veiligheid", msg("case.part.veiligheid"), []string{"afspraken", "voorwaarden"}},
	{"besluiten", msg("case.part.besluiten"), []string{"besluiten", "overdracht", "politie", "monitoring"}},
	{"brieven", msg("case.part.brieven"), []string{"brieven", "terugkoppeling"}},
	{"verloop", msg("case.part.verloop"), []string{"verloop"}},
}

// casePartAll shows every part on one page.
const casePartAll = "alles"

// casePartLink is a part in the side navigation.
type casePartLink struct {
	Code, Label, Href string
	Current           bool
	// Count is the number of records in the part ("" when not counted);
	// Late marks a part with something past its term.
	Count string
	Late  bool
}

// partOfSection returns the part a section (anchor) is on.
func partOfSection(section string) string {
	for _, p := range caseParts {
		if slices.Contains(p.Sections, section) {
			return p.Code
		}
	}
	return caseParts[0].Code
}

// partOfForm returns the part a form of the case page is on, so a refused
// form comes back in its own part.
func partOfForm(form string) string {
	kind := form
	if i := strings.IndexByte(form, '-'); i >= 0 {
		kind = form[:i]
	}
	switch kind {
	case "contact", "informant":
		return "contacten"
	case "agreement", "condition":
		return "veiligheid"
	case "decision", "refuse", "handover", "respond", "monitoring", "police":
		return "besluiten"
	case "feedback", "closing", "feedbackletter", "sent":
		return "brieven"
	}
	return caseParts[0].Code
}

// caseSectionURL is where a form of the case page returns after it was
// taken: the part with the section, the confirmation shown in it.
func caseSectionURL(caseID int64, section string) string {
	v := url.Values{"deel": {partOfSection(section)}, "bij": {section}}
	return caseURL(caseID) + "?" + v.Encode() + "#" + section
}

// choosePart reads the part and the section of the confirmation from the
// query. An unknown part is refused, naming the parameter.
func choosePart(q url.Values) (part, at string, err error) {
	part = q.Get("deel")
	switch {
	case part == "":
		part = caseParts[0].Code
	case part != casePartAll && !slices.ContainsFunc(caseParts, func(p casePart) bool { return p.Code == part }):
		return "", "", toren.Errorf(toren.CodeInvalid, "deel %q is not a part of the case file", part)
	}
	if s := q.Get("bij"); s != "" && partOfSection(s) == part {
		at = s
	}
	return part, at, nil
}

// Show reports whether a section is on the part shown.
func (p *casePage) Show(section string) bool {
	if p.Part == casePartAll {
		return true
	}
	return partOfSection(section) == p.Part
}

// FlashAt is the confirmation to show in a section: the one the form that
// was taken belongs to, or the first section shown.
func (p *casePage) FlashAt(section string) string {
	if p.Chrome.Flash == "" {
		return ""
	}
	at := p.At
	if at == "" {
		for _, cp := range caseParts {
			if p.Part == casePartAll || cp.Code == p.Part {
				at = cp.Sections[0]
				break
			}
		}
	}
	if section != at {
		return ""
	}
	return p.Chrome.Flash
}

// TopFlash is empty: the case page shows its confirmation where the user
// is, in the section of the form they sent (FlashAt).
func (p *casePage) TopFlash() string { return "" }

// partLinks fills the side navigation: each part with the number of its
// records, and a late marker where something is past its term.
func (p *casePage) partLinks() {
	f := p.File
	count := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	for _, cp := range caseParts {
		l := casePartLink{Code: cp.Code, Label: cp.Label, Current: cp.Code == p.Part,
			Href: caseURL(f.Case.ID) + "?deel=" + cp.Code}
		switch cp.Code {
		case "overzicht":
			l.Late = f.Late(casework.QueueDeadline, false)
		case "betrokkenen":
			l.Count = count(len(p.Persons))
		case "contacten":
			l.Count = count(len(f.Contacts) + len(f.Informants))
		case "veiligheid":
			l.Count, l.Late = count(len(f.Agreements)+len(f.Conditions)), f.Late(casework.QueueAgreement, false)
		case "besluiten":
			l.Count, l.Late = count(len(f.Decisions)), f.Late(casework.QueueDeadline, true)
		case "brieven":
			l.Count = count(len(p.Letters.Made) + len(p.Letters.SentOnly))
		}
		p.Parts = append(p.Parts, l)
	}
	p.Parts = append(p.Parts, casePartLink{Code: casePartAll, Label: msg("case.part.alles"), Current: p.Part == casePartAll,
		Href: caseURL(f.Case.ID) + "?deel=" + casePartAll})
}
