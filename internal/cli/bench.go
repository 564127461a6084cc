package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"toren/internal/auth"
	"toren/internal/bench"
	"toren/internal/config"
)

const benchSynopsis = "bench intake [--db sqlite:PATH|postgres://...] [--clients N] [--duration D] [--families F]"

// runBench measures intake as users meet it: it makes an intake account
// with `toren user add`, starts `toren serve` on the database as a child
// process, signs in, and posts synthetic reports with concurrent API
// clients, after measuring the raw durable commit rate of the same disk or
// database.
func runBench(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "bench", benchSynopsis)
	if len(args) == 0 || args[0] != "intake" {
		if err := parse(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	dsn := fs.String("db", envOr(env, "TOREN_DB", "sqlite:toren-bench.db"), "database the server runs on (env TOREN_DB)")
	clients := fs.Int("clients", 16, "concurrent API clients")
	duration := fs.Duration("duration", 20*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 3*time.Second, "load before measuring (not counted)")
	rawFor := fs.Duration("raw-duration", 5*time.Second, "how long to measure the raw commit rate")
	families := fs.Int("families", 100000, "synthetic families to draw reports from (about two reports each)")
	profile := fs.String("cpuprofile", "", "write the server's CPU profile to this file")
	memProfile := fs.String("memprofile", "", "write the server's allocation profile (of the whole run) to this file")
	as := fs.String("as", "session", "how the clients call: session (a staff member signed in, CSRF token) or client (an API client's bearer token)")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "generator seed")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 || *clients < 1 || *duration <= 0 || (*as != "session" && *as != "client") {
		fs.Usage()
		return errUsage
	}
	out := env.Stdout
	fmt.Fprintf(out, "toren bench intake: %s, %d clients, %v (warm-up %v)\n", redactDSN(*dsn), *clients, *duration, *warmup)
	fmt.Fprintf(out, "load average at start: %s\n", bench.LoadAverage())

	// The account, made as an administrator makes one.
	user := fmt.Sprintf("bench%d", time.Now().Unix())
	var cred bytes.Buffer
	if code := Main(ctx, []string{"user", "add", "--db", *dsn, "--name", "Bench Intake", "--roles", "intake", "--teams", config.DefaultIntakeTeam, user},
		Env{Stdout: &cred, Stderr: env.Stderr, Getenv: env.Getenv}); code != 0 {
		return fmt.Errorf("bench: toren user add failed")
	}
	password, secret := credField(cred.String(), "password:"), credField(cred.String(), "TOTP key:")

	srv, err := startServer(ctx, env, *dsn, serverProfiles{cpu: *profile, mem: *memProfile})
	if err != nil {
		return err
	}
	defer srv.stop()
	c, err := signIn(ctx, srv.base, user, password, secret)
	if err != nil {
		return err
	}
	if *as == "client" {
		// An API client, registered as an administrator registers one,
		// with a rate limit that does not hold the measurement back.
		var reg bytes.Buffer
		if code := Main(ctx, []string{"client", "add", "--db", *dsn, "--scopes", "reports:create", "--rate-limit", "60000", "Bench " + user},
			Env{Stdout: &reg, Stderr: env.Stderr, Getenv: env.Getenv}); code != 0 {
			return fmt.Errorf("bench: toren client add failed")
		}
		c = bench.Client{HTTP: &http.Client{Transport: c.HTTP.Transport}, Base: srv.base, Token: credField(reg.String(), "token:")}
	}
	fmt.Fprintf(out, "calling as: %s\n", *as)

	raw, err := measureRaw(ctx, *dsn, *clients, *rawFor)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "raw limit: %.0f tx/s (%d-row durable transactions, %d connection(s), %v)\n",
		raw.PerSecond(), bench.RawRows, raw.Clients, raw.Elapsed.Round(time.Millisecond))

	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	bodies, _ := bench.Families(lctx, *families, *seed, time.Now(), user+"-")
	if *warmup > 0 {
		w := bench.Drive(ctx, c, *clients, bodies, *warmup)
		if w.Reports == 0 {
			return fmt.Errorf("bench: no report acknowledged in the warm-up: %s", w.FirstFail)
		}
	}
	wal0 := walBytes(ctx, *dsn)
	pid := srv.cmd.Process.Pid
	io0, wc0, cpu0 := bench.WriteBytes(pid), bench.WriteCalls(pid), bench.CPUTime(pid)
	rt0 := bench.Metric(ctx, c, roundTripsMetric)
	l := bench.Drive(ctx, c, *clients, bodies, *duration)
	io1, wc1, cpu1 := bench.WriteBytes(pid), bench.WriteCalls(pid), bench.CPUTime(pid)
	rt1 := bench.Metric(ctx, c, roundTripsMetric)
	wal1 := walBytes(ctx, *dsn)
	cancel()

	fmt.Fprintf(out, "reports: %d acknowledged in %.1f s = %.0f reports/s (%.2fx raw); %.0f%% about a family reported before\n",
		l.Reports, l.Elapsed.Seconds(), l.PerSecond(), l.PerSecond()/raw.PerSecond(), 100*float64(l.Known)/float64(max(l.Reports, 1)))
	fmt.Fprintf(out, "latency: p50 %s, p99 %s, max %s\n", ms(l.Percentile(50)), ms(l.Percentile(99)), ms(l.Percentile(100)))
	if l.Failures > 0 {
		fmt.Fprintf(out, "failures: %d (first: %s)\n", l.Failures, l.FirstFail)
	}
	if io0 >= 0 && io1 >= 0 && l.Reports > 0 && wal0 < 0 {
		fmt.Fprintf(out, "disk writes by the server (database and its WAL): %.1f KB per report\n", float64(io1-io0)/1024/float64(l.Reports))
	}
	if wc0 >= 0 && wc1 >= 0 && l.Reports > 0 && wal0 < 0 {
		fmt.Fprintf(out, "bytes the server passed to write calls (database, WAL, sockets, log): %.1f KB per report\n", float64(wc1-wc0)/1024/float64(l.Reports))
	}
	if cpu0 >= 0 && cpu1 >= 0 && l.Reports > 0 {
		fmt.Fprintf(out, "server CPU time (user + system): %.0f µs per report\n", float64((cpu1-cpu0).Microseconds())/float64(l.Reports))
	}
	if rt0 >= 0 && rt1 >= 0 && l.Reports > 0 {
		// Includes the server's own writes meanwhile (sessions, the
		// readiness probe), a few a second.
		fmt.Fprintf(out, "write round trips (begin, statements, batches, commit): %.2f per report\n", (rt1-rt0)/float64(l.Reports))
	}
	if wal0 >= 0 && wal1 >= 0 && l.Reports > 0 {
		fmt.Fprintf(out, "PostgreSQL WAL (whole cluster): %.1f KB per report\n", float64(wal1-wal0)/1024/float64(l.Reports))
	}
	if rss := bench.PeakRSS(pid); rss > 0 {
		// The cost in memory of a setting that trades memory for CPU
		// (the collector's pace) shows here.
		fmt.Fprintf(out, "server peak resident memory: %.0f MB\n", float64(rss)/(1<<20))
	}
	fmt.Fprintf(out, "load average at end: %s\n", bench.LoadAverage())
	if l.Reports == 0 {
		return fmt.Errorf("bench: no report acknowledged: %s", l.FirstFail)
	}
	return nil
}

// roundTripsMetric counts the waits of write transactions on the
// database (store.DB.WriteRoundTrips).
const roundTripsMetric = "toren_db_write_round_trips_total"

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func credField(s, label string) string {
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(line, label); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

func redactDSN(dsn string) string {
	if u, err := neturl.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// measureRaw measures the raw durable commit rate where the database
// lives: the SQLite file's directory, or the PostgreSQL server with as
// many connections as clients.
func measureRaw(ctx context.Context, dsn string, clients int, d time.Duration) (bench.Raw, error) {
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		return bench.RawSQLite(ctx, filepath.Dir(path), d)
	}
	return bench.RawPostgres(ctx, dsn, clients, d)
}

// walBytes returns PostgreSQL's WAL bytes written so far (pg_stat_wal,
// the whole cluster), -1 for SQLite or when unknown.
func walBytes(ctx context.Context, dsn string) int64 {
	if strings.HasPrefix(dsn, "sqlite:") {
		return -1
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return -1
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, `SELECT wal_bytes::bigint FROM pg_stat_wal`).Scan(&n); err != nil {
		return -1
	}
	return n
}

type child struct {
	cmd  *exec.Cmd
	base string
	done chan error
}

// serverProfiles names the files the server writes its profiles to
// (empty: none).
type serverProfiles struct{ cpu, mem string }

// startServer runs `toren serve` on dsn as a child process on a free
// loopback port and waits until it answers.
func startServer(ctx context.Context, env Env, dsn string, prof serverProfiles) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(exe, "serve", "--db", dsn, "--addr", addr)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if prof.cpu != "" || prof.mem != "" {
		cmd.Env = append(os.Environ(), "TOREN_CPUPROFILE="+prof.cpu, "TOREN_MEMPROFILE="+prof.mem)
	}
	if env.Getenv("TOREN_BENCH_SERVER_LOG") != "" {
		cmd.Stderr = env.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start toren serve: %w", err)
	}
	c := &child{cmd: cmd, base: "http://" + addr, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	for start := time.Now(); time.Since(start) < 10*time.Minute; time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-c.done:
			return nil, fmt.Errorf("bench: toren serve ended: %v", err)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		default:
		}
		resp, err := http.Get(c.base + "/inloggen")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
	}
	c.stop()
	return nil, fmt.Errorf("bench: toren serve did not answer")
}

func (c *child) stop() {
	c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in with password and second factor, as a browser does,
// and returns an API client with the session and its CSRF token.
func signIn(ctx context.Context, base, user, password, secret string) (bench.Client, error) {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	hc := &http.Client{Jar: jar, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	code, err := auth.TOTPCode(secret, auth.TOTPStep(time.Now()))
	if err != nil {
		return bench.Client{}, fmt.Errorf("bench: second factor: %w", err)
	}
	resp, err := hc.PostForm(base+"/inloggen", neturl.Values{"gebruikersnaam": {user}, "wachtwoord": {password}, "code": {code}})
	if err != nil {
		return bench.Client{}, fmt.Errorf("bench: sign in: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return bench.Client{}, fmt.Errorf("bench: sign in: status %d", resp.StatusCode)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
	resp, err = hc.Do(req)
	if err != nil {
		return bench.Client{}, fmt.Errorf("bench: start page: %w", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		return bench.Client{}, fmt.Errorf("bench: no CSRF token on the start page (status %d)", resp.StatusCode)
	}
	return bench.Client{HTTP: hc, Base: base, CSRF: string(m[1])}, nil
}
