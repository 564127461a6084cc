package auth

import (
	"context"
	"slices"
	"time"
)

// ProviderLocal names Toren's own accounts (password + TOTP).
const ProviderLocal = "local"

// Identity is who signed in, as any sign-in method reports it. Everything
// after sign-in (mapping to a staff account, roles, the session, the audit
// trail) takes an Identity and does not care which method produced it.
// That is what lets an OIDC provider (the organisation's Entra ID or
// Keycloak) sit next to local accounts later: its callback handler
// verifies the ID token and fills an Identity with Provider = the issuer
// URL, Subject = the "sub" claim and Methods = the "amr" claim; the
// account is found by the pair (Provider, Subject), never by e-mail,
// which an identity provider may reassign.
type Identity struct {
	Provider    string // ProviderLocal or an OIDC issuer URL
	Subject     string // stable, unique within Provider: local account ID or OIDC "sub"
	Username    string
	DisplayName string
	Email       string
	AuthTime    time.Time
	// Methods are RFC 8176 authentication method references: "pwd",
	// "otp", "mfa", "hwk" and so on.
	Methods []string
}

// MultiFactor reports whether the sign-in used more than one factor, for
// rules such as "break-glass access needs a second factor".
func (id Identity) MultiFactor() bool {
	if slices.Contains(id.Methods, "mfa") {
		return true
	}
	hasPwd := slices.Contains(id.Methods, "pwd")
	second := slices.ContainsFunc(id.Methods, func(m string) bool {
		return m == "otp" || m == "hwk" || m == "swk" || m == "sms"
	})
	return hasPwd && second
}

// Credentials are what a user types into Toren's own sign-in form.
// TOTPCode may be empty on the first step of a two-step form.
type Credentials struct {
	Username string
	Password string
	TOTPCode string
	ClientIP string // for throttling; the HTTP layer decides whom to trust for it
}

// PasswordAuthenticator checks credentials typed into Toren's form. An
// OIDC provider does not implement it (the user signs in at the provider);
// it produces the same Identity from its callback instead.
type PasswordAuthenticator interface {
	Authenticate(ctx context.Context, c Credentials) (Identity, error)
}
