package templates

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jxzp/jxzp/scoring"
)

// Notes are the lines printed under the form: how the bureau computes every score under p, so a
// unit can check its own arithmetic. The first starts with 注 so the reader ends the form above it.
func Notes(p *scoring.Profile, l Layout) []string {
	lines := []string{
		fmt.Sprintf("注：评分说明（评分规则 %s%s）。浅绿色单元格由单位填写，执行率、执行率得分、总分和自评等级由公式自动计算。", p.Name, descSuffix(p)),
		"1. " + executionNote(p),
		"2. " + quantitativeNote(p),
		fmt.Sprintf("3. 定性指标：实际完成值为“达成”的，得分为分值的 %s～100%%；“部分达成”的，%s～%s（不含）；“未达成”的，低于 %s。",
			scoring.Percent(p.Indicators.AchievedMin), scoring.Percent(p.Indicators.PartialMin), scoring.Percent(p.Indicators.AchievedMin), scoring.Percent(p.Indicators.PartialMin)),
		"4. " + overNote(p),
		"5. " + notApplicableNote(p),
		"6. " + gradeNote(p),
	}
	if s := splitNote(p, l); s != "" {
		lines = append(lines, "7. "+s)
	}
	return lines
}

// descSuffix is the profile's one-line description, for the notes' first line.
func descSuffix(p *scoring.Profile) string {
	if d := strings.TrimSpace(p.Description); d != "" {
		return "：" + d
	}
	return ""
}

// executionNote says how the execution rate becomes a score.
func executionNote(p *scoring.Profile) string {
	places := p.ScorePlaces
	head := fmt.Sprintf("预算执行率 = 全年执行数 ÷ 全年预算数；表上未写分值时，执行率分值为 %s 分。", p.Execution.Points)
	if p.Execution.Mode != "bands" {
		return head + fmt.Sprintf("执行率得分 = 分值 × 执行率（执行率超过 100%% 按 100%% 计），四舍五入保留 %d 位小数。", places)
	}
	bands := slices.Clone(p.Execution.Bands)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	var parts []string
	for _, b := range bands {
		parts = append(parts, fmt.Sprintf("达到 %s 得分值的 %s", scoring.Percent(b.Min), scoring.Percent(b.Share)))
	}
	return head + "执行率得分分档计算：" + strings.Join(parts, "，") + "，其余得 0 分。"
}

// quantitativeNote says how a numeric indicator is scored.
func quantitativeNote(p *scoring.Profile) string {
	rev := "分值 × 目标值 ÷ 实际值"
	if p.Indicators.Reverse == "deviation" {
		rev = "分值 × (1 − (实际值 − 目标值) ÷ 目标值)，最低 0 分"
	}
	return "定量指标：正向指标（≥、>，或数量、比率）达到目标值得满分，未达到得 分值 × 实际值 ÷ 目标值；" +
		"反向指标（≤、<，或金额、时间）不超过目标值得满分，超过得 " + rev + "。得分四舍五入保留 " +
		fmt.Sprint(p.ScorePlaces) + " 位小数。实际完成值请写实测值（如 3500条），不要写 ≥、超过。"
}

// overNote says what over-achievement asks of the unit.
func overNote(p *scoring.Profile) string {
	s := fmt.Sprintf("实际值达到目标值的 %s 及以上为超额完成，须在偏差原因分析及改进措施中说明原因", scoring.Percent(p.Indicators.OverAchievementRatio))
	if p.Indicators.OverAchievementDeduct {
		s += "，超出部分按 分值 × (实际值 ÷ 目标值 − " + p.Indicators.OverAchievementRatio.String() + ") 扣分"
	}
	return s + "；未得满分的指标也须说明原因。"
}

// notApplicableNote says what a 不适用 indicator does to the total.
func notApplicableNote(p *scoring.Profile) string {
	if p.Indicators.RenormalizeNotApplicable {
		return "不适用的指标在实际完成值中写“不适用”，不计分；总分按其余分值折算为百分制：(执行率得分 + 各指标得分) × 100 ÷ (100 − 不适用指标的分值)。"
	}
	return "不适用的指标在实际完成值中写“不适用”，不计分，其分值也不再计入。"
}

// gradeNote says how the total and the grade are found.
func gradeNote(p *scoring.Profile) string {
	bands := slices.Clone(p.Grades)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	var parts []string
	for i, b := range bands {
		switch {
		case i == 0:
			parts = append(parts, fmt.Sprintf("%s（%s 分及以上）", b.Grade, b.Min))
		case b.Min.IsZero():
			parts = append(parts, fmt.Sprintf("%s（%s 分以下）", b.Grade, bands[i-1].Min))
		default:
			parts = append(parts, fmt.Sprintf("%s（%s 分至 %s 分）", b.Grade, b.Min, bands[i-1].Min))
		}
	}
	return fmt.Sprintf("总分 = 执行率得分 + 各指标得分（满分 %s 分）；自评等级：%s。", p.Total, strings.Join(parts, "、"))
}

// splitNote states the profile's standard level-1 points for the layout's tree, if it sets any.
func splitNote(p *scoring.Profile, l Layout) string {
	split := p.Weights.Tree2020
	if l.Tree2021 {
		split = p.Weights.Tree2021
	}
	if len(split) == 0 {
		return ""
	}
	parts := []string{fmt.Sprintf("执行率 %s 分", p.Execution.Points)}
	for _, name := range l.level1Names() {
		if v, ok := split[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %s 分", name, v))
		}
	}
	return "标准分值：" + strings.Join(parts, "，") + "；分值之和应为 " + p.Total.String() + " 分，调整一级指标分值须经批准。"
}
