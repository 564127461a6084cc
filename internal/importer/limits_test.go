package importer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"toren/internal/authz"
)

// An opening quote that is never closed swallows the lines after it into
// one field. The import says so, with the line where it opened and the
// lines it took, instead of reporting fewer rows without a word.
func TestImportCSVUnterminatedQuoteIsNamed(t *testing.T) {
	var b strings.Builder
	b.WriteString(smallHeader + "\n")
	for i, ref := range []string{"PL-1", "PL-2", "PL-3"} {
		row := goodRow(ref)
		if i == 1 {
			row = row.with("description", "MARK")
		}
		b.WriteString(strings.Replace(row.String(), "MARK", `"Ruzie, buurman belt`, 1) + "\n")
	}
	for _, ref := range []string{"PL-4", "PL-5"} {
		b.WriteString(goodRow(ref).String() + "\n")
	}
	rec := &recorder{}
	var bad bytes.Buffer
	sum, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(b.String()), Options{Format: FormatCSV, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 1 || sum.Bad != 1 {
		t.Errorf("summary %+v, want 1 stored (line 2) and 1 bad (line 3, which took the rest)", sum)
	}
	if !strings.Contains(bad.String(), "line 3: ") || !strings.Contains(bad.String(), "lines 3 to 6 were read as one field") {
		t.Errorf("bad-row report does not name the quote and the lines it took:\n%s", bad.String())
	}
}

// endless is a CSV whose third line opens a quote that is never closed:
// size bytes of one field, made as it is read, so that the input itself
// takes no memory.
type endless struct {
	head []byte
	left int
}

func newEndless(size int) *endless {
	return &endless{head: []byte(smallHeader + "\n" + goodRow("PL-1").String() + "\n" + `PL-2,"`), left: size}
}

func (e *endless) Read(p []byte) (int, error) {
	if len(e.head) > 0 {
		n := copy(p, e.head)
		e.head = e.head[n:]
		return n, nil
	}
	if e.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), e.left)
	for i := range n {
		p[i] = 'x'
	}
	e.left -= n
	return n, nil
}

// peakRSS is the process's peak resident memory (VmHWM) in bytes.
func peakRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("peak memory needs /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}

// brokenRecordChild is set in the process that reads the broken record
// for TestImportCSVRecordAndHeaderLimits, so that its peak memory is its
// own and not that of other tests.
const brokenRecordChild = "TOREN_TEST_BROKEN_RECORD_CHILD"

// A record without end (a quote opened and never closed in a large file)
// is cut off at the record limit: the peak memory of the process reading
// it stays bounded and the error names the line where the record began.
// A header of megabytes is refused without printing it back.
func TestImportCSVRecordAndHeaderLimits(t *testing.T) {
	const size = 32 << 20
	if os.Getenv(brokenRecordChild) != "" {
		before := peakRSS(t)
		rec := &recorder{}
		sum, err := Import(context.Background(), authz.Console("test"), rec, newEndless(size), Options{Format: FormatCSV, Bad: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "line 3: the record starting here is longer than 1 MiB") {
			t.Fatalf("err = %v", err)
		}
		if sum.Stored != 1 {
			t.Errorf("the good row before the broken one was not kept: %+v", sum)
		}
		fmt.Printf("peak-growth %d\n", peakRSS(t)-before)
		return
	}
	// The broken record is read in a process of its own: the peak resident
	// memory (VmHWM) is a physical bound, unlike an allocation count, and
	// reading 32 MiB into one field would raise it by well over 32 MiB.
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportCSVRecordAndHeaderLimits$", "-test.count=1")
	cmd.Env = append(os.Environ(), brokenRecordChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reading the broken record: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`peak-growth (-?\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the child reported no peak memory:\n%s", out)
	}
	growth, _ := strconv.ParseInt(string(m[1]), 10, 64)
	t.Logf("peak resident memory grew by %.1f MiB while reading a broken %d MiB record", float64(growth)/(1<<20), size>>20)
	if growth > 16<<20 {
		t.Errorf("reading a broken 32 MiB record raised the peak memory by %d MiB; the record limit does not hold", growth>>20)
	}
	rec := &recorder{}
	huge := strings.Repeat("kolom_", 400000) + "\n"
	_, err = Import(context.Background(), authz.Console("test"), rec, strings.NewReader(huge), Options{Format: FormatCSV})
	if err == nil || !strings.Contains(err.Error(), "header row is longer than 64 KiB") {
		t.Errorf("huge header: %v", err)
	}
	if err != nil && len(err.Error()) > 300 {
		t.Errorf("the error repeats the header: %d bytes", len(err.Error()))
	}
	long := strings.Repeat("k", 5000) + "," + smallHeader + "\n"
	_, err = Import(context.Background(), authz.Console("test"), rec, strings.NewReader(long), Options{Format: FormatCSV})
	if err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), "(5000 bytes)") {
		t.Errorf("long unknown column: %v", err)
	}
}

// A header that comes out as one column says why: tabs, or UTF-16.
func TestImportCSVHeaderNamesSeparatorOrEncoding(t *testing.T) {
	tsv := strings.ReplaceAll(smallHeader, ",", "\t") + "\n"
	utf16NoBOM, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(smallHeader + "\n")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ file, want string }{
		"tab-separated":      {tsv, "looks tab-separated"},
		"UTF-16 without BOM": {utf16NoBOM, "looks like UTF-16"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Import(context.Background(), authz.Console("test"), &recorder{}, strings.NewReader(c.file), Options{Format: FormatCSV})
			if err == nil || !strings.Contains(err.Error(), c.want) || len(err.Error()) > 300 {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// A file in Windows-1252 is not guessed at: without --encoding its rows
// with non-ASCII letters are refused, naming the line and the field; with
// the encoding declared they are stored as written. A UTF-16 file with a
// byte order mark declares itself.
func TestImportCSVEncodings(t *testing.T) {
	utf8File := smallHeader + "\n" + goodRow("PL-1").with("person1_surname", "Zoë Çelik").String() + "\n" + goodRow("PL-2").String() + "\n"
	cp1252, err := charmap.Windows1252.NewEncoder().String(utf8File)
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := newTestService(t)
	var bad bytes.Buffer
	sum, err := Import(context.Background(), authz.Console("test"), svc, strings.NewReader(cp1252), Options{Format: FormatCSV, Bad: &bad})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Stored != 1 || sum.Bad != 1 || !strings.Contains(bad.String(), "line 2: persons[0].surname: ") || !strings.Contains(bad.String(), "(utf8)") {
		t.Errorf("undeclared Windows-1252: %+v\n%s", sum, bad.String())
	}

	withBOM, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(utf8File)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		file string
		enc  Encoding
	}{
		"windows-1252 declared": {cp1252, EncodingWindows1252},
		"UTF-16 with BOM":       {withBOM, ""},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &recorder{}
			sum, err := Import(context.Background(), authz.Console("test"), rec, strings.NewReader(c.file), Options{Format: FormatCSV, Encoding: c.enc})
			if err != nil || sum.Stored != 2 {
				t.Fatalf("%+v %v", sum, err)
			}
			if got := rec.got[0].Persons[0].Surname; got != "Zoë Çelik" {
				t.Errorf("surname %q, want Zoë Çelik", got)
			}
		})
	}
	if _, err := ParseEncoding("ebcdic"); err == nil {
		t.Error("unknown encoding accepted")
	}
}
