// Package auth holds Toren's sign-in security primitives as plain Go with no
// database or HTTP: argon2id password hashes in PHC strings, the password
// policy, TOTP second factors with replay protection, sign-in throttling,
// session tokens and session timing, and the Identity that every sign-in
// method (local accounts now, OIDC later) produces.
//
// Toren holds the most sensitive data a city has (violence, children,
// health), so every default here leans to the safe side and says why.
package auth
