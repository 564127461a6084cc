package letters

import (
	"fmt"
	"slices"
	"strings"

	"toren/internal/reports"
	"toren/internal/toren"
)

// Moment is when Veilig Thuis gives feedback to the reporter: at least
// after the safety assessment, and again after an Onderzoek (domain §4.1).
type Moment string

const (
	AfterAssessment    Moment = "after_assessment"    // na de veiligheidsbeoordeling
	AfterInvestigation Moment = "after_investigation" // na het Onderzoek
)

// FollowUp is what Veilig Thuis decided to do (domain §3.6).
type FollowUp string

const (
	FollowUpHandover      FollowUp = "handover"         // overdracht aan een partner
	FollowUpConditions    FollowUp = "conditions"       // Voorwaarden & Vervolg
	FollowUpInvestigation FollowUp = "investigation"    // Onderzoek
	FollowUpRvdK          FollowUp = "rvdk_request"     // verzoek aan de Raad voor de Kinderbescherming
	FollowUpAdvice        FollowUp = "converted_advice" // omgezet naar advies
	FollowUpEnd           FollowUp = "ended"            // betrokkenheid beëindigd
)

// followUps lists the follow-ups each moment allows: after an Onderzoek
// Veilig Thuis hands over, asks the Raad, or ends; it does not start
// another service.
var followUps = map[Moment][]FollowUp{
	AfterAssessment:    {FollowUpHandover, FollowUpConditions, FollowUpInvestigation, FollowUpRvdK, FollowUpAdvice, FollowUpEnd},
	AfterInvestigation: {FollowUpHandover, FollowUpRvdK, FollowUpEnd},
}

// FeedbackLetter is the terugkoppeling to a professional reporter: what
// Veilig Thuis did with the report (domain §3.10). It tells whether and
// which follow-up started and to whom the case went. The safety conditions
// and monitoring agreements go to the reporter only when the reporter has
// a role in them (need to know); the findings of an Onderzoek are not
// part of it.
type FeedbackLetter struct {
	CaseNumber   string     // "D-2026-000017"
	ReportNumber string     // the reporter's report: "M-2026-000123"
	Date         toren.Date // the date on the letter
	// Reporter is the addressee. Build it with ReporterFrom: it carries no
	// identity when the reporter asked for protection.
	Reporter   Reporter
	ReportedOn toren.Date // when the report came in
	// Concerning names whom the report was about as the reporter knows
	// them, e.g. "het gezin De Vries". Optional.
	Concerning string
	Moment     Moment
	DecidedOn  toren.Date // the day the safety assessment or the Onderzoek was completed
	FollowUp   FollowUp
	// Partners are the organisations that take over or work with Veilig
	// Thuis on the follow-up. A handover needs at least one.
	Partners []string
	// ReporterRole says, in a sentence to the reporter, what part they
	// play in the follow-up ("U blijft de ambulante begeleiding bieden.").
	// Only then does the letter carry Conditions and Monitoring.
	ReporterRole string
	Conditions   []SafetyCondition
	Monitoring   []toren.Date
	Signer       Signer
}

// Reporter is the addressee of a feedback letter. Its fields are
// unexported: only ReporterFrom fills them, and it leaves the name,
// function and organisation out when the reporter asked that their
// identity be kept from the persons involved. A letter cannot disclose
// what its input does not hold, so a stored letter is safe to show in the
// case file, an export or a person's access copy.
type Reporter struct {
	set          bool
	professional bool
	protected    bool
	name         string
	function     string
	organisation string
}

// ReporterFrom returns the addressee for the report's reporter.
func ReporterFrom(r reports.Reporter) Reporter {
	out := Reporter{set: true, professional: r.Professional(), protected: r.ProtectIdentity}
	if !r.ProtectIdentity {
		out.name = strings.TrimSpace(r.Name)
		out.function = strings.TrimSpace(r.Function)
		out.organisation = strings.TrimSpace(r.Organisation)
	}
	return out
}

// Protected reports whether the reporter's identity is protected; the
// letter then addresses "de melder" of the report.
func (r Reporter) Protected() bool { return r.protected }

// Name is the reporter's name, "" when protected.
func (r Reporter) Name() string { return r.name }

// Function is the reporter's function, "" when protected.
func (r Reporter) Function() string { return r.function }

// Organisation is the reporter's organisation, "" when protected.
func (r Reporter) Organisation() string { return r.organisation }

// salutation is how the letter greets the reporter.
func (r Reporter) salutation() string {
	if r.protected || r.name == "" {
		return "melder"
	}
	return r.name
}

// label names the addressee in the case file's list of letters.
func (r Reporter) label() string {
	switch {
	case r.protected:
		return "de melder (identiteit beschermd)"
	case r.name != "" && r.organisation != "":
		return r.name + " (" + r.organisation + ")"
	case r.name != "":
		return r.name
	case r.organisation != "":
		return "de melder bij " + r.organisation
	}
	return "de melder"
}

// Validate checks the letter before it is rendered. Every problem names
// its field and rule.
func (l FeedbackLetter) Validate() error {
	var p toren.Problems
	checkLine(&p, "case_number", l.CaseNumber, true)
	checkLine(&p, "report_number", l.ReportNumber, true)
	checkDate(&p, "date", l.Date)
	switch {
	case !l.Reporter.set:
		p.Add("reporter", "required", "is required")
	case !l.Reporter.professional:
		p.Add("reporter", "professional", "feedback letters go to a professional reporter")
	default:
		// A named reporter's details come from the report; they must still
		// fit the address block.
		checkLine(&p, "reporter.name", l.Reporter.name, false)
		checkLine(&p, "reporter.function", l.Reporter.function, false)
		checkLine(&p, "reporter.organisation", l.Reporter.organisation, false)
	}
	checkDate(&p, "reported_on", l.ReportedOn)
	if !l.ReportedOn.IsZero() && !l.Date.IsZero() && l.ReportedOn.After(l.Date) {
		p.Add("reported_on", "before_letter_date", "must not be after the letter's date")
	}
	checkLine(&p, "concerning", l.Concerning, false)
	allowed, ok := followUps[l.Moment]
	switch {
	case l.Moment == "":
		p.Add("moment", "required", "is required")
	case !ok:
		p.Add("moment", "enum", "must be after_assessment or after_investigation")
	}
	checkDate(&p, "decided_on", l.DecidedOn)
	if !l.DecidedOn.IsZero() && !l.ReportedOn.IsZero() && l.DecidedOn.Before(l.ReportedOn) {
		p.Add("decided_on", "after_report", "must not be before the report came in")
	}
	switch {
	case l.FollowUp == "":
		p.Add("follow_up", "required", "is required")
	case !knownFollowUp(l.FollowUp):
		p.Add("follow_up", "enum", "is not a known follow-up")
	case ok && !slices.Contains(allowed, l.FollowUp):
		p.Add("follow_up", "moment", fmt.Sprintf("%s does not follow %s", l.FollowUp, l.Moment))
	}
	if l.FollowUp == FollowUpHandover && len(l.Partners) == 0 {
		p.Add("partners", "required_for_handover", "a handover names the partner that takes over")
	}
	if len(l.Partners) > MaxItems {
		p.Add("partners", "max_items", fmt.Sprintf("has more than %d partners", MaxItems))
	}
	for i, partner := range l.Partners {
		checkLine(&p, indexed("partners", i), partner, true)
	}
	checkText(&p, "reporter_role", l.ReporterRole, false, MaxText, true)
	if strings.TrimSpace(l.ReporterRole) == "" {
		// Need to know (domain §3.10): a reporter without a role in the
		// follow-up hears that it started, not what the family must do.
		if len(l.Conditions) > 0 {
			p.Add("conditions", "need_to_know", "safety conditions go to a reporter only with a role in the follow-up")
		}
		if len(l.Monitoring) > 0 {
			p.Add("monitoring", "need_to_know", "monitoring agreements go to a reporter only with a role in the follow-up")
		}
	}
	checkConditions(&p, l.Conditions, l.Date)
	checkMonitoring(&p, l.Monitoring, l.DecidedOn, "after_decision")
	checkSigner(&p, l.Signer)
	return p.Err()
}

func knownFollowUp(f FollowUp) bool { return slices.Contains(followUps[AfterAssessment], f) }
