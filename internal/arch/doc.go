// Package arch holds the architecture test: the layers of the code, as
// docs/design.md writes them down, checked against the imports the Go
// tool reports. It has no code of its own.
package arch
