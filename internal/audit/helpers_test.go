package audit

import "toren/internal/toren"

func fieldsOf(err error) []string {
	var out []string
	for _, f := range toren.FieldErrors(err) {
		out = append(out, f.Field)
	}
	return out
}
