package web

import (
	"fmt"
	"net/url"
	"strconv"

	"toren/internal/toren"
)

// pageParam is the query parameter that says which page of a paged list
// (the case list, the triage queue) is asked for.
const pageParam = "pagina"

// pageNumber reads the page a paged list is asked for: 1 when none is
// given. A value that is not a whole number from 1 up is bad input: an
// invalid error on the field, with a Dutch message that names the field
// and the rule (list.error.page), so the page says what was wrong instead
// of the general "Verzoek niet begrepen". A number past the last page is
// the list's to clamp: only the list knows how many pages it has.
func pageNumber(q url.Values) (int, error) {
	s := q.Get(pageParam)
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, &toren.Error{Code: toren.CodeInvalid, Message: fmt.Sprintf("%s %q is not a page number (1 or more)", pageParam, s),
			Fields: []toren.FieldError{{Field: pageParam, Rule: "page", Message: "a whole number from 1",
				MessageNL: msgVars("list.error.page", "page", s)}}}
	}
	return n, nil
}
