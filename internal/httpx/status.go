package httpx

import (
	"net/http"
	"strings"
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
