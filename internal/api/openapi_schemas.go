package api

import (
	"maps"

	"toren/internal/reports"
	"toren/internal/search"
)

// schemas returns components/schemas. Response schemas list what is always
// present as required and forbid other properties, so a field added to a
// Go type without documenting it fails the tests.
func schemas() obj {
	s := obj{
		"Report":        reportSchema(true),
		"ReportInput":   reportSchema(false),
		"Reporter":      reporterSchema(),
		"Meldcode":      meldcodeSchema(),
		"Mention":       mentionSchema(true),
		"MentionInput":  mentionSchema(false),
		"ReportSummary": reportSummarySchema(),
		"ReportList":    listSchema("ReportSummary"),
		"Person":        personSchema(),
		"PersonList":    listSchema("Person"),
		"PersonMention": personMentionSchema(),
		"PersonDetail": object(obj{
			"person":      schemaRef("Person"),
			"mentions":    array(schemaRef("PersonMention")),
			"merged_into": described(nullable(integer()), "The person this one was merged into; null when it was not."),
		}, "person", "mentions", "merged_into"),
		"PersonSearch": object(obj{
			"kind":  described(enum([]string{string(search.KindName), string(search.KindBSN), string(search.KindBirthDate), string(search.KindPostcode)}), "What q was read as."),
			"items": array(schemaRef("PersonHit")),
			"more":  described(boolean(), "There were more hits than limit: narrow the query."),
		}, "kind", "items", "more"),
		"PersonHit": object(obj{
			"person": schemaRef("Person"),
			"match": described(enum([]string{string(search.MatchBSN), string(search.MatchExact), string(search.MatchPhonetic),
				string(search.MatchPrefix), string(search.MatchOther)}), "How the person was found."),
			"access": described(enum([]string{"full", "signal_only"}),
				"full: the caller may open the person; signal_only: signals exist, ask the teams listed."),
			"teams": described(array(str()), "The teams to ask, for a signal_only hit."),
		}, "person", "match", "access", "teams"),
		"Problem":    problemSchema(),
		"FieldError": fieldErrorSchema(),
	}
	maps.Copy(s, buildCaseworkSchemas())
	maps.Copy(s, registrySchemas())
	maps.Copy(s, breakGlassSchemas())
	maps.Copy(s, clientSchemas())
	return s
}

func reportSchema(response bool) obj {
	mention := "MentionInput"
	if response {
		mention = "Mention"
	}
	props := obj{
		"id":               readOnly(integer()),
		"number":           readOnly(described(str(), "M-2026-000123 for a report, A-2026-000045 for an advice request.")),
		"kind":             described(enum(kindEnum()), "Set by the endpoint; may be left out in a request."),
		"received_at":      described(dateTime(), "When Veilig Thuis received it. Defaults to now; may not lie in the future."),
		"channel":          described(enum(channelEnum()), "How it came in. Defaults to api."),
		"reporter":         schemaRef("Reporter"),
		"external_ref":     described(maxLength(str(), 100), "The sender's own reference, such as a police registration number."),
		"acute":            boolean(),
		"children_present": described(enum(triEnum()), "Whether children are part of the household; empty is unknown."),
		"violence_types":   array(enum(codes(reports.ViolenceTypes))),
		"natures":          array(enum(codes(reports.Natures))),
		"municipality":     described(str(), "CBS municipality code (GM0153); a municipality name is turned into its code."),
		"description":      maxLength(str(), 20000),
		"persons":          withMax(array(schemaRef(mention)), 50),
		"meldcode": described(schemaRef("Meldcode"),
			"A professional reporter's meldcode: the steps taken and the assessment framework's answers. Only with a professional reporter; left out when not recorded."),
		"registered_at": readOnly(dateTime()),
		"registered_by": readOnly(str()),
		"version":       readOnly(integer()),
	}
	if response {
		return object(props, "id", "number", "kind", "received_at", "channel", "reporter", "acute", "children_present",
			"violence_types", "natures", "description", "persons", "registered_at", "version")
	}
	return object(props, "reporter", "description")
}

func meldcodeSchema() obj {
	answer := func(q string) obj { return described(enum(triEnum()), q+" Empty: not answered.") }
	return object(obj{
		"steps": described(withMax(array(integer()), 5),
			"The steps of the meldcode taken, 1 to 5, each once: 1 map the signals, 2 consult a colleague (and Veilig Thuis), 3 talk with the persons, 4 weigh, 5 decide."),
		"suspicion":      answer("Framework question 1: is there a suspicion of domestic violence or child abuse?"),
		"unsafety":       answer("Framework question 2: is there acute or structural unsafety?"),
		"help_possible":  answer("Framework question 3: can the reporter give or organise effective help?"),
		"help_accepted":  answer("Framework question 4: do the persons accept the help?"),
		"lasting_safety": answer("Framework question 5: does the help bring lasting safety?"),
	}, "steps", "suspicion", "unsafety", "help_possible", "help_accepted", "lasting_safety")
}

func reporterSchema() obj {
	return object(obj{
		"kind":             enum(codes(reports.ReporterKinds)),
		"name":             maxLength(str(), 200),
		"organisation":     maxLength(str(), 200),
		"function":         str(),
		"phone":            described(str(), "8 to 15 digits; spaces, dashes, brackets and a leading + allowed."),
		"email":            str(),
		"relation":         described(str(), "How a citizen reporter relates to the persons."),
		"protect_identity": described(boolean(), "The reporter asks not to be disclosed to the persons involved."),
	}, "kind")
}

func mentionSchema(response bool) obj {
	props := obj{
		"id":           readOnly(integer()),
		"role":         enum(codes(reports.Roles)),
		"first_names":  maxLength(str(), 200),
		"initials":     str(),
		"particle":     described(maxLength(str(), 20), "Tussenvoegsel, such as \"van der\"."),
		"surname":      maxLength(str(), 200),
		"birth_date":   nullable(date()),
		"age":          described(obj{"type": "integer", "minimum": 0, "maximum": 120, "nullable": true}, "Age in years when no date of birth is known."),
		"sex":          described(enum(sexEnum()), "Empty is unknown."),
		"street":       str(),
		"house_number": described(str(), "With addition: 12A, 12-2."),
		"postcode":     described(str(), "1234 AB."),
		"city":         str(),
		"municipality": described(str(), "CBS municipality code or name."),
		"bsn":          described(str(), "Burgerservicenummer: 9 digits passing the eleven test."),
		"phone":        str(),
		"person_id":    readOnly(described(integer(), "The registry person this mention is linked to.")),
	}
	if response {
		return object(props, "id", "role", "birth_date", "person_id")
	}
	return object(props, "role")
}

func reportSummarySchema() obj {
	return object(obj{
		"id":             integer(),
		"number":         str(),
		"kind":           enum(kindEnum()),
		"received_at":    dateTime(),
		"reporter_kind":  enum(codes(reports.ReporterKinds)),
		"acute":          boolean(),
		"violence_types": array(enum(codes(reports.ViolenceTypes))),
		"persons":        described(integer(), "How many persons the report names."),
		"signal_only":    described(boolean(), "The report is of another team: you may know it exists, not what it holds."),
		"owner_teams":    described(array(str()), "For a signal only: the teams that own the report, whom to ask."),
	}, "id", "number", "kind", "received_at", "reporter_kind", "acute", "violence_types", "persons")
}

func personSchema() obj {
	return object(obj{
		"id":           integer(),
		"first_names":  str(),
		"initials":     str(),
		"particle":     str(),
		"surname":      str(),
		"birth_date":   nullable(date()),
		"sex":          enum(sexEnum()),
		"bsn":          str(),
		"postcode":     str(),
		"house_number": str(),
		"street":       str(),
		"city":         str(),
		"municipality": str(),
		"phone":        str(),
		"created_at":   dateTime(),
		"updated_at":   dateTime(),
		"version":      integer(),
		"mentions":     described(integer(), "How many mentions are linked to this person."),
	}, "id", "birth_date", "created_at", "updated_at", "version", "mentions")
}

func personMentionSchema() obj {
	return object(obj{
		"mention":       schemaRef("Mention"),
		"report_id":     integer(),
		"report_number": str(),
		"kind":          enum(kindEnum()),
		"received_at":   dateTime(),
		"reporter_kind": enum(codes(reports.ReporterKinds)),
		"link":          described(schemaRef("MentionLink"), "How the mention came to be linked to this person."),
	}, "mention", "report_id", "report_number", "kind", "received_at", "reporter_kind", "link")
}

func listSchema(item string) obj {
	return object(obj{
		"items": array(schemaRef(item)),
		"next":  described(nullable(str()), "Pass as before for the next page; null on the last page."),
	}, "items", "next")
}

func problemSchema() obj {
	return object(obj{
		"type":     described(obj{"type": "string", "format": "uri"}, "Starts with "+ProblemTypeBase+"."),
		"title":    str(),
		"status":   obj{"type": "integer"},
		"detail":   str(),
		"instance": described(str(), "The path of the request."),
		"errors":   array(schemaRef("FieldError")),
	}, "type", "title", "status")
}

func fieldErrorSchema() obj {
	return object(obj{
		"field":   described(str(), "Path of the field, such as persons[0].bsn; body for the body as a whole."),
		"rule":    described(str(), "Stable code of the broken rule, such as required, enum or elfproef."),
		"message": str(),
		"limit":   described(integer(), "The bound a max_length or max_items rule names, where the service gives it."),
	}, "field", "rule", "message")
}

// Code lists. Each comes from package reports; where reports has no list
// (kinds, channels, yes/no) the constants are named, so a renamed one
// fails to compile here.

func codes[T ~string](list []reports.Label[T]) []string {
	out := make([]string, len(list))
	for i, l := range list {
		out[i] = string(l.Code)
	}
	return out
}

func kindEnum() []string { return []string{string(reports.KindReport), string(reports.KindAdvice)} }

func channelEnum() []string {
	return []string{string(reports.ChannelPhone), string(reports.ChannelChat), string(reports.ChannelEmail),
		string(reports.ChannelLetter), string(reports.ChannelWeb), string(reports.ChannelAPI), string(reports.ChannelImport)}
}

func triEnum() []string {
	return []string{string(reports.Unknown), string(reports.Yes), string(reports.No)}
}

// sexEnum includes the empty string: unknown, as a request may send it.
func sexEnum() []string { return append(codes(reports.Sexes), string(reports.SexUnknown)) }

// Schema building blocks.

func str() obj      { return obj{"type": "string"} }
func boolean() obj  { return obj{"type": "boolean"} }
func integer() obj  { return obj{"type": "integer", "format": "int64"} }
func dateTime() obj { return obj{"type": "string", "format": "date-time"} }
func date() obj     { return obj{"type": "string", "format": "date"} }

func enum(values []string) obj { return obj{"type": "string", "enum": values} }
func array(items obj) obj      { return obj{"type": "array", "items": items} }

func object(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func with(s obj, key string, v any) obj {
	out := maps.Clone(s)
	out[key] = v
	return out
}

func described(s obj, d string) obj { return with(s, "description", d) }
func readOnly(s obj) obj            { return with(s, "readOnly", true) }
func nullable(s obj) obj            { return with(s, "nullable", true) }
func maxLength(s obj, n int) obj    { return with(s, "maxLength", n) }
func withMax(s obj, n int) obj      { return with(s, "maxItems", n) }
