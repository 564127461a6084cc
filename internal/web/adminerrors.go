package web

import (
	"errors"
	"time"

	"toren/internal/auth"
	"toren/internal/toren"
)

// ruleFieldErrors is fieldErrors for a service that refuses fields by rule
// code without Dutch: each field's message is worded from the catalogue
// by ruleWords(list, ...), so it says what is wrong with that field
// ("Schrijf een e-mailadres, ..."). A message that names a limit holds
// "{name}": vars gives the values in pairs ("max", "200"), the limit the
// service applies, so the page and the service cannot disagree. A field
// of a list ("roles[2]") is shown at the list ("roles") as well.
func ruleFieldErrors(list string, err error, vars ...string) (map[string]string, bool) {
	err = wordRules(err, list, vars...)
	out, ok := fieldErrors(err)
	for _, f := range toren.FieldErrors(err) {
		if field := indexRe.ReplaceAllString(f.Field, ""); field != f.Field {
			if _, seen := out[field]; !seen {
				out[field] = out[f.Field]
			}
		}
	}
	return out, ok
}

// signInMessage is what the sign-in page says for a refused sign-in. It
// distinguishes no more than package auth does: an unknown user and a
// wrong password read the same.
func signInMessage(err error) string {
	var t *auth.ThrottledError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &t):
		return msgN("signin.error.throttled", max(1, int((t.RetryAfter+time.Minute-1)/time.Minute))) // minutes, rounded up
	case errors.Is(err, auth.ErrInvalidCredentials):
		return msg("signin.error.credentials")
	case errors.Is(err, auth.ErrTOTPRequired):
		return msg("signin.error.code-required")
	case errors.Is(err, auth.ErrTOTPInvalid):
		return msg("signin.error.code-invalid")
	}
	return msg("signin.error.failed")
}
