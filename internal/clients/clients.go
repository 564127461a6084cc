// Package clients is the register of API clients: the systems of other
// organisations (the police, a wijkteam, Team Monitoring elsewhere) that
// call Toren's API without a person signing in. An administrator adds a
// client with its scopes and gets its token once; rotating gives a new
// token while the old one stays valid for an overlap, so the client's
// operators can switch without downtime; revoking ends every token at
// once. The access gate authenticates each call through Authenticate.
//
// Mechanism: a long random bearer token (256 bits) that Toren stores as a
// SHA-256 hash, with an expiry. An OAuth 2.0 client-credentials flow was
// weighed and not chosen: it adds a token endpoint and a second secret
// (the client secret besides the short-lived token) without removing the
// long-lived secret the client must keep, and self-contained (JWT) access
// tokens would make revocation wait for their expiry. A high-entropy token
// needs no slow password hash: SHA-256 cannot be reversed for 256 random
// bits, and it lets each call find its client by an indexed lookup, which
// also makes revocation take effect on the next call. docs/api-clients.md
// says more.
package clients

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"toren/internal/audit"
	"toren/internal/authz"
	"toren/internal/partners"
	"toren/internal/toren"
)

// TokenPrefix starts every client token, so that a leaked token is
// recognisable to secret scanners and to people.
const TokenPrefix = "trn_"

// Audit actions of the service.
const (
	ActionClientCreate = "client.create"
	ActionClientRotate = "client.rotate"
	ActionClientRevoke = "client.revoke"
)

// Defaults of the service's settings.
const (
	DefaultLifetime  = 365 * 24 * time.Hour // a token is valid a year
	DefaultOverlap   = 7 * 24 * time.Hour   // the old token's last week after a rotation
	DefaultRateLimit = 600                  // requests per minute
	MaxRateLimit     = 60000
	MaxNameLength    = 200 // characters of a client's name
)

// Client is a registered API client.
type Client struct {
	ID     int64         `json:"id"`
	Name   string        `json:"name"`
	Scopes []authz.Scope `json:"scopes"`
	// RateLimit is how many requests a minute the client may make.
	RateLimit int `json:"rate_limit"`
	// PartnerID is the partner organisation of the catalogue the client
	// speaks for (a wijkteam's system); 0 for none (the police sending
	// reports). A client with a scope that reads or answers handovers must
	// have one, and sees only the handovers to that partner.
	PartnerID   int64        `json:"partner_id,omitempty"`
	PartnerName string       `json:"partner_name,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	RevokedAt   time.Time    `json:"revoked_at,omitzero"`
	Credentials []Credential `json:"credentials"`
}

// Revoked reports whether the client was revoked.
func (c Client) Revoked() bool { return !c.RevokedAt.IsZero() }

// Active returns the credentials valid at now.
func (c Client) Active(now time.Time) []Credential {
	var out []Credential
	for _, cr := range c.Credentials {
		if !c.Revoked() && cr.ValidAt(now) {
			out = append(out, cr)
		}
	}
	return out
}

// Actor is the client as the policy sees it.
func (c Client) Actor() authz.Actor {
	return authz.Actor{ClientID: c.ID, Name: c.Name, Scopes: slices.Clone(c.Scopes), PartnerID: c.PartnerID}
}

// AuditID is the actor ID of the client in the audit log: "client:7",
// never a number a staff account could have.
func (c Client) AuditID() string { return audit.ClientActorID(c.ID) }

// Credential is one token of a client, without the token itself.
type Credential struct {
	ID       int64 `json:"id"`
	ClientID int64 `json:"-"`
	// Prefix is the start of the token, to tell tokens apart ("trn_AbCd…").
	Prefix    string    `json:"prefix"`
	Hash      string    `json:"-"` // hex SHA-256 of the token
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ValidAt reports whether the credential is valid at now.
func (c Credential) ValidAt(now time.Time) bool { return now.Before(c.ExpiresAt) }

// Secret is a new token, shown once.
type Secret struct {
	Token     string
	ExpiresAt time.Time
}

// NewClient is a client to register.
type NewClient struct {
	Name      string
	Scopes    []string // scope codes (authz.Scope)
	RateLimit int      // requests per minute; 0: DefaultRateLimit
	// PartnerID links the client to a partner of the catalogue; required
	// for the scopes that read or answer handovers (authz.Scope.NeedsPartner).
	PartnerID int64
}

// Store keeps clients (satisfied by *store.DB). Each write stores its
// audit entry in the same transaction.
type Store interface {
	CreateClientAudited(ctx context.Context, c *Client, cred *Credential, e audit.Entry) error
	// AddCredentialAudited stores cred and makes every other credential of
	// its client expire no later than expireOthers.
	AddCredentialAudited(ctx context.Context, cred *Credential, expireOthers time.Time, e audit.Entry) error
	RevokeClientAudited(ctx context.Context, id int64, at time.Time, e audit.Entry) error
	GetClient(ctx context.Context, id int64) (Client, error)
	ListClients(ctx context.Context) ([]Client, error)
	// ClientByTokenHash returns the client holding the credential with
	// this hash, and the credential; toren.CodeNotFound when none.
	ClientByTokenHash(ctx context.Context, hash string) (Client, Credential, error)
	// ListPartners returns the partner catalogue.
	ListPartners(ctx context.Context) ([]partners.Partner, error)
}

// Service registers, rotates, revokes and authenticates clients.
type Service struct {
	Store Store
	Clock toren.Clock
	// Lifetime of a new token and Overlap of the old one after a rotation;
	// zero: the defaults.
	Lifetime, Overlap time.Duration
}

func (s *Service) lifetime() time.Duration {
	if s.Lifetime > 0 {
		return s.Lifetime
	}
	return DefaultLifetime
}

func (s *Service) overlap() time.Duration {
	if s.Overlap > 0 {
		return s.Overlap
	}
	return DefaultOverlap
}

// allow asks the policy whether a may manage API clients (client.manage).
func (s *Service) allow(a authz.Actor) error {
	if d := authz.Decide(a, authz.ActionClientManage, authz.Resource{}, authz.Opts{Now: s.Clock.Now()}); !d.Full() {
		return toren.Errorf(toren.CodeForbidden, "not allowed: %s", d.Reason)
	}
	return nil
}

// begin asks the policy whether a may manage API clients (client.manage)
// and returns the request's audit recorder, whose template the entries
// are written from. A missing recorder is an error: no change is stored
// unaccounted for.
func (s *Service) begin(ctx context.Context, a authz.Actor) (*audit.Recorder, error) {
	if err := s.allow(a); err != nil {
		return nil, err
	}
	rec, ok := audit.RequestRecorder(ctx, a)
	if !ok {
		return nil, errors.New("clients: no audit recorder in the context to record the change with")
	}
	return rec, nil
}

// Add checks nc and registers the client with its first token. Bad
// input is a toren.CodeInvalid error naming every broken field (name,
// scopes, rate_limit); nothing is stored then.
func (s *Service) Add(ctx context.Context, a authz.Actor, nc NewClient) (Client, Secret, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return Client{}, Secret{}, err
	}
	now := s.Clock.Now()
	c := Client{Name: strings.Join(strings.Fields(nc.Name), " "), RateLimit: nc.RateLimit, CreatedAt: now, PartnerID: nc.PartnerID}
	var p toren.Problems
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		p.Add("name", "required", "is required")
	case n > MaxNameLength:
		p.Add("name", "max_length", "may be at most "+strconv.Itoa(MaxNameLength)+" characters")
	}
	c.Scopes = checkScopes(nc.Scopes, &p)
	if c.RateLimit == 0 {
		c.RateLimit = DefaultRateLimit
	}
	if c.RateLimit < 1 || c.RateLimit > MaxRateLimit {
		p.Add("rate_limit", "range", "must be between 1 and "+strconv.Itoa(MaxRateLimit)+" requests per minute")
	}
	if err := s.checkPartner(ctx, &c, &p); err != nil {
		return Client{}, Secret{}, err
	}
	if err := p.Err(); err != nil {
		return Client{}, Secret{}, err
	}
	sec, cred, err := s.newToken(now)
	if err != nil {
		return Client{}, Secret{}, err
	}
	e := rec.Entry(now, ActionClientCreate, "client", "", nil)
	e.Reason = "name: " + c.Name + "; scopes: " + scopeList(c.Scopes) + "; token " + cred.Prefix
	if c.PartnerID != 0 {
		e.Reason += "; partner " + strconv.FormatInt(c.PartnerID, 10) + " (" + c.PartnerName + ")"
	}
	if err := s.Store.CreateClientAudited(ctx, &c, &cred, e); err != nil {
		return Client{}, Secret{}, err
	}
	rec.Wrote(1)
	c.Credentials = []Credential{cred}
	return c, sec, nil
}

// checkPartner checks the client's partner: a scope that reads or answers
// handovers needs one (a handover goes to one partner, and the client may
// see no other's), and the partner must be an active one of the catalogue.
func (s *Service) checkPartner(ctx context.Context, c *Client, p *toren.Problems) error {
	needs := slices.ContainsFunc(c.Scopes, authz.Scope.NeedsPartner)
	if c.PartnerID == 0 {
		if needs {
			p.Add("partner_id", "required", "a client that reads or answers handovers speaks for a partner of the catalogue: name it")
		}
		return nil
	}
	all, err := s.Store.ListPartners(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(all, func(x partners.Partner) bool { return x.ID == c.PartnerID && x.Active })
	if i < 0 {
		p.Add("partner_id", "catalogue", "must be an active partner of the catalogue")
		return nil
	}
	c.PartnerName = all[i].Name
	return nil
}

// List returns every client with its credentials, to a who may manage
// clients.
func (s *Service) List(ctx context.Context, a authz.Actor) ([]Client, error) {
	if err := s.allow(a); err != nil {
		return nil, err
	}
	return s.Store.ListClients(ctx)
}

// Get returns one client, to a who may manage clients.
func (s *Service) Get(ctx context.Context, a authz.Actor, id int64) (Client, error) {
	if err := s.allow(a); err != nil {
		return Client{}, err
	}
	return s.Store.GetClient(ctx, id)
}

// Rotate gives the client a new token. Its tokens valid now stay valid
// for the overlap (or until they expire, when that is sooner), so the
// client's operators can switch without downtime.
func (s *Service) Rotate(ctx context.Context, a authz.Actor, id int64) (Client, Secret, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return Client{}, Secret{}, err
	}
	c, err := s.Store.GetClient(ctx, id)
	if err != nil {
		return Client{}, Secret{}, err
	}
	if c.Revoked() {
		return Client{}, Secret{}, revokedErr()
	}
	now := s.Clock.Now()
	sec, cred, err := s.newToken(now)
	if err != nil {
		return Client{}, Secret{}, err
	}
	cred.ClientID = c.ID
	e := rec.Entry(now, ActionClientRotate, "client", strconv.FormatInt(c.ID, 10), nil)
	e.Reason = "new token " + cred.Prefix + "; earlier tokens expire by " + now.Add(s.overlap()).UTC().Format(time.RFC3339)
	if err := s.Store.AddCredentialAudited(ctx, &cred, now.Add(s.overlap()), e); err != nil {
		return Client{}, Secret{}, err
	}
	rec.Wrote(1)
	c, err = s.Store.GetClient(ctx, id)
	return c, sec, err
}

// Revoke ends the client: none of its tokens is accepted any more, from
// the next call on. A client is never deleted: the audit log names it.
func (s *Service) Revoke(ctx context.Context, a authz.Actor, id int64) (Client, error) {
	rec, err := s.begin(ctx, a)
	if err != nil {
		return Client{}, err
	}
	c, err := s.Store.GetClient(ctx, id)
	if err != nil {
		return Client{}, err
	}
	if c.Revoked() {
		return Client{}, revokedErr()
	}
	now := s.Clock.Now()
	e := rec.Entry(now, ActionClientRevoke, "client", strconv.FormatInt(c.ID, 10), nil)
	e.Reason = "name: " + c.Name
	if err := s.Store.RevokeClientAudited(ctx, id, now, e); err != nil {
		return Client{}, err
	}
	rec.Wrote(1)
	return s.Store.GetClient(ctx, id)
}

// ErrBadToken is the answer to a token that is unknown, expired or of a
// revoked client; the three are not told apart to the caller.
var ErrBadToken = toren.Errorf(toren.CodeForbidden, "the token is unknown, expired or revoked")

// Authenticate returns the client holding token, when the token is valid
// now and the client is not revoked.
func (s *Service) Authenticate(ctx context.Context, token string) (Client, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) != len(TokenPrefix)+43 {
		return Client{}, ErrBadToken
	}
	c, cred, err := s.Store.ClientByTokenHash(ctx, HashToken(token))
	if toren.ErrorCode(err) == toren.CodeNotFound {
		return Client{}, ErrBadToken
	}
	if err != nil {
		return Client{}, err
	}
	if c.Revoked() || !cred.ValidAt(s.Clock.Now()) {
		return Client{}, ErrBadToken
	}
	return c, nil
}

// HashToken is the stored form of a token: hex SHA-256.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (s *Service) newToken(now time.Time) (Secret, Credential, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Secret{}, Credential{}, fmt.Errorf("clients: random token: %w", err)
	}
	tok := TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	exp := now.Add(s.lifetime())
	return Secret{Token: tok, ExpiresAt: exp},
		Credential{Prefix: tok[:len(TokenPrefix)+6], Hash: HashToken(tok), CreatedAt: now, ExpiresAt: exp}, nil
}

func checkScopes(codes []string, p *toren.Problems) []authz.Scope {
	var out []authz.Scope
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		s, ok := authz.ParseScope(c)
		if !ok {
			p.Add("scopes", "enum", "unknown scope "+strconv.Quote(c)+"; scopes are "+scopeList(authz.Scopes()))
			continue
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 && p.Len() == 0 {
		p.Add("scopes", "required", "name at least one scope: "+scopeList(authz.Scopes()))
	}
	return out
}

func scopeList(ss []authz.Scope) string {
	s := make([]string, len(ss))
	for i, x := range ss {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

func revokedErr() error {
	return &toren.Error{Code: toren.CodeConflict, Message: "the client is revoked", Fields: []toren.FieldError{{
		Field: "client", Rule: "revoked", Message: "the client is revoked; register a new one"}}}
}

// SenderOf returns the client that registered a report, from the report's
// registered_by ("client:7"); 0 when staff registered it.
func SenderOf(registeredBy string) int64 {
	s, ok := strings.CutPrefix(registeredBy, "client:")
	if !ok {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
