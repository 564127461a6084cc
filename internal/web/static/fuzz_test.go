package static

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzAcceptsGzip feeds arbitrary Accept-Encoding values: the parser must
// not panic, and may say yes only when the header names gzip or "*".
func FuzzAcceptsGzip(f *testing.F) {
	for _, seed := range []string{"", "gzip", "gzip;q=0", "*;q=0.5, br", "x-gzip; q=1.0", "gzip;q=0, *", ";;,,=", "gzip;q=1e-400"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got := acceptsGzip(header)
		lower := strings.ToLower(header)
		if got && !strings.Contains(lower, "gzip") && !strings.Contains(lower, "*") {
			t.Errorf("acceptsGzip(%q) = true without gzip or * in the header", header)
		}
		if got != acceptsGzip(header) {
			t.Errorf("acceptsGzip(%q) is not deterministic", header)
		}
	})
}

// FuzzServePath requests arbitrary paths and queries: the handler must not
// panic, must answer 200 only for an exact asset name under the prefix, and
// must never mark a response immutable unless it carries that asset's
// current version.
func FuzzServePath(f *testing.F) {
	a, err := New(DefaultPrefix)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{"/static/toren.css", "/static/", "/static/vendor/", "/static/../static.go", "/static//toren.css", "/static/vendor/htmx.org/htmx.min.js", "/"} {
		f.Add(seed, "v=0123456789abcdef", "gzip")
	}
	f.Add("/static/toren.css", strings.TrimPrefix(a.URL(torenCSS), DefaultPrefix+torenCSS+"?"), "")
	f.Fuzz(func(t *testing.T, path, rawQuery, acceptEncoding string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		req.URL.RawQuery = rawQuery
		req.Header.Set("Accept-Encoding", acceptEncoding)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)

		name, underPrefix := strings.CutPrefix(path, DefaultPrefix)
		f, exists := a.files[name]
		known := underPrefix && exists
		switch {
		case known && rec.Code != http.StatusOK:
			t.Errorf("GET %q: status %d, want 200", path, rec.Code)
		case !known && rec.Code != http.StatusNotFound:
			t.Errorf("GET %q: status %d, want 404", path, rec.Code)
		}
		if strings.Contains(rec.Header().Get("Cache-Control"), "immutable") &&
			(!known || req.URL.Query().Get("v") != f.version) {
			t.Errorf("GET %q?%s marked immutable", path, rawQuery)
		}
	})
}
