package subjectaccess

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PDF renders the copy for the person, in Dutch, A4. It holds what the
// JSON holds, as sentences and lists; the codes the JSON gives (a status,
// a role, a reporter's kind, an action) are named by words, the pages'
// words (Words; nil: the codes).
func PDF(c *Copy, organisation string, words Words) ([]byte, error) {
	w := func(list, code string) string {
		if words == nil || code == "" {
			return code
		}
		return words(list, code)
	}
	// An audit entry's action is one of the policy's actions or one the
	// log writes itself; its role a list of roles.
	action := func(a string) string {
		if s := w("action", a); s != a {
			return s
		}
		return w("audit.action", a)
	}
	roles := func(rs string) string {
		var out []string
		for _, r := range strings.FieldsFunc(rs, func(c rune) bool { return c == ',' || c == ' ' }) {
			out = append(out, w("role", r))
		}
		return strings.Join(out, ", ")
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("go", "", goregular.TTF)
	f.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	f.SetMargins(22, 18, 20)
	f.SetAutoPageBreak(true, 20)
	f.SetTitle("Inzage in uw gegevens", true)
	f.SetAuthor(organisation, true)
	f.SetCreator("Toren", true)
	f.SetLang("nl-NL")
	f.SetCreationDate(c.CompiledAt)
	f.SetFooterFunc(func() {
		f.SetY(-14)
		f.SetFont("go", "", 8)
		f.CellFormat(0, 5, fmt.Sprintf("%s · inzage opgesteld op %s · pagina %d", organisation, dutchDate(c.CompiledAt), f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	h := func(size float64, s string) {
		f.SetFont("go", "B", size)
		f.MultiCell(0, 6, s, "", "L", false)
		f.Ln(1)
	}
	p := func(s string) {
		f.SetFont("go", "", 10)
		f.MultiCell(0, 5, s, "", "L", false)
	}
	gap := func() { f.Ln(3) }

	s := c.Subject
	h(15, "Inzage in uw gegevens (artikel 15 AVG)")
	p(fmt.Sprintf("Dit overzicht bevat alle gegevens die %s over u vastlegt in Toren, op %s.", organisation, dutchDate(c.CompiledAt)))
	gap()
	h(12, "Uw gegevens")
	name := strings.Join(strings.Fields(strings.Join([]string{s.FirstNames, s.Particle, s.Surname}, " ")), " ")
	p("Naam: " + orDash(name))
	p("Geboortedatum: " + orDash(s.BirthDate.String()))
	p("Adres: " + orDash(strings.TrimSpace(s.Street+" "+s.HouseNumber+", "+s.Postcode+" "+s.City)))
	if s.BSN != "" {
		p("BSN: " + s.BSN)
	}
	if s.Phone != "" {
		p("Telefoon: " + s.Phone)
	}
	gap()
	h(12, fmt.Sprintf("Meldingen en adviesvragen (%d)", len(c.Reports)))
	if len(c.Reports) == 0 {
		p("Er zijn geen meldingen of adviesvragen over u.")
	}
	for _, r := range c.Reports {
		f.SetFont("go", "B", 10)
		f.MultiCell(0, 5, fmt.Sprintf("%s, ontvangen %s", r.Number, dutchDate(r.ReceivedAt)), "", "L", false)
		rep := w("report.reporter-kind", string(r.Reporter.Kind))
		if r.Reporter.ProtectIdentity {
			rep += " (afgeschermd: de melder heeft gevraagd anoniem te blijven)"
		} else if who := strings.TrimSpace(strings.Join([]string{r.Reporter.Name, r.Reporter.Function, r.Reporter.Organisation}, " ")); who != "" {
			rep += ": " + who
		}
		p("Melder: " + rep)
		as := make([]string, len(r.SubjectAs))
		for i, m := range r.SubjectAs {
			as[i] = w("report.role", string(m.Role))
		}
		p("U staat erin als: " + orDash(strings.Join(as, ", ")))
		if len(r.Others) > 0 {
			others := make([]string, len(r.Others))
			for i, o := range r.Others {
				others[i] = w("report.role", string(o))
			}
			p("Andere betrokkenen (alleen hun rol): " + strings.Join(others, ", "))
		}
		p("Beschrijving: " + orDash(r.Description))
		gap()
	}
	h(12, fmt.Sprintf("Dossiers (%d)", len(c.Cases)))
	if len(c.Cases) == 0 {
		p("Er is geen dossier over u geopend.")
	}
	for _, cf := range c.Cases {
		f.SetFont("go", "B", 10)
		f.MultiCell(0, 5, fmt.Sprintf("%s, geopend %s, status %s", cf.Number, dutchDate(cf.OpenedAt), w("case.status", string(cf.Status))), "", "L", false)
		for _, st := range cf.Steps {
			line := fmt.Sprintf("%s: van %s naar %s", dutchDate(st.At), w("case.status", string(st.From)), w("case.status", string(st.To)))
			if st.Reason != "" {
				line += " — " + st.Reason
			}
			p(line)
		}
		for _, group := range [][]Entry{cf.Phases, cf.Decisions, cf.Contacts, cf.Informants, cf.Agreements, cf.Conditions, cf.Handovers,
			cf.Monitoring, cf.Signals, cf.Feedback, cf.LettersSent, cf.PoliceReports} {
			for _, e := range group {
				line := dutchDate(e.At) + ": " + e.What
				if e.Text != "" {
					line += " — " + e.Text
				}
				p(line)
			}
		}
		for _, it := range cf.Interventieteam {
			f.SetFont("go", "B", 10)
			f.MultiCell(0, 5, fmt.Sprintf("Interventieteam (%s), aangemeld %s, status %s", it.Team, it.ReferredOn, it.Status), "", "L", false)
			for _, group := range [][]Entry{it.Steps, it.Plans, it.Meetings, it.Scaling} {
				for _, e := range group {
					line := dutchDate(e.At) + ": " + e.What
					if e.Text != "" {
						line += " — " + e.Text
					}
					p(line)
				}
			}
		}
		for _, l := range cf.Letters {
			if !l.ToSubject {
				p(fmt.Sprintf("%s: brief (%s) aan %s", dutchDate(l.At), l.Kind.Label(), MarkThirdParty))
				continue
			}
			f.SetFont("go", "B", 10)
			f.MultiCell(0, 5, fmt.Sprintf("Brief aan u (%s), %s", l.Kind.Label(), dutchDate(l.At)), "", "L", false)
			p(l.Text)
		}
		gap()
	}
	h(12, "Bezwaren die u heeft ingediend")
	if len(c.Rectifications) == 0 {
		p("Geen.")
	}
	for _, r := range c.Rectifications {
		p(fmt.Sprintf("%s, over %s %s: u betwist „%s”. Uw toelichting: %s", dutchDate(r.RecordedAt), w("accesslog.objections.kind", string(r.ObjectKind)), r.ObjectRef, r.Statement, r.Note))
		if r.Changed != "" {
			p("Gewijzigd: " + r.Changed)
		} else {
			p("Er is niets gewijzigd; uw bezwaar staat bij de gegevens.")
		}
	}
	gap()
	h(12, fmt.Sprintf("Wie uw gegevens heeft ingezien of gewijzigd (%d)", len(c.AccessLog)))
	for _, a := range c.AccessLog {
		p(fmt.Sprintf("%s  %s (%s): %s", a.At.In(amsterdam()).Format("02-01-2006 15:04"), a.Who, roles(a.Role), action(a.Action)))
	}
	if c.AccessLogTruncated {
		p("Dit zijn de nieuwste regels; vraag de privacyfunctionaris om de rest.")
	}
	gap()
	h(12, "Wat is weggelaten en waarom")
	for _, r := range c.Redactions {
		p("• " + r)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("access copy pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func orDash(s string) string {
	if strings.TrimSpace(strings.Trim(s, ", ")) == "" {
		return "—"
	}
	return s
}

func amsterdam() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}

func dutchDate(t time.Time) string { return t.In(amsterdam()).Format("02-01-2006") }
