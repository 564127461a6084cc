package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"toren/internal/nl"
	"toren/internal/reports"
)

// intakePage is the intake form with everything around it.
type intakePage struct {
	Chrome
	Form   intakeForm
	Errors formErrors
	// Notice is a message above the form (a conflict, a draft not found).
	Notice string
	// DraftStatus is shown in the form's status line.
	DraftStatus string
	// Drafts are the user's other unfinished forms.
	Drafts []draftItem
	// FocusRow, when >= 0, is the row whose first field takes focus (the
	// row just added without JavaScript).
	FocusRow int
	// Municipalities feed the municipality fields' suggestions.
	Municipalities []nl.Municipality
}

// draftItem is one draft in the list above a new form.
type draftItem struct {
	Key     string
	Summary string
	SavedAt time.Time
}

// Field is what the field templates need of one input.
type Field struct {
	ID, Name, Label, Value, Hint string
	Errs                         []string
	Required                     bool
	// Mode is the inputmode, Autocomplete the autocomplete token, List a
	// datalist's id, Width a toren-width-* class suffix.
	Mode, Autocomplete, List, Width string
	// Autofocus marks the field that takes focus when the page or the
	// fragment arrives.
	Autofocus bool
	Options   []Option // select, radio and checkbox groups
}

// Option is one choice of a select or a group.
type Option struct {
	ID, Value, Label string
	Selected         bool
	// Autofocus: this choice takes the focus when the page opens.
	Autofocus bool
}

// DescribedBy lists the ids of the error and the hint, for aria-describedby.
func (f Field) DescribedBy() string {
	var ids []string
	if len(f.Errs) > 0 {
		ids = append(ids, f.ID+"-fout")
	}
	if f.Hint != "" {
		ids = append(ids, f.ID+"-uitleg")
	}
	return strings.Join(ids, " ")
}

// ErrorText joins the field's messages.
func (f Field) ErrorText() string { return strings.Join(f.Errs, " ") }

func (p *intakePage) field(name, label, value string) Field {
	return Field{ID: fieldID(name), Name: name, Label: label, Value: value, Errs: p.Errors.of(name)}
}

// Text is a text field of the form's top part.
func (p *intakePage) Text(name, label, hint string) Field {
	f := p.field(name, label, p.Form.top(name))
	f.Hint = hint
	switch name {
	case fieldRepPhone:
		f.Mode, f.Autocomplete, f.Width = "tel", "off", "m"
	case fieldRepEmail:
		f.Mode, f.Autocomplete = "email", "off"
	case fieldReceivedAt:
		f.Required, f.Width = true, "m"
	}
	return f
}

// Select is a select of the form's top part over one of the code lists.
func (p *intakePage) Select(name, label, hint string) Field {
	f := p.field(name, label, p.Form.top(name))
	f.Hint = hint
	switch name {
	case fieldRepKind:
		f.Required = true
		f.Options = options(f.Value, msg("intake.choose.reporter-kind"), listCodes(reports.ReporterKinds), wordsReporterKind)
	case fieldChannel:
		f.Width = "m"
		// The channels a worker takes a signal through; API and import
		// are the machines' own.
		f.Options = options(f.Value, "", listCodes(reports.Channels[:5]), wordsChannel)
	}
	return f
}

// Group is a radio or checkbox group of the form's top part.
func (p *intakePage) Group(name, legend, hint string) Field {
	f := p.field(name, legend, "")
	f.Hint = hint
	id := fieldID(name)
	add := func(code, label string, on bool) {
		f.Options = append(f.Options, Option{ID: id + "-" + strconv.Itoa(len(f.Options)), Value: code, Label: label, Selected: on})
	}
	switch name {
	case fieldKind:
		add(string(reports.KindReport), msg("report.kind.report"), p.Form.Kind == string(reports.KindReport))
		add(string(reports.KindAdvice), msg("report.kind.advice"), p.Form.Kind == string(reports.KindAdvice))
		// The form's first field has the focus when it opens, so a worker
		// taking a call starts typing at once; not when the error summary
		// or a row just added takes it.
		if len(p.Errors.Summary) == 0 && p.FocusRow < 0 {
			i := slices.IndexFunc(f.Options, func(o Option) bool { return o.Selected })
			f.Options[max(i, 0)].Autofocus = true
		}
	case fieldChildren:
		add(string(reports.Yes), msg("common.yes"), p.Form.Children == string(reports.Yes))
		add(string(reports.No), msg("common.no"), p.Form.Children == string(reports.No))
		add("", msg("intake.children.unknown"), p.Form.Children == "")
	case fieldTypes:
		for _, l := range reports.ViolenceTypes {
			add(string(l.Code), codeWord(wordsViolence, l.Code), slices.Contains(p.Form.ViolenceTypes, string(l.Code)))
		}
	case fieldNatures:
		for _, l := range reports.Natures {
			add(string(l.Code), codeWord(wordsNature, l.Code), slices.Contains(p.Form.Natures, string(l.Code)))
		}
	case fieldMcSteps:
		for i := range reports.MeldcodeSteps {
			n := strconv.Itoa(i + 1)
			add(n, msgVars("intake.meldcode.step", "n", n, "step", codeMsg("report.meldcode-step", n)), slices.Contains(p.Form.McSteps, n))
		}
	}
	return f
}

// MeldcodeQuestions are the framework's questions as selects: ja, nee or
// not answered.
func (p *intakePage) MeldcodeQuestions() []Field {
	out := make([]Field, len(reports.MeldcodeQuestions))
	for i, q := range reports.MeldcodeQuestions {
		name := fieldMc + q.Field
		f := p.field(name, strconv.Itoa(i+1)+". "+codeMsg("report.meldcode-question", q.Field), p.Form.McAnswers[name])
		f.Width = "m"
		f.Options = options(f.Value, msg("intake.meldcode.unanswered"), []reports.Tri{reports.Yes, reports.No}, "common")
		out[i] = f
	}
	return out
}

// MeldcodeOpen: the meldcode part shows open when something was filled in
// or it has an error.
func (p *intakePage) MeldcodeOpen() bool {
	if p.Form.meldcode() {
		return true
	}
	for _, name := range append(meldcodeAnswerFields(), fieldMcSteps) {
		if len(p.Errors.of(name)) > 0 {
			return true
		}
	}
	return false
}

// Check is a single checkbox of the form's top part.
func (p *intakePage) Check(name, label, hint string) Field {
	f := p.field(name, label, checked)
	f.Hint = hint
	f.Options = []Option{{ID: fieldID(name), Value: checked, Label: label, Selected: name == fieldAcute && p.Form.Acute || name == fieldRepProtect && p.Form.RepProtect}}
	return f
}

// Rows returns the person rows to render.
func (p *intakePage) Rows() []personRow {
	rows := make([]personRow, len(p.Form.Persons))
	for i, pf := range p.Form.Persons {
		rows[i] = personRow{Index: i, P: pf, errs: p.Errors, Focus: i == p.FocusRow}
	}
	return rows
}

// top returns the value of a top-level text field.
func (f intakeForm) top(name string) string {
	switch name {
	case fieldKind:
		return f.Kind
	case fieldReceivedAt:
		return f.ReceivedAt
	case fieldChannel:
		return f.Channel
	case fieldRepKind:
		return f.RepKind
	case fieldRepOrg:
		return f.RepOrg
	case fieldRepName:
		return f.RepName
	case fieldRepPhone:
		return f.RepPhone
	case fieldRepEmail:
		return f.RepEmail
	case fieldDesc:
		return f.Description
	case fieldChildren:
		return f.Children
	}
	return ""
}

// personRow is one person row of the form.
type personRow struct {
	Index int
	P     personForm
	Focus bool
	errs  formErrors
}

// Number is the row's number for people (1-based).
func (r personRow) Number() int { return r.Index + 1 }

// Field returns the row's field name (without "persons[i].") as a Field.
func (r personRow) Field(name string) Field {
	full := personName(r.Index, name)
	f := Field{ID: fieldID(full), Name: full, Value: *r.P.field(name), Errs: r.errs.of(full)}
	// The label and hint of each field are the catalogue's
	// (intake.person-field.<name>, .hint when the field has one).
	f.Label = msg("intake.person-field." + name)
	if key := "intake.person-field." + name + ".hint"; hasMsg(key) {
		f.Hint = msg(key)
	}
	switch name {
	case "role":
		f.Autofocus = r.Focus
		f.Options = options(f.Value, msg("intake.choose.role"), listCodes(reports.Roles), wordsRole)
	case "particle", "age", "postcode", "house_number":
		f.Width = "s"
	case "birth_date", "bsn":
		f.Width = "m"
	case "sex":
		f.Width = "m"
		f.Options = options(f.Value, msg("intake.sex.unknown"), listCodes(reports.Sexes), wordsSex)
	case "municipality":
		f.List = "gemeenten"
	}
	if name == "birth_date" || name == "age" || name == "bsn" {
		f.Mode = "numeric"
	}
	return f
}

// options builds a select's options: an empty first choice (when
// emptyLabel is set) and one per code, the current value selected. A value
// that is not in the list (sent by hand) is kept as an extra choice, so
// the form still shows what came in and the validator's error fits it.
// The codes are worded from the catalogue list words (list + "." + code).
func options[T ~string](value, emptyLabel string, codes []T, words string) []Option {
	var out []Option
	if emptyLabel != "" {
		out = append(out, Option{Value: "", Label: emptyLabel, Selected: value == ""})
	}
	known := value == ""
	for _, c := range codes {
		out = append(out, Option{Value: string(c), Label: codeWord(words, c), Selected: value == string(c)})
		known = known || value == string(c)
	}
	if !known {
		out = append(out, Option{Value: value, Label: value, Selected: true})
	}
	return out
}
