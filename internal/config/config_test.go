package config

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"toren/internal/escalate"
)

func parse(t *testing.T, cmd Command, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet(string(cmd), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := NewFlags(fs, cmd, func(k string) string { return env[k] })
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return f.Config()
}

func TestDefaultsAreValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []Command{Serve, Demo, Import, Maintain} {
		c, err := parse(t, cmd, nil)
		if err != nil {
			t.Fatalf("%s without flags: %v", cmd, err)
		}
		if cmd == Demo && (c.DB != "" || !c.DemoMode) {
			t.Errorf("demo: database %q, demo mode %v; want a fresh database and demo mode", c.DB, c.DemoMode)
		}
		if cmd != Demo && (c.DB != "sqlite:toren.db" || c.DemoMode) {
			t.Errorf("%s: database %q, demo mode %v", cmd, c.DB, c.DemoMode)
		}
	}
}

// A flag wins over the environment, the environment over the default.
func TestFlagOverEnvironmentOverDefault(t *testing.T) {
	env := map[string]string{"TOREN_DB": "sqlite:/env.db", "TOREN_ADDR": ":9000", "TOREN_SECURE_COOKIES": "true",
		"TOREN_LOG_FORMAT": "JSON", "TOREN_LOG_LEVEL": "debug", "TOREN_INTAKE_TEAM": "Team Noord"}
	c, err := parse(t, Serve, env, "--db", "postgres://x@h/db")
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "postgres://x@h/db" || c.Addr != ":9000" || !c.SecureCookies || c.LogFormat != "json" || c.LogLevel != slog.LevelDebug || c.IntakeTeam != "Team Noord" {
		t.Errorf("got %+v", c)
	}
	c, err = parse(t, Serve, nil, "--secure-cookies")
	if err != nil || !c.SecureCookies {
		t.Errorf("--secure-cookies: %v %v", c.SecureCookies, err)
	}
	// toren demo never reads TOREN_DB: demo data must not land in the
	// database a server uses.
	c, err = parse(t, Demo, env)
	if err != nil || c.DB != "" || c.Addr != ":9000" {
		t.Errorf("demo: database %q addr %q, %v", c.DB, c.Addr, err)
	}
}

func TestDeadlineFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    []int // assessment days, investigation weeks, feedback days
		months  []int
		wantErr string
	}{
		{name: "public norms", want: []int{5, 10, 5}, months: []int{3, 12}},
		{name: "flags", args: []string{"--assessment-working-days", "3", "--investigation-weeks", "8", "--monitoring-months", "3, 6,12"},
			want: []int{3, 8, 5}, months: []int{3, 6, 12}},
		{name: "environment", env: map[string]string{"TOREN_FEEDBACK_WORKING_DAYS": "2", "TOREN_MONITORING_MONTHS": "6"},
			want: []int{5, 10, 2}, months: []int{6}},
		{name: "not a number", args: []string{"--investigation-weeks", "tien"}, wantErr: `--investigation-weeks "tien": not a whole number`},
		{name: "not a number in the environment", env: map[string]string{"TOREN_INVESTIGATION_WEEKS": "tien"}, wantErr: `TOREN_INVESTIGATION_WEEKS "tien": not a whole number`},
		{name: "months not ascending", args: []string{"--monitoring-months", "12,3"}, wantErr: "--monitoring-months: must be ascending"},
		{name: "months not numbers", args: []string{"--monitoring-months", "drie"}, wantErr: "--monitoring-months"},
		{name: "out of range", args: []string{"--assessment-working-days", "90"}, wantErr: "--assessment-working-days: must be between 0 and 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(t, Serve, tt.env, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			d := c.Deadlines
			got := []int{d.SafetyAssessmentWorkingDays, d.InvestigationWeeks, d.FeedbackWorkingDays}
			if !slices.Equal(got, tt.want) || !slices.Equal(d.MonitoringMonths, tt.months) {
				t.Errorf("deadlines %v %v, want %v %v", got, d.MonitoringMonths, tt.want, tt.months)
			}
		})
	}
}

func TestRadarFlags(t *testing.T) {
	tests := []struct {
		args         []string
		link, review float64
		wantErr      string
	}{
		{args: nil, link: 10, review: -2},
		{args: []string{"--radar-link", "12.5", "--radar-review", "0"}, link: 12.5, review: 0},
		{args: []string{"--radar-link", "hoog"}, wantErr: `--radar-link "hoog": not a number`},
		{args: []string{"--radar-link", "1", "--radar-review", "5"}, wantErr: "--radar-link and --radar-review: radar thresholds: want review (5) <= link (1)"},
	}
	for _, cmd := range []Command{Serve, Demo, Import} {
		for _, tt := range tests {
			c, err := parse(t, cmd, nil, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s %v: error %v, want %q", cmd, tt.args, err, tt.wantErr)
				}
				continue
			}
			if err != nil || c.Radar.Link != tt.link || c.Radar.Review != tt.review {
				t.Errorf("%s %v: %+v %v", cmd, tt.args, c.Radar, err)
			}
		}
	}
}

// Every rule Validate checks names the flag (or the variable) it is about.
func TestValidateNamesTheFlagAndTheRule(t *testing.T) {
	tests := []struct {
		cmd     Command
		env     map[string]string
		args    []string
		wantErr string
	}{
		{Serve, nil, []string{"--db", "mysql://x"}, `--db: "mysql://x": want sqlite:PATH or postgres://`},
		{Serve, nil, []string{"--addr", ""}, "--addr: must not be empty"},
		{Serve, nil, []string{"--tls-cert", "c.pem"}, "--tls-cert and --tls-key: go together"},
		{Serve, map[string]string{"TOREN_LOG_FORMAT": "xml"}, nil, `TOREN_LOG_FORMAT: "xml": want text or json`},
		{Serve, map[string]string{"TOREN_LOG_LEVEL": "loud"}, nil, `TOREN_LOG_LEVEL "loud": want debug, info, warn or error`},
		{Serve, nil, []string{"--intake-team", " "}, "--intake-team: must name a team"},
		{Serve, nil, []string{"--escalation-window-days", "0"}, "--escalation-window-days: escalate: config: window_days 0: must be from 1 to 3650"},
		{Serve, nil, []string{"--recidive-months", "500"}, "--recidive-months: "},
		{Serve, map[string]string{"TOREN_URGENT_CHILD_AGE": "vier"}, nil, `TOREN_URGENT_CHILD_AGE "vier": not a whole number`},
		{Serve, nil, []string{"--urgent-child-age", "40"}, "--urgent-child-age: "},
		{Demo, nil, []string{"--families", "-1"}, "--families: -1: must be 0 or more"},
		{Demo, nil, []string{"--years", "51"}, "--years: 51: must be from 1 to 50"},
		{Demo, nil, []string{"--seed", "-3"}, `--seed "-3": not a whole number`},
		{Import, nil, []string{"--batch", "0"}, "--batch: 0: must be 1 or more"},
		{Import, nil, []string{"--format", "xlsx"}, `--format: "xlsx": want csv or jsonl`},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.cmd, tt.env, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s %v %v: error %v, want %q", tt.cmd, tt.env, tt.args, err, tt.wantErr)
		}
	}
}

// A command declares only its own flags, and the help names each flag's
// environment variable and shows the value it will use.
func TestEachCommandDeclaresItsFlags(t *testing.T) {
	declared := func(cmd Command, env map[string]string) (map[string]string, string) {
		fs := flag.NewFlagSet(string(cmd), flag.ContinueOnError)
		var help bytes.Buffer
		fs.SetOutput(&help)
		NewFlags(fs, cmd, func(k string) string { return env[k] })
		got := map[string]string{}
		fs.VisitAll(func(f *flag.Flag) { got[f.Name] = f.DefValue })
		fs.PrintDefaults()
		return got, help.String()
	}
	serve, help := declared(Serve, map[string]string{"TOREN_ADDR": ":9000"})
	for _, name := range []string{"db", "addr", "tls-cert", "tls-key", "intake-team", "secure-cookies", "radar-link", "radar-review",
		"escalation-window-days", "recidive-months", "urgent-child-age", "assessment-working-days", "investigation-weeks",
		"feedback-working-days", "monitoring-months"} {
		if _, ok := serve[name]; !ok {
			t.Errorf("serve lacks --%s", name)
		}
	}
	if serve["addr"] != ":9000" || serve["monitoring-months"] != "3,12" || !strings.Contains(help, "(env TOREN_ASSESSMENT_WORKING_DAYS)") {
		t.Errorf("serve defaults %v\n%s", serve, help)
	}
	demo, _ := declared(Demo, nil)
	if _, ok := demo["intake-team"]; ok || demo["families"] != "200" || demo["years"] != "5" || demo["seed"] != "1" {
		t.Errorf("demo flags %v", demo)
	}
	imp, _ := declared(Import, nil)
	if _, ok := imp["addr"]; ok || imp["batch"] != "1000" || imp["db"] != "sqlite:toren.db" {
		t.Errorf("import flags %v", imp)
	}
}

func TestEscalationFlags(t *testing.T) {
	c, err := parse(t, Serve, nil)
	if err != nil || c.Escalation != escalate.DefaultConfig() {
		t.Errorf("defaults: %+v %v", c.Escalation, err)
	}
	c, err = parse(t, Serve, map[string]string{"TOREN_ESCALATION_WINDOW_DAYS": "30"}, "--recidive-months", "6")
	if err != nil || c.Escalation.WindowDays != 30 || c.Escalation.RecidiveMonths != 6 || c.Escalation.YoungChildAge != 4 {
		t.Errorf("from env and flag: %+v %v", c.Escalation, err)
	}
}
