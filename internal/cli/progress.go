package cli

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"toren/internal/importer"
)

// countingReader counts the bytes read through it, for the progress line.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// importProgress shows how an import is going: on a terminal one line that
// is rewritten (at most four times a second), elsewhere (a log file, a
// pipe) a plain line every ten seconds, so a long import is never silent.
type importProgress struct {
	w      io.Writer
	tty    bool
	every  time.Duration
	start  time.Time
	last   time.Time
	total  int64
	read   *countingReader
	wroteR bool // a terminal line is open (ends without a newline)
}

func newImportProgress(w io.Writer, read *countingReader, total int64) *importProgress {
	p := &importProgress{w: w, read: read, total: total, start: time.Now(), every: 10 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.every = true, 250*time.Millisecond
		}
	}
	return p
}

func (p *importProgress) update(s importer.Summary) {
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start)
	line := fmt.Sprintf("%d rows (%d stored, %d already imported, %d refused), %.0f rows/s",
		s.Rows, s.Stored, s.Skipped, s.Bad, float64(s.Rows)/elapsed.Seconds())
	if done := p.read.n.Load(); p.total > 0 && done > 0 {
		left := time.Duration(float64(elapsed) * float64(p.total-done) / float64(done))
		line += fmt.Sprintf(", %d%% read, about %s left", done*100/p.total, left.Round(time.Second))
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.wroteR = true
		return
	}
	fmt.Fprintln(p.w, "import: "+line)
}

// done ends an open terminal line, so what follows starts on its own.
func (p *importProgress) done() {
	if p.wroteR {
		fmt.Fprintln(p.w)
	}
}
