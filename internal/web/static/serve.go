package static

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Cache-Control values. A URL carrying the current version never changes
// content, so the browser may keep it for a year without asking again. Any
// other request (no version, or the version of an older build still cached
// in a page) gets the current file but must be revalidated each time, so an
// old version can never stick.
const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheRevalidate  = "no-cache"
	allowedMethods   = "GET, HEAD"
	contentEncodingZ = "gzip"
)

// ServeHTTP serves the asset named by the request path after the prefix.
// Only exact asset names are found: a folder, an unknown file or a path
// outside the prefix is 404, so there are no directory listings.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", allowedMethods)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, a.prefix)
	f := a.files[name]
	if !ok || f == nil {
		http.NotFound(w, r)
		return
	}

	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == f.version {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheRevalidate)
	}

	body, etag := f.body, `"`+f.version+`"`
	if f.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			// A strong ETag must differ between encodings of one resource.
			body, etag = f.gzipped, `"`+f.version+`-gzip"`
			h.Set("Content-Encoding", contentEncodingZ)
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304, HEAD without a body and
	// Range requests; a zero modification time leaves Last-Modified out,
	// the ETag being the better validator.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether an Accept-Encoding header value allows a gzip
// response: "gzip" (or the legacy "x-gzip") with a q-value above zero, or,
// when gzip is not named, "*" with a q-value above zero. An explicit
// "gzip;q=0" wins over "*". A malformed q-value counts as refusal, the safe
// reading.
func acceptsGzip(header string) bool {
	named, namedOK := false, false
	star, starOK := false, false
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			namedOK = true
			named = named || qualityAboveZero(params)
		case "*":
			starOK = true
			star = star || qualityAboveZero(params)
		}
	}
	if namedOK {
		return named
	}
	return starOK && star
}

// qualityAboveZero reads the q parameter of one Accept-Encoding element;
// without one the quality is 1.
func qualityAboveZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		key, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(key), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		return err == nil && q > 0 && q <= 1
	}
	return true
}
