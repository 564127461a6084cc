// Package radar resolves each person named in a new report to a registry
// person: the radar function of Veilig Thuis, which links signals about
// the same people over years and reporters. It is plain Go without I/O.
//
// A mention and the registry's records are normalised into Records (names
// folded, particles apart, numbers in one form). The Index finds the few
// registry records that share a blocking key with the mention; the Matcher
// scores each with a Fellegi-Sunter model (per-field comparison levels
// with m and u probabilities, DefaultModel or learnt by Train, adjusted for
// how common a name is in the registry) and explains every score field by
// field. Decide turns the scores into a link, a review by a person, or a
// new registry person.
//
// Precision matters more than recall: a false link shows one family's file
// to a worker of another, or puts a victim's report on the perpetrator. So
// besides the score thresholds, Decide applies an identity rule. Relatives
// share a surname, an address and a phone, which the model counts as
// strong evidence; a link also needs evidence from what relatives do not
// share (given names, date of birth, sex, national id) and no unexplained
// contradiction on those. Candidates that look like relatives are not
// proposed for review.
//
// Measured defaults (DefaultThresholds: link at 10 bits of posterior
// log-odds, review from -2, identity 10 bits, margin 6 bits):
//
//   - FEBRL dataset1 (1,000 records, 500 true pairs), records resolved in
//     file order: precision 1.000, recall 0.982, F1 0.991, review share
//     0.5%; with weights trained on the file: F1 0.992. dataset2 (5,000
//     records, 1,934 pairs): precision 1.000, recall 0.988, F1 0.994,
//     review share 0.14%; trained: F1 0.996.
//   - On FEBRL the first false link appears when the link threshold drops
//     to -5 bits (dataset2); from -2 to 10 bits precision stays 1.000 and
//     recall barely moves (dataset2 0.990 to 0.988), above 10 it falls
//     (0.962 at 20). 10 bits, a posterior of 0.999, keeps a margin for what
//     FEBRL lacks: households.
//   - The identity threshold of 10 bits lies just above a twin with another
//     given name (9.9 bits: same date, other name) and far above a junior
//     at his father's address (2.4 bits); on FEBRL it costs 0.8% recall
//     (dataset1) and 0.3% (dataset2) against no identity threshold.
//   - Synthetic registry with households (one to five persons sharing a
//     surname, an address and a phone), 900,000 persons plus 100,000
//     mentions with typos and gaps, batch deduplication: pairwise precision
//     1.000, recall about 0.90 (mentions without a date of birth and a BSN
//     go to review by design), review share about 1%.
//   - The Dutch report generator (`toren radar eval --generated 2000`),
//     reports resolved as intake resolves them, with the family graph
//     (family.go: persons named together in earlier reports) as household
//     evidence: precision 0.9997 to 1.000, F1 0.959 to 0.971, review share
//     2.1% to 2.6% over eight seeds; 20,000 families: precision 0.9998,
//     F1 0.964, review 2.9% (docs/benchmarks.md).
package radar
