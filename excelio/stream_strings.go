package excelio

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
)

// readSharedStrings reads the shared strings part (none when it is missing) as excelize reads
// it: each string item's text, its rich text runs concatenated, phonetic runs left out.
func readSharedStrings(part []byte) ([]string, error) {
	return readTokens(part, sharedStringsOf)
}

// sharedStringsOf reads the strings of a shared strings part's tokens.
func sharedStringsOf(w tokenSource) ([]string, error) {
	var sst []string
	err := eachStart(w, "sst", nsMain, func(e xml.StartElement, _ string) error {
		switch {
		case w.depth() == 2 && e.Name.Local == "si":
			s, err := readStringItem(w)
			if err != nil {
				return err
			}
			sst = append(sst, s)
		case w.depth() == 2:
			return skipElement(w)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sst, nil
}

// readStringItem reads a string item (si, or a cell's is) just started, to its end, as
// excelize's xlsxSI.String: its own t, then the t of each run, the last t of each winning.
func readStringItem(w tokenSource) (string, error) {
	d := w.depth()
	var own string
	var runs []string
	hasOwn := false
	for {
		kind, err := w.step()
		if err != nil {
			return "", err
		}
		if w.depth() < d {
			break
		}
		if kind != tokStart {
			continue
		}
		e := w.start()
		switch {
		case w.depth() == d+1 && e.Name.Local == "t":
			if own, _, err = elementText(w); err != nil {
				return "", err
			}
			hasOwn = true
		case w.depth() == d+1 && e.Name.Local == "r":
			run, err := readRun(w)
			if err != nil {
				return "", err
			}
			runs = append(runs, run)
		default:
			if err := skipElement(w); err != nil {
				return "", err
			}
		}
	}
	if !hasOwn && len(runs) == 0 {
		return "", nil
	}
	s := own + strings.Join(runs, "")
	if s == "" {
		return "", nil
	}
	return bstrUnmarshal(s), nil
}

// readRun reads a rich text run just started, to its end: the text of its last t.
func readRun(w tokenSource) (string, error) {
	d := w.depth()
	var t string
	for {
		kind, err := w.step()
		if err != nil {
			return "", err
		}
		if w.depth() < d {
			return t, nil
		}
		if kind == tokStart {
			e := w.start()
			if w.depth() == d+1 && e.Name.Local == "t" {
				if t, _, err = elementText(w); err != nil {
					return "", err
				}
				continue
			}
			if err := skipElement(w); err != nil {
				return "", err
			}
		}
	}
}

// bstrPattern matches an escaped character of a shared string, _xHHHH_.
var bstrPattern = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal undoes the _xHHHH_ escapes of a string as excelize does (its bstrUnmarshal, kept
// character for character so that every text reads as it did): _x005F_ is "_", _x000D_ a
// carriage return, and an escape that is no character is dropped.
func bstrUnmarshal(s string) (result string) {
	if !strings.Contains(s, "_x") {
		return s
	}
	matches, l, cursor := bstrPattern.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			result += "_"
			continue
		}
		if bstrPattern.MatchString(subStr) {
			cursor = match[1]
			v, _ := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`)
			result += v
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
