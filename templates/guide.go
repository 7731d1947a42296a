package templates

import (
	"fmt"

	"github.com/jxzp/jxzp/scoring"
)

// guideLines are the 填表说明 sheet's paragraphs for a profile and layout. They are sentences,
// never a bare form label, so the reader does not take the sheet for a form.
func guideLines(p *scoring.Profile, l Layout) []string {
	lines := []string{
		fmt.Sprintf("本表为《项目支出绩效自评表》空白表样，按评分规则 %s 生成%s。", p.Name, descSuffix(p)),
		"浅绿色单元格由单位填写；其余单元格（标签和公式）已锁定。工作表保护没有密码，确需调整表样时可在“审阅”菜单中撤销工作表保护。",
		"金额单位为万元，保留两位小数。执行率、执行率得分、总分和自评等级由公式自动计算，打开文件时即更新，不需要填写。",
		"一级指标和二级指标请从下拉列表中选择。用不到的行保持空白即可：三级指标和分值都为空的行不计入。需要更多行时，在指标行中间插入行，公式会自动包含新行。",
		"定量指标的年度指标值写明比较符和计量单位，如 ≥3500条、≤100万元、100%；实际完成值写实际达到的数值和单位，如 3500条，不要写 ≥、超过、完成。",
		"定性指标（目标用文字表述）的实际完成值从下拉列表中选择：达成、部分达成、未达成；得分须在对应的档次内，档次见自评表下方的评分说明。",
		"未得满分的指标和超额完成的指标，须在偏差原因分析及改进措施中写明原因和改进措施。不适用的指标，实际完成值写“不适用”。",
		"年度总体目标的预期目标和实际完成情况都要填写。项目名称、主管部门、实施单位不能为空。",
		"报送前请自查：在装有 jxzp 的电脑上运行 jxzp check 文件名，按提示逐项修改，直到没有错误。",
	}
	if l.NoPoints {
		lines = append(lines, fmt.Sprintf("本表没有逐项分值列：执行率 %s 分，指标合计 %s 分；请在一级指标中写明该类指标的分值，如 产出指标（40分）。",
			p.Execution.Points, p.Total.Sub(p.Execution.Points)))
	}
	if l.Tree2021 {
		lines = append(lines, "本表采用 2021 年起的指标体系：成本指标为一级指标，其下为经济成本、社会成本、生态环境成本指标。")
	}
	return lines
}

// guideSheet writes the 填表说明 sheet.
func guideSheet(w *writer, st *styles, p *scoring.Profile, l Layout) {
	w.merge("A1", "B1", "填表说明", st.guideTitle)
	w.height(1, 30)
	for i, line := range guideLines(p, l) {
		r := i + 2
		w.set(fmt.Sprintf("A%d", r), fmt.Sprintf("%d.", i+1), st.guideText)
		w.set(fmt.Sprintf("B%d", r), line, st.guideText)
		w.height(r, textHeight(line, 44))
	}
	w.widths([]float64{5, 90})
}
