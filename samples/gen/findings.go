package main

import (
	"fmt"
	"slices"
	"strings"
)

// Findings: what the review must raise, derived from the same numbers.

type finding struct{ code, cell, msg string }

type expectation struct {
	sheet    string
	calc     *calc
	pos      *positions
	findings []finding
}

// judge applies the checks of checks.md that the samples can exercise (default profile mof2020).
func judge(s *sample, c *calc, p *positions) []finding {
	var fs []finding
	add := func(code, cell, format string, args ...any) {
		fs = append(fs, finding{code, cell, fmt.Sprintf(format, args...)})
	}
	colNames := []string{"年初预算数", "全年预算数", "全年执行数"}
	for col := range 3 {
		sum, any := zero, false
		for _, part := range s.parts {
			if part[col] != "" {
				sum, any = sum.Add(dec(part[col])), true
			}
		}
		if any && c.total[col] != "" && !dec(c.total[col]).Equal(sum) {
			add("F01", p.funds[0][col], "年度资金总额%s %s，其中各项之和为 %s", colNames[col], c.total[col], sum)
		}
	}
	budget, executed := dec(c.total[1]), dec(c.total[2])
	if executed.GreaterThan(budget) {
		add("F02", p.funds[0][2], "全年执行数超过全年预算数")
	}
	if !c.execClaim.Equal(c.execRe) {
		add("F04", p.execScore, "执行率得分应为 %s，表中填写 %s", c.execRe, c.execClaim)
	}

	allFull := true
	for _, ic := range c.ind {
		allFull = allFull && ic.claim.Equal(ic.points)
	}
	if c.rate.LessThan(dec("0.6")) && allFull {
		add("F07", p.rate, "执行率低于60%%而各项指标均得满分")
	}

	points := c.execPts
	for _, v := range c.blockPts {
		points = points.Add(v)
	}
	if !points.Equal(hundred) {
		add("W01", p.totalPoints, "分值合计 %s，应为 100", points)
	}
	// W02 is about each part whose points depart from the standard split, at that part's cell.
	if !c.execPts.Equal(dec("10")) {
		add("W02", p.execPoints, "预算执行率分值 %s，标准为 10", c.execPts)
	}
	std := map[string]string{l1Out: "50", l1Eff: "30", l1Sat: "10"}
	for _, l1 := range []string{l1Out, l1Eff, l1Sat} {
		if !c.blockPts[l1].Equal(dec(std[l1])) {
			add("W02", p.l1First[l1], "%s分值 %s，标准为 %s", l1, c.blockPts[l1], std[l1])
		}
	}

	l2Seen := map[string]bool{}
	names := map[string]bool{}
	for i, in := range s.inds {
		ic, ip := c.ind[i], p.inds[i]
		l2Seen[strings.TrimSuffix(in.l2, "指标")] = true
		if names[in.name] {
			add("I15", ip.name, "三级指标名称重复：%s", in.name)
		}
		names[in.name] = true
		noReason := strings.TrimSpace(in.reason) == ""
		switch {
		case ic.claim.GreaterThan(ic.points):
			add("I03", ip.score, "得分 %s 超过分值 %s", ic.claim, ic.points)
		case ic.quant && !ic.claim.Equal(ic.re):
			add("I05", ip.score, "%s：按实际完成值 %s 应得 %s，表中填写 %s", in.name, in.actual, ic.re, ic.claim)
		case !ic.quant && !ic.claim.Equal(ic.re):
			add("I07", ip.score, "%s：实际完成值“%s”属%s档，得分应在该档内（复核 %s），表中填写 %s", in.name, in.actual, ic.band, ic.re, ic.claim)
		}
		if ic.quant && !ic.target.reverse() && !ic.target.num.IsZero() &&
			ic.actual.num.GreaterThanOrEqual(ic.target.num.Mul(dec("1.2"))) && noReason {
			add("I09", ip.reason, "%s 超额完成 20%% 以上，未说明原因", in.name)
		}
		if ic.claim.LessThan(ic.points) && noReason {
			add("I10", ip.reason, "%s 得分 %s 低于分值 %s，未填写偏差原因", in.name, ic.claim, ic.points)
		}
		isL2 := func(k ...string) bool { return slices.Contains(k, strings.TrimSuffix(in.l2, "指标")) }
		if !ic.quant && isL2("数量", "质量", "时效", "成本") {
			add("I11", ip.target, "%s 为定性目标", in.name)
		}
		if ic.actual.ok && ic.actual.cmp != "" {
			add("I12", ip.actual, "%s 实际完成值“%s”不是实测值", in.name, in.actual)
		}
		if (in.l1 == l1Sat && ic.target.cmp == "") || (isL2("成本") && ic.target.cmp == "≥") {
			add("I13", ip.target, "%s 目标方向存疑", in.name)
		}
	}
	if !l2Seen["数量"] || !l2Seen["质量"] || !l2Seen["时效"] || c.blockPts[l1Eff].IsZero() || c.blockPts[l1Sat].IsZero() {
		add("I14", p.totalScore, "缺少必备的二级指标")
	}

	if !c.totalClaim.Equal(c.writtenSum) {
		add("T01", p.totalScore, "总分 %s 不等于执行率得分与各项指标得分之和 %s", c.totalClaim, c.writtenSum)
	}
	if c.gradeClaim != grade(c.totalClaim) {
		add("T02", p.grade, "自评等级 %s 与总分 %s 不符", c.gradeClaim, c.totalClaim)
	}
	if !c.totalRe.Equal(c.totalClaim) {
		add("T03", p.totalScore, "复核得分 %s（%s），自评 %s（%s）", c.totalRe, c.gradeRe, c.totalClaim, c.gradeClaim)
	}
	return fs
}
