package cli

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// backendCPU measures the CPU time of the PostgreSQL server processes
// that serve a database while a benchmark runs: every half second it
// lists the backends of the database (pg_stat_activity) and reads their
// CPU time from /proc/PID/stat, so the server must run on this machine
// (the figures are 0 otherwise). Run the benchmark alone on its database:
// every backend of it is counted.
type backendCPU struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	// first and last are each backend's CPU ticks when first and last
	// seen; a backend that started after the first sample starts at 0.
	first, last map[int]int64
	started     bool
}

// clockTicks is the unit of /proc/PID/stat's times (USER_HZ), 100 on
// every Linux platform Go supports.
const clockTicks = 100

func startBackendCPU(b *testing.B, dsn string) *backendCPU {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	s := &backendCPU{db: db, stop: make(chan struct{}), done: make(chan struct{}), first: map[int]int64{}, last: map[int]int64{}}
	s.sample()
	s.started = true
	go func() {
		defer close(s.done)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				s.sample()
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *backendCPU) sample() {
	rows, err := s.db.QueryContext(context.Background(),
		`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return
	}
	defer rows.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			return
		}
		t, ok := procTicks(pid)
		if !ok {
			continue
		}
		if _, seen := s.first[pid]; !seen {
			if s.started {
				s.first[pid] = 0
			} else {
				s.first[pid] = t
			}
		}
		s.last[pid] = t
	}
}

// Stop ends the sampling and returns the CPU time the backends used
// since the start.
func (s *backendCPU) Stop() time.Duration {
	close(s.stop)
	<-s.done
	s.db.Close()
	var ticks int64
	for pid, t := range s.last {
		ticks += t - s.first[pid]
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// procTicks reads the user and system time of process pid.
func procTicks(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may hold spaces; the fields after its
	// closing parenthesis are fixed: utime and stime are the 12th and
	// 13th of them.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return u + st, true
}
