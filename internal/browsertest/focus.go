package browsertest

import "fmt"

// maxTabStops bounds the walk through a page: enough for any page Toren
// has (the start page has about sixty stops).
const maxTabStops = 400

// focusStop is what the page says about the element that has the focus.
type focusStop struct {
	Desc string `json:"desc"` // "" when the focus left the page's elements
	// Indicator: an outline or box shadow is drawn (WCAG 2.4.7).
	Indicator bool `json:"indicator"`
	// Shown: the element has a size and lies in the viewport after the
	// browser scrolled to it (a focused element may not be hidden).
	Shown bool `json:"shown"`
	// Again: the focus is back on the walk's first element.
	Again bool `json:"again"`
}

// focusStopJS describes document.activeElement.
const focusStopJS = `(() => {
	const start = document.getElementById("toren-focus-start");
	if (start) start.remove();
	const el = document.activeElement;
	if (!el || el === document.body || el === document.documentElement) return {desc: "", indicator: false, shown: false, again: false};
	const again = window.__torenFirstStop === el;
	window.__torenFirstStop = window.__torenFirstStop || el;
	const cs = getComputedStyle(el);
	const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
	const shadow = cs.boxShadow !== "" && cs.boxShadow !== "none";
	const r = el.getBoundingClientRect();
	const shown = r.width >= 2 && r.height >= 2 && r.bottom > 0 && r.right > 0 &&
		r.top < window.innerHeight && r.left < window.innerWidth && cs.visibility !== "hidden";
	return {desc: ` + describeJS + `(el), indicator: outline || shadow, shown: shown, again: again};
})()`

// focusStartJS puts the focus before the first element of the page: the
// next Tab goes where a keyboard user's first Tab goes. (A blur would leave
// the browser's starting point where the focus was.)
const focusStartJS = `(() => {
	window.__torenFirstStop = null;
	const start = document.createElement("span");
	start.id = "toren-focus-start";
	start.tabIndex = -1;
	document.body.prepend(start);
	start.focus();
	window.scrollTo(0, 0);
	return true;
})()`

// FocusProblems walks the page with the Tab key from the top, as a
// keyboard user does, and returns each focused element that does not show
// it has the focus, or is hidden while focused. The walk ends where it
// started, when the focus leaves the page, or after maxTabStops. The page
// is left scrolled to the top with nothing focused.
func (p *Page) FocusProblems() []string {
	p.t.Helper()
	Eval[bool](p, focusStartJS)
	defer Eval[bool](p, `document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true`)
	var problems []string
	for i := 0; i < maxTabStops; i++ {
		p.Press(Tab)
		s := Eval[focusStop](p, focusStopJS)
		if s.Desc == "" || s.Again {
			return problems
		}
		if !s.Indicator {
			problems = append(problems, fmt.Sprintf("tab stop %d, %s: no visible focus indicator (outline or box shadow)", i+1, s.Desc))
		}
		if !s.Shown {
			problems = append(problems, fmt.Sprintf("tab stop %d, %s: focused but not visible on screen", i+1, s.Desc))
		}
	}
	return append(problems, fmt.Sprintf("more than %d tab stops: a keyboard trap?", maxTabStops))
}
