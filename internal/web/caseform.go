package web

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"toren/internal/toren"
)

// The case page holds many forms. One of them may come back refused; it
// then shows what the worker typed, the errors next to the fields and a
// summary at its top, and opens itself. The others show their defaults.
//
// A form is named ("contact", "agreement-12"); its fields are named as
// the service names them ("with", "checks[0].result"), so a service's
// field error lands next to its field without translation. The HTML id
// of a field is the form's name and the field's: "contact-with".

// formSet is the state of a page's forms.
type formSet struct {
	// Posted is the form that was sent and refused; nil on a plain GET.
	Posted *formState
	// Defaults are the values a form starts with, by "form.field".
	Defaults map[string]string
	// fields lists the fields each form shows, in order, for the summary.
	fields map[string][]string
	// part and at are the part of the case file asked for and the section
	// of the confirmation (caseparts.go).
	part, at string
}

// formState is a refused form: its values and what to put right.
type formState struct {
	Name   string
	Values url.Values
	// byField holds the Dutch messages by field name.
	byField map[string][]string
	Summary []summaryItem
}

func newFormSet() *formSet {
	return &formSet{Defaults: map[string]string{}, fields: caseFormFields()}
}

// caseFormFields lists the fields of each kind of form, in the order the
// page shows them. A form for one record ("agreement-12") uses the list
// of its kind ("agreement-").
func caseFormFields() map[string][]string {
	return map[string][]string{
		"open":       {"team", "summary"},
		"assign":     {"team", "workers"},
		"step":       {"transition"},
		"reopen":     {"note", "acute"},
		"phase":      {"phase", "note"},
		"decision-":  {"outcome", "triage_rule", "acute_unsafety", "structural_unsafety", "finding", "risk_colour", "reasoning"},
		"refuse-":    {"reason"},
		"contact":    {"at", "with", "role", "channel", "person_id", "summary", "acute_action"},
		"informant":  {"name", "organisation", "function", "phone", "email", "physician", "signal_function", "note"},
		"agreement":  {"who", "what", "due", "past_due", "note"},
		"agreement-": {"status", "note"},
		"condition":  {"text", "checked_by", "until", "note"},
		"condition-": {"status", "note"},
		"handover":   {"partner", "partner_kind", "case_director", "reports_back", "report_back_when", "condition_ids"},
		"respond-":   {"accept", "note"},
		"feedback": {"report_id", "moment", "given_at", "channel", "follow_up_started", "transfer_parties",
			"reporter_has_role", "conditions_shared", "summary"},
		"monitoring-": {"checks", "note"},
		"closing": {"recipients", "joint", "service", "closed_on", "conditions_until", "case_direction.organisation",
			"case_direction.person", "case_direction.phone", "note"},
		"feedbackletter": {"report_id", "moment", "decided_on", "follow_up", "partners", "concerning", "reporter_role", "share_conditions"},
		"sent":           {"kind", "sent_at", "recipient", "reference"},
		"police":         {"reported_at", "police_unit", "legal_ground", "shared", "weighing", "reference"},
	}
}

// fieldsOf returns the fields form shows.
func (s *formSet) fieldsOf(form string) []string {
	if fs, ok := s.fields[form]; ok {
		return fs
	}
	if i := strings.IndexByte(form, '-'); i >= 0 {
		return s.fields[form[:i+1]]
	}
	return nil
}

// indexed matches a field of a list ("condition_ids[2]"), whose error is
// shown at the list ("condition_ids").
var indexed = regexp.MustCompile(`^([a-z_]+)\[\d+\]$`)

// refuse records form as sent with values and refused with errs (field
// errors of the service, or of reading the form).
func (s *formSet) refuse(form string, values url.Values, errs []toren.FieldError) {
	st := &formState{Name: form, Values: values, byField: map[string][]string{}}
	shown := s.fieldsOf(form)
	type placed struct {
		rank       int
		href, text string
	}
	var all []placed
	for _, fe := range errs {
		field := fe.Field
		if m := indexed.FindStringSubmatch(field); m != nil {
			field = m[1]
		}
		msg := fe.MessageNL
		if msg == "" {
			msg = caseFieldInvalid()
		}
		if slices.Contains(st.byField[field], msg) {
			continue
		}
		st.byField[field] = append(st.byField[field], msg)
		rank, href := len(shown)+len(all), ""
		if i := slices.Index(shown, strings.SplitN(field, "[", 2)[0]); i >= 0 {
			rank, href = i, "#"+form+"-"+fieldID(field)
		}
		// The summary names the field: the messages next to the fields
		// stand under their labels, the summary's lines do not.
		text := msg
		if l := caseFieldLabel(form, strings.SplitN(field, "[", 2)[0]); l != "" {
			text = l + ": " + msg
		}
		all = append(all, placed{rank, href, text})
	}
	slices.SortStableFunc(all, func(a, b placed) int { return a.rank - b.rank })
	for _, p := range all {
		st.Summary = append(st.Summary, summaryItem{Href: p.href, Message: p.text})
	}
	s.Posted = st
}

// Refused reports whether form is the one that came back.
func (s *formSet) Refused(form string) bool { return s.Posted != nil && s.Posted.Name == form }

// Summary returns the summary of form's errors (nil when it was not refused).
func (s *formSet) Summary(form string) []summaryItem {
	if !s.Refused(form) {
		return nil
	}
	return s.Posted.Summary
}

// value returns what form's field holds: as sent, or its default.
func (s *formSet) value(form, name string) string {
	if s.Refused(form) {
		return s.Posted.Values.Get(name)
	}
	return s.Defaults[form+"."+name]
}

// values returns every value of a multi-valued field (checkboxes).
func (s *formSet) values(form, name string) []string {
	if s.Refused(form) {
		return s.Posted.Values[name]
	}
	if v, ok := s.Defaults[form+"."+name]; ok && v != "" {
		return strings.Split(v, ",")
	}
	return nil
}

func (s *formSet) errs(form, name string) []string {
	if !s.Refused(form) {
		return nil
	}
	return s.Posted.byField[name]
}

func (s *formSet) field(form, name, label, hint string) Field {
	return Field{ID: form + "-" + fieldID(name), Name: name, Label: label, Hint: hint,
		Value: s.value(form, name), Errs: s.errs(form, name)}
}

// Text is an optional text field; Req a required one.
func (s *formSet) Text(form, name, label, hint string) Field { return s.field(form, name, label, hint) }

// Req is a required text field.
func (s *formSet) Req(form, name, label, hint string) Field {
	f := s.field(form, name, label, hint)
	f.Required = true
	return f
}

// ReqFrom is a required text field that offers the choices of the
// datalist with id list as one types.
func (s *formSet) ReqFrom(form, name, label, hint, list string) Field {
	f := s.Req(form, name, label, hint)
	f.List = list
	return f
}

// Choice is a select over list; empty, when set, is the first option
// meaning "nothing chosen yet".
func (s *formSet) Choice(form, name, label, hint string, list []choice, empty string) Field {
	f := s.field(form, name, label, hint)
	f.Required = empty != ""
	if empty != "" {
		f.Options = append(f.Options, Option{Value: "", Label: empty, Selected: f.Value == ""})
	}
	for _, l := range list {
		f.Options = append(f.Options, Option{Value: l.Code, Label: l.Label, Selected: l.Code == f.Value})
	}
	return f
}

// Radios is a radio group over list.
func (s *formSet) Radios(form, name, legend, hint string, list []choice) Field {
	f := s.field(form, name, legend, hint)
	f.Required = true
	for i, l := range list {
		f.Options = append(f.Options, Option{ID: f.ID + "-" + strconv.Itoa(i), Value: l.Code, Label: l.Label, Selected: l.Code == f.Value})
	}
	return f
}

// Checks is a group of checkboxes over list (several may be ticked).
func (s *formSet) Checks(form, name, legend, hint string, list []choice) Field {
	f := s.field(form, name, legend, hint)
	on := s.values(form, name)
	for i, l := range list {
		f.Options = append(f.Options, Option{ID: f.ID + "-" + strconv.Itoa(i), Value: l.Code, Label: l.Label, Selected: slices.Contains(on, l.Code)})
	}
	return f
}

// Check is one checkbox, sent as "ja" when ticked.
func (s *formSet) Check(form, name, label, hint string) Field {
	f := s.field(form, name, label, hint)
	f.Options = []Option{{ID: f.ID, Value: checked, Label: label, Selected: f.Value == checked}}
	return f
}

// ticked reads a checkbox sent by Check.
func ticked(v url.Values, name string) bool { return v.Get(name) == checked }
