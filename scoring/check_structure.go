package scoring

import (
	"slices"
	"strings"
)

// The indicator tree of form.md: level-1 names and the level-2 names each may hold.
var indicatorTree = map[string][]string{
	"产出指标":  {"数量指标", "质量指标", "时效指标", "成本指标"},
	"成本指标":  {"经济成本指标", "社会成本指标", "生态环境成本指标"},
	"效益指标":  {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"},
	"满意度指标": {"服务对象满意度指标"},
}

// TreeName folds a level-1 or level-2 label to its name in the tree: points, brackets, codes and
// white space go, and a missing trailing 指标 is added (数量 → 数量指标, 产出指标(50分) → 产出指标).
func TreeName(label string) string {
	n := StripBrackets(NormalizeLabel(label))
	n = strings.TrimRight(n, ":：")
	n = strings.TrimLeft(n, "0123456789.、一二三四五六七八九十")
	if n == "" {
		return ""
	}
	if !strings.HasSuffix(n, "指标") {
		n += "指标"
	}
	return n
}

// S01, S02, S04, S06, S07: checkStructure checks that the form has its parts and its header fields filled.
func (e *evaluation) checkStructure() {
	f := e.f
	for _, part := range f.Missing {
		e.add(S01, Ref{Sheet: f.Sheet, Cell: firstCell(f.Range)}, "未找到“%s”，请按标准格式填写", part)
	}
	for _, field := range []struct {
		name string
		c    Cell
	}{{"项目名称", f.Project}, {"主管部门", f.Department}, {"实施单位", f.Unit}} {
		if field.c.Found() && IsBlank(field.c.Text) {
			e.add(S02, field.c.Ref, "“%s”未填写", field.name)
		}
	}
	if len(f.Indicators) == 0 {
		e.add(S04, f.IndicatorLabel.Ref, "绩效指标表中没有任何三级指标")
	}
	e.checkUnfilled()
	e.checkTree()
	// A goal text whose label the reader did not find belongs beside the other one.
	if IsBlank(f.GoalTarget.Text) {
		e.add(S06, orRef(f.GoalTarget.Ref, f.GoalActual.Ref), "年度总体目标的“预期目标”未填写")
	}
	if IsBlank(f.GoalActual.Text) {
		e.add(S06, orRef(f.GoalActual.Ref, f.GoalTarget.Ref), "年度总体目标的“实际完成情况”未填写")
	}
	switch {
	case f.Year == 0:
		e.add(S07, orRef(f.YearAt, f.Title.Ref), "表中未写明年度")
	case e.opt.Year != 0 && f.Year != e.opt.Year:
		e.add(S07, f.YearAt, "表中年度为 %d 年，本批次为 %d 年", f.Year, e.opt.Year)
	}
}

// S08: checkUnfilled runs S08: a form sent back as it was sent out, with no 实际完成值 and no 得分 on
// any indicator, is not scored (a total of 10 for its execution alone would be published as 差).
func (e *evaluation) checkUnfilled() {
	inds := e.f.Indicators
	if len(inds) == 0 {
		return
	}
	for _, ind := range inds {
		if !IsBlank(ind.Actual.Text) || !IsBlank(ind.Score.Text) || ind.Actual.Unreadable || ind.Score.Unreadable {
			return
		}
	}
	e.unfilled = true
	e.add(S08, orRef(inds[0].Actual.Ref, inds[0].Name.Ref), "自评表未填写：%d 个三级指标的实际完成值和得分均为空，请填写后重新报送", len(inds))
}

// S05: checkTree flags level-1 and level-2 labels outside the tree, once per label cell.
func (e *evaluation) checkTree() {
	seen := map[Ref]bool{}
	for _, ind := range e.f.Indicators {
		l1, l2 := TreeName(ind.Level1.Text), TreeName(ind.Level2.Text)
		kids, known := indicatorTree[l1]
		if !known && ind.Level1.Found() && !seen[ind.Level1.Ref] {
			seen[ind.Level1.Ref] = true
			e.add(S05, ind.Level1.Ref, "一级指标“%s”不在指标体系中（产出指标、成本指标、效益指标、满意度指标）", ind.Level1.Text)
		}
		if !known || l2 == "" || seen[ind.Level2.Ref] {
			continue
		}
		if !slices.Contains(kids, l2) {
			seen[ind.Level2.Ref] = true
			e.add(S05, ind.Level2.Ref, "二级指标“%s”不属于一级指标“%s”（应为：%s）", ind.Level2.Text, l1, strings.Join(kids, "、"))
		}
	}
}

// orRef is the first of refs that names a cell, or an empty Ref.
func orRef(refs ...Ref) Ref {
	for _, r := range refs {
		if r.Cell != "" {
			return r
		}
	}
	return Ref{}
}

// firstCell is the top-left cell of a range such as "A1:I31".
func firstCell(rng string) string {
	if i := strings.IndexByte(rng, ':'); i >= 0 {
		return rng[:i]
	}
	return rng
}
