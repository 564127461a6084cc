package subjectaccess

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"toren/internal/casework"
	"toren/internal/itteam"
	"toren/internal/persons"
	"toren/internal/reports"
)

// redactor replaces, in free text, what identifies a third party or a
// protected reporter: the names, numbers and streets Toren knows of them.
// The subject's own data stays.
type redactor struct {
	subject persons.Person
	terms   map[string]string // lower-cased term -> mark
	re      *regexp.Regexp    // built lazily from terms
	words   Words
}

func newRedactor(subject persons.Person, words Words) *redactor {
	return &redactor{subject: subject, terms: map[string]string{}, words: words}
}

// word names code of the catalogue's list in the copy (Words).
func word[T ~string](r *redactor, list string, code T) string {
	if r.words == nil || code == "" {
		return string(code)
	}
	return r.words(list, string(code))
}

// own reports whether term is part of the subject's own data, which a
// copy never hides from them.
func (r *redactor) own(term string) bool {
	t := strings.ToLower(term)
	s := r.subject
	for _, v := range []string{s.Surname, s.Particle + " " + s.Surname, s.BSN, s.Phone, s.Street} {
		if v != "" && strings.ToLower(strings.TrimSpace(v)) == t {
			return true
		}
	}
	for _, w := range strings.Fields(s.FirstNames) {
		if strings.ToLower(w) == t {
			return true
		}
	}
	return false
}

func (r *redactor) add(term, mark string) {
	term = strings.TrimSpace(term)
	if len([]rune(term)) < 2 || r.own(term) {
		return
	}
	key := strings.ToLower(term)
	if cur, ok := r.terms[key]; ok && cur == MarkReporter {
		return // the stronger mark stays
	}
	r.terms[key] = mark
	r.re = nil
}

// learnName adds a full name as said ("Karin de Boer") and its words.
func (r *redactor) learnName(name, mark string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	r.add(name, mark)
	// The tail of a name as people shorten it: "De Linde" of
	// "Huisartsenpraktijk De Linde".
	words := strings.Fields(name)
	for i := 1; i+1 < len(words); i++ {
		r.add(strings.Join(words[i:], " "), mark)
	}
	for _, w := range words {
		if len([]rune(w)) >= 3 && !particle(w) {
			r.add(w, mark)
		}
	}
}

// learnReport learns the third parties and a protected reporter of r.
func (r *redactor) learnReport(rp *reports.Report, subjectID int64) {
	for _, m := range rp.Persons {
		if m.PersonID == subjectID {
			continue
		}
		r.learnMention(m, MarkThirdParty)
	}
	if rp.Reporter.ProtectIdentity {
		rep := rp.Reporter
		for _, v := range []string{rep.Name, rep.Organisation, rep.Function, rep.Relation} {
			r.learnName(v, MarkReporter)
		}
		r.add(rep.Phone, MarkReporter)
		r.add(rep.Email, MarkReporter)
	}
}

func (r *redactor) learnMention(m reports.Mention, mark string) {
	r.learnName(strings.Join(strings.Fields(m.FirstNames+" "+m.Particle+" "+m.Surname), " "), mark)
	r.learnName(strings.Join(strings.Fields(m.Particle+" "+m.Surname), " "), mark)
	for _, w := range strings.Fields(m.FirstNames) {
		r.add(w, mark)
	}
	r.add(m.BSN, mark)
	r.add(m.Phone, mark)
	if m.Street != "" {
		r.add(strings.TrimSpace(m.Street+" "+m.HouseNumber), mark)
	}
}

// particle reports whether w is a Dutch surname particle ("van", "de"),
// which alone names nobody.
func particle(w string) bool {
	switch strings.ToLower(w) {
	case "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "v.d.":
		return true
	}
	return false
}

// text returns s with every known term replaced by its mark, longest
// terms first, whole words only, in one pass (a mark is never read again).
func (r *redactor) text(s string) string {
	if s == "" || len(r.terms) == 0 {
		return s
	}
	if r.re == nil {
		keys := make([]string, 0, len(r.terms))
		for k := range r.terms {
			keys = append(keys, regexp.QuoteMeta(k))
		}
		sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
		r.re = regexp.MustCompile(`(?i)(` + strings.Join(keys, "|") + `)`)
	}
	var b strings.Builder
	last := 0
	for _, m := range r.re.FindAllStringIndex(s, -1) {
		if !boundary(s, m[0], m[1]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(r.terms[strings.ToLower(s[m[0]:m[1]])])
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// boundary reports whether s[i:j] is a whole word (or words): no letter or
// digit right before or after it.
func boundary(s string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// report is rp as the subject may see it.
func (r *redactor) report(rp *reports.Report, subjectID int64) ReportCopy {
	c := ReportCopy{Number: rp.Number, Kind: rp.Kind, ReceivedAt: rp.ReceivedAt, Channel: rp.Channel, Acute: rp.Acute,
		ViolenceTypes: rp.ViolenceTypes, Description: r.text(rp.Description), SubjectAs: []reports.Mention{}, Others: []reports.Role{}}
	if rp.Reporter.ProtectIdentity {
		c.Reporter = rp.Reporter.Hidden()
	} else {
		c.Reporter = reports.Reporter{Kind: rp.Reporter.Kind, Name: rp.Reporter.Name, Organisation: rp.Reporter.Organisation,
			Function: rp.Reporter.Function, Relation: rp.Reporter.Relation}
	}
	for _, m := range rp.Persons {
		if m.PersonID == subjectID {
			m.ID = 0
			c.SubjectAs = append(c.SubjectAs, m)
			continue
		}
		c.Others = append(c.Others, m.Role)
	}
	return c
}

// caseFile is f as the subject may see it.
func (r *redactor) caseFile(f *casework.File, subjectID int64) CaseCopy {
	c := CaseCopy{Number: f.Case.Number, Status: f.Case.Status, Team: f.Case.Team, OpenedAt: f.Case.OpenedAt,
		Steps: []Step{}, Phases: []Entry{}, Decisions: []Entry{}, Contacts: []Entry{}, Informants: []Entry{}, Agreements: []Entry{},
		Conditions: []Entry{}, Handovers: []Entry{}, Monitoring: []Entry{}, Signals: []Entry{}, Feedback: []Entry{},
		LettersSent: []Entry{}, Letters: []Letter{}, PoliceReports: []Entry{}}
	for _, t := range f.Transitions {
		c.Steps = append(c.Steps, Step{At: t.Recorded.At, From: t.From, To: t.To, Reason: r.text(t.Reason)})
	}
	for _, ph := range f.Phases {
		c.Phases = append(c.Phases, Entry{At: ph.Recorded.At, What: "fase: " + word(r, "case.gsv-phase", ph.Phase), Text: r.text(ph.Note)})
	}
	for _, in := range f.Informants {
		// That an informant was heard, never who.
		c.Informants = append(c.Informants, Entry{At: in.Recorded.At, What: "informant " + MarkThirdParty, Text: r.text(in.Note)})
	}
	for _, m := range f.Monitoring {
		c.Monitoring = append(c.Monitoring, Entry{At: m.Due, What: fmt.Sprintf("monitoring na %d maanden (%s)", m.Months, word(r, "moment.status", m.Status)), Text: r.text(m.Note)})
	}
	for _, sg := range f.Signals {
		c.Signals = append(c.Signals, Entry{At: sg.Recorded.At, What: "signaal (" + word(r, "case.signal-source", sg.Source) + ")", Text: r.text(sg.Note)})
	}
	for _, fb := range f.Feedback {
		c.Feedback = append(c.Feedback, Entry{At: fb.GivenAt, What: "terugkoppeling aan de melder over " + fb.ReportNumber, Text: r.text(fb.Summary)})
	}
	for _, d := range f.Decisions {
		c.Decisions = append(c.Decisions, Entry{At: d.Proposed.At, What: word(r, "case.decision-kind", d.Kind) + ": " + word(r, "decision.status", d.Status), Text: r.text(d.Reasoning)})
	}
	for _, ct := range f.Contacts {
		with := "met " + word(r, "case.contact-role", ct.Role)
		if ct.PersonID == subjectID {
			with = "met u"
		}
		c.Contacts = append(c.Contacts, Entry{At: ct.At, What: "contact " + with + " (" + word(r, "case.channel", ct.Channel) + ")", Text: r.text(ct.Summary)})
	}
	for _, a := range f.Agreements {
		c.Agreements = append(c.Agreements, Entry{At: a.Recorded.At, What: "afspraak (" + word(r, "case.agreement-status", a.Status) + ")", Text: r.text(a.What)})
	}
	for _, k := range f.Conditions {
		c.Conditions = append(c.Conditions, Entry{At: k.Recorded.At, What: "voorwaarde (" + word(r, "case.condition-status", k.Status) + ")", Text: r.text(k.Text)})
	}
	for _, h := range f.Handovers {
		c.Handovers = append(c.Handovers, Entry{At: h.Proposed.At, What: "overdracht aan " + h.Partner})
	}
	for _, l := range f.Letters {
		to := "aan u"
		if !r.isSubject(l.Recipient) {
			to = "aan " + MarkThirdParty
		}
		c.LettersSent = append(c.LettersSent, Entry{At: l.SentAt, What: "brief verzonden: " + word(r, "case.letter-kind", l.Kind) + " " + to})
	}
	for _, p := range f.PoliceReports {
		c.PoliceReports = append(c.PoliceReports, Entry{At: p.ReportedAt,
			What: "melding bij de politie (" + p.PoliceUnit + "), grondslag: " + word(r, "case.legal-ground", p.LegalGround),
			Text: r.text(p.Shared)})
	}
	return c
}

// isSubject reports whether name (a letter's addressee) is the subject:
// it holds their surname and, when they have first names, one of them or
// its initial.
func (r *redactor) isSubject(name string) bool {
	s := r.subject
	n := " " + strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer(".", " ", ",", " ").Replace(name)), " ")) + " "
	if s.Surname == "" || !strings.Contains(n, " "+strings.ToLower(s.Surname)+" ") {
		return false
	}
	first := strings.Fields(strings.ToLower(s.FirstNames))
	if len(first) == 0 {
		return true
	}
	for _, w := range first {
		if strings.Contains(n, " "+w+" ") || strings.Contains(n, " "+string([]rune(w)[:1])+" ") {
			return true
		}
	}
	return false
}

var (
	tagRe   = regexp.MustCompile(`(?s)<(style|script)[^>]*>.*?</(style|script)>|<[^>]+>`)
	blockRe = regexp.MustCompile(`(?i)</?(p|div|br|li|h[1-6]|tr|address|section|header|footer)[^>]*>`)
	spaceRe = regexp.MustCompile(`[ \t]+`)
	linesRe = regexp.MustCompile(`\n\s*\n+`)
)

// htmlText is a letter's HTML as plain text: tags dropped, blocks on
// lines of their own, entities decoded.
func htmlText(h string) string {
	t := blockRe.ReplaceAllString(h, "\n")
	t = tagRe.ReplaceAllString(t, "")
	t = html.UnescapeString(t)
	t = spaceRe.ReplaceAllString(t, " ")
	t = linesRe.ReplaceAllString(t, "\n")
	return strings.TrimSpace(t)
}

// learnIT learns the third parties of an IT case: the meetings'
// participants and the raters of scaling scores (except the subject).
func (r *redactor) learnIT(c itteam.Case) {
	for _, m := range c.Meetings {
		for _, p := range m.Participants {
			if !r.isSubject(p.Name) {
				r.learnName(p.Name, MarkThirdParty)
			}
			r.learnName(p.Organisation, MarkThirdParty)
		}
	}
}

// itCase is c as the subject may see it.
func (r *redactor) itCase(c itteam.Case) ITCaseCopy {
	out := ITCaseCopy{Team: c.Team, Status: string(c.Status), ReferredOn: c.ReferredOn.String(), UpdatedAt: c.UpdatedAt,
		Steps: []Entry{}, Plans: []Entry{}, Meetings: []Entry{}, Scaling: []Entry{}}
	for _, e := range c.Events {
		out.Steps = append(out.Steps, Entry{At: e.At, What: fmt.Sprintf("fase: van %s naar %s", e.From, e.To), Text: r.text(e.Reason)})
	}
	for _, p := range c.Plans {
		parts := []string{"Zorgen: " + p.Dangers, "Wat goed gaat: " + p.Strengths, "Uitzonderingen: " + p.Exceptions,
			"Doelen van het gezin: " + p.FamilyGoals, "Bodemeisen: " + p.BottomLines}
		for _, a := range p.Agreements {
			parts = append(parts, fmt.Sprintf("Afspraak %d: %s (wie: %s, wanneer: %s)", a.Number, a.What, a.Owner, a.When))
		}
		out.Plans = append(out.Plans, Entry{At: p.At, What: fmt.Sprintf("veiligheidsplan, versie %d", p.Version), Text: r.text(strings.Join(parts, "\n"))})
	}
	for _, m := range c.Meetings {
		what := "netwerkberaad"
		if m.Family {
			what = "familienetwerkberaad"
		}
		out.Meetings = append(out.Meetings, Entry{At: m.On.Time(), What: fmt.Sprintf("%s %d (%d deelnemers)", what, m.Number, len(m.Participants)), Text: r.text(m.Decisions)})
	}
	for _, sc := range c.Scaling {
		line := "schaalvraag (" + word(r, "it.rater", sc.Kind) + ")"
		if sc.Safety != nil {
			line += fmt.Sprintf(": veiligheid %d", *sc.Safety)
		}
		if sc.Progress != nil {
			line += fmt.Sprintf(", voortgang %d", *sc.Progress)
		}
		out.Scaling = append(out.Scaling, Entry{At: sc.On.Time(), What: line})
	}
	return out
}
