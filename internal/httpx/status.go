package httpx

import (
	"net/http"
	"strings"

	"toren/internal/toren"
)

// StatusWriter remembers the status code and size of a response, for
// metrics and the audit log.
type StatusWriter struct {
	http.ResponseWriter
	Status      int
	Bytes       int64
	wroteHeader bool
}

// NewStatusWriter wraps w; the status is 200 until a handler sets another.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w, Status: http.StatusOK}
}

func (s *StatusWriter) WriteHeader(code int) {
	if !s.wroteHeader {
		s.Status, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *StatusWriter) Write(b []byte) (int, error) {
	s.wroteHeader = true
	n, err := s.ResponseWriter.Write(b)
	s.Bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *StatusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// ClientIP is the peer address of the request. Toren does not trust
// forwarding headers: a deployment behind a proxy passes the address on
// at the network level or configures it there.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		return strings.Trim(host[:i], "[]")
	}
	return host
}

// Status is the HTTP status of an application error code: the one mapping
// the web interface, the API and the access gate share. An unknown code
// is a server error.
func Status(code toren.Code) int {
	switch code {
	case toren.CodeInvalid:
		return http.StatusUnprocessableEntity
	case toren.CodeNotFound:
		return http.StatusNotFound
	case toren.CodeConflict:
		return http.StatusConflict
	case toren.CodeForbidden:
		return http.StatusForbidden
	case toren.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// StatusOf is the HTTP status of err (toren.ErrorCode): a server error for
// anything but an application error.
func StatusOf(err error) int { return Status(toren.ErrorCode(err)) }
