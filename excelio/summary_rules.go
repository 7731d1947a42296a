package excelio

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// sheetRules explains every code the batch uses and the profile's key numbers, so a printout of
// the summary needs nothing else to be read.
const sheetRules = "审核规则说明"

var rulesHeader = []string{"代码", "严重程度", "说明", "本批次条数"}

// rulesWidths are the columns of 审核规则说明: the explanation gets the room.
var rulesWidths = [][2]int{{8, 8}, {10, 10}, {70, 70}, {12, 12}}

// batchCodes counts each check code used in the batch: the forms' findings, then what happened to
// files that gave no form (B02–B06), in catalogue order.
func batchCodes(s *Summary, f *summaryFacts) (codes []string, count map[string]int) {
	count = maps.Clone(f.codes)
	for _, ff := range s.Failed {
		if ff.Code != "" {
			count[ff.Code]++
		}
	}
	if s.Skipped > 0 {
		count[scoring.B05] += s.Skipped
	}
	for _, c := range scoring.Catalog {
		if count[c.Code] > 0 {
			codes = append(codes, c.Code)
		}
	}
	// A code outside the catalogue is still shown, after the others, rather than left unexplained.
	var unknown []string
	for code := range count {
		if _, ok := scoring.CheckByCode(code); !ok {
			unknown = append(unknown, code)
		}
	}
	slices.Sort(unknown)
	return append(codes, unknown...), count
}

func (w *summaryWriter) rules(title string, s *Summary) error {
	sh := sheetRules
	p := summaryProfile(s)
	note := "评分规则：" + p.Name
	if d := strings.TrimSpace(p.Description); d != "" {
		note += "（" + d + "）"
	}
	if err := w.frame(sh, title+"（审核规则说明）", note, "", rulesHeader); err != nil {
		return err
	}
	codes, count := batchCodes(s, w.facts(s))
	row := summaryFirstRow
	for _, code := range codes {
		check, _ := scoring.CheckByCode(code)
		text := check.Title
		if text == "" {
			text = "（未收录的代码）"
		}
		vals := []summaryCell{{code, sCenter}, {p.SeverityOf(code).String(), sCenter}, {text, sText}, {count[code], sInt}}
		for c, v := range vals {
			if err := w.set(sh, c+1, row, v.v, v.o); err != nil {
				return err
			}
		}
		row++
	}
	lastData := row - 1
	if len(codes) == 0 {
		if err := w.merged(sh, 1, len(rulesHeader), row, "本批次未发现问题。", sText); err != nil {
			return err
		}
		row++
	}
	if err := w.ruleFacts(row+1, p); err != nil {
		return err
	}
	if lastData >= summaryFirstRow {
		if err := w.condFill(sh, fmt.Sprintf("B%d:B%d", summaryFirstRow, lastData), map[string][2]string{
			scoring.Error.String():   {outErrorFill, outErrorFont},
			scoring.Warning.String(): {outWarnFill, outWarnFont},
		}); err != nil {
			return err
		}
	}
	return w.finish(sh, rulesHeader, colWidths{}, rulesWidths, []int{3}, lastData)
}

// ruleFacts writes the profile's key numbers under the code table from row on: a heading, then
// one line per rule, its name over the first two columns and its value over the last two.
func (w *summaryWriter) ruleFacts(row int, p *scoring.Profile) error {
	sh := sheetRules
	if err := w.merged(sh, 1, len(rulesHeader), row, "评分规则要点", sHead); err != nil {
		return err
	}
	row++
	for _, fact := range ruleFactLines(p) {
		if err := w.merged(sh, 1, 2, row, fact[0], sText); err != nil {
			return err
		}
		if err := w.merged(sh, 3, 4, row, fact[1], sText); err != nil {
			return err
		}
		if lines := wrappedLines(fact[1], float64(rulesWidths[2][1]+rulesWidths[3][1])); lines > 1 {
			if err := w.f.SetRowHeight(sh, row, linesHeight(lines)); err != nil {
				return err
			}
		}
		row++
	}
	return nil
}

// ruleFactLines are the profile's key numbers in plain Chinese, one [name, rule] per line.
func ruleFactLines(p *scoring.Profile) [][2]string {
	ind := p.Indicators
	return [][2]string{
		{"满分", pts(p.Total) + "；执行率分值与各指标分值之和应等于满分（W01）"},
		{"预算执行率", "分值 " + pts(p.Execution.Points) + "（表上写了分值的以表为准）；" + executionMode(p.Execution)},
		{"定量指标", "正向指标达到目标得满分，未达到按 分值 × 实际值 ÷ 目标值；反向指标未达到" + reverseMode(ind.Reverse)},
		{"超额完成", fmt.Sprintf("实际值达到目标值的 %s 倍及以上须在偏差原因中说明（I09）%s", ind.OverAchievementRatio, overDeduct(ind.OverAchievementDeduct))},
		{"定性指标", fmt.Sprintf("达成得分值的 %s–100%%，部分达成 %s–%s（不含），未达成低于 %s", scoring.Percent(ind.AchievedMin), scoring.Percent(ind.PartialMin), scoring.Percent(ind.AchievedMin), scoring.Percent(ind.PartialMin))},
		{"不适用指标", notApplicable(ind.RenormalizeNotApplicable)},
		{"一级指标标准分值", splitText(p)},
		{"等级", gradesText(p.Grades)},
		{"执行率与总分上限", p.TotalCaps.Describe()},
		{"偏离扣分", p.Deviation.Describe()},
		{"状态", "有“错误”的表为需修改，退回单位；只有“警告”“提示”的表为通过"},
	}
}

func pts(d decimal.Decimal) string { return d.String() + " 分" }

func executionMode(e scoring.ExecutionRules) string {
	if e.Mode != "bands" {
		return "得分 = 分值 × 执行率（超过 100% 按 100% 计）"
	}
	parts := make([]string, 0, len(e.Bands)+1)
	for _, b := range e.Bands {
		parts = append(parts, fmt.Sprintf("达到 %s 得 %s", scoring.Percent(b.Min), scoring.Percent(b.Share)))
	}
	return "分档计分：" + strings.Join(append(parts, "其余得 0"), "，")
}

func reverseMode(mode string) string {
	if mode == "deviation" {
		return "按 分值 × (1 − (实际值 − 目标值) ÷ 目标值) 计，最低 0"
	}
	return "按 分值 × 目标值 ÷ 实际值 计"
}

func overDeduct(deduct bool) string {
	if deduct {
		return "，并按超出部分扣分"
	}
	return "，不扣分，由审核人员决定"
}

func notApplicable(renorm bool) string {
	if renorm {
		return "不计入，总分按其余分值折算为百分制（T04）"
	}
	return "不计入，其分值不得分"
}

func splitText(p *scoring.Profile) string {
	one := func(m map[string]decimal.Decimal, names []string) string {
		var parts []string
		for _, n := range names {
			if v, ok := m[n]; ok {
				parts = append(parts, n+" "+v.String())
			}
		}
		if len(parts) == 0 {
			return "未规定"
		}
		return strings.Join(parts, "、")
	}
	return "2021 年以前的指标体系：" + one(p.Weights.Tree2020, []string{"产出指标", "效益指标", "满意度指标"}) +
		"；2021 年起：" + one(p.Weights.Tree2021, []string{"成本指标", "产出指标", "效益指标", "满意度指标"}) +
		"；与之不同报 W02（警告）"
}

func gradesText(grades []scoring.GradeBand) string {
	parts := make([]string, 0, len(grades))
	for i, g := range grades {
		switch {
		case i == 0:
			parts = append(parts, fmt.Sprintf("%s：%s 分及以上", g.Grade, g.Min))
		case g.Min.IsZero():
			parts = append(parts, fmt.Sprintf("%s：低于 %s 分", g.Grade, grades[i-1].Min))
		default:
			parts = append(parts, fmt.Sprintf("%s：%s 分至 %s 分（不含）", g.Grade, g.Min, grades[i-1].Min))
		}
	}
	return strings.Join(parts, "；")
}
