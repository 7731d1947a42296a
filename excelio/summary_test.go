package excelio

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// summaryForm is a form of the batch as the summary needs it; nil amounts stay nil.
func summaryForm(dept, unit, project, initial, budget, executed, claimed, recomputed, grade string, errs int) SummaryForm {
	opt := func(s string) *decimal.Decimal {
		if s == "" {
			return nil
		}
		return dec(s)
	}
	r := &scoring.Result{
		Form: &scoring.Form{
			Sheet:      "Sheet1",
			Project:    scoring.Cell{Text: project},
			Department: scoring.Cell{Text: dept},
			Unit:       scoring.Cell{Text: unit},
		},
		Initial: opt(initial), Budget: opt(budget), Executed: opt(executed),
		ClaimedTotal:    opt(claimed),
		RecomputedTotal: opt(recomputed),
		RecomputedGrade: grade,
		Status:          scoring.StatusPass,
	}
	if r.Budget != nil && r.Executed != nil && !r.Budget.IsZero() {
		rate := r.Executed.Div(*r.Budget)
		r.Rate = &rate
	}
	for i := 0; i < errs; i++ {
		r.Findings = append(r.Findings, scoring.Finding{Code: "F04", Severity: scoring.Error,
			Ref: ref("Sheet1", "H"+string(rune('7'+i))), Message: "执行率得分应为 8.97，表中填写 9"})
		r.Status = scoring.StatusRevise
	}
	r.Findings = append(r.Findings, scoring.Finding{Code: "S06", Severity: scoring.Warning,
		Ref: ref("Sheet1", "C10"), Message: "年度总体目标为空"})
	return SummaryForm{
		Result: r,
		File:   unit + "/" + project + ".xlsx",
		Output: "审核结果/" + unit + "/" + project + "（审核）.xlsx",
	}
}

func sampleSummary() *Summary {
	return &Summary{
		Title: "2021年度项目支出绩效自评汇总表",
		Forms: []SummaryForm{
			summaryForm("219-池州市贵池区棠溪镇人民政府", "棠溪镇财政所", "农村道路养护", "110", "110", "98.69", "99", "88.97", "良", 2),
			summaryForm("中共三门峡市委网信办", "三门峡市互联网舆情研究和应急保障中心", "网络宣传管理和文化建设经费", "", "50.5", "50.5", "100", "100", "优", 0),
			summaryForm("池州市贵池区棠溪镇人民政府", "棠溪镇中心学校", "校舍维修 #2", "20", "0", "3", "", "55", "差", 1),
			summaryForm("池州市贵池区棠溪镇人民政府", "棠溪镇卫生院", "医疗设备购置", "10", "", "", "80", "72.5", "中", 0),
		},
		Failed: []FailedFile{
			{File: "旧表/自评.xls", Code: "B04", Reason: "请另存为 .xlsx 后重新报送"},
			{File: "坏文件.xlsx", Code: "B03", Reason: "文件已损坏，无法读取"},
		},
		Skipped: 3,
	}
}

func TestSummary(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "out", "绩效自评汇总表.xlsx")
	s := sampleSummary()
	if err := WriteSummary(dst, s); err != nil {
		t.Fatal(err)
	}
	f := openRaw(t, dst)

	if got := strings.Join(f.GetSheetList(), ","); got != "汇总表,按主管部门,问题清单,未处理文件,统计图,审核规则说明" {
		t.Fatalf("sheets = %s", got)
	}
	val := func(sheet, cell string) string {
		t.Helper()
		return cellText(t, f, sheet, cell)
	}
	num := func(sheet, cell, want string) {
		t.Helper()
		got := val(sheet, cell)
		if want == "" {
			if got != "" {
				t.Errorf("%s!%s = %q, want empty", sheet, cell, got)
			}
			return
		}
		g, err := decimal.NewFromString(got)
		if err != nil || !g.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s!%s = %q, want %s", sheet, cell, got, want)
		}
	}

	t.Run("title and headers", func(t *testing.T) {
		if v := val("汇总表", "A1"); v != s.Title {
			t.Errorf("title = %q", v)
		}
		headers := map[string][]string{
			"汇总表":   formsHeader,
			"按主管部门": deptsHeader(profileGrades(summaryProfile(s))),
			"问题清单":  findingsHeader,
			"未处理文件": failedHeader,
		}
		for sheet, want := range headers {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(rows[summaryHeaderRow-1], ","); got != strings.Join(want, ",") {
				t.Errorf("%s header = %s", sheet, got)
			}
		}
		if got := strings.Join(formsHeader, ","); got != "序号,主管部门,实施单位,项目名称,年初预算数,全年预算数,全年执行数,执行率,自评得分,复核得分,差异,复核等级,错误数,警告数,状态,文件" {
			t.Errorf("汇总表 header = %s", got)
		}
	})

	t.Run("form rows", func(t *testing.T) {
		tests := []struct {
			cell, want string
			numeric    bool
		}{
			// Grouped by department (中共… before 池州…), then unit: 中心学校, 卫生院, 财政所.
			{"B4", "中共三门峡市委网信办", false},
			{"A5", "中共三门峡市委网信办 小计（1 张表）", false},
			{"B6", "池州市贵池区棠溪镇人民政府", false}, // code prefix removed
			{"C8", "棠溪镇财政所", false},
			{"E8", "110", true},
			{"H8", "0.8972", true}, // 98.69/110, half-up to 4 places
			{"K8", "-10.03", true}, // 复核 − 自评
			{"M8", "2", true},
			{"O8", "需修改", false},
			{"E4", "", true}, // no 年初预算数 written
			{"H6", "", true}, // budget 0: no rate
			{"I6", "", true}, // no claimed total
			{"K6", "", true},
			{"P8", "农村道路养护（审核）.xlsx", false},
			// Too long for the column: cut in the middle, without the （审核）.xlsx of every copy.
			{"P4", "网络宣传管理…化建设经费", false},
			// The department's subtotal: 110 + 0; 98.69 + 3; rate over the form with one; 需修改 1.
			{"A9", "池州市贵池区棠溪镇人民政府 小计（3 张表）", false},
			{"F9", "110", true},
			{"G9", "101.69", true},
			{"H9", "0.8972", true},
			{"O9", "需修改 2", false},
		}
		for _, tt := range tests {
			if tt.numeric {
				num("汇总表", tt.cell, tt.want)
			} else if got := strings.ReplaceAll(val("汇总表", tt.cell), "\n", ""); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.cell, got, tt.want)
			}
		}
	})

	t.Run("total row", func(t *testing.T) {
		row := "10"
		if v := val("汇总表", "A"+row); v != "合计（4 张表）" {
			t.Fatalf("A%s = %q", row, v)
		}
		num("汇总表", "E"+row, "140")    // 110 + 20 + 10
		num("汇总表", "F"+row, "160.5")  // 110 + 50.5 + 0
		num("汇总表", "G"+row, "152.19") // 98.69 + 50.5 + 3
		// Weighted over forms with a rate: (98.69 + 50.5) / (110 + 50.5) = 0.92953…
		num("汇总表", "H"+row, "0.9295")
		num("汇总表", "M"+row, "3")
		for _, col := range []string{"E", "F", "G"} {
			id, _ := f.GetCellStyle("汇总表", col+row)
			if st, _ := f.GetStyle(id); st.NumFmt != fmtAmount {
				t.Errorf("%s%s number format = %d", col, row, st.NumFmt)
			}
		}
		id, _ := f.GetCellStyle("汇总表", "H"+row)
		if st, _ := f.GetStyle(id); st.NumFmt != fmtRate {
			t.Errorf("rate number format = %d", st.NumFmt)
		}
		if formula, _ := f.GetCellFormula("汇总表", "F"+row); formula != "" {
			t.Errorf("total is a formula: %s", formula)
		}
	})

	t.Run("hyperlink", func(t *testing.T) {
		ok, target, err := f.GetCellHyperLink("汇总表", "P8")
		if err != nil || !ok || target != "审核结果/棠溪镇财政所/农村道路养护（审核）.xlsx" {
			t.Errorf("P4 link = %v %q %v", ok, target, err)
		}
		ok, target, _ = f.GetCellHyperLink("汇总表", "P6")
		if !ok || target != "审核结果/棠溪镇中心学校/校舍维修%20%232（审核）.xlsx" {
			t.Errorf("P6 link = %v %q", ok, target)
		}
	})

	t.Run("departments", func(t *testing.T) {
		rows, err := f.GetRows("按主管部门", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, r := range rows[summaryHeaderRow:] {
			if len(r) > 0 {
				got[r[0]] = r
			}
		}
		chizhou := got["池州市贵池区棠溪镇人民政府"]
		if len(chizhou) < 11 {
			t.Fatalf("池州 row = %v (rows %v)", chizhou, rows)
		}
		// 项目数 3; 预算 110+0; 执行 98.69+3; rate over the form with a rate; mean (88.97+55+72.5)/3 = 72.156…
		want := []string{"池州市贵池区棠溪镇人民政府", "3", "110", "101.69", "0.8972", "72.16", "0", "1", "1", "1", "2"}
		for i, w := range want {
			if i == 0 {
				continue
			}
			g, err := decimal.NewFromString(chizhou[i])
			if err != nil || !g.Equal(decimal.RequireFromString(w)) {
				t.Errorf("池州 column %d = %q, want %s", i+1, chizhou[i], w)
			}
		}
		if total := got["合计"]; len(total) < 2 || total[1] != "4" {
			t.Errorf("合计 row = %v", total)
		}
	})

	t.Run("findings and failures", func(t *testing.T) {
		rows, _ := f.GetRows("问题清单")
		if n := len(rows) - summaryHeaderRow; n != 7 {
			t.Errorf("问题清单 has %d rows, want 7", n)
		}
		first := slices.Clone(rows[summaryHeaderRow])
		for i := range first {
			first[i] = strings.ReplaceAll(first[i], "\n", "") // names broken at sensible points
		}
		// Sorted by department, unit and form like 汇总表: 中共… comes first.
		if strings.Join(first, "|") != "1|中共三门峡市委网信办|三门峡市互联网舆情研究和应急保障中心|网络宣传管理和文化建设经费|网络宣传…建设经费|Sheet1|C10|S06|警告|年度总体目标为空" {
			t.Errorf("first finding row = %v", first)
		}
		rows, _ = f.GetRows("未处理文件")
		last := rows[len(rows)-1]
		if len(last) == 0 || last[0] != "已跳过临时/锁定文件 3 个" {
			t.Errorf("last line = %v", last)
		}
		if got := strings.Join(rows[summaryFirstRow-1], "|"); got != "1|旧表/自评.xls|B04|请另存为 .xlsx 后重新报送" {
			t.Errorf("first failure = %s", got)
		}
	})

	for _, sheet := range f.GetSheetList() {
		t.Run("print "+sheet, func(t *testing.T) {
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" ||
				pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("page layout = %+v", pl)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if props.FitToPage == nil || !*props.FitToPage {
				t.Error("fitToPage not set")
			}
			var titles, filter bool
			titleRows := "$1:$3"
			if sheet == sheetCharts {
				titleRows = "$1:$2"
			}
			for _, dn := range f.GetDefinedName() {
				if dn.Scope != sheet {
					continue
				}
				switch dn.Name {
				case "_xlnm.Print_Titles":
					titles = dn.RefersTo == "'"+sheet+"'!"+titleRows
				case "_xlnm._FilterDatabase":
					filter = strings.HasPrefix(dn.RefersTo, "'"+sheet+"'!$A$3:") || strings.HasPrefix(dn.RefersTo, "'"+sheet+"'!A3:")
				}
			}
			if !titles {
				t.Errorf("no print titles %s", titleRows)
			}
			if sheet == sheetCharts {
				return // no header to freeze or filter
			}
			if !filter {
				t.Error("no autofilter on the header row")
			}
			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != summaryHeaderRow || panes.TopLeftCell != "A4" {
				t.Errorf("panes = %+v", panes)
			}
		})
	}

	t.Run("conditional formats", func(t *testing.T) {
		cf, err := f.GetConditionalFormats("汇总表")
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for ref, opts := range cf {
			for _, o := range opts {
				refs = append(refs, ref+"="+o.Value)
			}
		}
		joined := strings.Join(refs, ";")
		for _, want := range []string{`O4:O9="需修改"`, `O4:O9="通过"`, `L4:L9="差"`, `L4:L9="中"`, `L4:L9="优"`} {
			if !strings.Contains(joined, want) {
				t.Errorf("conditional formats %s lack %s", joined, want)
			}
		}
	})

	t.Run("font", func(t *testing.T) {
		if font, _ := f.GetDefaultFont(); font != "宋体" {
			t.Errorf("default font = %q", font)
		}
	})

	t.Run("autofilter in sheet xml", func(t *testing.T) {
		xml := zipPart(t, dst, "xl/worksheets/sheet1.xml")
		// excelize writes the filter range with absolute references.
		if !strings.Contains(xml, `<autoFilter ref="A3:P9"`) && !strings.Contains(xml, `<autoFilter ref="$A$3:$P$9"`) {
			t.Errorf("sheet1.xml has no autoFilter over A3:P9")
		}
	})

	t.Run("charts", func(t *testing.T) {
		rows, err := f.GetRows(sheetCharts, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		head := -1
		for i, r := range rows {
			if len(r) > 0 && r[0] == "复核等级" {
				head = i
			}
		}
		if head < 0 {
			t.Fatalf("统计图 has no data table: %v", rows)
		}
		// 优 1, 良 1, 中 1, 差 1 over the four forms; departments ranked by rate, highest first.
		table := map[string]string{}
		for _, r := range rows[head+1:] {
			if len(r) >= 2 && r[0] != "" {
				table[r[0]] = r[1]
			}
			if len(r) >= 5 && r[3] != "" {
				table[r[3]] = r[4]
			}
		}
		for k, want := range map[string]string{"优": "1", "良": "1", "中": "1", "差": "1", "合计": "4",
			"池州市贵池区棠溪镇人民政府": "0.8972", "中共三门峡市委网信办": "1", "全市": "0.9295"} {
			if table[k] != want {
				t.Errorf("统计图 %s = %q, want %s", k, table[k], want)
			}
		}
		id, _ := f.GetCellStyle(sheetCharts, cellRef(colRate, head+2))
		if st, _ := f.GetStyle(id); st.NumFmt != fmtRate {
			t.Errorf("统计图 rate number format = %d", st.NumFmt)
		}
		grade := zipPart(t, dst, "xl/charts/chart1.xml")
		dept := zipPart(t, dst, "xl/charts/chart2.xml")
		for _, c := range []struct {
			name, xml string
			want      []string
		}{
			// Col is a vertical bar chart, Bar a horizontal one.
			{"grade", grade, []string{`barDir val="col"`, "复核等级分布", `typeface="宋体"`,
				"&#39;统计图&#39;!$A$" + strconv.Itoa(head+2) + ":$A$" + strconv.Itoa(head+5)}},
			{"dept", dept, []string{`barDir val="bar"`, "各主管部门预算执行率", `typeface="宋体"`, `formatCode="0.00%"`,
				"&#39;统计图&#39;!$F$" + strconv.Itoa(head+2) + ":$F$" + strconv.Itoa(head+3)}},
		} {
			for _, w := range c.want {
				if !strings.Contains(c.xml, w) {
					t.Errorf("%s chart lacks %s", c.name, w)
				}
			}
		}
		if len(rows[head+1]) < 4 || rows[head+1][3] != "中共三门峡市委网信办" || rows[head+2][3] != "池州市贵池区棠溪镇人民政府" {
			t.Errorf("统计图 departments not ranked by rate: %v", rows[head+1:head+3])
		}
		if rels := zipPart(t, dst, "xl/worksheets/_rels/sheet5.xml.rels"); !strings.Contains(rels, "drawing1.xml") {
			t.Errorf("统计图 (sheet5) has no drawing: %s", rels)
		}
	})

	t.Run("deterministic", func(t *testing.T) {
		dst2 := filepath.Join(dir, "again.xlsx")
		if err := WriteSummary(dst2, sampleSummary()); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(dst)
		b, _ := os.ReadFile(dst2)
		if !bytes.Equal(a, b) {
			t.Error("two runs gave different bytes")
		}
	})
}

// An unfilled form (S08) has no recomputed total or grade: 汇总表 says 未填写, and it counts in no
// grade and not in the mean score of 按主管部门 or 统计图, though it counts as a form to revise.
func TestSummaryUnfilledForm(t *testing.T) {
	s := sampleSummary()
	unfilled := summaryForm("池州市贵池区棠溪镇人民政府", "棠溪镇文化站", "文化活动经费", "", "8", "8", "", "", "", 1)
	unfilled.Result.Findings[0].Code = "S08"
	s.Forms = append(s.Forms, unfilled)
	dst := filepath.Join(t.TempDir(), "s.xlsx")
	if err := WriteSummary(dst, s); err != nil {
		t.Fatal(err)
	}
	f := openRaw(t, dst)
	rowOf := func(sheet, first string) []string {
		t.Helper()
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if len(r) > 0 && r[0] == first {
				return r
			}
		}
		t.Fatalf("%s has no row %s: %v", sheet, first, rows)
		return nil
	}
	charts, _ := f.GetRows(sheetCharts)
	tests := []struct {
		what      string
		got, want string
	}{
		{"汇总表 复核得分", cellText(t, f, "汇总表", "J8"), "未填写"},
		{"汇总表 差异", cellText(t, f, "汇总表", "K8"), ""},
		{"汇总表 复核等级", cellText(t, f, "汇总表", "L8"), "未填写"},
		{"汇总表 状态", cellText(t, f, "汇总表", "O8"), "需修改"},
		{"汇总表 note", cellText(t, f, "汇总表", "A2"), "共 5 张表：通过 2 张，需修改 3 张（其中 1 张未填写，不评分、不评等级）"},
		// 项目数 4; mean (88.97 + 55 + 72.5) / 3 as before; 优 良 中 差 as before; 需修改 3.
		{"按主管部门 池州", strings.Join(rowOf("按主管部门", "池州市贵池区棠溪镇人民政府")[1:], " "), "4 118 109.69 0.9042 72.16 0 1 1 1 3"},
		{"统计图 合计 (graded forms)", rowOf(sheetCharts, "合计")[1], "4"},
		{"统计图 note", charts[1][0], "共 5 张表（其中 1 张未填写，不评分、不评等级），2 个主管部门；全市预算执行率 93.29%"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.what, tt.got, tt.want)
		}
	}
}

// cellText is the value of sheet!cell as Excel shows it.
func cellText(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSummaryEmpty(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "s.xlsx")
	if err := WriteSummary(dst, &Summary{}); err != nil {
		t.Fatal(err)
	}
	f := openRaw(t, dst)
	if v, _ := f.GetCellValue("汇总表", "A4"); v != "合计（0 张表）" {
		t.Errorf("A4 = %q", v)
	}
	if v, _ := f.GetCellValue("汇总表", "H4"); v != "" {
		t.Errorf("rate of nothing = %q", v)
	}
	// No department: the grade chart alone, over zero counts.
	if got := strings.Join(f.GetSheetList(), ","); !strings.HasSuffix(got, ",统计图,审核规则说明") {
		t.Errorf("sheets = %s", got)
	}
	zipPart(t, dst, "xl/charts/chart1.xml")
}

func TestMiddleEllipsis(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"农村道路养护", 24, "农村道路养护"},
		{"三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表", 24, "三门峡市互…经费_自评表"},
		{"abcdefghijklmnopqrstuvwxyz", 12, "abcde…vwxyz"},
		{"short", 4, "short"}, // too narrow to cut sensibly
	}
	for _, tt := range tests {
		got := middleEllipsis(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("middleEllipsis(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if tt.in != got && textWidth(got) > tt.width {
			t.Errorf("middleEllipsis(%q, %d) is %d wide", tt.in, tt.width, textWidth(got))
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   string
		fmt  int
		want string
	}{
		{"1234567.891", fmtAmount, "1,234,567.89"},
		{"-1234.5", fmtAmount, "-1,234.50"},
		{"999", fmtAmount, "999.00"},
		{"0.8972", fmtRate, "89.72%"},
		{"1.0712", fmtRate, "107.12%"},
		{"88.9", fmtScore, "88.90"},
	}
	for _, tt := range tests {
		if got := formatNumber(decimal.RequireFromString(tt.in), tt.fmt); got != tt.want {
			t.Errorf("formatNumber(%s, %d) = %q, want %q", tt.in, tt.fmt, got, tt.want)
		}
	}
}

func TestDeptName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"219-池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府"},
		{"A01B2-财政局", "财政局"},
		{"12-财政局", "12-财政局"}, // two digits: not a system code
		{"ABC-财政局", "ABC-财政局"},
		{" 中共三门峡市委网信办 ", "中共三门峡市委网信办"},
		{"219-", "219-"},
		{"", "（未填写）"},
	}
	for _, tt := range tests {
		if got := deptName(tt.in); got != tt.want {
			t.Errorf("deptName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}
