package templates

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
)

// row is one indicator a test writes into a template.
type row struct {
	l1, l2, name, target, actual string
	points, score                string
}

// filling is what a test writes into a template.
type filling struct {
	year                      string
	project, dept, unit       string
	initial, budget, executed string
	part                      [3]string
	execPoints                string // empty leaves the template's
	goalTarget, goalActual    string
	rows                      []row
}

// seedFilling is the seed case (seed-case.md) as its unit would type it into the template.
func seedFilling() filling {
	rows := []row{
		{"产出指标", "数量指标", "监测指令稿件数", "≥3500条", "3500条", "6", "6"},
		{"产出指标", "数量指标", "安全检查单位数", "≥8家", "8家", "6", "6"},
		{"产出指标", "数量指标", "网评工作任务数", "≥190个", "190个", "6", "6"},
		{"产出指标", "质量指标", "网络宣传覆盖率", "100%", "100%", "6", "6"},
		{"产出指标", "时效指标", "网络信息发现及时率", "≥90%", "超过90%", "6", "6"},
		{"效益指标", "社会效益指标", "话题阅读量", "≥1.2亿次", "1.3亿次", "8", "8"},
		{"效益指标", "社会效益指标", "互动话题浏览量", "≥4000万次", "4238.9万次", "8", "8"},
		{"效益指标", "社会效益指标", "网络安全事件报告处置数", "≥22份", "24份", "8", "8"},
		{"效益指标", "社会效益指标", "网络安全周知识竞赛参与人数", "≥8万人", "8.3万人", "8", "8"},
		{"效益指标", "社会效益指标", "网络安全事件处置数", "≥24起", "24起", "8", "8"},
		{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80%", "80%", "10", "10"},
	}
	return filling{
		year: "（2021年度）", project: "网络宣传管理和文化建设经费", dept: "中共三门峡市委网信办",
		unit: "三门峡市互联网舆情研究和应急保障中心", initial: "110", budget: "110", executed: "98.69",
		part:       [3]string{"110", "110", "98.69"},
		goalTarget: "完成网络舆情监测、网络安全检查、网评引导和网络安全宣传教育等工作。",
		goalActual: "全年完成监测指令稿件3500条，对8家单位开展网络安全检查，网络安全事件均得到及时处置。",
		rows:       rows,
	}
}

// cleanFilling is a form that is right in every respect under p: full execution, every target
// met, points adding to the total with the profile's standard split where it sets one.
func cleanFilling(p *scoring.Profile) filling {
	l := LayoutOf(p)
	rem := p.Total.Sub(p.Execution.Points)
	split := map[string]decimal.Decimal{}
	src := p.Weights.Tree2020
	if l.Tree2021 {
		src = p.Weights.Tree2021
	}
	for k, v := range src {
		split[k] = v
	}
	if len(split) == 0 {
		split = map[string]decimal.Decimal{"产出指标": rem.Sub(decimal.NewFromInt(40)), "效益指标": decimal.NewFromInt(30), "满意度指标": decimal.NewFromInt(10)}
		if l.Tree2021 {
			split["成本指标"] = decimal.NewFromInt(10)
			split["产出指标"] = rem.Sub(decimal.NewFromInt(50))
		}
	}
	third := split["产出指标"].Div(decimal.NewFromInt(3)).Floor()
	out := split["产出指标"].Sub(third.Mul(decimal.NewFromInt(2)))
	rows := []row{
		{"产出指标", "数量指标", "培训人次", "≥100人次", "100人次", out.String(), out.String()},
		{"产出指标", "质量指标", "培训合格率", "100%", "100%", third.String(), third.String()},
		{"产出指标", "时效指标", "按期完成率", "≥95%", "98%", third.String(), third.String()},
	}
	if l.Tree2021 {
		c := split["成本指标"].String()
		rows = append(rows, row{"成本指标", "经济成本指标", "培训成本", "≤50万元", "48万元", c, c})
	}
	e, s := split["效益指标"].String(), split["满意度指标"].String()
	rows = append(rows,
		row{"效益指标", "社会效益指标", "参训人员技能提升率", "≥90%", "92%", e, e},
		row{"满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", s, s},
	)
	return filling{
		year: "（2024年度）", project: "基层干部培训经费", dept: "某市财政局", unit: "某市财政干部培训中心",
		initial: "100", budget: "100", executed: "100", part: [3]string{"100", "100", "100"},
		goalTarget: "完成全年基层干部培训任务。", goalActual: "全年完成培训100人次，合格率100%。",
		rows: rows,
	}
}

// fill writes fl into the template data of layout l and saves it at dst.
func fill(t *testing.T, data []byte, l Layout, fl filling, dst string) {
	t.Helper()
	f, err := excelize.OpenReader(bytesReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := CellsOf(l)
	set := func(cell string, v string) {
		if cell == "" || v == "" {
			return
		}
		var val any = v
		if d, err := decimal.NewFromString(v); err == nil {
			val, _ = d.Float64()
		}
		if err := f.SetCellValue(FormSheet, cell, val); err != nil {
			t.Fatal(err)
		}
	}
	set(c.Year, fl.year)
	set(c.Project, fl.project)
	set(c.Department, fl.dept)
	set(c.Unit, fl.unit)
	set(c.Initial, fl.initial)
	set(c.Budget, fl.budget)
	set(c.Executed, fl.executed)
	if len(c.Parts) > 0 {
		for i, v := range fl.part {
			set(c.Parts[0][i], v)
		}
	}
	set(c.ExecPoints, fl.execPoints)
	set(c.GoalTarget, fl.goalTarget)
	set(c.GoalActual, fl.goalActual)
	if len(fl.rows) > c.LastRow-c.FirstRow+1 {
		t.Fatalf("%d rows do not fit the template", len(fl.rows))
	}
	for i, r := range fl.rows {
		n := c.FirstRow + i
		set(Cell(c.Level1, n), r.l1)
		set(Cell(c.Level2, n), r.l2)
		set(Cell(c.Name, n), r.name)
		set(Cell(c.Target, n), r.target)
		set(Cell(c.Actual, n), r.actual)
		if c.Points != "" {
			set(Cell(c.Points, n), r.points)
		}
		set(Cell(c.Score, n), r.score)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(fmt.Errorf("save %s: %w", dst, err))
	}
}

// bytesReader is bytes.NewReader, kept apart so the helpers above read as the form they fill.
func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
