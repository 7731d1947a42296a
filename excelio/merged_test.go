package excelio

import (
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// A 得分 or 分值 cell merged over several indicator rows is read once, for the top row; each row
// under it has no value of its own and gets I04 (得分) or W04 (分值), the message naming the cell
// and the merge.
func TestReadMergedScoreCells(t *testing.T) {
	const (
		points = 6 // the 分值 column G of nationalForm
		score  = 7 // the 得分 column H
	)
	for _, tc := range []struct {
		name   string
		merges [][4]int // merges over the indicator rows, in layout coordinates
		want   []string // "code cell merge" of every finding about a merged cell, in order
	}{
		{"score over two rows", [][4]int{{rFirstInd, score, rFirstInd + 1, score}},
			[]string{"I04 H14 H13:H14"}},
		{"points over two rows", [][4]int{{rFirstInd, points, rFirstInd + 1, points}},
			[]string{"W04 G14 G13:G14"}},
		{"points and score over two rows", [][4]int{{rFirstInd, points, rFirstInd + 1, score}},
			[]string{"W04 G14 G13:H14", "I04 H14 G13:H14"}},
		{"score over three rows", [][4]int{{rFirstInd + 1, score, rFirstInd + 3, score}},
			[]string{"I04 H15 H14:H16", "I04 H16 H14:H16"}},
		{"score merged across columns only", [][4]int{{rFirstInd, score, rFirstInd, score + 1}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			for _, m := range tc.merges {
				for r := m[0]; r <= m[2]; r++ {
					for c := m[1]; c <= m[3]; c++ {
						if r != m[0] || c != m[1] {
							l.set(r, c, nil)
						}
					}
				}
				l.merge(m[0], m[1], m[2], m[3])
			}
			f := readN(t, writeBook(t, sheetSpec{"自评表", []placed{{l, 0, 0}}}), 1)[0]
			if len(f.Indicators) != 6 {
				t.Fatalf("%d indicators, want 6", len(f.Indicators))
			}
			for _, m := range tc.merges {
				top := f.Indicators[m[0]-rFirstInd]
				for _, c := range []scoring.Cell{top.Points, top.Score} {
					if c.Merged != "" || strings.TrimSpace(c.Text) == "" {
						t.Errorf("top row %d: %s %q merged %q, want its own value", top.Row, c.Cell, c.Text, c.Merged)
					}
				}
			}
			res := scoring.Evaluate(f, famProfile(t, "mof2020"), scoring.Options{})
			var got []string
			for _, fd := range res.Findings {
				if !strings.Contains(fd.Message, "合并") {
					continue
				}
				merge := fd.Message[strings.Index(fd.Message, "（")+len("（") : strings.Index(fd.Message, "）")]
				got = append(got, fd.Code+" "+fd.Ref.Cell+" "+merge)
				if !strings.HasPrefix(fd.Message, fd.Ref.Cell+"：") {
					t.Errorf("message %q does not start with its cell", fd.Message)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("findings on merged cells = %v, want %v", got, tc.want)
			}
			if tc.want == nil {
				checkNationalForm(t, f, 0, 0, defaultText, nil)
			}
		})
	}
}
