package excelio

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// withGrades is mof2020 with its grade bands replaced, as a bureau's own profile would have them.
func withGrades(t *testing.T, names []string, mins []int64) *scoring.Profile {
	t.Helper()
	p, err := scoring.BuiltinProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	p.Grades = nil
	for i, n := range names {
		p.Grades = append(p.Grades, scoring.GradeBand{Grade: n, Min: decimal.NewFromInt(mins[i])})
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	return p
}

// A custom profile's grades are the columns of 按主管部门, the categories of 统计图 and the colours
// of 汇总表, in the profile's order, best first; none of 优/良/中/差 is left behind.
func TestSummaryCustomGrades(t *testing.T) {
	tests := []struct {
		name   string
		grades []string
		mins   []int64
		forms  []string // each form's recomputed grade; all in one department
		counts []string // per grade, as 按主管部门 and 统计图 count them
		fills  map[string]string
	}{
		{"three bands", []string{"好", "一般", "较差"}, []int64{85, 60, 0},
			[]string{"好", "较差", "好", "一般"}, []string{"2", "1", "1"},
			map[string]string{"好": outGoodFill, "一般": outWarnFill, "较差": outErrorFill}},
		{"four bands", []string{"好", "较好", "一般", "较差"}, []int64{90, 80, 60, 0},
			[]string{"较好", "较差", "较差", "一般"}, []string{"0", "1", "1", "2"},
			map[string]string{"好": outGoodFill, "一般": outWarnFill, "较差": outErrorFill}},
		{"five bands", []string{"优秀", "良好", "合格", "基本合格", "不合格"}, []int64{90, 80, 70, 60, 0},
			[]string{"不合格", "优秀", "基本合格", "优秀"}, []string{"2", "0", "0", "1", "1"},
			map[string]string{"优秀": outGoodFill, "基本合格": outWarnFill, "不合格": outErrorFill}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Summary{Title: "汇总", Profile: withGrades(t, tt.grades, tt.mins)}
			for i, g := range tt.forms {
				s.Forms = append(s.Forms, summaryForm("市教育局", "单位"+strconv.Itoa(i), "项目", "10", "10", "9", "90", "90", g, 0))
			}
			dst := filepath.Join(t.TempDir(), "s.xlsx")
			if err := WriteSummary(dst, s); err != nil {
				t.Fatal(err)
			}
			f := openRaw(t, dst)
			rows, err := f.GetRows(sheetDepts, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			n := len(tt.grades)
			wantHead := append(append([]string{"主管部门", "项目数", "全年预算数", "全年执行数", "执行率", "平均复核得分"}, tt.grades...), "需修改项目数")
			if got := rows[summaryHeaderRow-1]; !slices.Equal(got, wantHead) {
				t.Errorf("按主管部门 header = %v, want %v", got, wantHead)
			}
			for _, r := range rows[summaryFirstRow-1 : summaryFirstRow+1] { // the department, then 合计
				if got := r[6 : 6+n]; !slices.Equal(got, tt.counts) {
					t.Errorf("按主管部门 %s counts = %v, want %v", r[0], got, tt.counts)
				}
			}

			charts, err := f.GetRows(sheetCharts, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			head := slices.IndexFunc(charts, func(r []string) bool { return len(r) > 0 && r[0] == "复核等级" })
			if head < 0 {
				t.Fatal("统计图 has no grade table")
			}
			for i, g := range tt.grades {
				if r := charts[head+1+i]; r[0] != g || r[1] != tt.counts[i] {
					t.Errorf("统计图 row %d = %v, want %s %s", i, r[:2], g, tt.counts[i])
				}
			}
			cats := "&#39;统计图&#39;!$A$" + strconv.Itoa(head+2) + ":$A$" + strconv.Itoa(head+1+n)
			if xml := zipPart(t, dst, "xl/charts/chart1.xml"); !strings.Contains(xml, cats) {
				t.Errorf("grade chart's categories are not %s", cats)
			}

			cf, err := f.GetConditionalFormats(sheetForms)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for ref, opts := range cf {
				if !strings.HasPrefix(ref, "L") {
					continue
				}
				for _, o := range opts {
					st, err := f.GetConditionalStyle(*o.Format)
					if err != nil {
						t.Fatal(err)
					}
					got[strings.Trim(o.Value, `"`)] = st.Fill.Color[0]
				}
			}
			if len(got) != len(tt.fills) {
				t.Errorf("复核等级 colours = %v, want %v", got, tt.fills)
			}
			for g, fill := range tt.fills {
				if !strings.EqualFold(got[g], fill) {
					t.Errorf("复核等级 %s fill = %q, want %s", g, got[g], fill)
				}
			}
		})
	}
}
