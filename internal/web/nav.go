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
// here, e.g. {msg("nav.report.new"), "/meldingen/nieuw", authz.ActionReportCreate},
// with its label in the catalogue (text_nl.go);
// the layout shows each link only to users who may open the page.
func navigation() []navItem {
	return []navItem{
		{msg("nav.start"), "/", authz.ActionReportList},
		{msg("nav.cases"), "/dossiers", authz.ActionCaseList},
		{msg("nav.itteam"), "/interventieteam", authz.ActionCaseList},
		{msg("nav.report.new"), "/meldingen/nieuw", authz.ActionReportCreate},
		{msg("nav.alerts"), alertsPath, authz.ActionAlertList},
		{msg("nav.review"), "/radar/beoordelen", authz.ActionReviewList},
		{msg("nav.search"), "/zoeken", authz.ActionPersonSearch},
		{msg("nav.admin"), "/beheer", authz.ActionUserManage},
		{msg("nav.grants"), "/noodtoegang", authz.ActionBreakGlassReview},
		{msg("nav.retention"), retentionPath, authz.ActionRetentionManage},
		{msg("nav.stats"), "/statistiek", authz.ActionStatsView},
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
		{msg("nav.start"), "/", authz.ActionReportList},
		{msg("nav.stats"), "/statistiek", authz.ActionStatsView},
		{msg("nav.admin"), "/beheer", authz.ActionUserManage},
		{msg("nav.grants"), "/noodtoegang", authz.ActionBreakGlassReview},
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
