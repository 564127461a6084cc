package web

import (
	"net/http"

	"toren/internal/authz"
	"toren/internal/httpx"
)

// The route table of the web interface. Every page and form is declared
// once, here: method, path, requirement, handler and what it is for.
// Register mounts it, Routes hands its requirements to the access gate,
// and the authorisation matrix and route listing read it, so a page
// cannot be served without a requirement.

// page is a line of the table for a GET route.
func page(path string, req authz.Requirement, h http.HandlerFunc, doc string) httpx.Route {
	return httpx.Route{Method: http.MethodGet, Path: path, Requirement: req, Handler: h, Doc: doc}
}

// form is a line of the table for a POST route.
func form(path string, req authz.Requirement, h http.HandlerFunc, doc string) httpx.Route {
	return httpx.Route{Method: http.MethodPost, Path: path, Requirement: req, Handler: h, Doc: doc}
}

// onPath is the requirement of a route doing act on the object whose ID
// is the path's {id}.
func onPath(act authz.Action) authz.Requirement { return authz.NeedsOn(act, authz.FromPath, "id") }

// Table is the web interface's route table.
func (w *Web) Table() []httpx.Route {
	public, signedIn := authz.PublicRoute(), authz.SignedInRoute()
	create, search := authz.Needs(authz.ActionReportCreate), authz.Needs(authz.ActionPersonSearch)
	t := []httpx.Route{
		{Method: http.MethodGet, Path: w.cfg.Assets.Prefix(), Requirement: public, Handler: w.cfg.Assets,
			Doc: "Stylesheets and scripts under content-hashed names"},
		page("/inloggen", public, w.signInForm, "Sign-in form"),
		form("/inloggen", public, w.signIn, "Sign in (protected by the cross-origin check and throttling)"),
		page("/inloggen/organisatie", public, w.oidcStart, "Sign in at the organisation's identity provider (OpenID Connect, code flow with PKCE)"),
		page("/inloggen/organisatie/terug", public, w.oidcCallback, "The identity provider's answer: the account, its roles and teams, the second factor"),
		form("/inloggen/organisatie/code", public, w.oidcCode, "Toren's second factor after a provider sign-in without one"),
		form("/uitloggen", signedIn, w.signOut, "Sign out"),
		form("/sessie/verlengen", signedIn, w.extendSession, "Extend the session; shows no data"),
		page("/{$}", authz.Needs(authz.ActionReportList), w.home, "Start page: the reports and work of the user's teams"),
		page("/start", signedIn, w.start, "Sends each role to a page it may open"),
		page("/meldingen/{id}", onPath(authz.ActionReportView), w.report, "A report or advice request"),
		page("/personen/{id}", onPath(authz.ActionPersonView), w.person, "A registry person with their mentions"),
		page("/personen/{id}/inzage", onPath(authz.ActionAuditViewPerson), w.personAccessLog, "Who has seen this person's data (AVG)"),
		// The access request (accesscopy.go): downloads, audited, and objections.
		page("/personen/{id}/inzage/kopie.json", onPath(authz.ActionPersonAccessRequest), w.accessCopy(false), "A person's access copy as JSON (AVG art. 15)"),
		page("/personen/{id}/inzage/kopie.pdf", onPath(authz.ActionPersonAccessRequest), w.accessCopy(true), "A person's access copy as PDF (AVG art. 15)"),
		form("/personen/{id}/bezwaar", onPath(authz.ActionPersonAccessRequest), w.rectify, "Record a person's objection to a statement (AVG art. 16)"),
		page("/personen/{id}/geschiedenis", onPath(authz.ActionPersonHistoryFull), w.personHistory, "A person's and household's history"),
		form("/meldingen/{id}/noodtoegang", glass(authz.KindReport), w.breakGlass(authz.KindReport, "/meldingen/"), "Break the glass on a report"),
		form("/personen/{id}/noodtoegang", glass(authz.KindPerson), w.breakGlass(authz.KindPerson, "/personen/"), "Break the glass on a person"),
		page("/noodtoegang", authz.Needs(authz.ActionBreakGlassReview), w.grantsToReview, "Break-the-glass grants to review"),
		form("/noodtoegang/{id}", authz.Needs(authz.ActionBreakGlassReview), w.reviewGrant, "Review a break-the-glass grant"),
		// The intake form (intake*.go).
		page("/meldingen/nieuw", create, w.intakeNew, "The intake form"),
		form("/meldingen/nieuw", create, w.intakePost, "Register a report"),
		form("/meldingen/nieuw/persoon", create, w.intakeAddPerson, "Add a person to the intake form"),
		form("/meldingen/concept", create, w.intakeDraft, "Save the intake form as a draft"),
		form("/meldingen/concept/verwijderen", create, w.intakeDeleteDraft, "Delete the draft"),
		page("/radar/treffers", search, w.radarHits, "The radar's hits while a person is typed in"),
		page("/zoeken", search, w.search, "Search persons"),
		// Alerts (escalation rules).
		page("/signalen", authz.Needs(authz.ActionAlertList), w.alertsForMe, "Alerts for the user and their teams"),
		form("/signalen/{id}/afhandelen", onPath(authz.ActionAlertAck), w.acknowledgeAlert, "Acknowledge an alert"),
		// The service shows only an alert meant for the user (404 otherwise).
		page("/signalen/{id}", authz.Needs(authz.ActionAlertList), w.alertDetail, "One alert in full, with its acknowledgement"),
		form("/signalen/afhandelen", authz.NeedsOn(authz.ActionAlertAck, authz.FromBody, "signaal"), w.acknowledgeAlerts,
			"Acknowledge several alerts with one note (all or none)"),
		// Statistics (stats.go).
		page("/statistiek", authz.Needs(authz.ActionStatsView), w.statsPage, "Registration statistics"),
		page("/statistiek/export.csv", authz.Needs(authz.ActionStatsExport), w.statsExport, "Registration statistics as CSV"),
	}
	t = append(t, w.adminTable()...)
	if w.cfg.Settings != nil {
		settings := authz.Needs(authz.ActionSettingsManage)
		t = append(t,
			page("/beheer/organisatie", settings, w.adminOrganisation, "The organisation's details on letters"),
			form("/beheer/organisatie", settings, w.adminSaveOrganisation, "Change the organisation's details on letters"))
	}
	if w.cfg.Retention != nil {
		manage := authz.Needs(authz.ActionRetentionManage)
		t = append(t,
			page(retentionPath, manage, w.retentionPageGet, "Retention: the rule, what a run today would destroy and why, the due files kept, the legal holds"),
			form(retentionPath+"/bewaarplicht", manage, w.retentionHold, "Place a legal hold on a case file or person, with the reason"),
			form(retentionPath+"/bewaarplicht/{id}/opheffen", manage, w.retentionLift, "Lift a legal hold, with the reason"),
			form(retentionPath+"/vernietigen", manage, w.retentionRun, "Destroy the files of the plan read (refused when the plan changed since)"))
	}
	t = append(t, w.radarTable()...)
	if w.cfg.Casework.enabled() {
		t = append(t, w.caseworkTable()...)
	}
	if w.cfg.ITTeam != nil {
		t = append(t, w.itTable()...) // the Interventieteam (itteam.go)
	}
	return t
}

// Routes is what each page requires of the signed-in user, read from the
// route table. The access guard refuses any route missing here.
func (w *Web) Routes() authz.Routes { return httpx.Requirements(w.Table()) }

// Register mounts the route table; the start page asks the router which
// pages this server has (stats.go).
func (w *Web) Register(mux *httpx.Router) {
	mux.Mount(w.Table())
	w.router = mux
}

func glass(kind authz.Kind) authz.Requirement {
	q := onPath(authz.ActionBreakGlass)
	q.Kind = kind
	return q
}

// adminTable is the administration pages: accounts and teams for the
// administrator, the catalogues (chain partners, reporter kinds) for the
// catalogue managers.
func (w *Web) adminTable() []httpx.Route {
	users, catalogue := authz.Needs(authz.ActionUserManage), authz.Needs(authz.ActionCatalogueManage)
	clientsManage := authz.Needs(authz.ActionClientManage)
	return []httpx.Route{
		page("/beheer", users, w.adminHome, "Administration start page"),
		page("/beheer/gebruikers", users, w.adminUsers, "Staff accounts"),
		form("/beheer/gebruikers", users, w.adminAddUser, "Add a staff account"),
		form("/beheer/gebruikers/{id}/herstellen", users, w.adminResetUser, "Reset an account's password and second factor"),
		form("/beheer/gebruikers/{id}/blokkeren", users, w.adminDisableUser, "Disable an account"),
		page("/beheer/teams", users, w.adminTeams, "Teams"),
		form("/beheer/teams", users, w.adminAddTeam, "Add a team"),
		page("/beheer/partners", catalogue, w.adminPartners, "Chain partners"),
		form("/beheer/partners", catalogue, w.adminAddPartner, "Add a chain partner"),
		page("/beheer/melderssoorten", catalogue, w.adminReporterKinds, "Reporter kinds"),
		page("/beheer/koppelingen", clientsManage, w.adminClients, "API clients: the systems of the police and partners"),
		form("/beheer/koppelingen", clientsManage, w.adminAddClient, "Register an API client (its token is shown once)"),
		form("/beheer/koppelingen/{id}/vernieuwen", clientsManage, w.adminRotateClient, "Give an API client a new token (the old one stays valid for the overlap)"),
		form("/beheer/koppelingen/{id}/intrekken", clientsManage, w.adminRevokeClient, "Revoke an API client"),
	}
}

// radarTable is the review queue and the merge forms.
func (w *Web) radarTable() []httpx.Route {
	return []httpx.Route{
		page(reviewPath, authz.Needs(authz.ActionReviewList), w.reviewList, "The radar's review queue"),
		page(reviewPath+"/{id}", authz.Needs(authz.ActionReviewList), w.reviewItem, "One uncertain link to review"),
		form(reviewPath+"/{id}", onPath(authz.ActionReviewLink), w.reviewDecide, "Decide an uncertain link"),
		form("/personen/{id}/samenvoegen", onPath(authz.ActionPersonMerge), w.mergePerson, "Merge another person into this one"),
		form("/personen/{id}/samenvoeging-ongedaan-maken", onPath(authz.ActionPersonUnmerge), w.unmergePerson, "Undo a merge"),
	}
}

// caseworkTable is the case-work screens. The object of a /dossiers/{id}
// route is the case, of a /besluiten/{id} route the decision; the services
// decide again on the object they load.
func (w *Web) caseworkTable() []httpx.Route {
	edit := onPath(authz.ActionCaseEdit)
	// A PDF is a copy that leaves Toren (print, mail): export.
	export := onPath(authz.ActionExport)
	export.Kind = authz.KindCase
	return []httpx.Route{
		page("/dossiers", authz.Needs(authz.ActionCaseList), w.caseList, "The team's case files"),
		page("/triage", authz.Needs(authz.ActionReportList), w.triageList, "Reports in triage, urgent first"),
		page("/dossiers/{id}", onPath(authz.ActionCaseView), w.casePage, "A case file"),
		page("/dossiers/{id}/logboek", authz.Needs(authz.ActionAuditView), w.caseAudit, "A case file's audit log"),
		form("/meldingen/{id}/dossier", authz.Needs(authz.ActionCaseCreate), w.caseOpen, "Open a case file for a report"),
		form("/dossiers/{id}/toewijzing", onPath(authz.ActionCaseAssign), w.caseAssign, "Assign a case"),
		form("/dossiers/{id}/stap", onPath(authz.ActionCaseTransition), w.caseStep, "Move a case to its next step"),
		form("/dossiers/{id}/fase", edit, w.casePhase, "Record a phase of the case"),
		form("/dossiers/{id}/besluiten", onPath(authz.ActionDecisionPropose), w.casePropose, "Propose a decision"),
		form("/besluiten/{id}/goedkeuring", onPath(authz.ActionDecisionApprove), w.decisionApprove, "Approve a decision"),
		form("/besluiten/{id}/afwijzing", onPath(authz.ActionDecisionApprove), w.decisionRefuse, "Refuse a decision"),
		form("/dossiers/{id}/contacten", edit, w.caseContact, "Record a contact"),
		form("/dossiers/{id}/informanten", edit, w.caseInformant, "Record an informant"),
		form("/dossiers/{id}/afspraken", edit, w.caseAgreement, "Add an agreement"),
		form("/dossiers/{id}/afspraken/{item}", edit, w.caseAgreementStatus, "Change an agreement's status"),
		form("/dossiers/{id}/voorwaarden", edit, w.caseCondition, "Add a condition"),
		// Changing a condition's status (a breach) is case content too.
		form("/dossiers/{id}/voorwaarden/{item}", edit, w.caseConditionStatus, "Change a condition's status"),
		form("/dossiers/{id}/overdracht", onPath(authz.ActionCaseHandover), w.caseHandover, "Propose a handover"),
		// The service decides who answers (the receiving team for Team Monitoring).
		form("/dossiers/{id}/overdracht/{item}", onPath(authz.ActionCaseView), w.caseHandoverResponse, "Answer a handover"),
		form("/dossiers/{id}/terugkoppeling", edit, w.caseFeedback, "Record feedback to the reporter"),
		form("/dossiers/{id}/monitoring/{item}", edit, w.caseMonitoring, "Record a monitoring moment"),
		form("/dossiers/{id}/brieven", onPath(authz.ActionLetterGenerate), w.caseLetter, "Generate a letter"),
		form("/dossiers/{id}/verzonden", edit, w.caseLetterSent, "Record a letter as sent"),
		form("/dossiers/{id}/politie", onPath(authz.ActionPoliceReport), w.casePoliceReport, "Record a report to the police (a disclosure, with its legal ground)"),
		page("/dossiers/{id}/brieven/{item}", onPath(authz.ActionCaseView), w.caseLetterView, "A generated letter"),
		page("/dossiers/{id}/brieven/{item}/pdf", export, w.caseLetterPDF, "A generated letter as PDF"),
	}
}
