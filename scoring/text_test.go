package scoring

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	long := strings.Repeat("长", 40) + strings.Repeat("尾", 40)
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{"≥3500条", 60, "≥3500条"},
		{strings.Repeat("字", 60), 60, strings.Repeat("字", 60)},
		{long, 10, "长长长长长长…尾尾尾"},
		{"abcdefghij", 7, "abcd…ij"},
		{"abc", 2, "abc"}, // too small a limit to shorten sensibly
	} {
		got := Shorten(tc.in, tc.limit)
		if got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
		}
		if tc.limit >= 3 && utf8.RuneCountInString(got) > tc.limit {
			t.Errorf("Shorten(%q, %d) has %d characters", tc.in, tc.limit, utf8.RuneCountInString(got))
		}
	}
}

// TestMessagesQuoteShortened: a unit's text of pages is quoted by its head and tail, so no
// message, comment or summary cell grows with what a unit typed.
func TestMessagesQuoteShortened(t *testing.T) {
	e := &evaluation{f: &Form{Sheet: "Sheet1"}, res: &Result{}, p: mustProfile(t)}
	e.add("I12", Ref{Cell: "F14"}, "“%s”的实际完成值“%s”是比较式，分值 %d", "指标", strings.Repeat("长文本", 10000), 5)
	msg := e.res.Findings[0].Message
	if n := utf8.RuneCountInString(msg); n > 120 || !strings.Contains(msg, "…") || !strings.HasSuffix(msg, "分值 5") {
		t.Errorf("message of %d characters: %s", n, msg)
	}
}

func mustProfile(t *testing.T) *Profile {
	t.Helper()
	p, err := LoadProfile(DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	return p
}
