package excelio

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	sofficecmd "github.com/jxzp/jxzp/internal/soffice"

	"github.com/jxzp/jxzp/scoring"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Layout families 2–6 of shared/domain/form.md, each built with excelize in t.TempDir() and read
// clean and with the noise form.md lists: the form starting at row 5 column C under note rows,
// line breaks and full-width brackets in labels, numbers stored as text, a hidden row and a blank
// spacer row in the indicator table, and all of these at once. The 一级 and 二级 cells are merged
// down over their rows in every variant. Each form read is also scored (scoring.Evaluate) under
// the profiles its family is scored with; a clean form of any family gives no 错误 finding.
//
// The layout helpers (layout, placed, sheetSpec, writeBook, readN, at, checkCell, checkHidden)
// are those of locate_test.go, which covers family 1.
//
// Real workbooks of these families, written by LibreOffice and by openpyxl, are the copies of
// shared/fixtures/inbox under testdata/read (zhongjiang_family2.xlsx, daoyun_family3_split.xlsx,
// tiyu_family4.xlsx, laojiu_libreoffice.xlsx; see testdata/read/README.md and read_test.go).
// testdata/families holds workbooks built here and re-saved by LibreOffice
// (TestFamiliesLibreOfficeWorkbooks; regenerate with go test ./excelio -run
// TestFamiliesLibreOfficeWorkbooks -regen-families, which needs soffice).

var regenFamilies = flag.Bool("regen-families", false,
	"rebuild testdata/families/*.xlsx by re-saving the excelize-built workbooks with LibreOffice (needs soffice)")

// famCell is a located part the test expects: its row and column relative to the form's
// top-left (0-based) and its text; c < 0 means the part is not on the form (no cell).
type famCell struct {
	r, c int
	text string
}

func (w famCell) ref(row0, col0 int) string {
	if w.c < 0 {
		return ""
	}
	return at(row0, col0, w.r, w.c)
}

type famIndicator struct {
	name, target, actual, points, score famCell
}

// famWant is what the reader must find on one form.
type famWant struct {
	family    int // 0: not checked here (see TestFamily6SystemExportRecognised)
	hasPoints bool
	year      int

	project, dept, unit famCell
	budget, executed    famCell
	rate, execScore     famCell
	indicators          []famIndicator
	totalScore          famCell
}

// cells lists every expected cell, so that inserting rows can move them.
func (w *famWant) cells() []*famCell {
	cs := []*famCell{&w.project, &w.dept, &w.unit, &w.budget, &w.executed, &w.rate, &w.execScore, &w.totalScore}
	for i := range w.indicators {
		in := &w.indicators[i]
		cs = append(cs, &in.name, &in.target, &in.actual, &in.points, &in.score)
	}
	return cs
}

// famEval is the expected judgement of a form under one profile.
type famEval struct {
	profile                           string
	execPoints, execRecomputed, total string
	codes                             string // every finding's code, sorted, space-separated
}

type famEdit struct {
	r, c  int
	label string
}

// famForm is one form of a family: its cells, what the reader must find, and the noise that
// fits its shape.
type famForm struct {
	l      *layout
	w      *famWant
	evals  []famEval
	clean  bool      // no 错误 finding under any of evals
	labels []famEdit // line breaks and full-width brackets in this family's labels
	hide   int       // an indicator row to hide
	spacer int       // a row of the indicator table before which a blank row is inserted
}

// famCols are the columns of an indicator table (-1: the form has no such column).
type famCols struct {
	l1, l2, name, nature, target, unit, actual, points, method, score, reason int
}

// famRow is one 三级指标 row. joined is the target as the reader must give it when it differs
// from the 指标值 cell (split target, family 3).
type famRow struct {
	l1, l2, name         string
	nature, unit, method string
	target, actual       any
	points, score        any
	reason, joined       string
}

// textOf prints a value as the reader gives it back: numbers as Excel shows them.
func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	panic(fmt.Sprintf("textOf(%T)", v))
}

// table writes the indicator rows from row first, merges the 一级 and 二级 labels down over
// their rows, and records every row in the want.
func (ff *famForm) table(first int, cols famCols, rows []famRow) {
	l := ff.l
	put := func(r, c int, v any) {
		if c >= 0 && v != nil && v != "" {
			l.set(r, c, v)
		}
	}
	l1Start, l2Start := first, first
	closeRun := func(start, end, c int) {
		if end > start {
			l.merge(start, c, end, c)
		}
	}
	for i, row := range rows {
		r := first + i
		if i > 0 && row.l1 != "" {
			closeRun(l1Start, r-1, cols.l1)
			l1Start = r
		}
		if i > 0 && (row.l2 != "" || row.l1 != "") {
			closeRun(l2Start, r-1, cols.l2)
			l2Start = r
		}
		put(r, cols.l1, row.l1)
		put(r, cols.l2, row.l2)
		put(r, cols.name, row.name)
		put(r, cols.nature, row.nature)
		put(r, cols.target, row.target)
		put(r, cols.unit, row.unit)
		put(r, cols.actual, row.actual)
		put(r, cols.points, row.points)
		put(r, cols.method, row.method)
		put(r, cols.score, row.score)
		put(r, cols.reason, row.reason)
		target := textOf(row.target)
		if row.joined != "" {
			target = row.joined
		}
		points := famCell{r, cols.points, textOf(row.points)}
		if cols.points < 0 {
			points = famCell{c: -1}
		}
		ff.w.indicators = append(ff.w.indicators, famIndicator{
			name:   famCell{r, cols.name, row.name},
			target: famCell{r, cols.target, target},
			actual: famCell{r, cols.actual, textOf(row.actual)},
			points: points,
			score:  famCell{r, cols.score, textOf(row.score)},
		})
	}
	last := first + len(rows) - 1
	closeRun(l1Start, last, cols.l1)
	closeRun(l2Start, last, cols.l2)
}

// header writes the title, the year row (when year is not in the title) and the 项目名称 row,
// all merged over the form's width.
func (ff *famForm) header(width int, title, year, projectLabel, project string) int {
	l := ff.l
	r := 0
	l.set(r, 0, title)
	l.merge(r, 0, r, width-1)
	r++
	if year != "" {
		l.set(r, 0, year)
		l.merge(r, 0, r, width-1)
		r++
	}
	l.set(r, 0, projectLabel, project)
	l.merge(r, 1, r, width-1)
	ff.w.project = famCell{r, 1, project}
	return r + 1
}

// goals writes 年度总体目标 over two rows: its headings at row r, the texts under them.
func (ff *famForm) goals(r, width, split int, label, targetHead, actualHead string) {
	l := ff.l
	l.set(r, 0, label)
	l.merge(r, 0, r+1, 0)
	l.set(r, 1, targetHead)
	l.set(r, split, actualHead)
	l.set(r+1, 1, "按计划完成年度建设任务，确保资金使用规范、项目效益充分发挥。")
	l.set(r+1, split, "已按计划完成年度各项任务，资金使用规范，项目效益逐步显现。")
	for _, rr := range []int{r, r + 1} {
		l.merge(rr, 1, rr, split-1)
		l.merge(rr, split, rr, width-1)
	}
}

// --- the families ----------------------------------------------------------------------------

var (
	sichuanText = formText{"（2022年度）", "中江县2022年产业路建设项目", "中江县农业农村局", "中江县乡村振兴服务中心"}
	daoyunText  = formText{"(2022年度)", "51499122R116820179982-农村公路养护工程", "临江市交通运输局", "临江市道路运输服务中心"}
	daoyun2Text = formText{"(2022年度)", "51499122R116820179983-农村客运站运营补贴", "临江市交通运输局", "临江市农村客运站"}
	yunnanText  = formText{"2022年度", "全民健身设施建设", "临江市体育局", "临江市体育运动学校"}
	beijingText = formText{"（2020年度）", "基层干部业务培训经费", "北京市西城区人力资源和社会保障局", "北京市西城区职业技能培训中心"}
	henanText   = formText{"（2024年度）", "51000021R000000019951-工资性支出", "219-池州市贵池区棠溪镇人民政府", "219001-池州市贵池区棠溪镇人民政府本级"}
)

// family2 is a 四川 衔接资金 form (columns A–I): no 年初预算数; the indicator columns are
// 一级 / 二级 / 三级 / 分值 / 年度指标值 / 全年实际值 / 得分 / 未完成原因及拟采取的改进措施.
//
//	 0 绩效目标自评表, 1 （2022年度）, 2 项目名称, 3 主管部门 | 实施单位
//	 4 资金情况（万元）(A5:A8) | | | | 全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分
//	 5   年度资金总额 | 50 | 46 | 10 | 92.00% | 9.2;  6 其中：财政资金;  7 其他资金
//	 8 年度总体目标 | 年初设定目标 | 年度总体目标完成情况综述;  9 texts
//	10 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因…
//	11–18 eight indicators (产出指标（50分） B12:B16, 数量指标 C12:C13)
//	19 总分 | 100 | 98.64
func family2(tx formText) *famForm {
	ff := &famForm{l: newLayout(), w: &famWant{family: 2, hasPoints: true, year: 2022}}
	l := ff.l
	r := ff.header(9, "绩效目标自评表", tx.year, "项目名称", tx.project)
	l.set(r, 0, "主管部门", tx.dept, nil, nil, nil, "实施单位", tx.unit)
	l.merge(r, 1, r, 4)
	l.merge(r, 6, r, 8)
	ff.w.dept, ff.w.unit = famCell{r, 1, tx.dept}, famCell{r, 6, tx.unit}

	l.set(4, 0, "资金情况（万元）", nil, nil, nil, "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
	l.merge(4, 0, 7, 0)
	l.set(5, 1, "年度资金总额", nil, nil, 50, 46, 10, "92.00%", 9.2)
	l.set(6, 1, "其中：财政资金", nil, nil, 50, 46, "—", "—", "—")
	l.set(7, 1, "其他资金", nil, nil, "—", "—", "—", "—", "—")
	for r := 4; r <= 7; r++ {
		l.merge(r, 1, r, 3)
	}
	ff.w.budget, ff.w.executed = famCell{5, 4, "50"}, famCell{5, 5, "46"}
	ff.w.rate, ff.w.execScore = famCell{5, 7, "92.00%"}, famCell{5, 8, "9.2"}

	ff.goals(8, 9, 5, "年度总体目标", "年初设定目标", "年度总体目标完成情况综述")

	l.set(10, 0, "绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施")
	l.merge(10, 0, 18, 0)
	ff.table(11, famCols{l1: 1, l2: 2, name: 3, nature: -1, target: 5, unit: -1, actual: 6, points: 4, method: -1, score: 7, reason: 8}, []famRow{
		{l1: "产出指标（50分）", l2: "数量指标", name: "新建产业路", target: "≥12公里", actual: "12.5公里", points: 15, score: 15},
		{name: "受益农户数", target: "≥300户", actual: "320户", points: 10, score: 10},
		{l2: "质量指标", name: "工程验收合格率", target: "100%", actual: "100%", points: 10, score: 10},
		{l2: "时效指标", name: "按期完工率", target: "≥90%", actual: "85%", points: 10, score: 9.44, reason: "受雨季影响部分路段延期完工，已督促施工单位加快进度。"},
		{l2: "成本指标", name: "项目计划总投资", target: "≤50万元", actual: "46万元", points: 5, score: 5},
		{l1: "效益指标（30分）", l2: "社会效益指标", name: "带动脱贫人口增收", target: "≥1000人", actual: "1050人", points: 15, score: 15},
		{l2: "可持续影响指标", name: "设施持续使用年限", target: "≥10年", actual: "10年", points: 15, score: 15},
		{l1: "满意度指标（10分）", l2: "服务对象满意度指标", name: "受益群众满意度", target: "≥95%", actual: "96%", points: 10, score: 10},
	})
	l.set(19, 0, "总分", nil, nil, nil, 100, nil, nil, 98.64)
	l.merge(19, 0, 19, 3)
	ff.w.totalScore = famCell{19, 7, "98.64"}

	ff.evals = []famEval{
		{profile: "mof2020", execPoints: "10", execRecomputed: "9.2", total: "98.64"},
		{profile: "sichuan", execPoints: "10", execRecomputed: "9.2", total: "98.64"},
	}
	ff.clean = true
	ff.labels = []famEdit{
		{2, 0, "项目\n名称："}, {3, 0, "主管部门："}, {3, 5, "实施\n单位："},
		{4, 0, "资金情况\n（万元）"}, {4, 4, "全年预算数\n（A）"}, {4, 5, "全年执行数\n（B）"}, {4, 7, "执行率\n（B/A）"},
		{8, 1, "年初设定\n目标"},
		{10, 0, "绩效\n指标"}, {10, 1, "一级\n指标"}, {10, 5, "年度\n指标值"}, {10, 8, "未完成原因及\n拟采取的改进措施"},
		{11, 1, "产出指标\n（50分）"}, {19, 0, "总  分"},
	}
	ff.hide, ff.spacer = 12, 16
	return ff
}

// family3 is a 四川 部门预算 form (columns A–K) with the target split over 指标性质 / 指标值 /
// 度量单位, a funds block titled 预算执行情况(10分) with 年初预算 / 调整后预算数 / 预算执行数 /
// 预算执行率 / 权重 / 得分 / 原因, and an indicator block titled 绩效指标(90分).
//
//	 0 部门预算项目支出绩效自评表, 1 (2022年度), 2 项目名称, 3 主管部门 | 实施单位（盖章）
//	 4 项目基本情况 | 项目年度目标 | 年度目标完成情况;  5 texts
//	 6 预算执行情况(10分) (A7:A10) | | | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因
//	 7   总额 | 200 | 200 | 186 | 93.00% | 10 | 9.3;  8 其中：财政资金;  9 其他资金
//	10 绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
//	11–17 seven indicators (产出指标 B12:B15)
//	18 合计 | 100 | 97.89
func family3(tx formText) *famForm {
	ff := &famForm{l: newLayout(), w: &famWant{family: 3, hasPoints: true, year: 2022}}
	l := ff.l
	r := ff.header(11, "部门预算项目支出绩效自评表", tx.year, "项目名称", tx.project)
	l.set(r, 0, "主管部门", tx.dept, nil, nil, nil, nil, "实施单位（盖章）", nil, tx.unit)
	l.merge(r, 1, r, 5)
	l.merge(r, 6, r, 7)
	l.merge(r, 8, r, 10)
	ff.w.dept, ff.w.unit = famCell{r, 1, tx.dept}, famCell{r, 8, tx.unit}

	ff.goals(4, 11, 6, "项目基本情况", "项目年度目标", "年度目标完成情况")

	l.set(6, 0, "预算执行情况(10分)", nil, nil, "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因")
	l.merge(6, 0, 9, 0)
	l.set(7, 1, "总额", nil, 200, 200, 186, "93.00%", 10, 9.3)
	l.set(8, 1, "其中：财政资金", nil, 200, 200, 186, "—", "—", "—")
	l.set(9, 1, "其他资金", nil, 0, 0, 0, "—", "—", "—")
	for r := 6; r <= 9; r++ {
		l.merge(r, 1, r, 2)
		l.merge(r, 9, r, 10)
	}
	ff.w.budget, ff.w.executed = famCell{7, 4, "200"}, famCell{7, 5, "186"}
	ff.w.rate, ff.w.execScore = famCell{7, 6, "93.00%"}, famCell{7, 8, "9.3"}

	l.set(10, 0, "绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析")
	l.merge(10, 0, 17, 0)
	ff.table(11, famCols{l1: 1, l2: 2, name: 3, nature: 4, target: 5, unit: 6, actual: 7, points: 8, method: -1, score: 9, reason: 10}, []famRow{
		{l1: "产出指标", l2: "数量指标", name: "维修道路里程", nature: "≥", target: 120, unit: "公里", actual: 126, points: 20, score: 20, joined: "≥120公里"},
		{l2: "质量指标", name: "设备完好率", nature: "≥", target: 95, unit: "%", actual: 96.5, points: 10, score: 10, joined: "≥95%"},
		{l2: "时效指标", name: "任务完成及时率", nature: "≥", target: 100, unit: "%", actual: 95, points: 10, score: 9.5, joined: "≥100%",
			reason: "部分路段因汛期延后养护，已调整养护计划。"},
		{l2: "成本指标", name: "单位养护成本", nature: "≤", target: 0.5, unit: "万元", actual: 0.55, points: 10, score: 9.09, joined: "≤0.5万元",
			reason: "材料价格上涨，单位成本超出预期，将优化采购方式。"},
		{l1: "效益指标", l2: "社会效益指标", name: "群众出行条件改善", nature: "定性", target: "显著改善", actual: "达成预期", points: 15, score: 15},
		{l2: "可持续影响指标", name: "设施持续使用年限", nature: "≥", target: 10, unit: "年", actual: 10, points: 15, score: 15, joined: "≥10年"},
		{l1: "满意度指标", l2: "服务对象满意度指标", name: "群众满意度", nature: "≥", target: 95, unit: "%", actual: 97, points: 10, score: 10, joined: "≥95%"},
	})
	l.set(18, 0, "合计", nil, nil, nil, nil, nil, nil, nil, 100, 97.89)
	l.merge(18, 0, 18, 3)
	ff.w.totalScore = famCell{18, 9, "97.89"}

	ff.evals = []famEval{
		{profile: "sichuan", execPoints: "10", execRecomputed: "9.3", total: "97.89"},
		{profile: "mof2020", execPoints: "10", execRecomputed: "9.3", total: "97.89"},
	}
	ff.clean = true
	ff.labels = []famEdit{
		{3, 0, "主管\n部门"}, {3, 6, "实施单位(盖章)"}, {4, 0, "项目基\n本情况"},
		{6, 0, "预算执行情况（10分）"}, {6, 3, "年初\n预算"}, {6, 4, "调整后\n预算数"}, {6, 6, "预算执\n行率"},
		{10, 0, "绩效指标（90分）"}, {10, 2, "二级\n指标"}, {10, 3, "三级\n指标"}, {10, 4, "指标\n性质"}, {10, 6, "度量\n单位"},
		{10, 10, "未完成原因\n分析"},
	}
	ff.hide, ff.spacer = 14, 13 // the spacer goes inside the 产出指标 merge
	return ff
}

// family4 is a 云南 county form (columns A–G) with no points column: the execution points are
// in the block label 预算执行情况（万元）（20分） and the score header 得分（20分*执行率）, and
// each level-1 label carries its block's points.
//
//	 0 2022年度项目支出绩效自评表, 1 项目名称, 2 主管部门 | 实施单位
//	 3 预算执行情况（万元）（20分）(A:C) | 预算数（A） | 执行数（B） | 执行率（B/A） | 得分（20分*执行率）
//	 4   年度财政资金总额 | 500 | 475 | 95.00% | 19
//	 5 年度总体目标 | 预期目标 | 实际完成情况;  6 texts
//	 7 年度绩效目标（80分） | 一级指标 | 二级指标 | 三级指标 | 年初目标值（A） | 实际完成值（B） | 得分
//	 8–14 seven indicators (产出指标（40分） B9:B12)
//	15 总分 | 99
func family4(tx formText) *famForm {
	ff := &famForm{l: newLayout(), w: &famWant{family: 4, hasPoints: false, year: 2022}}
	l := ff.l
	r := ff.header(7, tx.year+"项目支出绩效自评表", "", "项目名称", tx.project)
	l.set(r, 0, "主管部门", tx.dept, nil, "实施单位", tx.unit)
	l.merge(r, 1, r, 2)
	l.merge(r, 4, r, 6)
	ff.w.dept, ff.w.unit = famCell{r, 1, tx.dept}, famCell{r, 4, tx.unit}

	l.set(3, 0, "预算执行情况（万元）（20分）", nil, nil, "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）")
	l.merge(3, 0, 3, 2)
	l.set(4, 1, "年度财政资金总额", nil, 500, 475, "95.00%", 19)
	l.merge(4, 1, 4, 2)
	ff.w.budget, ff.w.executed = famCell{4, 3, "500"}, famCell{4, 4, "475"}
	ff.w.rate, ff.w.execScore = famCell{4, 5, "95.00%"}, famCell{4, 6, "19"}

	ff.goals(5, 7, 4, "年度总体目标", "预期目标", "实际完成情况")

	l.set(7, 0, "年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分")
	l.merge(7, 0, 14, 0)
	ff.table(8, famCols{l1: 1, l2: 2, name: 3, nature: -1, target: 4, unit: -1, actual: 5, points: -1, method: -1, score: 6, reason: -1}, []famRow{
		{l1: "产出指标（40分）", l2: "数量指标", name: "培训人次", target: "≥500人次", actual: "520人次", score: 15},
		{name: "新建场地数", target: "≥3个", actual: "3个", score: 10},
		{l2: "质量指标", name: "验收合格率", target: "100%", actual: "100%", score: 10},
		{l2: "时效指标", name: "按期完工率", target: "≥95%", actual: "100%", score: 5},
		{l1: "效益指标（30分）", l2: "社会效益指标", name: "群众健身参与率", target: "≥60%", actual: "65%", score: 15},
		{l2: "可持续影响指标", name: "设施使用年限", target: "≥10年", actual: "10年", score: 15},
		{l1: "满意度指标（10分）", l2: "服务对象满意度指标", name: "受益群众满意度", target: "≥90%", actual: "93%", score: 10},
	})
	l.set(15, 0, "总分", nil, nil, nil, nil, nil, 99)
	l.merge(15, 0, 15, 5)
	ff.w.totalScore = famCell{15, 6, "99"}

	ff.evals = []famEval{
		{profile: "yunnan", execPoints: "20", execRecomputed: "19", total: "99"},
		// mof2020's 10 points are not used: the form writes 20 (W02), and its 产出 block is 40,
		// not the standard 50 (W02); both are warnings.
		{profile: "mof2020", execPoints: "20", execRecomputed: "19", total: "99", codes: "W02 W02"},
	}
	ff.clean = true
	ff.labels = []famEdit{
		{1, 0, "项目\n名称"}, {2, 3, "实施单位："},
		{3, 0, "预算执行情况\n（万元）(20分)"}, {3, 3, "预算数\n(A)"}, {3, 4, "执行数\n（B）"}, {3, 6, "得分\n（20分*执行率）"},
		{7, 0, "年度绩效目标\n(80分)"}, {7, 4, "年初目标值\n（A）"}, {7, 5, "实际完成值\n（B）"},
		{8, 1, "产出指标\n（40分）"}, {12, 1, "效益指标(30分)"},
	}
	ff.hide, ff.spacer = 11, 9 // the spacer goes inside the 产出指标 and 数量指标 merges
	return ff
}

// family5 is an older 北京 form (columns A–J): the national template with a 得分计算方法 column
// between the values (and points) and the score; its text is not read.
//
//	 0 项目支出绩效自评表, 1 （2020年度）, 2 项目名称, 3 主管部门 | 实施单位
//	 4 项目资金（万元）(A5:A8) | | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
//	 5   年度资金总额 | 300 | 300 | 270 | 10 | 90.00% | 9;  6 其中：当年财政拨款;  7 其他资金
//	 8 年度总体目标 | 预期目标 | 实际完成情况;  9 texts
//	10 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分计算方法 | 得分 | 偏差原因分析及改进措施
//	11–17 seven indicators
//	18 总分 | 100 | 93
func family5(tx formText) *famForm {
	ff := &famForm{l: newLayout(), w: &famWant{family: 5, hasPoints: true, year: 2020}}
	l := ff.l
	r := ff.header(10, "项目支出绩效自评表", tx.year, "项目名称", tx.project)
	l.set(r, 0, "主管部门", tx.dept, nil, nil, nil, nil, "实施单位", tx.unit)
	l.merge(r, 1, r, 5)
	l.merge(r, 7, r, 9)
	ff.w.dept, ff.w.unit = famCell{r, 1, tx.dept}, famCell{r, 7, tx.unit}

	l.set(4, 0, "项目资金（万元）", nil, nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
	l.merge(4, 0, 7, 0)
	l.set(5, 1, "年度资金总额", nil, 300, 300, 270, 10, "90.00%", 9)
	l.set(6, 1, "其中：当年财政拨款", nil, 300, 300, 270, "—", "—", "—")
	l.set(7, 1, "其他资金", nil, nil, nil, nil, "—", "—", "—")
	for r := 4; r <= 7; r++ {
		l.merge(r, 1, r, 2)
	}
	ff.w.budget, ff.w.executed = famCell{5, 4, "300"}, famCell{5, 5, "270"}
	ff.w.rate, ff.w.execScore = famCell{5, 7, "90.00%"}, famCell{5, 8, "9"}

	ff.goals(8, 10, 6, "年度总体目标", "预期目标", "实际完成情况")

	l.set(10, 0, "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分计算方法", "得分", "偏差原因分析及改进措施")
	l.merge(10, 0, 17, 0)
	ff.table(11, famCols{l1: 1, l2: 2, name: 3, nature: -1, target: 4, unit: -1, actual: 5, points: 6, method: 7, score: 8, reason: 9}, []famRow{
		{l1: "产出指标", l2: "数量指标", name: "举办培训班期数", target: "≥12期", actual: "12期", points: 20, method: "完成值÷目标值×20分", score: 20},
		{name: "培训人次", target: "≥600人次", actual: "640人次", points: 10, method: "完成值÷目标值×分值，最高10分", score: 10},
		{l2: "质量指标", name: "培训合格率", target: "≥95%", actual: "98%", points: 10, method: "每低1个百分点扣1分", score: 10},
		{l2: "时效指标", name: "按时完成率", target: "100%", actual: "100%", points: 10, method: "按时完成得10分，否则得0分", score: 10},
		{l1: "效益指标", l2: "社会效益指标", name: "参训人员业务能力提升", target: "显著提升", actual: "部分达成", points: 20,
			method: "达成得20分，部分达成得12—16分，未达成不得分", score: 14, reason: "部分学员未能参加全部课程，将增加线上补训。"},
		{l2: "可持续影响指标", name: "培训成果持续应用年限", target: "≥3年", actual: "3年", points: 10, method: "完成值÷目标值×分值", score: 10},
		{l1: "满意度指标", l2: "服务对象满意度指标", name: "参训人员满意度", target: "≥90%", actual: "95%", points: 10, method: "≥90%得10分，每低1%扣0.5分", score: 10},
	})
	l.set(18, 0, "总分", nil, nil, nil, nil, nil, 100, nil, 93)
	l.merge(18, 0, 18, 5)
	ff.w.totalScore = famCell{18, 8, "93"}

	ff.evals = []famEval{
		{profile: "mof2020", execPoints: "10", execRecomputed: "9", total: "93"},
	}
	ff.clean = true
	ff.labels = []famEdit{
		{2, 0, "项目名称："}, {3, 6, "实施\n单位"},
		{4, 0, "项目资金\n（万元）"}, {4, 4, "全年预算数（A）"}, {4, 5, "全年执行数（B）"}, {4, 7, "执行率（B/A）"},
		{10, 4, "年度\n指标值"}, {10, 7, "得分计算\n方法"}, {10, 8, "得 分"}, {10, 9, "偏差原因分析\n及改进措施"},
	}
	ff.hide, ff.spacer = 14, 16 // the spacer goes inside the 效益指标 merge
	return ff
}

// family6 is a 一体化 system export of a 河南 2024 form (national columns A–I): names carry
// their system codes, the 2021 tree puts 成本指标 at level 1 (成本 10, 产出 30, 效益 25, 满意度 5,
// execution 30), and every funds label is present while the system left the money cells empty
// (withMoney fills them).
//
//	 0 项目支出绩效自评表, 1 （2024年度）, 2 项目名称, 3 主管部门 | 实施单位
//	 4 项目资金（万元）(A5:A9) | | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
//	 5   年度资金总额 | | | | 30 | |;  6 其中：当年财政拨款;  7 上年结转资金;  8 其他资金
//	 9 年度总体目标 | 预期目标 | 实际完成情况; 10 texts
//	11 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
//	12–19 eight indicators (成本指标 B13:B14, 产出指标 B15:B17, 效益指标 B18:B19)
//	20 总分 | 100 | 67 (96.39 with the money filled)
func family6(tx formText, withMoney bool) *famForm {
	// The reader gives family 1 here: see TestFamily6SystemExportRecognised.
	ff := &famForm{l: newLayout(), w: &famWant{family: 0, hasPoints: true, year: 2024}}
	l := ff.l
	r := ff.header(9, "项目支出绩效自评表", tx.year, "项目名称", tx.project)
	l.set(r, 0, "主管部门", tx.dept, nil, nil, nil, "实施单位", tx.unit)
	l.merge(r, 1, r, 4)
	l.merge(r, 6, r, 8)
	ff.w.dept, ff.w.unit = famCell{r, 1, tx.dept}, famCell{r, 6, tx.unit}

	l.set(4, 0, "项目资金（万元）", nil, nil, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
	l.merge(4, 0, 8, 0)
	l.set(5, 1, "年度资金总额", nil, nil, nil, nil, 30)
	l.set(6, 1, "其中：当年财政拨款", nil, nil, nil, nil, "—", "—", "—")
	l.set(7, 1, "上年结转资金", nil, nil, nil, nil, "—", "—", "—")
	l.set(8, 1, "其他资金", nil, nil, nil, nil, "—", "—", "—")
	for r := 4; r <= 8; r++ {
		l.merge(r, 1, r, 2)
	}
	ff.w.budget, ff.w.executed = famCell{5, 4, ""}, famCell{5, 5, ""}
	ff.w.rate, ff.w.execScore = famCell{5, 7, ""}, famCell{5, 8, ""}
	total := 67.0
	if withMoney {
		l.set(5, 3, 860, 860, 842.5, 30, "97.97%", 29.39)
		l.set(6, 3, 860, 860, 842.5)
		ff.w.budget, ff.w.executed = famCell{5, 4, "860"}, famCell{5, 5, "842.5"}
		ff.w.rate, ff.w.execScore = famCell{5, 7, "97.97%"}, famCell{5, 8, "29.39"}
		total = 96.39
	}

	ff.goals(9, 9, 5, "年度总体目标", "预期目标", "实际完成情况")

	l.set(11, 0, "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
	l.merge(11, 0, 19, 0)
	ff.table(12, famCols{l1: 1, l2: 2, name: 3, nature: -1, target: 4, unit: -1, actual: 5, points: 6, method: -1, score: 7, reason: 8}, []famRow{
		{l1: "成本指标", l2: "经济成本指标", name: "人员经费支出", target: "≤860万元", actual: "842.5万元", points: 5, score: 5},
		{l2: "社会成本指标", name: "安全生产事故", target: "=0起", actual: "0起", points: 5, score: 5},
		{l1: "产出指标", l2: "数量指标", name: "保障在职人员数", target: "≥46人", actual: "46人", points: 10, score: 10},
		{l2: "质量指标", name: "工资发放准确率", target: "100%", actual: "100%", points: 10, score: 10},
		{l2: "时效指标", name: "工资按月发放及时率", target: "100%", actual: "100%", points: 10, score: 10},
		{l1: "效益指标", l2: "社会效益指标", name: "保障机关正常运转", target: "有效保障", actual: "达成", points: 15, score: 15},
		{l2: "可持续影响指标", name: "履职能力持续提升", target: "持续提升", actual: "部分达成", points: 10, score: 7,
			reason: "部分干部培训计划延后，下年度补齐。"},
		{l1: "满意度指标", l2: "服务对象满意度指标", name: "干部职工满意度", target: "≥90%", actual: "95%", points: 5, score: 5},
	})
	l.set(20, 0, "总分", nil, nil, nil, nil, nil, 100, total)
	l.merge(20, 0, 20, 5)
	ff.w.totalScore = famCell{20, 7, textOf(total)}

	if withMoney {
		ff.evals = []famEval{
			{profile: "henan2024", execPoints: "30", execRecomputed: "29.39", total: "96.39"},
			// mof2020 sets no split for the 2021 tree: only the execution points (30, not 10) warn.
			{profile: "mof2020", execPoints: "30", execRecomputed: "29.39", total: "96.39", codes: "W02"},
		}
		ff.clean = true
	} else {
		// 全年预算数 empty: F05 (the root cause), not also F03, F04 or S03; execution scores 0.
		ff.evals = []famEval{
			{profile: "henan2024", execPoints: "30", execRecomputed: "0", total: "67", codes: "F05"},
			{profile: "mof2020", execPoints: "30", execRecomputed: "0", total: "67", codes: "F05 W02"},
		}
	}
	ff.labels = []famEdit{
		{2, 0, "项目名称："}, {3, 0, "主管部门："}, {3, 5, "实施单位："},
		{4, 0, "项目资金\n（万元）"}, {4, 4, "全年预算数\n（A）"}, {4, 5, "全年执行数\n（B）"}, {4, 7, "执行率\n（B/A）"},
		{11, 1, "一级\n指标"}, {11, 3, "三级\n指标"}, {11, 4, "年度\n指标值"}, {11, 8, "偏差原因分析\n及改进措施"},
		{5, 1, "年度资金\n总额"}, {12, 1, "成本\n指标"},
	}
	ff.hide, ff.spacer = 13, 17
	return ff
}

// --- noise -----------------------------------------------------------------------------------

// famNoise is where a form is placed and which noise of form.md it carries.
type famNoise struct {
	name       string
	row0, col0 int
	notes      bool // 附件, 填报单位 and 金额单位 rows above the form (row0 must be ≥ 4)
	labels     bool // the family's labels with line breaks and full-width brackets
	text       bool // every number stored as text
	hidden     bool // one indicator row hidden
	spacer     bool // a blank row inside the indicator table
}

var famNoises = []famNoise{
	{name: "clean at A1"},
	{name: "at C5 under notes", row0: 4, col0: 2, notes: true},
	{name: "labels with line breaks and brackets", labels: true},
	{name: "numbers as text", text: true},
	{name: "hidden row", hidden: true},
	{name: "blank spacer row", spacer: true},
	{name: "all noise at C5", row0: 4, col0: 2, notes: true, labels: true, text: true, hidden: true, spacer: true},
}

// apply puts the noise on the form (and moves what the reader must find with it) and returns
// the blocks to place on the sheet.
func (nz famNoise) apply(ff *famForm) []placed {
	l := ff.l
	if nz.labels {
		for _, e := range ff.labels {
			l.set(e.r, e.c, e.label)
		}
	}
	if nz.text {
		for k, v := range l.cells {
			switch v.(type) {
			case int, float64:
				l.cells[k] = textOf(v)
			}
		}
	}
	if nz.hidden {
		l.hidden = append(l.hidden, ff.hide)
	}
	if nz.spacer {
		l.insertRows(ff.spacer, 1)
		for _, c := range ff.w.cells() {
			if c.r >= ff.spacer {
				c.r++
			}
		}
	}
	blocks := []placed{{l, nz.row0, nz.col0}}
	if nz.notes {
		notes := newLayout()
		notes.set(0, 0, "附件3")
		notes.set(1, 0, "填报单位（盖章）："+ff.w.unit.text)
		notes.set(2, 0, "金额单位：万元")
		blocks = append([]placed{{notes, nz.row0 - 4, nz.col0}}, blocks...)
	}
	return blocks
}

// --- checks ----------------------------------------------------------------------------------

// checkFamForm asserts every part of the form the reader must find, placed at (row0, col0).
func checkFamForm(t *testing.T, f *scoring.Form, row0, col0 int, w *famWant) {
	t.Helper()
	cell := func(what string, got scoring.Cell, want famCell) {
		t.Helper()
		checkCell(t, what, got, want.ref(row0, col0), want.text)
	}
	if w.family != 0 && f.Family != w.family {
		t.Errorf("Family = %d, want %d", f.Family, w.family)
	}
	if f.HasPointsColumn != w.hasPoints {
		t.Errorf("HasPointsColumn = %v, want %v", f.HasPointsColumn, w.hasPoints)
	}
	if f.Year != w.year {
		t.Errorf("Year = %d, want %d", f.Year, w.year)
	}
	if len(f.Missing) != 0 {
		t.Errorf("Missing = %v, want none", f.Missing)
	}
	cell("Project", f.Project, w.project)
	cell("Department", f.Department, w.dept)
	cell("Unit", f.Unit, w.unit)
	if f.Funds == nil {
		t.Error("funds block not found")
	} else {
		cell("Funds.Total.Budget", f.Funds.Total.Budget, w.budget)
		cell("Funds.Total.Executed", f.Funds.Total.Executed, w.executed)
		if !f.Funds.Total.Rate.Numeric {
			cell("Funds.Total.Rate", f.Funds.Total.Rate, w.rate)
		} else if got := f.Funds.Total.Rate.Cell; got != w.rate.ref(row0, col0) {
			t.Errorf("Funds.Total.Rate = %s, want %s", got, w.rate.ref(row0, col0))
		}
		cell("Funds.Total.Score", f.Funds.Total.Score, w.execScore)
	}
	if len(f.Indicators) != len(w.indicators) {
		var got []string
		for _, in := range f.Indicators {
			got = append(got, fmt.Sprintf("%d:%s", in.Row, in.Name.Text))
		}
		t.Fatalf("indicators = %v, want %d", got, len(w.indicators))
	}
	for i, in := range f.Indicators {
		want := w.indicators[i]
		if in.Row != row0+want.name.r+1 {
			t.Errorf("indicator %d Row = %d, want %d", i, in.Row, row0+want.name.r+1)
		}
		which := fmt.Sprintf("indicator %d ", i+1)
		cell(which+"Name", in.Name, want.name)
		cell(which+"Target", in.Target, want.target)
		cell(which+"Actual", in.Actual, want.actual)
		cell(which+"Points", in.Points, want.points)
		cell(which+"Score", in.Score, want.score)
	}
	if f.TotalScore.Numeric {
		// A formula's value: compare as numbers.
		if f.TotalScore.Cell != w.totalScore.ref(row0, col0) || !decimal.RequireFromString(f.TotalScore.Text).Equal(decimal.RequireFromString(w.totalScore.text)) {
			t.Errorf("TotalScore = %s %q, want %s %q", f.TotalScore.Cell, f.TotalScore.Text, w.totalScore.ref(row0, col0), w.totalScore.text)
		}
	} else {
		cell("TotalScore", f.TotalScore, w.totalScore)
	}
}

// findingCodes lists a result's finding codes, sorted and space-separated.
func findingCodes(res *scoring.Result) string {
	var codes []string
	for _, f := range res.Findings {
		codes = append(codes, f.Code)
	}
	sort.Strings(codes)
	return strings.Join(codes, " ")
}

func findingList(res *scoring.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "\n\t%s %s %s", f.Code, f.Severity, f.Message)
	}
	return b.String()
}

func famProfile(t *testing.T, name string) *scoring.Profile {
	t.Helper()
	p, err := scoring.BuiltinProfile(name)
	if err != nil {
		t.Fatalf("profile %s: %v", name, err)
	}
	return p
}

// checkFamEval scores the form under each profile of evals and compares the execution points,
// the recomputed execution score and total, and the findings' codes.
func checkFamEval(t *testing.T, f *scoring.Form, evals []famEval, clean bool) {
	t.Helper()
	for _, ev := range evals {
		res := scoring.Evaluate(f, famProfile(t, ev.profile), scoring.Options{})
		if res.RecomputedTotal == nil {
			t.Errorf("%s: no recomputed total:%s", ev.profile, findingList(res))
			continue
		}
		for _, c := range []struct {
			what      string
			got       decimal.Decimal
			wantValue string
		}{
			{"execution points", res.Execution.Points, ev.execPoints},
			{"recomputed execution", res.Execution.Recomputed, ev.execRecomputed},
			{"recomputed total", *res.RecomputedTotal, ev.total},
		} {
			if !c.got.Equal(decimal.RequireFromString(c.wantValue)) {
				t.Errorf("%s: %s = %s, want %s", ev.profile, c.what, c.got, c.wantValue)
			}
		}
		if got := findingCodes(res); got != ev.codes {
			t.Errorf("%s: findings [%s], want [%s]:%s", ev.profile, got, ev.codes, findingList(res))
		}
		if clean && res.Errors() > 0 {
			t.Errorf("%s: a clean form got %d 错误 findings:%s", ev.profile, res.Errors(), findingList(res))
		}
	}
}

// runFamily reads and scores the family's form under every noise of famNoises.
func runFamily(t *testing.T, build func() *famForm) {
	for _, nz := range famNoises {
		t.Run(nz.name, func(t *testing.T) {
			ff := build()
			path := writeBook(t, sheetSpec{"自评表", nz.apply(ff)})
			if nz.hidden {
				checkHidden(t, path, nz.row0+ff.l.hidden[0]+1)
			}
			f := readN(t, path, 1)[0]
			checkFamForm(t, f, nz.row0, nz.col0, ff.w)
			if nz.text && f.Funds != nil && (f.Funds.Total.Executed.Numeric || f.Indicators[0].Score.Numeric) {
				t.Error("a number stored as text was read as Numeric")
			}
			checkFamEval(t, f, ff.evals, ff.clean)
		})
	}
}

// --- family tests ----------------------------------------------------------------------------

func TestFamily2PointsColumnFirst(t *testing.T) {
	runFamily(t, func() *famForm { return family2(sichuanText) })

	t.Run("no 年初预算数 and the block label", func(t *testing.T) {
		path := writeBook(t, sheetSpec{"自评表", []placed{{family2(sichuanText).l, 4, 2}}})
		f := readN(t, path, 1)[0]
		if f.Funds.HasInitial {
			t.Error("HasInitial = true; the form has no 年初预算数 column")
		}
		checkCell(t, "Funds.Label", f.Funds.Label, "C9", "资金情况（万元）")
		checkCell(t, "Funds.Total.Label", f.Funds.Total.Label, "D10", "年度资金总额")
		checkCell(t, "Funds.Total.Points", f.Funds.Total.Points, "I10", "10")
		checkCell(t, "TotalPoints", f.TotalPoints, "G24", "100")
		checkCell(t, "IndicatorLabel", f.IndicatorLabel, "C15", "绩效指标")
		if len(f.Funds.Parts) != 2 {
			t.Errorf("Funds.Parts = %d, want 2 (其中：财政资金, 其他资金)", len(f.Funds.Parts))
		}
		checkCell(t, "first.Level1", f.Indicators[0].Level1, "D16", "产出指标（50分）")
		checkCell(t, "second.Level2", f.Indicators[1].Level2, "E16", "数量指标")
	})
}

func TestFamily3SplitTarget(t *testing.T) {
	runFamily(t, func() *famForm { return family3(daoyunText) })

	t.Run("joined target is scored", func(t *testing.T) {
		path := writeBook(t, sheetSpec{"自评表", []placed{{family3(daoyunText).l, 4, 2}}})
		f := readN(t, path, 1)[0]
		checkCell(t, "Funds.Label", f.Funds.Label, "C11", "预算执行情况(10分)")
		checkCell(t, "Funds.Total.Points", f.Funds.Total.Points, "J12", "10")
		checkCell(t, "Funds.Total.Initial", f.Funds.Total.Initial, "F12", "200")
		checkCell(t, "IndicatorLabel", f.IndicatorLabel, "C15", "绩效指标(90分)")
		// 指标性质 ≥, 指标值 95, 度量单位 % read as one target at the 指标值 cell.
		checkCell(t, "设备完好率 Target", f.Indicators[1].Target, "H17", "≥95%")
		checkCell(t, "群众满意度 Target", f.Indicators[6].Target, "H22", "≥95%")
		// 定性 leaves the value as written.
		checkCell(t, "群众出行条件改善 Target", f.Indicators[4].Target, "H20", "显著改善")
		for _, profile := range []string{"sichuan", "mof2020"} {
			res := scoring.Evaluate(f, famProfile(t, profile), scoring.Options{})
			for _, w := range []struct {
				i          int
				recomputed string
			}{
				// ≥100%: 10 × 95 / 100.
				{2, "9.5"},
				// ≤0.5万元 is a reverse target: 10 × 0.5 / 0.55 = 9.09. Read without its 指标性质
				// (0.5, no comparator) it would be a positive one met by 0.55: 10.
				{3, "9.09"},
				{1, "10"},
			} {
				r := res.Indicators[w.i]
				if r.Kind != scoring.KindQuantitative || r.Recomputed == nil || !r.Recomputed.Equal(decimal.RequireFromString(w.recomputed)) {
					t.Errorf("%s: %s (%s) kind %s recomputed %v, want quantitative %s",
						profile, r.Indicator.Name.Text, r.Indicator.Target.Text, r.Kind, r.Recomputed, w.recomputed)
				}
			}
			if r := res.Indicators[4]; r.Kind != scoring.KindQualitative {
				t.Errorf("%s: 群众出行条件改善 kind %s, want qualitative", profile, r.Kind)
			}
		}
	})

	// 四川: the rate is 预算执行数 / 调整后预算数, never / 年初预算.
	t.Run("rate uses 调整后预算数", func(t *testing.T) {
		ff := family3(daoyunText)
		ff.l.set(7, 3, 250)
		ff.l.set(8, 3, 250)
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkCell(t, "Funds.Total.Initial", f.Funds.Total.Initial, "D8", "250")
		checkCell(t, "Funds.Total.Budget", f.Funds.Total.Budget, "E8", "200")
		for _, profile := range []string{"sichuan", "mof2020"} {
			res := scoring.Evaluate(f, famProfile(t, profile), scoring.Options{})
			if res.Rate == nil || !res.Rate.Equal(decimal.RequireFromString("0.93")) {
				t.Errorf("%s: rate %v, want 0.93 (186 / 200)", profile, res.Rate)
			}
		}
		checkFamEval(t, f, ff.evals, true)
	})

	// 四川: a rate below 90% needs a reason (F08, a warning) in the 原因 column of the funds block.
	t.Run("sichuan F08 reads the 原因 column", func(t *testing.T) {
		for _, tc := range []struct {
			reason, codes string
		}{
			{"", "F08"},
			{"部分项目尚未完成竣工结算，资金将于次年支付。", ""},
		} {
			ff := family3(daoyunText)
			ff.l.set(7, 5, 170, "85.00%", 10, 8.5, tc.reason)
			ff.l.set(8, 5, 170)
			ff.l.set(18, 9, 97.09)
			path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
			f := readN(t, path, 1)[0]
			checkCell(t, "Funds.Total.Reason", f.Funds.Total.Reason, "J8", tc.reason)
			checkFamEval(t, f, []famEval{{profile: "sichuan", execPoints: "10", execRecomputed: "8.5", total: "97.09", codes: tc.codes}}, true)
		}
	})
}

func TestFamily4NoPointsColumn(t *testing.T) {
	runFamily(t, func() *famForm { return family4(yunnanText) })

	t.Run("points from the labels", func(t *testing.T) {
		path := writeBook(t, sheetSpec{"自评表", []placed{{family4(yunnanText).l, 4, 2}}})
		f := readN(t, path, 1)[0]
		checkCell(t, "Funds.Label", f.Funds.Label, "C8", "预算执行情况（万元）（20分）")
		if f.Funds.Total.Points.Found() {
			t.Errorf("Funds.Total.Points = %s, want not found (no 分值 column)", f.Funds.Total.Points.Cell)
		}
		checkCell(t, "IndicatorLabel", f.IndicatorLabel, "C12", "年度绩效目标（80分）")
		checkCell(t, "first.Level1", f.Indicators[0].Level1, "D13", "产出指标（40分）")
		if f.TotalPoints.Found() {
			t.Errorf("TotalPoints = %s, want not found", f.TotalPoints.Cell)
		}
		for _, r := range scoring.Evaluate(f, famProfile(t, "yunnan"), scoring.Options{}).Indicators {
			if r.Points != nil {
				t.Errorf("%s: Points = %s, want none (the form has no 分值 column)", r.Indicator.Name.Text, r.Points)
			}
		}
	})

	// The block label without points: the score header 得分（20分*执行率） gives them.
	t.Run("execution points from the score header", func(t *testing.T) {
		ff := family4(yunnanText)
		ff.l.set(3, 0, "预算执行情况（万元）")
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkFamEval(t, f, ff.evals, true)
	})

	// W01 adds the points written in the level-1 labels: 20 + 50 + 30 + 10 = 110.
	t.Run("W01 from label points", func(t *testing.T) {
		ff := family4(yunnanText)
		ff.l.set(8, 1, "产出指标（50分）")
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkFamEval(t, f, []famEval{{profile: "yunnan", execPoints: "20", execRecomputed: "19", total: "99", codes: "W01"}}, false)
	})
}

// form.md, family 4: "an indicator's own 分值 is unknown, so its claimed score is checked against
// its level-1 block only". 产出指标（40分） whose rows claim 15 + 10 + 10 + 10 = 45: the block's
// claimed score exceeds its points, which is an error (I03 at block level), and the recomputed
// total cannot keep the 5 points the block does not have.
func TestFamily4BlockScoreAboveLabelPoints(t *testing.T) {
	ff := family4(yunnanText)
	ff.l.set(11, 6, 10) // 按期完工率 claims 10 of 产出's 40 (block total 45)
	ff.l.set(15, 6, 104)
	path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
	f := readN(t, path, 1)[0]
	res := scoring.Evaluate(f, famProfile(t, "yunnan"), scoring.Options{})
	block := map[string]bool{"B9": true, "G9": true, "G10": true, "G11": true, "G12": true}
	var onBlock []scoring.Finding
	for _, fd := range res.Findings {
		if fd.Severity == scoring.Error && block[fd.Ref.Cell] {
			onBlock = append(onBlock, fd)
		}
	}
	if len(onBlock) == 0 {
		t.Errorf("no 错误 finding on the 产出指标（40分） block (label B9, scores G9:G12) whose scores add to 45:%s", findingList(res))
	}
	if res.RecomputedTotal == nil || res.RecomputedTotal.GreaterThan(decimal.NewFromInt(100)) {
		t.Errorf("recomputed total %s is above 100: the 产出 block keeps more than its 40 points", res.RecomputedTotal)
	}
}

func TestFamily5CalculationMethodColumn(t *testing.T) {
	runFamily(t, func() *famForm { return family5(beijingText) })

	// The method column's text carries numbers and 分: none of them is a score or the points.
	t.Run("method text ignored", func(t *testing.T) {
		ff := family5(beijingText)
		ff.l.set(11, 7, "得分=完成值÷目标值×20分，最高20分")
		ff.l.set(10, 7, "得分计算方法（满分100分）")
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkFamForm(t, f, 0, 0, ff.w)
		checkFamEval(t, f, ff.evals, true)
		for _, in := range f.Indicators {
			if in.Score.Cell[0] != 'I' || in.Points.Cell[0] != 'G' {
				t.Errorf("row %d: score %s points %s, want columns I and G", in.Row, in.Score.Cell, in.Points.Cell)
			}
		}
	})
}

func TestFamily6SystemExport(t *testing.T) {
	t.Run("money empty", func(t *testing.T) {
		runFamily(t, func() *famForm { return family6(henanText, false) })
	})
	t.Run("money filled", func(t *testing.T) {
		runFamily(t, func() *famForm { return family6(henanText, true) })
	})

	t.Run("codes kept and F05 on the budget cell", func(t *testing.T) {
		path := writeBook(t, sheetSpec{"自评表", []placed{{family6(henanText, false).l, 4, 2}}})
		f := readN(t, path, 1)[0]
		// Names are kept as written, codes and all: StripCodePrefix is for display and matching.
		checkCell(t, "Project", f.Project, "D7", "51000021R000000019951-工资性支出")
		checkCell(t, "Department", f.Department, "D8", "219-池州市贵池区棠溪镇人民政府")
		checkCell(t, "Funds.Total.Label", f.Funds.Total.Label, "D10", "年度资金总额")
		checkCell(t, "Funds.Total.Points", f.Funds.Total.Points, "I10", "30")
		if len(f.Funds.Parts) != 3 {
			t.Errorf("Funds.Parts = %d, want 3", len(f.Funds.Parts))
		}
		checkCell(t, "first.Level1", f.Indicators[0].Level1, "D17", "成本指标")
		checkCell(t, "first.Level2", f.Indicators[0].Level2, "E17", "经济成本指标")
		res := scoring.Evaluate(f, famProfile(t, "henan2024"), scoring.Options{})
		if len(res.Findings) != 1 || res.Findings[0].Code != "F05" || res.Findings[0].Ref.Cell != "G10" || res.Findings[0].Severity != scoring.Error {
			t.Errorf("findings:%s\nwant one F05 错误 on G10 (全年预算数 of 年度资金总额)", findingList(res))
		}
		if res.Budget != nil || res.Executed != nil || res.Rate != nil {
			t.Errorf("Budget %v Executed %v Rate %v, want none", res.Budget, res.Executed, res.Rate)
		}
		if res.Status != scoring.StatusRevise {
			t.Errorf("Status = %s, want %s", res.Status, scoring.StatusRevise)
		}
	})

	// henan2024's W02 uses its 2021 split (成本 10, 产出 30, 效益 25, 满意度 5): 成本 15 and
	// 产出 25 warn on their level-1 labels; mof2020 defines no 2021 split.
	t.Run("henan2024 tree2021 split", func(t *testing.T) {
		ff := family6(henanText, true)
		ff.l.set(12, 6, 10, 10) // 人员经费支出 10 points: 成本 15
		ff.l.set(14, 6, 5, 5)   // 保障在职人员数 5 points: 产出 25
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkFamEval(t, f, []famEval{
			{profile: "henan2024", execPoints: "30", execRecomputed: "29.39", total: "96.39", codes: "W02 W02"},
			{profile: "mof2020", execPoints: "30", execRecomputed: "29.39", total: "96.39", codes: "W02"},
		}, true)
		res := scoring.Evaluate(f, famProfile(t, "henan2024"), scoring.Options{})
		var cells []string
		for _, fd := range res.Findings {
			cells = append(cells, fd.Ref.Cell)
		}
		if strings.Join(cells, " ") != "B13 B15" {
			t.Errorf("W02 on %v, want the 成本指标 and 产出指标 labels B13 B15:%s", cells, findingList(res))
		}
		// The clean form: the split of henan2024 is met, no W02.
		clean := family6(henanText, true)
		path = writeBook(t, sheetSpec{"自评表", []placed{{clean.l, 0, 0}}})
		if res := scoring.Evaluate(readN(t, path, 1)[0], famProfile(t, "henan2024"), scoring.Options{}); len(res.Findings) != 0 {
			t.Errorf("clean henan2024 form:%s", findingList(res))
		}
	})

	// A system export may write the 一级 and 二级 labels on every row instead of merging them.
	t.Run("level labels repeated, not merged", func(t *testing.T) {
		ff := family6(henanText, true)
		var merges [][4]int
		for _, m := range ff.l.merges {
			if m[0] >= 12 && (m[1] == 1 || m[1] == 2) {
				continue
			}
			merges = append(merges, m)
		}
		ff.l.merges = merges
		l1, l2 := "", ""
		for r := 12; r <= 19; r++ {
			if v, ok := ff.l.cells[[2]int{r, 1}]; ok {
				l1 = v.(string)
			}
			if v, ok := ff.l.cells[[2]int{r, 2}]; ok {
				l2 = v.(string)
			}
			ff.l.set(r, 1, l1, l2)
		}
		path := writeBook(t, sheetSpec{"自评表", []placed{{ff.l, 0, 0}}})
		f := readN(t, path, 1)[0]
		checkFamForm(t, f, 0, 0, ff.w)
		checkFamEval(t, f, ff.evals, true)
	})
}

// form.md, family 6: a system export (一体化, 河南 2024) is its own layout family, told from the
// national template by the system codes prefixed to its names.
func TestFamily6SystemExportRecognised(t *testing.T) {
	for _, withMoney := range []bool{false, true} {
		path := writeBook(t, sheetSpec{"自评表", []placed{{family6(henanText, withMoney).l, 0, 0}}})
		if f := readN(t, path, 1)[0]; f.Family != 6 {
			t.Errorf("money filled %v: Family = %d, want 6", withMoney, f.Family)
		}
	}
}

// --- several forms in one workbook -----------------------------------------------------------

// famSheet is one sheet of a workbook of family forms.
type famSheet struct {
	name  string
	forms []famPlace
}

// famPlace is one form on a sheet: the first at its noise's row0, each next one gap rows below
// the previous form's last row.
type famPlace struct {
	build    func() *famForm
	noise    famNoise
	gap      int
	formulas bool // the rate and the total as formulas (no cached value until a spreadsheet saves)
}

type famPlaced struct {
	ff         *famForm
	row0, col0 int
	text       bool // numbers stored as text
}

// buildFamBook writes the sheets to path with excelize and returns each sheet's forms as placed.
func buildFamBook(t *testing.T, path string, sheets []famSheet) [][]famPlaced {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	percent, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]famPlaced
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		var forms []famPlaced
		next := 0
		for j, p := range s.forms {
			ff := p.build()
			nz := p.noise
			if j > 0 {
				nz.row0 = next + p.gap
			}
			blocks := nz.apply(ff)
			rate := ""
			if p.formulas {
				rate = famFormulas(ff, nz.row0, nz.col0)
			}
			for _, b := range blocks {
				b.l.place(t, f, s.name, b.row0, b.col0)
			}
			if rate != "" {
				if err := f.SetCellStyle(s.name, rate, rate, percent); err != nil {
					t.Fatal(err)
				}
			}
			next = nz.row0 + ff.l.rows
			forms = append(forms, famPlaced{ff, nz.row0, nz.col0, nz.text})
		}
		out = append(out, forms)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return out
}

// famFormulas replaces the written rate with 执行数/预算数 and the total with the execution
// score plus every indicator's score, for a form to be placed at (row0, col0). It returns the
// rate cell (to be formatted as a percentage), or "" when the budget is empty.
func famFormulas(ff *famForm, row0, col0 int) string {
	w, l := ff.w, ff.l
	ref := func(c famCell) string { return c.ref(row0, col0) }
	// The cell's value goes: a formula set over a shared string would keep its index as a value.
	formula := func(c famCell, f string) {
		delete(l.cells, [2]int{c.r, c.c})
		l.formulas[[2]int{c.r, c.c}] = f
	}
	rate := ""
	if w.budget.text != "" {
		formula(w.rate, ref(w.executed)+"/"+ref(w.budget))
		rate = ref(w.rate)
	}
	var terms []string
	if w.execScore.text != "" {
		terms = append(terms, ref(w.execScore))
	}
	for _, in := range w.indicators {
		terms = append(terms, ref(in.score))
	}
	formula(w.totalScore, strings.Join(terms, "+"))
	return rate
}

// checkFamBook reads the workbook and checks every form on every sheet.
func checkFamBook(t *testing.T, path string, sheets []famSheet, placedForms [][]famPlaced) {
	t.Helper()
	wb, err := ReadForms(path, ReadOptions{})
	if err != nil {
		t.Fatalf("ReadForms: %v", err)
	}
	var names []string
	n := 0
	for i, s := range sheets {
		names = append(names, s.name)
		n += len(placedForms[i])
	}
	if strings.Join(wb.Sheets, ",") != strings.Join(names, ",") {
		t.Errorf("Sheets = %v, want %v", wb.Sheets, names)
	}
	if len(wb.Forms) != n {
		var got []string
		for _, f := range wb.Forms {
			got = append(got, f.Sheet+"!"+f.Range)
		}
		t.Fatalf("found %d forms %v, want %d", len(wb.Forms), got, n)
	}
	k := 0
	for i, s := range sheets {
		for j, p := range placedForms[i] {
			f := wb.Forms[k]
			k++
			t.Run(fmt.Sprintf("%s form %d", s.name, j+1), func(t *testing.T) {
				if f.Sheet != s.name {
					t.Errorf("Sheet = %q, want %q", f.Sheet, s.name)
				}
				checkFamForm(t, f, p.row0, p.col0, p.ff.w)
				if p.text && f.Funds != nil && (f.Funds.Total.Executed.Numeric || f.Indicators[0].Score.Numeric) {
					t.Error("a number stored as text was read as Numeric")
				}
				checkFamEval(t, f, p.ff.evals, p.ff.clean)
			})
		}
	}
}

func TestFamiliesStackedOnOneSheet(t *testing.T) {
	for _, tc := range []struct {
		name string
		gap  int
		col0 int
	}{
		{"two blank rows", 2, 0},
		{"adjacent", 0, 0},
		{"at C with notes", 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := famNoise{name: "first", col0: tc.col0}
			if tc.col0 > 0 {
				first = famNoise{name: "first", row0: 4, col0: tc.col0, notes: true}
			}
			sheets := []famSheet{{"附件3", []famPlace{
				{build: func() *famForm { return family3(daoyunText) }, noise: first},
				{build: func() *famForm { return family3(daoyun2Text) }, noise: famNoise{name: "second", col0: tc.col0}, gap: tc.gap},
			}}}
			path := filepath.Join(t.TempDir(), "stacked.xlsx")
			checkFamBook(t, path, sheets, buildFamBook(t, path, sheets))
		})
	}
}

func TestFamiliesOnSeparateSheets(t *testing.T) {
	sheets := []famSheet{
		{"衔接资金", []famPlace{{build: func() *famForm { return family2(sichuanText) }, noise: famNoises[1]}}},
		{"云南县级", []famPlace{{build: func() *famForm { return family4(yunnanText) }, noise: famNoises[0]}}},
	}
	path := filepath.Join(t.TempDir(), "sheets.xlsx")
	checkFamBook(t, path, sheets, buildFamBook(t, path, sheets))
}

// Formulas written by excelize carry no cached value: the reader computes them.
func TestFamiliesFormulasWithoutCachedValues(t *testing.T) {
	for _, tc := range famLibreOfficeBooks() {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			checkFamBook(t, path, tc.sheets, buildFamBook(t, path, tc.sheets))
		})
	}
}

// --- LibreOffice-made workbooks --------------------------------------------------------------

// famLibreOfficeBooks are the workbooks of testdata/families: built here with excelize, then
// re-saved by LibreOffice Calc, whose XML differs from excelize's (shared strings, its own
// styles and number formats, formulas with cached values, merges and hidden rows as Calc
// writes them).
func famLibreOfficeBooks() []struct {
	file   string
	sheets []famSheet
} {
	noisy := famNoises[len(famNoises)-1]
	noisyNoText := noisy
	noisyNoText.text = false // the total formula adds the score cells: they stay numbers
	return []struct {
		file   string
		sheets []famSheet
	}{
		{"family2_family4_sheets.xlsx", []famSheet{
			{"衔接资金", []famPlace{{build: func() *famForm { return family2(sichuanText) }, noise: noisy}}},
			{"云南县级", []famPlace{{build: func() *famForm { return family4(yunnanText) }, noise: noisyNoText, formulas: true}}},
		}},
		{"family3_stacked.xlsx", []famSheet{
			{"附件3", []famPlace{
				{build: func() *famForm { return family3(daoyunText) }, noise: noisyNoText, formulas: true},
				{build: func() *famForm { return family3(daoyun2Text) }, noise: famNoise{name: "second", col0: 2, labels: true, text: true}, gap: 2},
			}},
		}},
		{"family5_family6_formulas.xlsx", []famSheet{
			{"说明", nil},
			{"北京", []famPlace{{build: func() *famForm { return family5(beijingText) }, noise: famNoises[0], formulas: true}}},
			{"一体化导出", []famPlace{
				{build: func() *famForm { return family6(henanText, false) }, noise: famNoises[0], formulas: true},
				{build: func() *famForm { return family6(henanText, true) }, noise: famNoise{name: "second"}, gap: 3, formulas: true},
			}},
		}},
	}
}

func TestFamiliesLibreOfficeWorkbooks(t *testing.T) {
	dir := filepath.Join("testdata", "families")
	for _, tc := range famLibreOfficeBooks() {
		t.Run(tc.file, func(t *testing.T) {
			built := filepath.Join(t.TempDir(), tc.file)
			placedForms := buildFamBook(t, built, tc.sheets)
			path := filepath.Join(dir, tc.file)
			if *regenFamilies {
				resaveWithLibreOffice(t, built, path)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("%v (regenerate with -regen-families)", err)
			}
			checkLibreOfficeMade(t, path)
			checkFamBook(t, path, tc.sheets, placedForms)
		})
	}
}

// resaveWithLibreOffice converts in (an excelize-written .xlsx) with soffice and writes the
// result to out.
func resaveWithLibreOffice(t *testing.T, in, out string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatalf("-regen-families needs soffice: %v", err)
	}
	tmp := t.TempDir()
	outDir := filepath.Join(tmp, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := sofficecmd.Command(ctx, soffice, tmp, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(outDir, filepath.Base(in)))
	if err != nil {
		t.Fatalf("soffice wrote no output: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkLibreOfficeMade makes sure the committed workbook is LibreOffice's, with its formulas'
// values cached: otherwise the test would not be what it says.
func checkLibreOfficeMade(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, err := f.GetAppProps()
	if err != nil || !strings.Contains(props.Application, "LibreOffice") {
		t.Fatalf("%s: application %q (%v), want LibreOffice", path, props.Application, err)
	}
}
