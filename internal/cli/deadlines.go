package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"toren/internal/cases"
)

// deadlineFlags declares the organisation's terms for a case (domain
// §4.1), with their environment variables; the returned function reads
// and validates them after parsing. The defaults are the public norms.
func deadlineFlags(fs *flag.FlagSet, env Env) func() (cases.Deadlines, error) {
	def := cases.DefaultDeadlines()
	assess := fs.String("assessment-working-days", envOr(env, "TOREN_ASSESSMENT_WORKING_DAYS", strconv.Itoa(def.SafetyAssessmentWorkingDays)),
		"the safety assessment is due this many working days after receipt (env TOREN_ASSESSMENT_WORKING_DAYS)")
	weeks := fs.String("investigation-weeks", envOr(env, "TOREN_INVESTIGATION_WEEKS", strconv.Itoa(def.InvestigationWeeks)),
		"an Onderzoek ends within this many weeks (env TOREN_INVESTIGATION_WEEKS)")
	feedback := fs.String("feedback-working-days", envOr(env, "TOREN_FEEDBACK_WORKING_DAYS", strconv.Itoa(def.FeedbackWorkingDays)),
		"feedback to the reporter is due this many working days after the assessment or Onderzoek (env TOREN_FEEDBACK_WORKING_DAYS)")
	response := fs.String("response-working-days", envOr(env, "TOREN_RESPONSE_WORKING_DAYS", strconv.Itoa(def.ResponseWorkingDays)),
		"a decision waits this many working days for a second pair of eyes, a handover for its receiving team (env TOREN_RESPONSE_WORKING_DAYS)")
	months := fs.String("monitoring-months", envOr(env, "TOREN_MONITORING_MONTHS", joinInts(def.MonitoringMonths)),
		"monitoring moments, months after the handover, comma-separated (env TOREN_MONITORING_MONTHS)")
	return func() (cases.Deadlines, error) {
		var d cases.Deadlines
		for _, f := range []struct {
			name, value string
			into        *int
		}{{"assessment-working-days", *assess, &d.SafetyAssessmentWorkingDays}, {"investigation-weeks", *weeks, &d.InvestigationWeeks},
			{"feedback-working-days", *feedback, &d.FeedbackWorkingDays}, {"response-working-days", *response, &d.ResponseWorkingDays}} {
			n, err := strconv.Atoi(strings.TrimSpace(f.value))
			if err != nil {
				return d, fmt.Errorf("--%s %q: not a whole number", f.name, f.value)
			}
			*f.into = n
		}
		for _, part := range strings.Split(*months, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil {
				return d, fmt.Errorf("--monitoring-months %q: a comma-separated list of whole months, e.g. 3,12", *months)
			}
			d.MonitoringMonths = append(d.MonitoringMonths, n)
		}
		if err := d.Validate(); err != nil {
			return d, fmt.Errorf("deadlines: %w", err)
		}
		return d, nil
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
