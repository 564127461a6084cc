//go:build !toren_mutant_allow

package authz

// mutantAllow is false in every real build (see mutant_allow.go).
const mutantAllow = false
