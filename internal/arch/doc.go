// Package arch holds the architecture tests: the layers of the code, as
// docs/design.md writes them down, checked against the imports the Go
// tool reports; and the guard that interface text stays in the web's
// catalogue (no Dutch string literal outside internal/web but in the
// files it allows, each for its reason). It has no code of its own.
package arch
