//go:build toren_mutant_allow

package authz

// mutantAllow swaps the need-to-know decision on content for "allow":
// built only with the toren_mutant_allow tag, by the CI's mutation check,
// which requires the need-to-know tests to fail against it (a suite that
// passes with need-to-know switched off tests nothing).
const mutantAllow = true
