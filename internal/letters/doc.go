// Package letters writes the letters a Veilig Thuis case produces, in
// Dutch: the closing letter (afsluitbrief) to the persons involved, with
// the safety conditions and who holds case direction after the handover,
// and the feedback letter (terugkoppeling) to a professional reporter
// after the safety assessment or after an Onderzoek (domain §3.10, §4.1).
//
// Each letter is one html/template (embedded). The HTML it renders is the
// screen version, a fragment without inline script or style, and the
// single source of the wording: the PDF is laid out from the same HTML,
// so the two versions cannot say different things.
//
// The input types make it impossible to name a protected reporter. A
// closing letter has no reporter at all; a feedback letter takes its
// addressee only through ReporterFrom, which drops the name, function and
// organisation of a reporter who asked that their identity be protected
// from the persons involved.
//
// The package does no I/O besides rendering. The PDF uses the Go fonts
// (golang.org/x/image/font/gofont, by Bigelow & Holmes for the Go project,
// under the Go licence, BSD-3-Clause), embedded as TrueType and subset, so
// every name renders, Dutch diacritics (ë, é, ï) and names such as Yılmaz
// or Łukasz alike.
package letters
