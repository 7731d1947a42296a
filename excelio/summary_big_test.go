package excelio

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/internal/soffice"
	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/internal/xlsxdump"
	"github.com/jxzp/jxzp/scoring"
)

var updateBig = flag.Bool("update", false, "rewrite testdata/golden/summary300.txt from this run")

// bigDepts are 30 department names of the lengths a city really has.
var bigDepts = []string{
	"人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "水利局", "民政局", "卫生健康委员会", "教育局",
	"财政局", "农业农村局", "自然资源和规划局", "生态环境局", "应急管理局", "文化广电旅游体育局", "公安局",
	"司法局", "市场监督管理局", "统计局", "审计局", "商务局", "科学技术局", "退役军人事务局", "林业局",
	"城市管理综合行政执法局", "医疗保障局", "残疾人联合会", "妇女联合会", "共青团市委", "机关事务管理局",
	"数据资源管理局", "乡村振兴局",
}

// bigSummary is a generated batch of 300 forms in 30 departments, in path order that interleaves
// the departments as an inbox sorted by file name does.
func bigSummary() *Summary {
	counts := make([]int, len(bigDepts)) // 3 … 17 forms, 300 in all
	for i := range counts {
		counts[i] = 3 + (i*7)%15
	}
	s := &Summary{Title: "2023年度项目支出绩效自评审核汇总表", Bureau: "临江市财政局", Date: "2024年3月15日"}
	for n := 0; len(s.Forms) < 300; n++ {
		d := n % len(bigDepts)
		k := n / len(bigDepts)
		if k >= counts[d] {
			continue
		}
		s.Forms = append(s.Forms, bigForm(d, k))
	}
	s.Failed = []FailedFile{{File: "旧表/交通局.xls", Code: "B04", Reason: "请另存为 .xlsx 后重新报送"}}
	return s
}

// bigForm is form k of department d: amounts, scores and findings vary with d and k.
func bigForm(d, k int) SummaryForm {
	dept := "临江市" + bigDepts[d]
	unit := fmt.Sprintf("临江市%s%s", strings.TrimSuffix(strings.TrimSuffix(bigDepts[d], "局"), "委员会"), []string{"服务中心", "综合执法大队", "事务中心", "信息中心"}[k%4])
	project := fmt.Sprintf("%s专项经费（XM%02d%02d）", []string{"业务运行", "基础设施维护", "信息化建设", "人才培训补助", "专项督查"}[k%5], d, k)
	budget := decimal.NewFromInt(int64(50 + 13*d + 7*k))
	executed := budget.Mul(decimal.NewFromInt(int64(60 + (d*3+k*5)%41))).Div(decimal.NewFromInt(100))
	rate := executed.Div(budget)
	recomputed := decimal.NewFromInt(int64(58 + (d*5+k*3)%42)).Add(rate.Round(2))
	claimed := recomputed.Round(0)
	p, _ := scoring.BuiltinProfile("mof2020")
	r := &scoring.Result{
		Form: &scoring.Form{Sheet: "Sheet1", Project: scoring.Cell{Text: project},
			Department: scoring.Cell{Text: dept}, Unit: scoring.Cell{Text: unit}},
		Initial: &budget, Budget: &budget, Executed: &executed, Rate: &rate,
		ClaimedTotal: &claimed, RecomputedTotal: &recomputed, RecomputedGrade: p.GradeOf(recomputed),
		Status: scoring.StatusPass,
	}
	if !claimed.Equal(recomputed) {
		r.Findings = append(r.Findings,
			scoring.Finding{Code: "F04", Severity: scoring.Error, Ref: ref("Sheet1", "H7"), Message: "H7：执行率得分应为复核值"},
			scoring.Finding{Code: "T03", Severity: scoring.Error, Ref: ref("Sheet1", "H31"),
				Message: fmt.Sprintf("H31：复核得分 %s，自评 %s；差异来自本表另外 1 条问题（F04），改正后总分随之改正", recomputed, claimed)})
		r.Status = scoring.StatusRevise
	}
	if k%6 == 0 {
		r.Findings = append(r.Findings, scoring.Finding{Code: "W02", Severity: scoring.Warning, Ref: ref("Sheet1", "B15"), Message: "B15：产出指标分值与标准分值不符"})
	}
	return SummaryForm{Result: r, File: fmt.Sprintf("%02d-%s.xlsx", k, project), Output: "审核结果/" + unit + "/" + project + "（审核）.xlsx"}
}

// TestBigSummaryGolden writes the 300-form summary and compares its dump with the golden file:
// grouping, subtotals, the rules sheet and the issue list's columns show in one reviewable text.
func TestBigSummaryGolden(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "summary.xlsx")
	if err := WriteSummary(dst, bigSummary()); err != nil {
		t.Fatal(err)
	}
	got, err := xlsxdump.DumpFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "summary300.txt")
	if *updateBig {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run go test ./excelio -run BigSummary -update", err)
	}
	if got != string(want) {
		t.Errorf("the 300-form summary differs from %s; run with -update and review git diff", golden)
	}
	f := openRaw(t, dst)
	rows, _ := f.GetRows(sheetForms)
	subtotals := 0
	for _, r := range rows {
		if len(r) > 0 && strings.Contains(r[0], " 小计（") {
			subtotals++
		}
	}
	if subtotals != len(bigDepts) {
		t.Errorf("%d subtotal rows, want %d", subtotals, len(bigDepts))
	}
	if last := rows[len(rows)-1]; len(last) == 0 || last[0] != "合计（300 张表）" {
		t.Errorf("last row = %v", last)
	}
	if !strings.Contains(rows[1][0], "制表单位：临江市财政局　制表日期：2024年3月15日") {
		t.Errorf("note line = %q", rows[1][0])
	}
	rules, _ := f.GetRows(sheetRules)
	var codes []string
	for _, r := range rules[summaryHeaderRow:] {
		if len(r) > 2 && len(r[0]) == 3 {
			codes = append(codes, r[0])
		}
	}
	if strings.Join(codes, ",") != "F04,W02,T03,B04" {
		t.Errorf("审核规则说明 lists %v", codes)
	}
}

// TestBigSummaryPDF prints the 300-form summary with LibreOffice and checks that no department
// of 汇总表 (each fits on a page) is split across two pages.
//
// One LibreOffice conversion of the 300-form summary: about 10 s on an idle 2-core machine.
// JXZP_PDF_OUT=FILE keeps the PDF (docs/summary-300.png is its first page, see README).
func TestBigSummaryPDF(t *testing.T) {
	exe, err := soffice.Find()
	if err != nil {
		strictcheck.Notice(t, "SKIP TestBigSummaryPDF: LibreOffice (soffice) is not on the PATH: the summary's pages were not checked")
		t.Skip("no soffice")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		strictcheck.Notice(t, "SKIP TestBigSummaryPDF: pdftotext (poppler-utils) is not installed: the summary's pages were not checked")
		t.Skip("no pdftotext")
	}
	work := t.TempDir()
	src := filepath.Join(work, "summary.xlsx")
	if err := WriteSummary(src, bigSummary()); err != nil {
		t.Fatal(err)
	}
	cmd := soffice.Command(t.Context(), exe, filepath.Join(work, "home"), "--convert-to", "pdf", "--outdir", work, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(work, "summary.pdf")
	if keep := os.Getenv("JXZP_PDF_OUT"); keep != "" {
		// The PDF kept for a look, or for the page of it in docs/ (README says how).
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(keep, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pageOf := map[int]map[int]bool{} // department → pages of 汇总表 holding its projects
	for p, page := range bytes.Split(text, []byte("\f")) {
		if bytes.Contains(page, []byte("（按主管部门）")) {
			break // 汇总表 ends where the next sheet starts
		}
		for d := range bigDepts {
			if bytes.Contains(page, []byte(fmt.Sprintf("XM%02d", d))) {
				if pageOf[d] == nil {
					pageOf[d] = map[int]bool{}
				}
				pageOf[d][p+1] = true
			}
		}
	}
	for d, name := range bigDepts {
		if len(pageOf[d]) != 1 {
			t.Errorf("临江市%s prints on pages %v, want one page", name, pageOf[d])
		}
	}
}
