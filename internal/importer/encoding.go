package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is the character encoding of an import file.
type Encoding string

// The encodings an import file may declare. UTF-8 is the default. Older
// police and municipal systems, and Excel on Windows, write Windows-1252
// (which covers ISO-8859-1 for every printable character); some export
// tools write UTF-16.
const (
	EncodingUTF8        Encoding = "utf-8"
	EncodingWindows1252 Encoding = "windows-1252"
	EncodingISO88591    Encoding = "iso-8859-1"
	EncodingUTF16       Encoding = "utf-16"
)

// ParseEncoding accepts the name of an encoding as a user types it.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "utf-8", "utf8":
		return EncodingUTF8, nil
	case "windows-1252", "cp1252", "win1252":
		return EncodingWindows1252, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return EncodingISO88591, nil
	case "utf-16", "utf16":
		return EncodingUTF16, nil
	}
	return "", fmt.Errorf("unknown encoding %q: use utf-8, windows-1252, iso-8859-1 or utf-16", s)
}

// decode returns r converted to UTF-8 from enc. A UTF-16 byte order mark
// declares the encoding by itself, so such a file is read as UTF-16 even
// when no encoding was named; any other file is taken to be what enc says,
// never guessed.
func decode(r io.Reader, enc Encoding) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	bom16 := bytes.Equal(head, []byte{0xFF, 0xFE}) || bytes.Equal(head, []byte{0xFE, 0xFF})
	var e encoding.Encoding
	switch enc {
	case "", EncodingUTF8:
		if !bom16 {
			return br, nil
		}
		e = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case EncodingWindows1252:
		e = charmap.Windows1252
	case EncodingISO88591:
		e = charmap.ISO8859_1
	case EncodingUTF16:
		// Without a byte order mark, little-endian: what Windows writes.
		e = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	default:
		return nil, fmt.Errorf("unknown encoding %q", enc)
	}
	return transform.NewReader(br, e.NewDecoder()), nil
}
