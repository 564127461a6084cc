package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// The files the templates link to; if the vendoring script renames one,
// these tests say so before a page breaks.
const (
	torenCSS   = "toren.css"
	htmxJS     = "vendor/htmx.org/htmx.min.js"
	utrechtCSS = "vendor/utrecht-component-library-css/index.css"
	tokensCSS  = "vendor/voorbeeld-design-tokens/theme.css"
)

func mustNew(t *testing.T) *Assets {
	t.Helper()
	a, err := New(DefaultPrefix)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func get(t *testing.T, h http.Handler, target string, header http.Header) *http.Response {
	t.Helper()
	return do(t, h, http.MethodGet, target, header)
}

func do(t *testing.T, h http.Handler, method, target string, header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, vs := range header {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return b
}

func TestServesEachEmbeddedAssetWithItsContentType(t *testing.T) {
	a := mustNew(t)
	tests := []struct {
		name        string
		contentType string
		mustContain string
	}{
		{torenCSS, "text/css; charset=utf-8", ".toren-theme"},
		{htmxJS, "text/javascript; charset=utf-8", "htmx"},
		{utrechtCSS, "text/css; charset=utf-8", ".utrecht-button"},
		{tokensCSS, "text/css; charset=utf-8", ".voorbeeld-theme"},
		{"vendor/htmx.org/LICENSE", "text/plain; charset=utf-8", "Zero-Clause BSD"},
		{"vendor/utrecht-component-library-css/LICENSE.md", "text/plain; charset=utf-8", "EUPL"},
		{"vendor/voorbeeld-design-tokens/LICENSE.md", "text/plain; charset=utf-8", "EUPL"},
		{"vendor/VERSIONS", "text/plain; charset=utf-8", "htmx.org\t2."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, a, a.URL(tt.name), nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			got := body(t, resp)
			want, err := fs.ReadFile(embedded, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("body differs from the embedded file (%d vs %d bytes)", len(got), len(want))
			}
			if !bytes.Contains(got, []byte(tt.mustContain)) {
				t.Errorf("body lacks %q", tt.mustContain)
			}
		})
	}
}

func TestCacheHeaders(t *testing.T) {
	a := mustNew(t)
	versioned := a.URL(torenCSS)
	plain := DefaultPrefix + torenCSS
	tests := []struct {
		name   string
		target string
		want   string
	}{
		{"current version is immutable", versioned, "public, max-age=31536000, immutable"},
		{"no version must revalidate", plain, "no-cache"},
		{"stale version must revalidate", plain + "?v=0000000000000000", "no-cache"},
		{"empty version must revalidate", plain + "?v=", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, a, tt.target, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.want {
				t.Errorf("Cache-Control = %q, want %q", got, tt.want)
			}
			if resp.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
		})
	}
}

func TestConditionalGetAnswers304(t *testing.T) {
	a := mustNew(t)
	first := get(t, a, DefaultPrefix+torenCSS, nil)
	etag := first.Header.Get("ETag")
	resp := get(t, a, DefaultPrefix+torenCSS, http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("status = %d, want 304", resp.StatusCode)
	}
	if n := len(body(t, resp)); n != 0 {
		t.Errorf("304 carried %d body bytes", n)
	}
	other := get(t, a, DefaultPrefix+torenCSS, http.Header{"If-None-Match": {`"someotherversion"`}})
	if other.StatusCode != http.StatusOK {
		t.Errorf("status with a foreign ETag = %d, want 200", other.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	a := mustNew(t)
	for _, path := range []string{
		"/static/",                    // the root folder: no listing
		"/static/vendor",              // a folder
		"/static/vendor/",             // a folder
		"/static/vendor/htmx.org/",    // a folder
		"/static/nope.css",            // unknown file
		"/static/toren.css/",          // file name used as a folder
		"/static/Toren.css",           // names are case-sensitive
		"/static//toren.css",          // no path cleaning into a match
		"/static/./toren.css",         // idem
		"/static/vendor/../toren.css", // idem
		"/static/toren.css\x00",       // a NUL after the name
		"/static/static.go",           // source is not embedded
		"/static/README.md",           // docs are not embedded
		"/toren.css",                  // outside the prefix
		"/other/static/toren.css",     // outside the prefix
	} {
		t.Run(path, func(t *testing.T) {
			// Set the decoded path directly: the handler must not rely on
			// the mux having cleaned it.
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path = path
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound {
				t.Errorf("status = %d, want 404", rec.Code)
			}
			if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "immutable") {
				t.Errorf("a 404 must not be cached forever (Cache-Control %q)", cc)
			}
		})
	}
}

func TestMethods(t *testing.T) {
	a := mustNew(t)
	head := do(t, a, http.MethodHead, a.URL(torenCSS), nil)
	if head.StatusCode != http.StatusOK {
		t.Errorf("HEAD status = %d, want 200", head.StatusCode)
	}
	if n := len(body(t, head)); n != 0 {
		t.Errorf("HEAD returned %d body bytes", n)
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		resp := do(t, a, m, a.URL(torenCSS), nil)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s status = %d, want 405", m, resp.StatusCode)
		}
		if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s Allow = %q, want %q", m, got, "GET, HEAD")
		}
	}
}

func TestGzip(t *testing.T) {
	a := mustNew(t)
	want, err := fs.ReadFile(embedded, utrechtCSS)
	if err != nil {
		t.Fatal(err)
	}
	plain := get(t, a, a.URL(utrechtCSS), nil)
	if enc := plain.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("without Accept-Encoding got Content-Encoding %q", enc)
	}
	if !bytes.Equal(body(t, plain), want) {
		t.Error("identity body differs from the file")
	}

	zipped := get(t, a, a.URL(utrechtCSS), http.Header{"Accept-Encoding": {"br, gzip;q=0.8"}})
	if enc := zipped.Header.Get("Content-Encoding"); enc != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", enc)
	}
	if got := zipped.Header.Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("Vary = %q, want Accept-Encoding", got)
	}
	if zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Error("gzip and identity responses share an ETag")
	}
	compressed := body(t, zipped)
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("gunzipped body differs from the file")
	}
	t.Logf("%s: %d bytes, %d gzipped (%.0f%%)", utrechtCSS, len(want), len(compressed),
		100*float64(len(compressed))/float64(len(want)))
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"deflate, gzip", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0", false},
		{"gzip;q=0.001", true},
		{"gzip;q=1", true},
		{"gzip;q=2", false},   // out of range: refuse
		{"gzip;q=abc", false}, // malformed: refuse
		{"gzip;q=NaN", false}, // malformed: refuse
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false}, // the named refusal wins over the wildcard
		{"*, gzip;q=0", false},
		{"br", false},
		{"identity", false},
		{"gzipx", false},
		{"deflate;level=gzip", false},
		{"gzip;level=9", true},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestURL(t *testing.T) {
	a := mustNew(t)
	b := mustNew(t)
	for _, name := range []string{torenCSS, htmxJS, utrechtCSS, tokensCSS} {
		u := a.URL(name)
		if u != b.URL(name) {
			t.Errorf("URL(%q) differs between two builds of the same content: %q, %q", name, u, b.URL(name))
		}
		if !strings.HasPrefix(u, DefaultPrefix+name+"?v=") || len(u) != len(DefaultPrefix+name+"?v=")+versionLen {
			t.Errorf("URL(%q) = %q, want %s%s?v=<%d hex digits>", name, u, DefaultPrefix, name, versionLen)
		}
	}
}

func TestURLFollowsContent(t *testing.T) {
	build := func(files map[string]string) *Assets {
		fsys := fstest.MapFS{}
		for name, content := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(content)}
		}
		a, err := NewFS(fsys, "/assets/")
		if err != nil {
			t.Fatalf("NewFS: %v", err)
		}
		return a
	}
	v1 := build(map[string]string{"a.css": "body{}", "b.css": "body{}"})
	v1again := build(map[string]string{"a.css": "body{}", "b.css": "p{}"})
	v2 := build(map[string]string{"a.css": "body{color:red}", "b.css": "body{}"})

	if got, want := v1.URL("a.css"), v1again.URL("a.css"); got != want {
		t.Errorf("same content, different URL: %q vs %q", got, want)
	}
	if v1.URL("a.css") == v2.URL("a.css") {
		t.Errorf("changed content kept URL %q", v1.URL("a.css"))
	}
	if !strings.HasPrefix(v1.URL("a.css"), "/assets/a.css?v=") {
		t.Errorf("URL ignores the prefix: %q", v1.URL("a.css"))
	}
	// The version depends on the content only, not on the name.
	if va, vb := strings.Split(v1.URL("a.css"), "?")[1], strings.Split(v1.URL("b.css"), "?")[1]; va != vb {
		t.Errorf("equal content, different versions: %q vs %q", va, vb)
	}
}

func TestURLPanicsOnUnknownName(t *testing.T) {
	a := mustNew(t)
	defer func() {
		if recover() == nil {
			t.Error("URL of an unknown asset did not panic")
		}
	}()
	a.URL("missing.css")
}

func TestNewFSRejects(t *testing.T) {
	ok := fstest.MapFS{"a.css": {Data: []byte("x")}}
	tests := []struct {
		name   string
		fsys   fs.FS
		prefix string
	}{
		{"prefix without leading slash", ok, "static/"},
		{"prefix without trailing slash", ok, "/static"},
		{"empty prefix", ok, ""},
		{"unknown extension", fstest.MapFS{"a.exe": {Data: []byte("x")}}, "/s/"},
		{"name needing escaping", fstest.MapFS{"a b.css": {Data: []byte("x")}}, "/s/"},
		{"query character in name", fstest.MapFS{"a?.css": {Data: []byte("x")}}, "/s/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewFS(tt.fsys, tt.prefix); err == nil {
				t.Error("NewFS succeeded, want an error")
			}
		})
	}
}

func TestEmbeddedSetIsExactlyTheAssets(t *testing.T) {
	a := mustNew(t)
	want := []string{
		"app.css",
		"casefile/casefile.css",
		"intake/intake.css",
		"intake/intake.js",
		"session.js",
		"stats/stats.css",
		torenCSS,
		"vendor/VERSIONS",
		"vendor/htmx.org/LICENSE",
		htmxJS,
		"vendor/utrecht-component-library-css/LICENSE.md",
		utrechtCSS,
		"vendor/voorbeeld-design-tokens/LICENSE.md",
		tokensCSS,
	}
	got := a.Names()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	var total int
	for _, name := range got {
		total += len(a.files[name].body)
	}
	// The brief's budget: the embedded assets stay under ~1 MB.
	if total > 1<<20 {
		t.Errorf("embedded assets total %d bytes, over 1 MiB", total)
	}
	t.Logf("embedded assets: %d files, %d bytes", len(got), total)
}
