package mail

import (
	"io"
	"mime"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jhillyerd/enmime/v2"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// wordDecoder decodes RFC 2047 words in any charset x/text knows (GBK, GB2312, GB18030, Big5…).
var wordDecoder = &mime.WordDecoder{CharsetReader: charsetReader}

// charsetReader turns input in the named charset into UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(input), nil
}

// decodeCharset turns raw bytes in the named charset into UTF-8; an unknown charset is read as
// GB18030 when the bytes are not UTF-8 (a Chinese sender's mislabelled name), else as they are.
func decodeCharset(charset, raw string) string {
	if enc, err := htmlindex.Get(strings.TrimSpace(charset)); err == nil && charset != "" {
		if s, err := enc.NewDecoder().String(raw); err == nil {
			return s
		}
	}
	return decodeGBK(raw)
}

// decodeGBK reads text that is not valid UTF-8 as GB18030 (a superset of GBK and GB2312): what a
// Chinese Windows program writes when it puts raw 8-bit text in a header.
func decodeGBK(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if d, err := simplifiedchinese.GB18030.NewDecoder().String(s); err == nil {
		return d
	}
	return strings.ToValidUTF8(s, "_")
}

// partName is the file name a part carries, or "" for a part with none. The raw
// Content-Disposition and Content-Type headers are read first, because enmime returns an empty
// name for RFC 2231 names in GBK and a garbled one for raw 8-bit GBK names (libraries.md); its
// own name is the fallback.
func partName(p *enmime.Part) string {
	for _, h := range []struct{ key, param string }{{"Content-Disposition", "filename"}, {"Content-Type", "name"}} {
		for _, raw := range p.Header.Values(h.key) {
			if name := headerParam(raw, h.param); name != "" {
				return baseName(name)
			}
		}
	}
	return baseName(p.FileName)
}

// headerParam decodes the parameter param of a raw header value: RFC 2231 (continued and
// charset-tagged), RFC 2047 words inside quotes (as Outlook and Foxmail write them), or raw 8-bit
// text in GBK.
func headerParam(raw, param string) string {
	params := splitParams(raw)
	if v := rfc2231(params, param); v != "" {
		return v
	}
	v, ok := params[param]
	if !ok {
		return ""
	}
	v = decodeGBK(v)
	if strings.Contains(v, "=?") {
		// Some programs fold an encoded name into several words separated by spaces.
		if d, err := wordDecoder.DecodeHeader(v); err == nil {
			return d
		}
	}
	return v
}

// rfc2231 joins and decodes param*, param*0, param*1*… of RFC 2231; "" when there are none.
func rfc2231(params map[string]string, param string) string {
	type piece struct {
		n       int
		encoded bool
		v       string
	}
	var pieces []piece
	for k, v := range params {
		rest, ok := strings.CutPrefix(k, param+"*")
		if !ok {
			continue
		}
		encoded := strings.HasSuffix(rest, "*") || rest == ""
		num := strings.TrimSuffix(rest, "*")
		n := 0
		if num != "" {
			var err error
			if n, err = strconv.Atoi(num); err != nil {
				continue
			}
		}
		pieces = append(pieces, piece{n, encoded, v})
	}
	if len(pieces) == 0 {
		return ""
	}
	sort.Slice(pieces, func(i, j int) bool { return pieces[i].n < pieces[j].n })
	charset := ""
	var b strings.Builder
	for i, p := range pieces {
		v := p.v
		if p.encoded {
			if i == 0 {
				if parts := strings.SplitN(v, "'", 3); len(parts) == 3 {
					charset, v = parts[0], parts[2]
				}
			}
			if u, err := url.PathUnescape(v); err == nil {
				v = u
			}
		}
		b.WriteString(v)
	}
	return decodeCharset(charset, b.String())
}

// splitParams splits a header value's parameters (after the first ';') into a map of lower-case
// names to values with their quotes removed. It is lenient where mime.ParseMediaType is strict:
// units' mail programs write unquoted spaces, raw 8-bit bytes and duplicate parameters.
func splitParams(raw string) map[string]string {
	out := map[string]string{}
	i := strings.IndexByte(raw, ';')
	if i < 0 {
		return out
	}
	for _, part := range splitOutsideQuotes(raw[i+1:]) {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`)
		}
		if _, dup := out[k]; !dup {
			out[k] = v
		}
	}
	return out
}

// splitOutsideQuotes splits s on the semicolons that are not inside double quotes.
func splitOutsideQuotes(s string) []string {
	var parts []string
	inQuote, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			if i == 0 || s[i-1] != '\\' {
				inQuote = !inQuote
			}
		case ';':
			if !inQuote {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// baseName keeps the last element of a name that may carry a client's folders ("C:\报表\a.xlsx"),
// without control characters: an attachment's name never chooses a folder.
func baseName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimRight(name, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." || name == "/" {
		return ""
	}
	return name
}
