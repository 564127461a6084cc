// Package radarsvc makes the radar (internal/radar) the person resolver
// of intake: every person named in a new report is matched against an
// in-memory index of the whole registry instead of SQL look-ups, and the
// decision (link, review, new person) comes with its explanation, which
// the store keeps beside the mention.
//
// The index is built once at start-up from the registry (Load) and then
// kept current by the write transactions themselves. Each transaction
// gets a session (intake.Session): the persons it creates or changes go
// into a small overlay index of that session, so a family named twice in
// one import batch is found the second time; on commit the overlay is
// added to the shared index, on rollback it is dropped. Publishing on
// commit excludes other sessions' look-ups for that moment, so a
// transaction that starts after another committed always sees its persons.
//
// Two transactions running at the same time (PostgreSQL, one server or
// several on one database) do not see each other's new persons. So before
// a mention becomes a new registry person there, the session locks the
// batch's creation keys (BSN; folded surname with date of birth) with
// transaction-scoped advisory locks, all at once in sorted order, and
// looks the registry up again in the database: the second of two
// transactions naming one new person waits for the first and finds its
// person (serialise.go). On SQLite the single writer serialises already.
// A server on PostgreSQL also follows the persons other servers create
// (Follow, every 250 ms), so its index finds them too, and the changes
// they make to known persons (enrichments, merges and their undoing,
// reviewers' links): triggers write each into the registry_changes table,
// which Follow reads after the persons (ChangeFeed).
//
// The index also holds the family graph: which persons reports named
// together (victim, perpetrator, children, parents; not witnesses or
// informants), as one family label per index record (radar.Record.Family,
// 4 bytes). Load reads the reports' family mentions (FamilyRegistry,
// store.DB.CoMentions) and gives the persons of one family one label; a
// session joins the families of each report it commits (joinFamilies),
// Follow those of the persons other servers create or change (FamilyFeed),
// and Apply keeps a changed person in their family. Intake weighs it as
// household evidence (radar.Matcher.WithHousehold, WithCoMentions): a
// candidate named before beside the persons the report names now is far
// more likely the person than a namesake of another family.
//
// Changes to the registry made outside intake (a reviewer's decision, a
// merge of two persons or its undoing) reach the index through Apply
// (intake.RegistryIndex), at their commit: a person no mention names any
// more is removed, a changed or restored person replaces every record the
// index held of them. The index then holds what Load would read.
package radarsvc
