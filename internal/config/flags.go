package config

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"toren/internal/audit"
)

// readAuditKeys reads the audit key file. A key others can read is no
// secret: the file must be readable by its owner only (chmod 600).
func readAuditKeys(path string) (audit.Keyring, error) {
	st, err := os.Stat(path)
	if err != nil {
		return audit.Keyring{}, fmt.Errorf("cannot read the audit key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return audit.Keyring{}, fmt.Errorf("the audit key file %s can be read by others (mode %v): chmod 600 it", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return audit.Keyring{}, fmt.Errorf("cannot read the audit key file: %w", err)
	}
	return audit.ParseKeyring(data)
}

// setting is one flag and its environment variable: the README's table of
// settings, in code.
type setting struct {
	flag string // without dashes; "" for an environment variable alone
	env  string // "" for a flag alone
	help string
	// get shows the value of c as the flag's default.
	get func(c Config) string
	// set parses s into c; its error says the rule, set names the source.
	set      func(c *Config, s string) error
	boolFlag bool
	commands []Command
}

var (
	serveDemoImport = []Command{Serve, Demo, Import}
	serveOnly       = []Command{Serve}
	withDB          = []Command{Serve, Import, Maintain, Retention}
	retentionRule   = []Command{Serve, Retention}
)

func settings() []setting {
	return []setting{
		{flag: "db", env: "TOREN_DB", help: "database: sqlite:PATH or postgres://user:pass@host/db", commands: withDB,
			get: func(c Config) string { return c.DB }, set: func(c *Config, s string) error { c.DB = s; return nil }},
		// toren demo fills a fresh temporary database unless told
		// otherwise, and does not read TOREN_DB: a demo must never load
		// synthetic families into the production database by accident.
		{flag: "db", help: "database to fill (default: a fresh SQLite file in a temporary folder, removed on exit)", commands: []Command{Demo},
			get: func(Config) string { return "" }, set: func(c *Config, s string) error { c.DB = s; return nil }},
		{flag: "addr", env: "TOREN_ADDR", help: "address to listen on", commands: []Command{Serve, Demo},
			get: func(c Config) string { return c.Addr }, set: func(c *Config, s string) error { c.Addr = s; return nil }},
		{flag: "tls-cert", env: "TOREN_TLS_CERT", help: "TLS certificate file (PEM); with --tls-key serves HTTPS and sends HSTS", commands: serveOnly,
			get: func(c Config) string { return c.TLSCert }, set: func(c *Config, s string) error { c.TLSCert = s; return nil }},
		{flag: "tls-key", env: "TOREN_TLS_KEY", help: "TLS private key file (PEM)", commands: serveOnly,
			get: func(c Config) string { return c.TLSKey }, set: func(c *Config, s string) error { c.TLSKey = s; return nil }},
		{flag: "audit-anchor", env: "TOREN_AUDIT_ANCHOR", commands: serveOnly,
			help: "file outside the database (another disk, a log shipper, chattr +a) to which the audit log's head is appended; toren audit verify --anchor checks it",
			get:  func(c Config) string { return c.AuditAnchor }, set: func(c *Config, s string) error { c.AuditAnchor = s; return nil }},
		{flag: "audit-anchor-interval", env: "TOREN_AUDIT_ANCHOR_INTERVAL", commands: serveOnly,
			help: "how often the audit head is appended to --audit-anchor",
			get:  func(c Config) string { return c.AuditAnchorInterval.String() },
			set: func(c *Config, s string) error {
				d, err := time.ParseDuration(s)
				if err != nil || d < time.Second || d > 24*time.Hour {
					return fmt.Errorf("want a duration from 1s to 24h, such as 1m")
				}
				c.AuditAnchorInterval = d
				return nil
			}},
		{flag: "audit-key", env: "TOREN_AUDIT_KEY_FILE", commands: withDB,
			help: "file with the audit chain's key (64 hex digits; older keys on the lines after it), kept outside the database, readable by Toren's user only: every audit entry is keyed, and toren audit verify checks the keys",
			get:  func(c Config) string { return c.AuditKeyFile },
			set: func(c *Config, s string) error {
				if s == "" {
					c.AuditKeyFile, c.AuditKeys = "", audit.Keyring{}
					return nil
				}
				ring, err := readAuditKeys(s)
				if err != nil {
					return err
				}
				c.AuditKeyFile, c.AuditKeys = s, ring
				return nil
			}},
		{flag: "intake-team", env: "TOREN_INTAKE_TEAM", help: "team that owns reports in triage", commands: serveOnly,
			get: func(c Config) string { return c.IntakeTeam }, set: func(c *Config, s string) error { c.IntakeTeam = s; return nil }},
		{flag: "oidc-issuer", env: "TOREN_OIDC_ISSUER", help: "the organisation's OpenID Connect provider (issuer URL); staff may sign in there", commands: serveOnly,
			get: func(c Config) string { return c.OIDC.Issuer }, set: func(c *Config, s string) error { c.OIDC.Issuer = s; return nil }},
		{flag: "oidc-client-id", env: "TOREN_OIDC_CLIENT_ID", help: "Toren's client ID at the provider (the secret: TOREN_OIDC_CLIENT_SECRET)", commands: serveOnly,
			get: func(c Config) string { return c.OIDC.ClientID }, set: func(c *Config, s string) error { c.OIDC.ClientID = s; return nil }},
		{env: "TOREN_OIDC_CLIENT_SECRET", help: "Toren's client secret at the provider", commands: serveOnly,
			get: func(Config) string { return "" }, // never shown
			set: func(c *Config, s string) error { c.OIDC.ClientSecret = s; return nil }},
		{flag: "oidc-redirect-url", env: "TOREN_OIDC_REDIRECT_URL", help: "Toren's callback as registered at the provider: https://HOST/inloggen/organisatie/terug", commands: serveOnly,
			get: func(c Config) string { return c.OIDC.RedirectURL }, set: func(c *Config, s string) error { c.OIDC.RedirectURL = s; return nil }},
		{flag: "oidc-roles", env: "TOREN_OIDC_ROLES", help: "provider groups that give a Toren role: GROUP=ROLE,...", commands: serveOnly,
			get: func(c Config) string { return formatGroupMap(c.OIDC.Policy.Roles) },
			set: func(c *Config, s string) (err error) { c.OIDC.Policy.Roles, err = parseGroupMap(s); return err }},
		{flag: "oidc-teams", env: "TOREN_OIDC_TEAMS", help: "provider groups that give a Toren team: GROUP=TEAM,...", commands: serveOnly,
			get: func(c Config) string { return formatGroupMap(c.OIDC.Policy.Teams) },
			set: func(c *Config, s string) (err error) { c.OIDC.Policy.Teams, err = parseGroupMap(s); return err }},
		{flag: "oidc-mfa-amr", env: "TOREN_OIDC_MFA_AMR", help: "amr values that show a second factor at the provider, besides mfa (comma-separated)", commands: serveOnly,
			get: func(c Config) string { return strings.Join(c.OIDC.Policy.MFAMethods, ",") },
			set: func(c *Config, s string) error { c.OIDC.Policy.MFAMethods = splitList(s); return nil }},
		{flag: "oidc-mfa-acr", env: "TOREN_OIDC_MFA_ACR", help: "acr values that show a second factor at the provider (comma-separated)", commands: serveOnly,
			get: func(c Config) string { return strings.Join(c.OIDC.Policy.MFAACR, ",") },
			set: func(c *Config, s string) error { c.OIDC.Policy.MFAACR = splitList(s); return nil }},
		{flag: "secure-cookies", env: "TOREN_SECURE_COOKIES", boolFlag: true, commands: serveOnly,
			help: "mark session cookies Secure (when TLS ends at a proxy in front of Toren)",
			get:  func(c Config) string { return strconv.FormatBool(c.SecureCookies) },
			set: func(c *Config, s string) error {
				// The environment variable is on only when "true", as it always was.
				c.SecureCookies = s == "true"
				return nil
			}},
		{flag: "retention-rule", env: "TOREN_RETENTION_RULE", commands: retentionRule,
			help: "name of the retention rule, written on every tombstone (change it when the term changes)",
			get:  func(c Config) string { return c.Retention.Name }, set: func(c *Config, s string) error { c.Retention.Name = strings.TrimSpace(s); return nil }},
		{flag: "retention-years", env: "TOREN_RETENTION_YEARS", commands: retentionRule,
			help: "a file is destroyed this many years after the last involvement ended",
			get:  func(c Config) string { return strconv.Itoa(c.Retention.YearsAfterLast) }, set: intInto(func(c *Config) *int { return &c.Retention.YearsAfterLast })},
		{flag: "retention-child-age", env: "TOREN_RETENTION_CHILD_AGE", commands: retentionRule,
			help: "and never before the youngest child in it reaches this age",
			get:  func(c Config) string { return strconv.Itoa(c.Retention.ChildAge) }, set: intInto(func(c *Config) *int { return &c.Retention.ChildAge })},
		{env: "TOREN_LOG_FORMAT", commands: append(serveDemoImport, Maintain, Retention),
			set: func(c *Config, s string) error { c.LogFormat = strings.ToLower(s); return nil }},
		{env: "TOREN_LOG_LEVEL", commands: append(serveDemoImport, Maintain, Retention),
			set: func(c *Config, s string) error {
				if err := c.LogLevel.UnmarshalText([]byte(s)); err != nil {
					return fmt.Errorf("want debug, info, warn or error")
				}
				return nil
			}},
		{flag: "radar-link", env: "TOREN_RADAR_LINK", commands: serveDemoImport,
			help: "score (bits) at or above which the radar links a person without review",
			get:  func(c Config) string { return formatFloat(c.Radar.Link) }, set: floatInto(func(c *Config) *float64 { return &c.Radar.Link })},
		{flag: "radar-review", env: "TOREN_RADAR_REVIEW", commands: serveDemoImport,
			help: "score (bits) from which a candidate goes to the review queue",
			get:  func(c Config) string { return formatFloat(c.Radar.Review) }, set: floatInto(func(c *Config) *float64 { return &c.Radar.Review })},
		{flag: "escalation-window-days", env: "TOREN_ESCALATION_WINDOW_DAYS", commands: serveOnly,
			help: "reports from different reporters this many days apart escalate to triage",
			get:  func(c Config) string { return strconv.Itoa(c.Escalation.WindowDays) }, set: intInto(func(c *Config) *int { return &c.Escalation.WindowDays })},
		{flag: "recidive-months", env: "TOREN_RECIDIVE_MONTHS", commands: serveOnly,
			help: "a signal this many months after a case closed is a repeat report",
			get:  func(c Config) string { return strconv.Itoa(c.Escalation.RecidiveMonths) }, set: intInto(func(c *Config) *int { return &c.Escalation.RecidiveMonths })},
		{flag: "urgent-child-age", env: "TOREN_URGENT_CHILD_AGE", commands: serveOnly,
			help: "a report about a child younger than this is urgent",
			get:  func(c Config) string { return strconv.Itoa(c.Escalation.YoungChildAge) }, set: intInto(func(c *Config) *int { return &c.Escalation.YoungChildAge })},
		{flag: "assessment-working-days", env: "TOREN_ASSESSMENT_WORKING_DAYS", commands: serveOnly,
			help: "the safety assessment is due this many working days after receipt",
			get:  func(c Config) string { return strconv.Itoa(c.Deadlines.SafetyAssessmentWorkingDays) },
			set:  intInto(func(c *Config) *int { return &c.Deadlines.SafetyAssessmentWorkingDays })},
		{flag: "investigation-weeks", env: "TOREN_INVESTIGATION_WEEKS", commands: serveOnly,
			help: "an Onderzoek ends within this many weeks",
			get:  func(c Config) string { return strconv.Itoa(c.Deadlines.InvestigationWeeks) }, set: intInto(func(c *Config) *int { return &c.Deadlines.InvestigationWeeks })},
		{flag: "feedback-working-days", env: "TOREN_FEEDBACK_WORKING_DAYS", commands: serveOnly,
			help: "feedback to the reporter is due this many working days after the assessment or Onderzoek",
			get:  func(c Config) string { return strconv.Itoa(c.Deadlines.FeedbackWorkingDays) }, set: intInto(func(c *Config) *int { return &c.Deadlines.FeedbackWorkingDays })},
		{flag: "response-working-days", env: "TOREN_RESPONSE_WORKING_DAYS", commands: serveOnly,
			help: "a decision waits this many working days for a second pair of eyes, a handover for its receiving team",
			get:  func(c Config) string { return strconv.Itoa(c.Deadlines.ResponseWorkingDays) }, set: intInto(func(c *Config) *int { return &c.Deadlines.ResponseWorkingDays })},
		{flag: "monitoring-months", env: "TOREN_MONITORING_MONTHS", commands: serveOnly,
			help: "monitoring moments, months after the handover, comma-separated",
			get:  func(c Config) string { return joinInts(c.Deadlines.MonitoringMonths) },
			set: func(c *Config, s string) error {
				var ms []int
				for _, part := range strings.Split(s, ",") {
					n, err := strconv.Atoi(strings.TrimSpace(part))
					if err != nil {
						return fmt.Errorf("a comma-separated list of whole months, e.g. 3,12")
					}
					ms = append(ms, n)
				}
				c.Deadlines.MonitoringMonths = ms
				return nil
			}},
		{flag: "families", help: "number of synthetic families to generate besides the seed cases", commands: []Command{Demo},
			get: func(c Config) string { return strconv.Itoa(c.DemoData.Families) }, set: intInto(func(c *Config) *int { return &c.DemoData.Families })},
		{flag: "years", help: "years of history to generate", commands: []Command{Demo},
			get: func(c Config) string { return strconv.Itoa(c.DemoData.Years) }, set: intInto(func(c *Config) *int { return &c.DemoData.Years })},
		{flag: "seed", help: "seed of the synthetic generator (same seed, same data)", commands: []Command{Demo},
			get: func(c Config) string { return strconv.FormatUint(c.DemoData.Seed, 10) },
			set: func(c *Config, s string) error {
				n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
				if err != nil {
					return fmt.Errorf("not a whole number of 0 or more")
				}
				c.DemoData.Seed = n
				return nil
			}},
		{flag: "kind", help: "kind of file: police", commands: []Command{Import},
			get: func(c Config) string { return c.Import.Kind }, set: func(c *Config, s string) error { c.Import.Kind = s; return nil }},
		{flag: "format", help: "csv or jsonl (default: from the file name's extension)", commands: []Command{Import},
			get: func(c Config) string { return c.Import.Format }, set: func(c *Config, s string) error { c.Import.Format = s; return nil }},
		{flag: "encoding", help: "character encoding of the file: utf-8, windows-1252, iso-8859-1 or utf-16", commands: []Command{Import},
			get: func(c Config) string { return c.Import.Encoding }, set: func(c *Config, s string) error { c.Import.Encoding = s; return nil }},
		{flag: "batch", help: "reports stored per transaction", commands: []Command{Import},
			get: func(c Config) string { return strconv.Itoa(c.Import.Batch) }, set: intInto(func(c *Config) *int { return &c.Import.Batch })},
	}
}

func intInto(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("not a whole number")
		}
		*field(c) = n
		return nil
	}
}

func floatInto(field func(*Config) *float64) func(*Config, string) error {
	return func(c *Config, s string) error {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("not a number")
		}
		*field(c) = f
		return nil
	}
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// Flags holds the flags of one command declared on a flag set.
type Flags struct {
	cmd    Command
	getenv func(string) string
	fs     *flag.FlagSet
	values map[string]*value // by flag name
}

// value is a flag's text as given; it is parsed into the Config only after
// flag.Parse, so that the error names the flag and the rule.
type value struct {
	s      string
	isBool bool
}

func (v *value) String() string {
	if v == nil {
		return ""
	}
	return v.s
}
func (v *value) Set(s string) error { v.s = s; return nil }
func (v *value) IsBoolFlag() bool   { return v.isBool }

// NewFlags declares the flags of cmd on fs. A flag's default shown in the
// help is its environment variable's value when set, else the default in
// code. Call Config after fs.Parse.
func NewFlags(fs *flag.FlagSet, cmd Command, getenv func(string) string) *Flags {
	f := &Flags{cmd: cmd, getenv: getenv, fs: fs, values: map[string]*value{}}
	def := Default()
	for _, s := range settings() {
		if s.flag == "" || !s.usedBy(cmd) {
			continue
		}
		v := &value{s: s.get(def), isBool: s.boolFlag}
		if s.env != "" {
			if e := getenv(s.env); e != "" {
				v.s = e
			}
		}
		help := s.help
		if s.env != "" {
			help += " (env " + s.env + ")"
		}
		f.values[s.flag] = v
		fs.Var(v, s.flag, help)
	}
	return f
}

func (s setting) usedBy(cmd Command) bool {
	for _, c := range s.commands {
		if c == cmd {
			return true
		}
	}
	return false
}

// Config reads the defaults, then the environment, then the flags given,
// and validates the result. Errors name the flag (or the environment
// variable the value came from) and the rule.
func (f *Flags) Config() (Config, error) {
	c := Default()
	if f.cmd == Demo {
		c.DB = "" // a fresh temporary database unless --db says otherwise
		c.DemoMode = true
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	for _, s := range settings() {
		if !s.usedBy(f.cmd) {
			continue
		}
		var text, source string
		switch {
		case s.flag != "" && set[s.flag]:
			text, source = f.values[s.flag].s, "--"+s.flag
		case s.env != "" && f.getenv(s.env) != "":
			text, source = f.getenv(s.env), s.env
		default:
			continue
		}
		if err := s.set(&c, text); err != nil {
			return Config{}, fmt.Errorf("%s %q: %w", source, text, err)
		}
	}
	if f.cmd == Import && f.fs.NArg() == 1 {
		c.Import.Path = f.fs.Arg(0)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Logger returns the logger the settings ask for, writing to w.
func (c Config) Logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
