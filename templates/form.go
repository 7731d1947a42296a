package templates

import (
	"fmt"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// formTitle is the national form's title, which the reader looks for.
const formTitle = "项目支出绩效自评表"

// yearLine is the line under the title: the year when known, else a blank a unit fills in.
func yearLine(year int) string {
	if year == 0 {
		return "（    年度）"
	}
	return fmt.Sprintf("（%d年度）", year)
}

// nationalForm lays out the form of 财预〔2020〕10号 (columns A–I), with either tree.
func nationalForm(w *writer, st *styles, p *scoring.Profile, l Layout, year int) {
	c := CellsOf(l)
	w.merge("A1", "I1", formTitle, st.title)
	w.height(1, 36)
	w.merge("A2", "I2", yearLine(year), st.sub)
	w.height(2, 22)
	w.set("A3", "项目名称", st.label)
	w.merge("B3", "I3", nil, st.answerText)
	w.set("A4", "主管部门", st.label)
	w.merge("B4", "E4", nil, st.answerText)
	w.set("F4", "实施单位", st.label)
	w.merge("G4", "I4", nil, st.answerText)
	w.height(3, 26)
	w.height(4, 26)

	w.merge("A5", "A9", "项目资金（万元）", st.label)
	w.merge("B5", "C5", nil, st.head)
	for i, h := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"} {
		w.set(fmt.Sprintf("%c5", 'D'+i), h, st.head)
	}
	w.height(5, 30)
	w.merge("B6", "C6", "年度资金总额", st.label)
	for _, cell := range []string{c.Initial, c.Budget, c.Executed} {
		w.set(cell, nil, st.answerAmt)
	}
	w.set(c.ExecPoints, p.Execution.Points.InexactFloat64(), st.answerNum)
	w.formula(c.Rate, rateFormula(c.Budget, c.Executed), st.rate)
	w.formula(c.ExecScore, execScoreFormula(p, c.ExecPoints, c.Budget, c.Executed), st.score)
	for i, label := range []string{"其中：当年财政拨款", "上年结转资金", "其他资金"} {
		r := 7 + i
		w.merge(fmt.Sprintf("B%d", r), fmt.Sprintf("C%d", r), label, st.label)
		for _, cell := range c.Parts[i] {
			w.set(cell, nil, st.answerAmt)
		}
		for _, col := range "GHI" {
			w.set(fmt.Sprintf("%c%d", col, r), "—", st.dash)
		}
	}
	for r := 6; r <= 9; r++ {
		w.height(r, 24)
	}

	w.merge("A10", "A11", "年度总体目标", st.label)
	w.merge("B10", "E10", "预期目标", st.head)
	w.merge("F10", "I10", "实际完成情况", st.head)
	w.merge("B11", "E11", nil, st.answerText)
	w.merge("F11", "I11", nil, st.answerText)
	w.height(11, 90)

	w.merge("A12", fmt.Sprintf("A%d", c.LastRow), "绩效指标", st.label)
	for i, h := range []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"} {
		w.set(fmt.Sprintf("%c12", 'B'+i), h, st.head)
	}
	w.height(12, 30)
	indicatorRows(w, st, l, c)

	t := c.LastRow + 1
	w.merge(fmt.Sprintf("A%d", t), fmt.Sprintf("F%d", t), "总分", st.head)
	w.formula(c.TotalPoints, fmt.Sprintf("%s+SUM(%s)", c.ExecPoints, column(c, c.Points)), st.grade)
	w.formula(c.TotalScore, totalFormula(p, c.ExecScore, column(c, c.Score)), st.score)
	w.set(fmt.Sprintf("I%d", t), nil, st.label)
	w.merge(fmt.Sprintf("A%d", t+1), fmt.Sprintf("F%d", t+1), "自评等级", st.head)
	w.merge(c.Grade, fmt.Sprintf("I%d", t+1), nil, st.grade)
	w.formula(c.Grade, gradeFormula(p, c.TotalScore), st.grade)
	w.height(t, 26)
	w.height(t+1, 26)
	w.widths([]float64{11, 14, 17, 24, 14, 14, 8, 9, 28})
}

// yunnanForm lays out the 云南 county form (layout family 4, columns A–H): no 分值 column, the
// execution points in the funds label and the score header, the indicator points in the
// 一级指标 labels a unit writes (产出指标（40分）).
func yunnanForm(w *writer, st *styles, p *scoring.Profile, l Layout, year int) {
	c := CellsOf(l)
	pts := p.Execution.Points.String()
	w.merge("A1", "H1", formTitle, st.title)
	w.height(1, 36)
	w.merge("A2", "H2", yearLine(year), st.sub)
	w.height(2, 22)
	w.set("A3", "项目名称", st.label)
	w.merge("B3", "H3", nil, st.answerText)
	w.set("A4", "主管部门", st.label)
	w.merge("B4", "D4", nil, st.answerText)
	w.set("E4", "实施单位", st.label)
	w.merge("F4", "H4", nil, st.answerText)
	w.height(3, 26)
	w.height(4, 26)

	w.merge("A5", "C5", fmt.Sprintf("预算执行情况（万元）（%s分）", pts), st.label)
	for i, h := range []string{"预算数（A）", "执行数（B）", "执行率（B/A）", fmt.Sprintf("得分（%s分*执行率）", pts)} {
		w.set(fmt.Sprintf("%c5", 'D'+i), h, st.head)
	}
	w.set("H5", nil, st.label)
	w.merge("A6", "C6", "年度资金总额", st.label)
	w.set(c.Budget, nil, st.answerAmt)
	w.set(c.Executed, nil, st.answerAmt)
	w.formula(c.Rate, rateFormula(c.Budget, c.Executed), st.rate)
	w.formula(c.ExecScore, execScoreFormula(p, pts, c.Budget, c.Executed), st.score)
	w.set("H6", nil, st.label)
	w.height(5, 30)
	w.height(6, 24)

	w.merge("A7", "A8", "年度总体目标", st.label)
	w.merge("B7", "D7", "预期目标", st.head)
	w.merge("E7", "H7", "实际完成情况", st.head)
	w.merge("B8", "D8", nil, st.answerText)
	w.merge("E8", "H8", nil, st.answerText)
	w.height(8, 90)

	indPts := p.Total.Sub(p.Execution.Points).String()
	w.merge("A9", fmt.Sprintf("A%d", c.LastRow), fmt.Sprintf("年度绩效目标（%s分）", indPts), st.label)
	for i, h := range []string{"一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分", "偏差原因分析及改进措施"} {
		w.set(fmt.Sprintf("%c9", 'B'+i), h, st.head)
	}
	w.height(9, 30)
	indicatorRows(w, st, l, c)

	t := c.LastRow + 1
	w.merge(fmt.Sprintf("A%d", t), fmt.Sprintf("F%d", t), "总分", st.head)
	w.formula(c.TotalScore, totalFormula(p, c.ExecScore, column(c, c.Score)), st.score)
	w.set(fmt.Sprintf("H%d", t), nil, st.label)
	w.merge(fmt.Sprintf("A%d", t+1), fmt.Sprintf("F%d", t+1), "自评等级", st.head)
	w.merge(c.Grade, fmt.Sprintf("H%d", t+1), nil, st.grade)
	w.formula(c.Grade, gradeFormula(p, c.TotalScore), st.grade)
	w.height(t, 26)
	w.height(t+1, 26)
	w.widths([]float64{12, 16, 18, 24, 15, 15, 10, 28})
}

// column is the range of one column over the indicator rows, such as H13:H32.
func column(c Cells, col string) string {
	return fmt.Sprintf("%s%d:%s%d", col, c.FirstRow, col, c.LastRow)
}

// indicatorRows writes the blank indicator rows, each with its level-1 and level-2 kind
// prefilled (a unit changes them from the drop-down), and the rows' drop-downs and checks.
func indicatorRows(w *writer, st *styles, l Layout, c Cells) {
	for i, k := range l.rowKinds() {
		r := c.FirstRow + i
		w.set(Cell(c.Level1, r), k[0], st.answerCenter)
		w.set(Cell(c.Level2, r), k[1], st.answerCenter)
		w.set(Cell(c.Name, r), nil, st.answerText)
		w.set(Cell(c.Target, r), nil, st.answerCenter)
		w.set(Cell(c.Actual, r), nil, st.answerCenter)
		if c.Points != "" {
			w.set(Cell(c.Points, r), nil, st.answerNum)
		}
		w.set(Cell(c.Score, r), nil, st.answerNum)
		w.set(Cell(c.Reason, r), nil, st.answerText)
		w.height(r, 28)
	}
	// On the 云南 form a unit writes a block's points in its label, so any text is taken there.
	w.list(column(c, c.Level1), l.level1Names(), !l.NoPoints, "一级指标", "请从下拉列表中选择一级指标。")
	w.list(column(c, c.Level2), l.level2Names(), true, "二级指标", "请从下拉列表中选择二级指标。")
	w.list(column(c, c.Actual), QualitativeActuals, false, "", "")
	if c.Points != "" {
		w.nonNegative(column(c, c.Points), "分值")
	}
	w.nonNegative(column(c, c.Score), "得分")
	amounts := []string{c.Budget, c.Executed}
	if c.Initial != "" {
		amounts = append(amounts, c.Initial)
	}
	for _, part := range c.Parts {
		amounts = append(amounts, part[:]...)
	}
	w.nonNegative(strings.Join(amounts, " "), "金额")
}
