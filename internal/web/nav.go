package web

import (
	"net/http"
	"strings"

	"toren/internal/access"
	"toren/internal/authz"
)

// navItem is one link of the main navigation, shown to users whose roles
// may do Action, the action of the page it opens.
type navItem struct {
	Label  string
	Path   string
	Action authz.Action
}

// navigation is the main navigation, in order. A new page adds its line
// here, e.g. {"Nieuwe melding", "/meldingen/nieuw", authz.ActionReportCreate};
// the layout shows each link only to users who may open the page.
func navigation() []navItem {
	return []navItem{
		{"Startpagina", "/", authz.ActionReportList},
		{"Dossiers", "/dossiers", authz.ActionCaseList},
		{"Interventieteam", "/interventieteam", authz.ActionCaseList},
		{"Nieuwe melding", "/meldingen/nieuw", authz.ActionReportCreate},
		{"Signalen voor mij", alertsPath, authz.ActionAlertList},
		{"Koppelingen beoordelen", "/radar/beoordelen", authz.ActionReviewList},
		{"Zoeken", "/zoeken", authz.ActionPersonSearch},
		{"Beheer", "/beheer", authz.ActionUserManage},
		{"Noodtoegang nakijken", "/noodtoegang", authz.ActionBreakGlassReview},
		{"Bewaartermijnen", retentionPath, authz.ActionRetentionManage},
		{"Statistiek", "/statistiek", authz.ActionStatsView},
	}
}

// landing lists, in order, where GET /start sends a user who has just
// signed in: the first page their roles may open and the server serves.
// The start page needs report.list, which the analyst, the administrator
// and the privacy officer lack; they land on their own page. /beheer is
// the administrator's (it needs user.manage); until it is there the
// administrator gets a welcome page.
func landing() []navItem {
	return []navItem{
		{"Startpagina", "/", authz.ActionReportList},
		{"Statistiek", "/statistiek", authz.ActionStatsView},
		{"Beheer", "/beheer", authz.ActionUserManage},
		{"Noodtoegang nakijken", "/noodtoegang", authz.ActionBreakGlassReview},
	}
}

// alertsPath is "Signalen voor mij", whose link shows the open count.
const alertsPath = "/signalen"

// NavLink is a navigation link as the layout shows it.
type NavLink struct {
	Label, Path string
	// Current marks the link of the page shown, or of the section it is
	// in (aria-current="page").
	Current bool
	// Count, when not zero, is shown beside the label (open alerts).
	Count int
}

// navFor returns the links p may follow, marking the current one.
func navFor(r *http.Request, p *access.Principal) []NavLink {
	var links []NavLink
	for _, it := range navigation() {
		if !authz.Gate(&p.Actor, authz.Needs(it.Action)).Allowed {
			continue
		}
		links = append(links, NavLink{Label: it.Label, Path: it.Path, Current: currentSection(r.URL.Path, it.Path)})
	}
	return links
}

// currentSection reports whether path is the page at section or below it
// ("/" is current only on the start page itself).
func currentSection(path, section string) bool {
	if path == section {
		return true
	}
	return section != "/" && strings.HasPrefix(path, strings.TrimSuffix(section, "/")+"/")
}
