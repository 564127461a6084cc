package letters

import (
	"fmt"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// letterFonts are the fonts the PDF is set in, parsed once to answer
// which characters they can print. They are read-only after parsing.
var letterFonts = sync.OnceValues(func() ([]*sfnt.Font, error) {
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("letters: parse font: %w", err)
		}
		fonts = append(fonts, f)
	}
	return fonts, nil
})

// unprintable returns the first character of s that the letter's fonts
// have no glyph for (emoji, scripts other than Latin, Greek and Cyrillic,
// invisible format characters), and whether there is one. White space
// is laid out as spaces and never looked up. s is composed first (NFC),
// as the PDF is: "e" + U+0308 prints as "ë".
func unprintable(s string) (rune, bool) {
	fonts, err := letterFonts()
	if err != nil {
		return 0, false // cannot happen with the embedded fonts; rendering would fail loudly
	}
	var buf sfnt.Buffer
	for _, r := range norm.NFC.String(s) {
		if unicode.IsSpace(r) {
			continue
		}
		for _, f := range fonts {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				return r, true
			}
		}
	}
	return 0, false
}
