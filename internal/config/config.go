// Package config holds Toren's settings: every flag and environment
// variable of the commands that run the application, read in one place
// into one immutable value. Defaults live in code (Default); the
// environment overrides them and a flag overrides the environment.
//
// A Config is passed by value. Its only reference field,
// Deadlines.MonitoringMonths, is copied by whoever keeps it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"toren/internal/audit"
	"toren/internal/auth"
	"toren/internal/authz"
	"toren/internal/cases"
	"toren/internal/escalate"
	"toren/internal/radar"
	"toren/internal/retention"
	"toren/internal/toren"
)

// Command is the toren command a Config is read for; each declares the
// flags it needs.
type Command string

const (
	Serve  Command = "serve"  // the server over a database
	Demo   Command = "demo"   // the server over demo data
	Import Command = "import" // bulk import into a database
	// Maintain covers the commands that only open the database: migrate,
	// user and audit.
	Maintain Command = "maintain"
	// Retention is toren retention: the database and the retention rule.
	Retention Command = "retention"
)

// Config is the settings of one run of Toren.
type Config struct {
	// AuditAnchor is a file outside the database to which the server
	// appends the audit log's head every AuditAnchorInterval
	// (--audit-anchor, TOREN_AUDIT_ANCHOR); empty writes none.
	AuditAnchor         string
	AuditAnchorInterval time.Duration
	// AuditKeyFile holds the audit chain's keys (--audit-key,
	// TOREN_AUDIT_KEY_FILE), read into AuditKeys: every audit entry is
	// then keyed, and toren audit verify checks the keys. Empty: unkeyed.
	AuditKeyFile string
	AuditKeys    audit.Keyring
	// DB is the database: sqlite:PATH or postgres://... (--db, TOREN_DB).
	// Empty only for toren demo, which then makes a temporary database.
	DB string
	// Addr is where the server listens (--addr, TOREN_ADDR).
	Addr string
	// TLSCert and TLSKey are PEM files; with both set the server speaks
	// HTTPS and sends HSTS (--tls-cert, --tls-key).
	TLSCert, TLSKey string
	// SecureCookies marks session cookies Secure when TLS ends at a proxy
	// (--secure-cookies, TOREN_SECURE_COOKIES=true).
	SecureCookies bool
	// LogFormat is "text" or "json" (TOREN_LOG_FORMAT); LogLevel is
	// slog's level (TOREN_LOG_LEVEL=debug).
	LogFormat string
	LogLevel  slog.Level
	// IntakeTeam owns reports in triage (--intake-team).
	IntakeTeam string
	// OIDC is the organisation's identity provider (--oidc-*); an empty
	// Issuer: local accounts only.
	OIDC OIDC
	// Radar is where the radar links and where it asks for review
	// (--radar-link, --radar-review).
	Radar radar.Thresholds
	// RadarInBackground loads the radar's index beside the first requests
	// instead of before them: toren serve sets it, so that a server with a
	// large registry answers within seconds of starting.
	RadarInBackground bool
	// Escalation is the settings of the escalation rules.
	Escalation escalate.Config
	// Deadlines are the organisation's terms for a case.
	Deadlines cases.Deadlines
	// Session is the idle and absolute session limits; no flag, the
	// defaults are the security policy (tests shorten them).
	Session auth.SessionPolicy
	// Passwords is the argon2id cost of the password hashes the app makes
	// (new and reset accounts, the dummy hash that evens out sign-in
	// timing). No flag: the default is the security policy; a stored hash
	// is verified with the parameters it was made with.
	Passwords auth.Params
	// DemoMode lets accounts sign in without a second factor. Only toren
	// demo sets it.
	DemoMode bool
	// DemoData is how much synthetic data toren demo generates.
	DemoData DemoData
	// Import is what toren import reads.
	Import ImportFile
	// Retention is the organisation's retention term (--retention-years,
	// --retention-child-age, --retention-rule).
	Retention retention.Rule
}

// DemoData is the synthetic history toren demo loads besides the seed
// cases (--families, --years, --seed).
type DemoData struct {
	Families int
	Years    int
	Seed     uint64
}

// ImportFile is one bulk import (--kind, --format, --encoding, --batch, FILE).
type ImportFile struct {
	Kind   string // "police"
	Format string // "csv", "jsonl" or "" (from the file name)
	// Encoding is the file's character encoding, checked by the importer
	// (utf-8, windows-1252, iso-8859-1, utf-16).
	Encoding string
	Batch    int // reports per transaction
	Path     string
}

// OIDC is the identity provider's settings: where it is, Toren's client
// registration there, and how its claims map to accounts, roles and teams.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string // from TOREN_OIDC_CLIENT_SECRET only, never a flag
	RedirectURL  string
	Policy       auth.OIDCPolicy
}

// parseGroupMap reads GROUP=VALUE,GROUP=VALUE.
func parseGroupMap(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		g, v, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(g) == "" || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("%q: want GROUP=VALUE", part)
		}
		out[strings.TrimSpace(g)] = strings.TrimSpace(v)
	}
	return out, nil
}

func formatGroupMap(m map[string]string) string {
	var parts []string
	for g, v := range m {
		parts = append(parts, g+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// DefaultIntakeTeam owns the reports in triage: the team of the intake
// and crisis workers (frontoffice).
const DefaultIntakeTeam = "Frontoffice"

// Default returns the settings in code: the public norms, the measured
// radar thresholds, a local SQLite database.
func Default() Config {
	return Config{
		DB:                  "sqlite:toren.db",
		Addr:                "127.0.0.1:8080",
		LogFormat:           "text",
		LogLevel:            slog.LevelInfo,
		IntakeTeam:          DefaultIntakeTeam,
		AuditAnchorInterval: time.Minute,
		Radar:               radar.DefaultThresholds(),
		Escalation:          escalate.DefaultConfig(),
		Deadlines:           cases.DefaultDeadlines(),
		Session:             auth.DefaultSessionPolicy(),
		Passwords:           auth.DefaultParams(),
		DemoData:            DemoData{Families: 200, Years: 5, Seed: 1},
		Import:              ImportFile{Batch: 1000, Encoding: "utf-8"},
		Retention:           retention.DefaultRule(),
	}
}

// Validate checks every setting; each error names the flag (or the
// environment variable, for those without a flag) and the rule.
func (c Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		bad("--db", "%q: want sqlite:PATH or postgres://user:pass@host/db", c.DB)
	}
	if c.Addr == "" {
		bad("--addr", "must not be empty")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		bad("--tls-cert and --tls-key", "go together")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("TOREN_LOG_FORMAT", "%q: want text or json", c.LogFormat)
	}
	if strings.TrimSpace(c.IntakeTeam) == "" {
		bad("--intake-team", "must name a team")
	}
	if c.OIDC.Issuer != "" {
		if c.OIDC.ClientID == "" || c.OIDC.RedirectURL == "" {
			bad("--oidc-client-id and --oidc-redirect-url", "are required with --oidc-issuer")
		}
		if len(c.OIDC.Policy.Roles) == 0 {
			bad("--oidc-roles", "must map at least one group to a role (GROUP=ROLE,...) with --oidc-issuer")
		}
		for g, r := range c.OIDC.Policy.Roles {
			if !authz.Role(r).Valid() {
				bad("--oidc-roles", "group %q: unknown role %q", g, r)
			}
		}
	}
	if err := c.Radar.Validate(); err != nil {
		bad("--radar-link and --radar-review", "%v", err)
	}
	// The escalate package owns the ranges; each setting is checked on its
	// own against the defaults so that the error names its flag.
	for _, f := range []struct {
		flag string
		set  func(*escalate.Config)
	}{
		{"--escalation-window-days", func(e *escalate.Config) { e.WindowDays = c.Escalation.WindowDays }},
		{"--recidive-months", func(e *escalate.Config) { e.RecidiveMonths = c.Escalation.RecidiveMonths }},
		{"--urgent-child-age", func(e *escalate.Config) { e.YoungChildAge = c.Escalation.YoungChildAge }},
	} {
		probe := escalate.DefaultConfig()
		f.set(&probe)
		if err := probe.Validate(); err != nil {
			bad(f.flag, "%v", err)
		}
	}
	if err := c.Deadlines.Validate(); err != nil {
		var te *toren.Error
		if errors.As(err, &te) && len(te.Fields) > 0 {
			for _, f := range te.Fields {
				bad(deadlineFlag(f.Field), "%s (%s)", f.Message, f.Field)
			}
		} else {
			bad("deadlines", "%v", err)
		}
	}
	if err := c.Session.Validate(); err != nil {
		bad("session", "%v", err)
	}
	if err := c.Passwords.Validate(); err != nil {
		bad("passwords", "%v", err)
	}
	if c.DemoData.Families < 0 {
		bad("--families", "%d: must be 0 or more", c.DemoData.Families)
	}
	if c.DemoData.Years < 1 || c.DemoData.Years > 50 {
		bad("--years", "%d: must be from 1 to 50", c.DemoData.Years)
	}
	if err := c.Retention.Validate(); err != nil {
		var te *toren.Error
		if errors.As(err, &te) && len(te.Fields) > 0 {
			for _, f := range te.Fields {
				bad("--"+strings.ReplaceAll(f.Field, "_", "-"), "%s", f.Message)
			}
		} else {
			bad("--retention-years", "%v", err)
		}
	}
	if c.Import.Batch < 1 {
		bad("--batch", "%d: must be 1 or more", c.Import.Batch)
	}
	switch c.Import.Format {
	case "", "csv", "jsonl":
	default:
		bad("--format", "%q: want csv or jsonl", c.Import.Format)
	}
	return errors.Join(errs...)
}

// deadlineFlag names the flag of a field of cases.Deadlines.Validate.
func deadlineFlag(field string) string {
	switch {
	case field == "safety_assessment_working_days":
		return "--assessment-working-days"
	case field == "investigation_weeks":
		return "--investigation-weeks"
	case field == "feedback_working_days":
		return "--feedback-working-days"
	case field == "response_working_days":
		return "--response-working-days"
	case strings.HasPrefix(field, "monitoring_months"):
		return "--monitoring-months"
	}
	return "deadlines." + field
}
