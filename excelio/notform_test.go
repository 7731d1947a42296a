package excelio

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// declarationForm is a 项目支出绩效目标申报表 (form.md, "What is not a form"): the project's
// header, its funds and goals, and an indicator table of targets with their 指标解释, filed before
// the year. withPoints adds a 分值 column, as some provinces' templates have.
//
//	0 项目支出绩效目标申报表
//	1 （2022年度）
//	2 项目名称 | project | 项目编码 | code
//	3 主管部门 | dept | 实施单位 | unit
//	4 申请单位 | unit | 实施期限 | 2022年1月—12月
//	5 项目资金（万元） | 年度资金总额 | 110
//	6 | 其中：财政拨款 | 110
//	7 年度总体目标 | goal text
//	8 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 指标解释 (| 分值)
//	9–12 four indicators
func declarationForm(tx formText, withPoints bool) *layout {
	l := newLayout()
	l.set(0, 0, "项目支出绩效目标申报表")
	l.merge(0, 0, 0, 6)
	l.set(1, 0, tx.year)
	l.set(2, 0, "项目名称", tx.project, nil, nil, "项目编码", "51000022R000000012345")
	l.set(3, 0, "主管部门", tx.dept, nil, nil, "实施单位", tx.unit)
	l.set(4, 0, "申请单位", tx.unit, nil, nil, "实施期限", "2022年1月—12月")
	l.set(5, 0, "项目资金（万元）", "年度资金总额", 110)
	l.set(6, 1, "其中：财政拨款", 110)
	l.merge(5, 0, 6, 0)
	l.set(7, 0, "年度总体目标", "全年监测舆情，按时报送舆情报告。")
	header := []any{"绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标解释"}
	rows := [][]any{
		{"产出指标", "数量指标", "监测指令稿件数", "≥3500条", "全年编发监测指令稿件数量"},
		{nil, "质量指标", "稿件准确率", "≥98%", "准确稿件数÷稿件总数"},
		{"效益指标", "社会效益指标", "舆情处置及时率", "≥95%", "及时处置数÷舆情总数"},
		{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80%", "问卷调查"},
	}
	if withPoints {
		header = append(header, "分值")
		for i, p := range []any{25, 25, 30, 10} {
			rows[i] = append(rows[i], p)
		}
	}
	l.set(8, 0, header...)
	for i, r := range rows {
		l.set(9+i, 1, r...)
	}
	l.merge(8, 0, 12, 0)
	l.merge(9, 1, 10, 1)
	return l
}

// flatExport is an indicator list exported from a budget system: one row per indicator, several
// projects on one sheet, the project's code and name on every row. withScores adds the 实际完成值
// and 得分 columns of a self-evaluation export.
func flatExport(projects int, withScores bool) *layout {
	l := newLayout()
	header := []any{"项目编码", "项目名称", "单位名称", "一级指标", "二级指标", "三级指标", "指标值"}
	if withScores {
		header = append(header, "实际完成值", "分值", "得分")
	}
	l.set(0, 0, header...)
	r := 1
	for p := 1; p <= projects; p++ {
		code := fmt.Sprintf("51000022R0000000%04d", p)
		name := fmt.Sprintf("临江市项目%d", p)
		for _, ind := range [][]any{
			{"产出指标", "数量指标", "完成数量", "≥10个", "10个", 50, 50},
			{"效益指标", "社会效益指标", "受益人数", "≥100人", "120人", 30, 30},
			{"满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10},
		} {
			row := append([]any{code, name, "临江市某单位"}, ind[:4]...)
			if withScores {
				row = append(row, ind[4:]...)
			}
			l.set(r, 0, row...)
			r++
		}
	}
	return l
}

// A 绩效目标申报表 and a flat indicator list carry indicator labels but are not 自评表: no form
// is read from them, and the reader says what they are for B06's reason. A 自评表 beside them is
// read as ever, and one that lacks the 实际完成值 and 得分 headers under a 自评表 title is still a
// form (S01 names the columns).
func TestReadFormsNotSelfEvaluation(t *testing.T) {
	selfEval := func() *layout { return nationalForm(defaultText) }
	noColumns := func() *layout {
		l := nationalForm(defaultText)
		l.set(rIndHdr, 5, "完成情况")
		l.set(rIndHdr, 7, "评分")
		return l
	}
	for _, tc := range []struct {
		name   string
		sheets []sheetSpec
		forms  int
		others string // "sheet:what" of every table that is not a form
	}{
		{"declaration", []sheetSpec{{"申报表", []placed{{declarationForm(secondText, false), 0, 0}}}},
			0, "申报表:绩效目标申报表"},
		{"declaration with points", []sheetSpec{{"申报表", []placed{{declarationForm(secondText, true), 2, 1}}}},
			0, "申报表:绩效目标申报表"},
		{"flat list of targets", []sheetSpec{{"指标", []placed{{flatExport(40, false), 0, 0}}}},
			0, "指标:指标清单"},
		{"flat list with scores", []sheetSpec{{"指标", []placed{{flatExport(40, true), 0, 0}}}},
			0, "指标:指标清单"},
		{"self-evaluation beside both", []sheetSpec{
			{"自评表", []placed{{selfEval(), 0, 0}}},
			{"申报表", []placed{{declarationForm(secondText, false), 0, 0}}},
			{"指标", []placed{{flatExport(3, true), 0, 0}}},
		}, 1, "申报表:绩效目标申报表,指标:指标清单"},
		{"self-evaluation missing columns", []sheetSpec{{"自评表", []placed{{noColumns(), 0, 0}}}}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := ReadForms(writeBook(t, tc.sheets...), ReadOptions{})
			if err != nil {
				t.Fatalf("ReadForms: %v", err)
			}
			if len(wb.Forms) != tc.forms {
				t.Fatalf("%d forms, want %d", len(wb.Forms), tc.forms)
			}
			var others []string
			for _, o := range wb.Others {
				others = append(others, o.Sheet+":"+o.What)
			}
			if got := strings.Join(others, ","); got != tc.others {
				t.Errorf("Others = %s, want %s", got, tc.others)
			}
			if tc.forms == 1 && tc.name != "self-evaluation missing columns" {
				checkNationalForm(t, wb.Forms[0], 0, 0, defaultText, nil)
			}
			if tc.name == "self-evaluation missing columns" {
				if m := strings.Join(wb.Forms[0].Missing, ","); m != "实际完成值,得分,总分" {
					t.Errorf("Missing = %s, want 实际完成值,得分,总分", m)
				}
			}
		})
	}
}

var writeMixedInbox = flag.Bool("write-mixed-inbox", false,
	"rewrite ../batch/testdata/mixed, the inbox of batch's TestRunMixedInbox, from the builders here")

// thirdText is a third project, so that no two forms of the mixed inbox are one project (B01).
var thirdText = formText{"（2021年度）", "网络安全应急演练", "中共三门峡市委网信办", "三门峡市互联网舆情研究和应急保障中心"}

// unfilledForm is a national-template 自评表 sent back with every 实际完成值, 得分, 总分 and
// 等级 left empty (S08).
func unfilledForm() *layout {
	l := nationalForm(formText{"（2022年度）", "小型水库除险加固", "临江市水利局", "临江市水库管理站"})
	for r := rFirstInd; r <= rLastInd; r++ {
		l.set(r, 5, nil)
		l.set(r, 7, nil)
		l.set(r, 8, nil)
	}
	l.set(rTotal, 7, nil)
	l.set(rGrade, 6, nil)
	return l
}

// TestWriteMixedInbox rewrites ../batch/testdata/mixed with -write-mixed-inbox: what a bureau
// receives beside its 自评表 (a 申报表, a flat export, a form with a chart sheet, a form whose
// other sheet is damaged, an unfilled form), built by the builders of this package's tests; README.md there lists
// the files and what each must give.
func TestWriteMixedInbox(t *testing.T) {
	if !*writeMixedInbox {
		t.Skip("run with -write-mixed-inbox to rewrite ../batch/testdata/mixed")
	}
	dir := filepath.Join("..", "batch", "testdata", "mixed")
	books := map[string]string{
		"临江市交通运输局/绩效自评表（道路运输服务中心）.xlsx": writeBook(t, sheetSpec{"自评表", []placed{{nationalForm(secondText), 0, 0}}}),
		"临江市交通运输局/绩效目标申报表.xlsx": writeBook(t, sheetSpec{"填报说明", []placed{{newLayout(), 0, 0}}},
			sheetSpec{"绩效目标表", []placed{{declarationForm(secondText, false), 0, 0}}}),
		"临江市财政局/指标清单（系统导出）.xlsx":   writeBook(t, sheetSpec{"Sheet1", []placed{{flatExport(300, true), 0, 0}}}),
		"三门峡市委网信办/自评表（含得分图）.xlsx":  withChartSheet(t, formAndNote(t)),
		"临江市水利局/自评表（未填写）.xlsx":     writeBook(t, sheetSpec{"自评表", []placed{{unfilledForm(), 0, 0}}}),
		"三门峡市委网信办/自评表（说明页损坏）.xlsx": withBrokenSheet(t, writeBook(t, sheetSpec{"自评表", []placed{{nationalForm(thirdText), 0, 0}}}, sheetSpec{"说明", []placed{{newLayout(), 0, 0}}}), false),
	}
	for name, src := range books {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
