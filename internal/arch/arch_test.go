package arch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "toren"

// allowed says which layers a layer may import. The layers form a line,
// base < domain < service < {storage, adapter} < wiring, with test support
// beside the wiring: a package imports its own layer or one below it, and
// storage and the adapters never import each other.
var allowed = map[string][]string{
	"base":    {"base"},
	"domain":  {"base", "domain"},
	"service": {"base", "domain", "service"},
	"storage": {"base", "domain", "service", "storage"},
	"adapter": {"base", "domain", "service", "adapter"},
	"wiring":  {"base", "domain", "service", "storage", "adapter", "wiring", "test"},
	"test":    {"base", "domain", "service", "storage", "adapter", "test"},
}

// forbidden are the packages a domain or service package may not depend
// on, directly or through another package: storage, the adapters, the
// wiring and HTTP itself.
var forbidden = []string{module + "/internal/store", module + "/internal/web", module + "/internal/api", module + "/internal/cli", "net/http"}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// packages lists the module's packages with their imports and their
// transitive dependencies, as the Go tool sees them.
func packages(t *testing.T, root string) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var ps []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// layers reads the table of docs/design.md that gives each package its
// layer: rows "| `path` | layer | ... |", path relative to the module.
func layers(t *testing.T, root string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "docs", "design.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 4 || strings.TrimSpace(cells[0]) != "" {
			continue
		}
		path := strings.TrimSpace(cells[1])
		if !strings.HasPrefix(path, "`") || !strings.HasSuffix(path, "`") {
			continue
		}
		path = module + "/" + strings.Trim(path, "`")
		layer := strings.TrimSpace(cells[2])
		if _, ok := allowed[layer]; !ok {
			t.Errorf("docs/design.md: %s has layer %q; the layers are %v", path, layer, slices.Sorted(maps.Keys(allowed)))
		}
		out[path] = layer
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("docs/design.md has no layer table")
	}
	return out
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// TestLayers checks every package of the module against the layer table
// of docs/design.md: each package has a layer, imports only the layers
// its layer may, and no domain or service package depends on storage,
// an adapter, the wiring or net/http; the layers import each other
// without a cycle.
func TestLayers(t *testing.T) {
	root := moduleRoot(t)
	layerOf := layers(t, root)
	ps := packages(t, root)
	edges := map[[2]string]string{} // layer -> layer, with one import that makes it
	for _, p := range ps {
		from, ok := layerOf[p.ImportPath]
		if !ok {
			t.Errorf("%s has no layer: add it to the table in docs/design.md", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			to, ok := layerOf[imp]
			if !ok {
				continue // the standard library or a dependency
			}
			if !slices.Contains(allowed[from], to) {
				t.Errorf("%s (%s) imports %s (%s): a %s package may import only %v", p.ImportPath, from, imp, to, from, allowed[from])
			}
			if from != to {
				edges[[2]string{from, to}] = p.ImportPath + " -> " + imp
			}
		}
		if from == "domain" || from == "service" {
			for _, dep := range p.Deps {
				if slices.Contains(forbidden, dep) {
					t.Errorf("%s (%s) depends on %s; a %s package must not, not even through another package", p.ImportPath, from, dep, from)
				}
			}
		}
	}
	for path := range layerOf {
		if !slices.ContainsFunc(ps, func(p pkg) bool { return p.ImportPath == path }) {
			t.Errorf("docs/design.md names %s, which is not a package of the module", path)
		}
	}
	if cycle := findCycle(edges); cycle != nil {
		t.Errorf("the layers import each other in a cycle: %s", strings.Join(cycle, "; "))
	}
}

// findCycle returns the imports that close a cycle between layers, or nil.
func findCycle(edges map[[2]string]string) []string {
	next := map[string][]string{}
	for e := range edges {
		next[e[0]] = append(next[e[0]], e[1])
	}
	for k := range next {
		slices.Sort(next[k])
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(string) []string
	visit = func(n string) []string {
		state[n] = open
		path = append(path, n)
		for _, m := range next[n] {
			switch state[m] {
			case open:
				i := slices.Index(path, m)
				var out []string
				cyc := append(slices.Clone(path[i:]), m)
				for j := 0; j+1 < len(cyc); j++ {
					out = append(out, edges[[2]string{cyc[j], cyc[j+1]}])
				}
				return out
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return nil
	}
	for _, n := range slices.Sorted(maps.Keys(next)) {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}

func TestFindCycle(t *testing.T) {
	line := map[[2]string]string{{"adapter", "service"}: "a", {"service", "domain"}: "b"}
	if c := findCycle(line); c != nil {
		t.Errorf("a line of layers has a cycle: %v", c)
	}
	loop := map[[2]string]string{{"adapter", "service"}: "web -> registry", {"service", "domain"}: "registry -> persons", {"domain", "adapter"}: "persons -> web"}
	c := findCycle(loop)
	if len(c) != 3 || !slices.Contains(c, "persons -> web") {
		t.Errorf("cycle = %v, want the three imports", c)
	}
}
