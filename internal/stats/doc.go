// Package stats produces Veilig Thuis's registration statistics: counts of
// advice requests and reports per period, per reporter kind, per kind of
// violence and per municipality; children present, the acute share,
// repeat reports; the decisions after the safety assessment; and the time
// from receipt to the safety assessment against its deadline of 5 working
// days (domain reference §6; the CBS cubes of §6.2).
//
// The figures are for the analyst, the team leader and the behavioural
// scientist, who may see no person: they are counts only, grouped in the
// database (Store), and every count is shown through the suppression rule
// of this package (Cell, MinCount), so that no family can be singled out.
// Names, BSNs, addresses and free text never leave the store through
// Store's methods: their rows carry codes and numbers only.
//
// The definitions, as the page and the CSV export explain them:
//   - A report or advice request counts in the period it was received in
//     (received_at, in Amsterdam time).
//   - Kinds of violence: a report may carry several, so the rows add up to
//     more than the number of reports.
//   - A repeat report (herhaalde melding) is a report naming a registry
//     person who was named in an earlier report (earlier by time of
//     receipt). Advice requests are not counted.
//   - Decisions count when they were approved in the period.
//   - Throughput counts case files whose first report was received in the
//     period: from that receipt to the approval of the first safety
//     assessment, in working days of the Dutch calendar. The deadline is
//     the end of the fifth working day after the day of receipt; acute
//     case files, due at once, are shown apart.
package stats
