// Package casework drives the statutory process of a case file (domain
// §4): a case is opened from one or more reports, assigned to a team and a
// worker or duo, moved through cases.Process() with facts assembled from
// what is stored, and filled with contacts, informants, safety agreements
// and conditions, the phase of the phased-cooperation model, handovers,
// feedback to the reporter and monitoring.
//
// Decisions that change the course of a case (the safety assessment, the
// choice of intervention, the conclusion of an Onderzoek, closure, a
// request to the Raad) take effect only when a second qualified person
// approves them (authz.CanApprove): the approval applies the step the
// decision names, in the same transaction. A breach of a safety condition
// found in monitoring reopens the case.
//
// The package holds the records, their rules and the Service. It does no
// I/O of its own: a Store (implemented by internal/store) keeps the data,
// and every write goes to the store in one transaction with its audit
// entry. Every Service method takes the acting user and asks the
// authorisation policy (authz) about the case before it reads or writes.
package casework
