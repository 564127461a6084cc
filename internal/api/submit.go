package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"toren/internal/access"
	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/intake"
	"toren/internal/reports"
)

// IdempotencyKeyHeader is the request header that makes a retry safe
// (IETF draft "The Idempotency-Key HTTP Header Field").
const IdempotencyKeyHeader = "Idempotency-Key"

// ReplayedHeader tells the client that the answer is the one stored for
// an earlier request with the same key.
const ReplayedHeader = "Idempotent-Replayed"

func (a *API) createReport(w http.ResponseWriter, r *http.Request) error {
	return a.submit(w, r, reports.KindReport)
}

func (a *API) createAdviceRequest(w http.ResponseWriter, r *http.Request) error {
	return a.submit(w, r, reports.KindAdvice)
}

// submit registers the report in the body as the given kind. A new report
// gets 201 with its Location; a replay of an earlier idempotency key gets
// 200 with the report stored then.
func (a *API) submit(w http.ResponseWriter, r *http.Request, kind reports.Kind) error {
	key, err := idempotencyKey(r.Header)
	if err != nil {
		return err
	}
	body, err := readJSONBody(w, r)
	if err != nil {
		return err
	}
	rep, err := decodeReport(body)
	if err != nil {
		return err
	}
	if err := forceKind(rep, kind); err != nil {
		return err
	}
	clearServerFields(rep)
	act, err := a.caller(r)
	if err != nil {
		return err
	}
	// A report an API client sends is registered as the client's, so that
	// the client can read back its status (and only of its own).
	if act.IsClient() {
		rep.RegisteredBy = audit.ClientActorID(act.ClientID)
	}
	if key != "" {
		// A key is the caller's own: scoped to who sent it, so another
		// caller's key can neither block nor replay this request.
		key = intake.ScopedKey("api", caller(act), key)
	}
	res, err := a.intake.Submit(r.Context(), act, intake.Submission{Report: rep, IdempotencyKey: key})
	if err != nil {
		return err
	}
	loc := reportPath(res.Report.ID)
	if act.IsClient() {
		// A client gets its report's status, never the report as stored:
		// that holds the links to registry persons the radar made.
		return a.clientAnswer(w, r, res)
	}
	if res.Replayed {
		w.Header().Set(ReplayedHeader, "true")
		w.Header().Set("Content-Location", loc)
		return writeJSON(w, http.StatusOK, reportOut(res.Report))
	}
	w.Header().Set("Location", loc)
	return writeJSON(w, http.StatusCreated, reportOut(res.Report))
}

func (a *API) clientAnswer(w http.ResponseWriter, r *http.Request, res intake.Result) error {
	loc := reportPath(res.Report.ID) + "/status"
	st := access.ReportStatus{ID: res.Report.ID, Number: res.Report.Number, Kind: res.Report.Kind, ExternalRef: res.Report.ExternalRef,
		ReceivedAt: res.Report.RegisteredAt, Status: access.StatusInTriage}
	if res.Replayed {
		if a.statuses != nil {
			actor, err := a.caller(r)
			if err != nil {
				return err
			}
			if st, err = a.statuses.ReportStatus(r.Context(), actor, res.Report.ID); err != nil {
				return err
			}
		}
		w.Header().Set(ReplayedHeader, "true")
		w.Header().Set("Content-Location", loc)
		return writeJSON(w, http.StatusOK, st)
	}
	w.Header().Set("Location", loc)
	return writeJSON(w, http.StatusCreated, st)
}

// caller names the sender of a request in its idempotency key's scope:
// a staff member or an API client ("u7", "c7"), never the one for the other.
func caller(a authz.Actor) string {
	if a.IsClient() {
		return "c" + strconv.FormatInt(a.ClientID, 10)
	}
	return "u" + strconv.FormatInt(a.UserID, 10)
}

func reportPath(id int64) string { return "/api/v1/reports/" + strconv.FormatInt(id, 10) }

// forceKind sets the kind the endpoint stands for. A body may repeat it,
// but may not ask for the other kind: that is a mistake in the client.
func forceKind(rep *reports.Report, kind reports.Kind) error {
	switch rep.Kind {
	case "":
		rep.Kind = kind
		return nil
	case kind:
		return nil
	case reports.KindAdvice:
		return invalid("kind", "endpoint", `kind "advice" belongs on /api/v1/advice-requests; this endpoint takes reports`)
	case reports.KindReport:
		return invalid("kind", "endpoint", `kind "report" belongs on /api/v1/reports; this endpoint takes advice requests`)
	default:
		return invalid("kind", "enum", fmt.Sprintf("kind must be %q or left out", kind))
	}
}

// clearServerFields drops what only the server decides: identities,
// numbers, versions, timestamps and links to registry persons. A client
// sending them is refused (strictKeys); this clears them once more, so
// that no path into intake can set them.
func clearServerFields(rep *reports.Report) {
	rep.ID = 0
	rep.Number = ""
	rep.Version = 0
	rep.RegisteredAt = time.Time{}
	rep.RegisteredBy = ""
	for i := range rep.Persons {
		rep.Persons[i].ID = 0
		rep.Persons[i].PersonID = 0
	}
}

// idempotencyKey reads the Idempotency-Key header. The draft defines its
// value as a structured-field string ("..."); many clients send the bare
// key, so both are accepted.
func idempotencyKey(h http.Header) (string, error) {
	vs := h.Values(IdempotencyKeyHeader)
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
	default:
		return "", invalid("idempotency_key", "single", "send one Idempotency-Key header")
	}
	v := strings.TrimSpace(vs[0])
	if strings.HasPrefix(v, `"`) {
		s, ok := parseSFString(v)
		if !ok {
			return "", invalid("idempotency_key", "format", "the Idempotency-Key header must be a quoted string or a bare key of visible ASCII characters")
		}
		v = s
	} else {
		for i := 0; i < len(v); i++ {
			if v[i] <= ' ' || v[i] > '~' {
				return "", invalid("idempotency_key", "format", "the Idempotency-Key header must be a quoted string or a bare key of visible ASCII characters")
			}
		}
	}
	if v == "" {
		return "", invalid("idempotency_key", "required", "the Idempotency-Key header may not be empty")
	}
	return v, nil
}

// parseSFString parses an RFC 8941 string: printable ASCII in double
// quotes, with \" and \\ as the only escapes.
func parseSFString(v string) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	var b strings.Builder
	in := v[1 : len(v)-1]
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '\\':
			i++
			if i == len(in) || (in[i] != '"' && in[i] != '\\') {
				return "", false
			}
			b.WriteByte(in[i])
		case c == '"', c < ' ', c > '~':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}
