package web

import (
	"strings"
	"testing"

	"toren/internal/itteam"
	"toren/internal/toren"
)

// The scaling chart and table are written as HTML in Go: every text a
// user typed (a rater's name) is escaped, and the chart draws one mark
// per score with the rater's own shape.
func TestScalingChartAndRowsEscapeText(t *testing.T) {
	four, six := 4, 6
	scores := []itteam.ScalingScore{
		{On: toren.NewDate(2014, 3, 3), Kind: itteam.RaterFamily, Rater: `Moeder <script>alert("x")</script>`, Safety: &four, Progress: &six},
		{On: toren.NewDate(2014, 3, 10), Kind: itteam.RaterFamily, Rater: `Moeder <script>alert("x")</script>`, Safety: &six},
		{On: toren.NewDate(2014, 3, 10), Kind: itteam.RaterProfessional, Rater: "IT & co", Safety: &four},
	}
	svg := string(newScalingChart(scores).SVG())
	rows := string(scalingRowsHTML(newScalingRows(scores)))
	for name, out := range map[string]string{"chart": svg, "table": rows} {
		if strings.Contains(out, "<script") || strings.Contains(out, `"x"`) || !strings.Contains(out, "&lt;script&gt;") || !strings.Contains(out, "IT &amp; co") {
			t.Errorf("%s does not escape the raters' names:\n%s", name, out)
		}
	}
	if strings.Count(svg, "<circle") != 2 || strings.Count(svg, "<rect") != 1 || strings.Count(svg, "<polyline") != 2 {
		t.Errorf("chart marks: %d circles, %d squares, %d lines; want 2, 1, 2", strings.Count(svg, "<circle"), strings.Count(svg, "<rect"), strings.Count(svg, "<polyline"))
	}
	if strings.Count(rows, "<tr") != 3 || !strings.Contains(rows, "<td class=\"utrecht-table__cell\">–</td>") {
		t.Errorf("table rows:\n%s", rows)
	}
}
