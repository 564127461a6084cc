// Package static embeds Toren's stylesheets and scripts in the binary and
// serves them under content-hashed URLs, so that browsers may keep them for
// a year and still fetch a new version the moment its content changes.
//
// The vendored files under vendor/ come from scripts/vendor-assets.sh; see
// README.md in this folder for the class names the templates use.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// embedded holds every file the UI loads. README.md and the Go files stay
// out: only what a browser may ask for is in the binary.
//
//go:embed toren.css app.css session.js vendor
//go:embed intake
//go:embed casefile
//go:embed stats
var embedded embed.FS

// DefaultPrefix is the URL path under which the assets are normally mounted.
const DefaultPrefix = "/static/"

// versionLen is the number of hex digits of the SHA-256 kept in a URL:
// 64 bits make an accidental collision between two versions of one file
// practically impossible while keeping URLs short.
const versionLen = 16

// Assets is the immutable set of embedded files, built once at start-up.
// It is an http.Handler for the URL paths under its prefix, and its URL
// method gives the versioned address of a file for use in templates.
type Assets struct {
	prefix string
	files  map[string]*asset
}

type asset struct {
	body        []byte
	gzipped     []byte // nil when compressing does not pay (or is pointless)
	version     string // first versionLen hex digits of sha256(body)
	contentType string
}

// contentTypes maps the file extensions Toren serves to their media type.
// A fixed table, rather than mime.TypeByExtension, so the answer does not
// depend on the host's mime.types. The empty extension covers the plain-text
// notices shipped with the vendored code (LICENSE, VERSIONS).
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".md":    "text/plain; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	"":       "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/vnd.microsoft.icon",
	".woff2": "font/woff2",
}

// compressible lists the extensions worth gzipping; images and fonts are
// compressed already.
var compressible = map[string]bool{".css": true, ".js": true, ".md": true, ".txt": true, "": true, ".svg": true}

// New returns the assets embedded in the binary, served under prefix
// (for example DefaultPrefix).
func New(prefix string) (*Assets, error) {
	return NewFS(embedded, prefix)
}

// NewFS returns the assets found in fsys, served under prefix. The prefix
// must start and end with "/". Every regular file becomes an asset named by
// its slash-separated path in fsys; a file whose extension has no known
// content type, or whose name needs escaping in a URL, is an error, so a
// mistake shows at start-up rather than as a broken page.
func NewFS(fsys fs.FS, prefix string) (*Assets, error) {
	if !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") {
		return nil, fmt.Errorf("static: prefix %q must start and end with /", prefix)
	}
	a := &Assets{prefix: prefix, files: make(map[string]*asset)}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, err := load(fsys, name)
		if err != nil {
			return err
		}
		a.files[name] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: loading assets: %w", err)
	}
	return a, nil
}

func load(fsys fs.FS, name string) (*asset, error) {
	if !safeName(name) {
		return nil, fmt.Errorf("asset name %q: only letters, digits and . _ - / are allowed", name)
	}
	ext := path.Ext(name)
	contentType, ok := contentTypes[ext]
	if !ok {
		return nil, fmt.Errorf("asset %q: no content type known for extension %q", name, ext)
	}
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading asset %q: %w", name, err)
	}
	sum := sha256.Sum256(body)
	f := &asset{
		body:        body,
		version:     hex.EncodeToString(sum[:])[:versionLen],
		contentType: contentType,
	}
	if compressible[ext] {
		if f.gzipped, err = gzipIfSmaller(body); err != nil {
			return nil, fmt.Errorf("compressing asset %q: %w", name, err)
		}
	}
	return f, nil
}

// safeName reports whether name can be put in a URL path as it is, which
// keeps URL free of escaping and the handler's lookup an exact match.
func safeName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case r == '.', r == '_', r == '-', r == '/':
		default:
			return false
		}
	}
	return true
}

// gzipIfSmaller compresses body once at start-up, so no request pays for
// it. It returns nil when the saving is under 10%, where the extra
// Content-Encoding is not worth it.
func gzipIfSmaller(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > len(body)*9/10 {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// URL returns the versioned URL of the named asset, such as
// "/static/toren.css?v=0123456789abcdef". The version is derived from the
// content, so it is the same on every start of the same binary and changes
// exactly when the file does.
//
// URL panics on an unknown name: names are constants in templates, so an
// unknown one is a programming error, and text/template and html/template
// turn the panic into an execution error that a page test catches.
func (a *Assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		panic(fmt.Sprintf("static: unknown asset %q", name))
	}
	return a.prefix + name + "?v=" + f.version
}

// Prefix returns the URL path prefix the assets are served under.
func (a *Assets) Prefix() string { return a.prefix }

// Names returns the names of all assets, sorted.
func (a *Assets) Names() []string {
	names := make([]string, 0, len(a.files))
	for name := range a.files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
