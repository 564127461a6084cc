package api

import (
	"slices"

	"toren/internal/itteam"
	"toren/internal/stats"
	"toren/internal/toren"
)

// The Interventieteam's year as the API hands it out: the same figures as
// the page and the CSV export, through the same suppression rule
// (stats.Count: a count from 1 to stats.MinCount-1 is withheld, with the
// secondary rule, stats.ProtectLine, over every additive column). A
// withheld count is null, never the number, and a row that withholds its
// count says so with suppressed: true; a percentage, mean or duration that
// rests on a withheld count is null too. Zero describes nobody and is
// given.

// ITCountOut is a row of counts: tables 1-3, graphs 1-6.
type ITCountOut struct {
	Label      string `json:"label"`
	Code       string `json:"code,omitempty"`
	N          *int   `json:"n"`
	Percent    *int   `json:"percent"`
	Suppressed bool   `json:"suppressed"`
}

// ITStatusTableOut is table 1 or 2.
type ITStatusTableOut struct {
	Rows  []ITCountOut `json:"rows"`
	Total *int         `json:"total"`
}

// ITMentionTableOut is table 3.
type ITMentionTableOut struct {
	CasesFilled *int         `json:"cases_filled"`
	CasesTotal  *int         `json:"cases_total"`
	Rows        []ITCountOut `json:"rows"`
	Total       *int         `json:"total"`
}

// ITMeanOut is a question of table 4 or 5: its code (itteam.MeetingItems,
// ClientItems) and, as the API has always given it, its Dutch label.
type ITMeanOut struct {
	Code       string   `json:"code"`
	Label      string   `json:"label"`
	Mean       *float64 `json:"mean"`
	N          *int     `json:"n"`
	Suppressed bool     `json:"suppressed"`
}

// ITEvaluationTableOut is table 4 or 5.
type ITEvaluationTableOut struct {
	Evaluated *int        `json:"evaluated"`
	Rows      []ITMeanOut `json:"rows"`
}

// ITDurationOut is the length of the intensive phases that ended, in days.
type ITDurationOut struct {
	N          *int `json:"n"`
	Mean       *int `json:"mean"`
	Min        *int `json:"min"`
	Max        *int `json:"max"`
	Suppressed bool `json:"suppressed"`
}

// ITDistributionOut is one of graphs 1-4.
type ITDistributionOut struct {
	Cases    *int         `json:"cases"`
	Missing  *int         `json:"missing"`
	Mentions *int         `json:"mentions"`
	Rows     []ITCountOut `json:"rows"`
}

// ITGraphsOut are graphs 1-4.
type ITGraphsOut struct {
	Municipality ITDistributionOut `json:"municipality"`
	ViolenceType ITDistributionOut `json:"violence_type"`
	Natures      ITDistributionOut `json:"natures"`
	ProblemAreas ITDistributionOut `json:"problem_areas"`
}

// ITSexDistributionOut is one side of the sexes: a row per sex and the
// cases left open, each with its percentage of the cohort.
type ITSexDistributionOut struct {
	Cases   *int         `json:"cases"`
	Rows    []ITCountOut `json:"rows"`
	Missing ITCountOut   `json:"missing"`
}

// ITSexesOut are the sexes of the perpetrators and the victims.
type ITSexesOut struct {
	Perpetrators ITSexDistributionOut `json:"perpetrators"`
	Victims      ITSexDistributionOut `json:"victims"`
}

// ITChildrenOut is "betrokkenheid kinderen": the new cases with children
// present (code yes), without (code no) and left open, each with its
// percentage of the cohort, suppressed as one column.
type ITChildrenOut ITSexDistributionOut

// ITYearStatsOut are the evaluation's tables for one year, suppressed.
type ITYearStatsOut struct {
	Year            int                  `json:"year"`
	AsOf            toren.Date           `json:"as_of"`
	SuppressedBelow int                  `json:"suppressed_below"`
	New             ITStatusTableOut     `json:"new"`
	Continuing      ITStatusTableOut     `json:"continuing"`
	EndedBefore     *int                 `json:"ended_before"`
	Providers       ITMentionTableOut    `json:"providers"`
	Meetings        ITEvaluationTableOut `json:"meetings"`
	Clients         ITEvaluationTableOut `json:"clients"`
	Intensive       ITDurationOut        `json:"intensive_duration"`
	ColourStart     []ITCountOut         `json:"colour_start"`
	ColourEnd       []ITCountOut         `json:"colour_end"`
	Graphs          ITGraphsOut          `json:"graphs"`
	Sexes           ITSexesOut           `json:"sexes"`
	Children        ITChildrenOut        `json:"children"`
	MIC             *int                 `json:"mic"`
	MICBefore       *int                 `json:"mic_before"`
	CCB             *int                 `json:"ccb"`
	CCBBefore       *int                 `json:"ccb_before"`
}

// shown is n when the rule lets it be shown, nil when it is withheld.
func shown(c stats.Cell) *int {
	n, ok := c.Value()
	if !ok {
		return nil
	}
	v := int(n)
	return &v
}

// shownCount is n through the primary rule.
func shownCount(n int) *int { return shown(stats.Count(int64(n))) }

// publishCounts applies the rule to an additive column of counts out of
// den, with the secondary rule over the column.
func publishCounts(cs []itteam.Count, den int) []ITCountOut {
	cells := make([]stats.Cell, len(cs))
	line := make([]*stats.Cell, len(cs))
	for i, c := range cs {
		cells[i] = stats.Count(int64(c.N))
		line[i] = &cells[i]
	}
	stats.ProtectLine(line)
	total := stats.Count(int64(den))
	out := make([]ITCountOut, len(cs))
	for i, c := range cs {
		out[i] = ITCountOut{Label: c.Label, Code: c.Code, N: shown(cells[i]), Suppressed: cells[i].Suppressed()}
		if p := stats.Percent(cells[i], total); !p.Suppressed() && den > 0 {
			v := c.Percent
			out[i].Percent = &v
		}
	}
	return out
}

func publishMeans(ms []itteam.Mean) []ITMeanOut {
	out := make([]ITMeanOut, len(ms))
	for i, m := range ms {
		out[i] = ITMeanOut{Code: m.Code, Label: m.Label, N: shownCount(m.N), Suppressed: stats.Small(int64(m.N))}
		if m.N > 0 && !out[i].Suppressed {
			v := m.Mean
			out[i].Mean = &v
		}
	}
	return out
}

func publishDistribution(d itteam.Distribution) ITDistributionOut {
	return ITDistributionOut{Cases: shownCount(d.Cases), Missing: shownCount(d.Missing), Mentions: shownCount(d.Mentions),
		Rows: publishCounts(d.Rows, d.Mentions)}
}

func publishColours(cs []itteam.Count) []ITCountOut {
	total := 0
	for _, c := range cs {
		total += c.N
	}
	return publishCounts(cs, total)
}

// publishSexes applies the rule to the rows and the cases left open as
// one column, as the page does: with one sex per case they add up to the
// cohort, whose size is given. Children present is published the same way
// (its rows always add up to the cohort).
func publishSexes(d itteam.SexDistribution) ITSexDistributionOut {
	missing := itteam.Count{Label: "Niet ingevuld", Code: "missing", N: d.Missing, Percent: d.MissingPercent()}
	out := publishCounts(append(slices.Clone(d.Rows), missing), d.Cases)
	return ITSexDistributionOut{Cases: shownCount(d.Cases), Rows: out[:len(out)-1], Missing: out[len(out)-1]}
}

// publishITStats applies the suppression rule to the year's figures.
func publishITStats(st itteam.YearStats) ITYearStatsOut {
	d := st.Intensive
	dur := ITDurationOut{N: shownCount(d.N), Suppressed: stats.Small(int64(d.N))}
	if d.N > 0 && !dur.Suppressed {
		mean, lo, hi := d.Mean, d.Min, d.Max
		dur.Mean, dur.Min, dur.Max = &mean, &lo, &hi
	}
	return ITYearStatsOut{
		Year: st.Year, AsOf: st.AsOf, SuppressedBelow: stats.MinCount,
		New:         ITStatusTableOut{Rows: publishCounts(st.New.Rows, st.New.Total), Total: shownCount(st.New.Total)},
		Continuing:  ITStatusTableOut{Rows: publishCounts(st.Continuing.Rows, st.Continuing.Total), Total: shownCount(st.Continuing.Total)},
		EndedBefore: shownCount(st.EndedBefore),
		Providers: ITMentionTableOut{CasesFilled: shownCount(st.Providers.CasesFilled), CasesTotal: shownCount(st.Providers.CasesTotal),
			Rows: publishCounts(st.Providers.Rows, st.Providers.Total), Total: shownCount(st.Providers.Total)},
		Meetings:    ITEvaluationTableOut{Evaluated: shownCount(st.Meetings.Evaluated), Rows: publishMeans(st.Meetings.Rows)},
		Clients:     ITEvaluationTableOut{Evaluated: shownCount(st.Clients.Evaluated), Rows: publishMeans(st.Clients.Rows)},
		Intensive:   dur,
		ColourStart: publishColours(st.ColourStart),
		ColourEnd:   publishColours(st.ColourEnd),
		Graphs: ITGraphsOut{
			Municipality: publishDistribution(st.Graphs.Municipality),
			ViolenceType: publishDistribution(st.Graphs.ViolenceType),
			Natures:      publishDistribution(st.Graphs.Natures),
			ProblemAreas: publishDistribution(st.Graphs.ProblemAreas),
		},
		Sexes:    ITSexesOut{Perpetrators: publishSexes(st.Sexes.Perpetrators), Victims: publishSexes(st.Sexes.Victims)},
		Children: ITChildrenOut(publishSexes(st.Children)),
		MIC:      shownCount(st.MIC), MICBefore: shownCount(st.MICBefore), CCB: shownCount(st.CCB), CCBBefore: shownCount(st.CCBBefore),
	}
}
