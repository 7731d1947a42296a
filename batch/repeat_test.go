package batch

import (
	"cmp"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// B01 says two forms are one project only when they say whose project it is (项目名称 and at least
// one of 实施单位 / 主管部门), and a 项目编码 written on both agrees. Each fake workbook holds one
// form, "主管部门|实施单位|项目名称|年度" (fakeSteps).
func TestB01Matching(t *testing.T) {
	const (
		code1 = "51000021R000000019951-工资性支出"
		code2 = "51000021R000000019952-工资性支出"
	)
	tests := []struct {
		name  string
		forms []string // one file per form: a.xlsx, b.xlsx, …
		want  string   // per file in order, the files its B01 names ("-": no B01)
	}{
		{"all alike", []string{"部门|单位|项目|2022", "部门|单位|项目|2022"}, "b a"},
		{"only the name readable", []string{"||项目|", "||项目|"}, "- -"},
		{"only the name written, blank marks elsewhere", []string{"/|—|项目|", "/|—|项目|"}, "- -"},
		{"no 实施单位, same 主管部门", []string{"部门||项目|2022", "部门||项目|2022"}, "b a"},
		{"no 主管部门, same 实施单位", []string{"|单位|项目|2022", "|单位|项目|2022"}, "b a"},
		{"no year on either", []string{"部门|单位|项目|", "部门|单位|项目|"}, "b a"},
		{"项目编码 differs", []string{"部门|单位|" + code1 + "|2022", "部门|单位|" + code2 + "|2022"}, "- -"},
		{"项目编码 alike, full width", []string{"部门|单位|" + code1 + "|2022", "部门|单位|" + fullWidth(code1) + "|2022"}, "b a"},
		{"项目编码 on one only", []string{"部门|单位|" + code1 + "|2022", "部门|单位|工资性支出|2022"}, "b a"},
		{"two codes and a form without one", []string{"部门|单位|" + code1 + "|2022", "部门|单位|工资性支出|2022", "部门|单位|" + code2 + "|2022"}, "b ac b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := fakeSteps()
			tmp := t.TempDir()
			files := map[string]string{}
			for i, f := range tc.forms {
				// The file name tells the files apart and sets their order; the trailing spaces
				// keep two alike forms from being byte-identical (B02).
				files[string(rune('a'+i))+".xlsx"] = f + strings.Repeat(" ", i)
			}
			writeTree(t, filepath.Join(tmp, "in"), files)
			profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), Config{steps: st, Inbox: filepath.Join(tmp, "in"), Out: filepath.Join(tmp, "out"), Profile: profile})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range docOf(t, rep).Files {
				named := ""
				for _, fd := range f.Forms[0].Findings {
					for i := range tc.forms {
						if other := string(rune('a' + i)); fd.Code == "B01" && strings.Contains(fd.Message, other+".xlsx") {
							named += other
						}
					}
				}
				got = append(got, cmp.Or(named, "-"))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("B01 per file names %s, want %s", strings.Join(got, " "), tc.want)
			}
		})
	}
}

// fullWidth writes the ASCII of s in full width, as some exports do.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}
