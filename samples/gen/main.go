// Command gen writes the sample workbooks of samples/: six 项目支出绩效自评表 of 三门峡市 for 2021,
// all in the national layout (layout family 1 of the domain's form.md), one the seed case, two clean,
// three carrying the errors units typically make.
//
// The generator is the reference for what a review of the samples must find. Every number a unit
// would have computed (fund totals, rates, scores, totals, grades) is computed here with exact
// decimal arithmetic, the expected findings are derived from the same numbers, and the run fails
// when they differ from the findings each sample was designed to carry. Re-running it gives
// byte-identical files, so the samples can be regenerated and compared in review.
//
//	go run ./samples/gen            # write samples/*.xlsx and print the expected outcomes
//	go run ./samples/gen -check     # also reopen each file and print a few cells
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// docTime is fixed so that the core properties, and so the files' bytes, never depend on the day
// the generator runs.
const docTime = "2022-03-01T00:00:00Z"

func main() {
	out := flag.String("o", "samples", "directory the workbooks are written to")
	check := flag.Bool("check", false, "reopen every written workbook and print a few cells")
	flag.Parse()
	if err := run(*out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, check bool) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for i, fm := range samples() {
		data, exp, err := build(fm)
		if err != nil {
			return fmt.Errorf("%s: %w", fm.file, err)
		}
		path := filepath.Join(out, fm.file)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		printExpectation(i+1, fm, exp)
		if check {
			if err := reopen(path, exp); err != nil {
				return fmt.Errorf("%s: %w", fm.file, err)
			}
		}
	}
	return writeMailSamples(out)
}

// ---------------------------------------------------------------------------------------------
// The samples.

// sample is one workbook holding one form, described as the unit filled it in.
type sample struct {
	file  string
	about string // one line for the printout
	lay   layout

	project, dept, unit string
	contact             []string // 项目负责人, 联系电话; nil when the form has no contact row

	// parts are the 其中 rows of the funds block (当年财政拨款, 上年结转资金, 其他资金), each with
	// 年初预算数, 全年预算数, 全年执行数 as decimals ("" = left empty). The 年度资金总额 row is
	// their sum, except where totalSlip holds what the unit typed instead.
	parts      [3][3]string
	totalSlip  [3]string
	execPoints string
	execClaim  string // the execution score the unit wrote; "" = the correct one

	goalTarget, goalActual string
	inds                   []indicator

	totalClaim string // the 总分 the unit wrote; "" = the exact sum of its own scores
	gradeClaim string // the grade the unit wrote; "" = the band of its written total

	notes []string // rows under the form, outside its table
	want  []string // the check codes the review must raise, and no others
}

// indicator is one 三级指标 row as written.
type indicator struct {
	l1, l2, name   string
	target, actual string
	points         string
	claim          string // the score the unit wrote; "" = the correct one
	reason         string // 偏差原因分析及改进措施
}

// layout holds the ways real units' files differ while keeping the national form.
type layout struct {
	sheet     string
	r0, c0    int      // top-left cell of the form, 1-based
	preamble  []string // lines above the form (附件3, 填报单位（盖章）：…)
	breaks    bool     // labels typed with line breaks, such as 项目\n名称
	half      bool     // half-width brackets: 项目资金(万元), (2021年度)
	l1Points  bool     // 一级 labels carry their points: 产出指标（50分）
	letters   bool     // 全年预算数(A), 全年执行数(B), 执行率(B/A), 年度总体目标完成情况…
	short2    bool     // 二级 labels without the trailing 指标: 数量, 社会效益
	textNums  bool     // amounts, rate, execution score and total stored as text ("110.00")
	formulas  int      // noFormula, cachedFormula or uncachedFormula for 执行率 and 总分
	notesTab  []string // a second sheet 填表说明 holding these lines; nil = none
	creator   string
	rowHeight float64 // height of an indicator row
}

const (
	noFormula = iota
	cachedFormula
	uncachedFormula
)

const (
	l1Out  = "产出指标"
	l1Eff  = "效益指标"
	l1Sat  = "满意度指标"
	city   = "三门峡市"
	l2Num  = "数量指标"
	l2Qual = "质量指标"
	l2Time = "时效指标"
	l2Soc  = "社会效益指标"
	l2Eco  = "经济效益指标"
	l2Env  = "生态效益指标"
	l2Sus  = "可持续影响指标"
	l2Sat  = "服务对象满意度指标"
)

func samples() []*sample {
	return []*sample{seed(), cleanAgri(), cleanCDC(), errExecution(), errSanitation(), errWelfare()}
}

// seed is the case the product was conceived from (domain seed-case.md), as the unit reported it:
// its execution score 9 for 89.72%, points adding to 90 and a total of 99 that its own scores do
// not make. The report gives the actuals; the 效益 rows' names and every target are filled in, and
// the note under the form says so.
func seed() *sample {
	return &sample{
		file:  "三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx",
		about: "种子案例（自评报告原样）",
		lay:   layout{sheet: "Sheet1", r0: 1, c0: 1, creator: "三门峡市互联网舆情研究和应急保障中心", rowHeight: 28},

		project: "网络宣传管理和文化建设经费",
		dept:    "中共三门峡市委网信办",
		unit:    "三门峡市互联网舆情研究和应急保障中心",
		parts: [3][3]string{
			{"110", "110", "98.69"},
			{"", "", ""},
			{"", "", ""},
		},
		execPoints: "10",
		execClaim:  "9",
		goalTarget: "围绕网络宣传管理和网络文化建设，完成网络舆情监测、网络安全检查、网评引导和网络安全宣传教育等工作，" +
			"提升网上正面宣传覆盖面和网络安全事件处置能力。",
		goalActual: "全年完成监测指令稿件3500条，对8家单位开展网络安全检查，网络宣传覆盖率100%，完成网评工作任务190个；" +
			"相关话题阅读量1.3亿次，网络安全周知识竞赛参与8.3万人，网络安全事件均得到及时处置。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "监测指令稿件数", target: "≥3500条", actual: "3500条", points: "6"},
			{l1: l1Out, l2: l2Num, name: "安全检查单位数", target: "≥8家", actual: "8家", points: "6"},
			{l1: l1Out, l2: l2Num, name: "网评工作任务数", target: "≥190个", actual: "190个", points: "6"},
			{l1: l1Out, l2: l2Qual, name: "网络宣传覆盖率", target: "100%", actual: "100%", points: "6"},
			{l1: l1Out, l2: l2Time, name: "网络信息发现及时率", target: "≥90%", actual: "超过90%", points: "6"},
			{l1: l1Eff, l2: l2Soc, name: "话题阅读量", target: "≥1.2亿次", actual: "1.3亿次", points: "8"},
			{l1: l1Eff, l2: l2Soc, name: "互动话题浏览量", target: "≥4000万次", actual: "4238.9万次", points: "8"},
			{l1: l1Eff, l2: l2Soc, name: "网络安全事件报告处置数", target: "≥22份", actual: "24份", points: "8"},
			{l1: l1Eff, l2: l2Soc, name: "网络安全周知识竞赛参与人数", target: "≥8万人", actual: "8.3万人", points: "8"},
			{l1: l1Eff, l2: l2Soc, name: "网络安全事件处置数", target: "≥24起", actual: "24起", points: "8"},
			{l1: l1Sat, l2: l2Sat, name: "服务对象满意度", target: "≥80%", actual: "80%", points: "10"},
		},
		totalClaim: "99",
		gradeClaim: "优",
		notes: []string{
			"注：本样例据三门峡市互联网舆情研究和应急保障中心2021年度项目支出绩效自评报告整理；效益指标的具体指标和年度指标值为按报告补充的合理取值。" +
				"报告未载明的年初预算数、产出指标的年度指标值和年度总体目标文字亦为按报告补充。",
		},
		want: []string{"F04", "W01", "W02", "I12", "T01", "T03"},
	}
}

// cleanAgri is consistent throughout; it starts at B3 under an 附件3 line and a 填报单位 line, as
// forms cut from a bureau's notice do, and its 一级 labels carry their points.
func cleanAgri() *sample {
	return &sample{
		file:  "三门峡市农业技术推广中心_农作物病虫害统防统治经费_自评表.xlsx",
		about: "无误（表格从B3起，上方有附件3和填报单位行；一级指标带分值）",
		lay: layout{sheet: "自评表", r0: 3, c0: 2, half: true, l1Points: true, creator: "三门峡市农业技术推广中心", rowHeight: 28,
			preamble: []string{"附件3", "填报单位（盖章）：三门峡市农业技术推广中心"}},

		project: "农作物病虫害统防统治经费",
		dept:    "三门峡市农业农村局",
		unit:    "三门峡市农业技术推广中心",
		parts: [3][3]string{
			{"85", "85", "73.27"},
			{"", "", ""},
			{"", "", ""},
		},
		execPoints: "10",
		goalTarget: "开展小麦、玉米等主要农作物重大病虫害统防统治，完成统防统治面积20万亩以上，病虫害防治效果达到85%以上，" +
			"减少化学农药使用量，挽回粮食损失1.5万吨以上。",
		goalActual: "全年完成统防统治面积21.6万亩，防治效果88.5%，挽回粮食损失1.62万吨；" +
			"因设备老化3个监测点停用，化学农药使用量126吨，略高于控制目标。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "统防统治面积", target: "≥20万亩", actual: "21.6万亩", points: "10"},
			{l1: l1Out, l2: l2Num, name: "病虫害监测点数", target: "≥30个", actual: "27个", points: "10",
				reason: "3个监测点因设备老化停用，已列入2022年设备更新计划。"},
			{l1: l1Out, l2: l2Qual, name: "病虫害防治效果", target: "≥85%", actual: "88.5%", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "农药利用率", target: "≥40%", actual: "40.6%", points: "10"},
			{l1: l1Out, l2: l2Time, name: "病虫情报发布及时率", target: "100%", actual: "100%", points: "10"},
			{l1: l1Eff, l2: l2Eco, name: "挽回粮食损失", target: "≥1.5万吨", actual: "1.62万吨", points: "10"},
			{l1: l1Eff, l2: l2Soc, name: "农户防治技术培训人次", target: "≥3000人次", actual: "2860人次", points: "10",
				reason: "受疫情影响部分集中培训取消，改为线上培训，2022年将增加田间现场培训。"},
			{l1: l1Eff, l2: l2Env, name: "化学农药使用量", target: "≤120吨", actual: "126吨", points: "5",
				reason: "秋季玉米病害偏重发生，用药量增加；将扩大绿色防控技术应用面积。"},
			{l1: l1Eff, l2: l2Sus, name: "统防统治服务能力", target: "明显提升", actual: "有效提升", points: "5", claim: "4.5",
				reason: "专业化防治服务组织数量仍偏少，将继续培育扶持。"},
			{l1: l1Sat, l2: l2Sat, name: "农户满意度", target: "≥90%", actual: "93.5%", points: "10"},
		},
		want: nil,
	}
}

// cleanCDC is consistent throughout and scores 良; its 执行率 and 总分 are formulas with cached
// values, it has a contact row (which puts 年度资金总额 on row 7, so the rate reads =F7/E7), a
// 上年结转资金 row in use, and a 填表说明 sheet that is not a form.
func cleanCDC() *sample {
	return &sample{
		file:  "2021年度项目支出绩效自评表-三门峡市疾病预防控制中心-重大传染病防控经费.xlsx",
		about: "无误，等级良（执行率和总分为带缓存值的公式；另有“填表说明”工作表）",
		lay: layout{sheet: "项目支出绩效自评表", r0: 1, c0: 1, formulas: cachedFormula, creator: "三门峡市疾病预防控制中心", rowHeight: 30,
			notesTab: []string{
				"填表说明",
				"1. 本表资金单位为万元，保留两位小数。",
				"2. 预算执行率＝全年执行数÷全年预算数；执行率得分＝分值×执行率，执行率超过100%的按100%计。",
				"3. 定量指标完成值达到年度指标值的得满分，未达到的按完成比例计分；定性指标按达成、部分达成、未达成分档计分。",
				"4. 得分低于分值的指标，须填写偏差原因分析及改进措施。",
				"5. 自评得分90分（含）以上为优，80分（含）至90分为良，60分（含）至80分为中，60分以下为差。",
			}},

		project: "重大传染病防控经费",
		dept:    "三门峡市卫生健康委员会",
		unit:    "三门峡市疾病预防控制中心",
		contact: []string{"王建华", "0398-2826311"},
		parts: [3][3]string{
			{"120", "120", "87.02"},
			{"", "15.6", "11.68"},
			{"", "", ""},
		},
		execPoints: "10",
		goalTarget: "做好免疫规划、传染病监测和疫情处置工作，适龄儿童免疫规划疫苗接种率保持在90%以上，" +
			"法定传染病报告及时率95%以上，有效防范重大传染病疫情发生。",
		goalActual: "全年完成免疫规划疫苗接种13.2万剂次，接种率96.2%，传染病报告及时率98.6%；" +
			"受疫情防控影响部分常规接种和哨点建设滞后，年末结余资金结转下年使用。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "免疫规划疫苗接种剂次", target: "≥15万剂次", actual: "13.2万剂次", points: "10",
				reason: "受新冠疫情防控影响，部分接种门诊阶段性暂停，已于四季度组织补种。"},
			{l1: l1Out, l2: l2Num, name: "传染病监测哨点数", target: "≥12个", actual: "10个", points: "10",
				reason: "2个哨点医院信息系统改造未完成，计划2022年上半年完成接入。"},
			{l1: l1Out, l2: l2Qual, name: "法定传染病报告及时率", target: "≥95%", actual: "98.6%", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "适龄儿童免疫规划疫苗接种率", target: "≥90%", actual: "96.2%", points: "10"},
			{l1: l1Out, l2: l2Time, name: "疫情处置到达现场时间", target: "≤2小时", actual: "2.5小时", points: "10",
				reason: "偏远乡镇路途较远，将在县级疾控设立应急前置点。"},
			{l1: l1Eff, l2: l2Soc, name: "群众传染病防治知识知晓率", target: "≥85%", actual: "82.4%", points: "10",
				reason: "农村地区宣传覆盖不足，2022年增加乡村巡回宣讲场次。"},
			{l1: l1Eff, l2: l2Soc, name: "突发公共卫生事件规范处置率", target: "100%", actual: "100%", points: "10"},
			{l1: l1Eff, l2: l2Sus, name: "传染病防控长效机制", target: "建立长效工作机制", actual: "部分达成", points: "10", claim: "7",
				reason: "联防联控制度已建立，基层落实仍有差距，2022年开展专项督导。"},
			{l1: l1Sat, l2: l2Sat, name: "服务对象满意度", target: "≥90%", actual: "86%", points: "10",
				reason: "接种排队时间较长，将推行预约接种。"},
		},
		want: nil,
	}
}

// errExecution claims the full 10 for an execution rate of 95.00% and a total to match. Its labels
// carry line breaks, and its 执行率 and 总分 are formulas without cached values, so a reader must
// compute them.
func errExecution() *sample {
	return &sample{
		file:  "三门峡市群众艺术馆_公共文化服务体系建设经费_自评表.xlsx",
		about: "错误：执行率95.00%却得满分10，总分随之虚高（标签含换行；执行率和总分为无缓存值的公式）",
		lay:   layout{sheet: "Sheet1", r0: 1, c0: 1, breaks: true, l1Points: true, formulas: uncachedFormula, creator: "三门峡市群众艺术馆", rowHeight: 30},

		project: "公共文化服务体系建设经费",
		dept:    "三门峡市文化广电和旅游局",
		unit:    "三门峡市群众艺术馆",
		parts: [3][3]string{
			{"200", "200", "190"},
			{"", "", ""},
			{"", "", ""},
		},
		execPoints: "10",
		execClaim:  "10",
		goalTarget: "组织开展群众文化活动和公益艺术培训，提升公共文化场馆服务能力，丰富城乡居民精神文化生活。",
		goalActual: "全年组织群众文化活动126场、公益艺术培训42期，惠及群众21.5万人次；农村地区活动参与率仍偏低。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "群众文化活动场次", target: "≥120场", actual: "126场", points: "10"},
			{l1: l1Out, l2: l2Num, name: "公益艺术培训班期数", target: "≥40期", actual: "42期", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "文化场馆设施完好率", target: "≥95%", actual: "97%", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "培训学员结业率", target: "≥90%", actual: "93.5%", points: "10"},
			{l1: l1Out, l2: l2Time, name: "项目实施周期", target: "≤12个月", actual: "12个月", points: "10"},
			{l1: l1Eff, l2: l2Soc, name: "惠及群众人次", target: "≥20万人次", actual: "21.5万人次", points: "10"},
			{l1: l1Eff, l2: l2Soc, name: "城乡居民文化活动参与率", target: "≥30%", actual: "27%", points: "10",
				reason: "农村地区活动场次偏少，2022年增加送文化下乡场次。"},
			{l1: l1Eff, l2: l2Sus, name: "公共文化服务水平", target: "持续提升", actual: "明显提升", points: "10"},
			{l1: l1Sat, l2: l2Sat, name: "群众满意度", target: "≥90%", actual: "95%", points: "10"},
		},
		want: []string{"F04", "T03"},
	}
}

// errSanitation scores one indicator above its points, and its 年度资金总额 全年预算数 (180) is not
// the sum of its parts (150 + 35). Its amounts, rate, execution score and total are stored as text,
// and its 二级 labels drop the trailing 指标.
func errSanitation() *sample {
	return &sample{
		file:  "三门峡市环境卫生管理处_城区道路清扫保洁经费_自评表.xlsx",
		about: "错误：一项指标得分超过分值；年度资金总额与其中各项之和不符（资金和总分以文本存储）",
		lay:   layout{sheet: "自评表", r0: 1, c0: 1, textNums: true, short2: true, creator: "三门峡市环境卫生管理处", rowHeight: 26},

		project: "城区道路清扫保洁经费",
		dept:    "三门峡市城市管理局",
		unit:    "三门峡市环境卫生管理处",
		parts: [3][3]string{
			{"150", "150", "142.6"},
			{"", "35", "30"},
			{"", "", ""},
		},
		totalSlip:  [3]string{"", "180", ""},
		execPoints: "10",
		goalTarget: "做好城区主次干道清扫保洁和生活垃圾清运，提高道路机械化清扫率，确保生活垃圾日产日清、无害化处理。",
		goalActual: "全年完成道路清扫保洁面积326万平方米，清运生活垃圾9.8万吨，机械化清扫率87%，生活垃圾无害化处理率99.5%。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "道路清扫保洁面积", target: "≥320万平方米", actual: "326万平方米", points: "10"},
			{l1: l1Out, l2: l2Num, name: "生活垃圾清运量", target: "≥9.5万吨", actual: "9.8万吨", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "道路机械化清扫率", target: "≥85%", actual: "87%", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "生活垃圾日产日清率", target: "100%", actual: "100%", points: "10"},
			{l1: l1Out, l2: l2Time, name: "垃圾清运及时率", target: "≥98%", actual: "99.2%", points: "10"},
			{l1: l1Eff, l2: l2Soc, name: "城区环境卫生状况", target: "明显改善", actual: "明显改善", points: "10"},
			{l1: l1Eff, l2: l2Env, name: "生活垃圾无害化处理率", target: "≥99%", actual: "99.5%", points: "10", claim: "12"},
			{l1: l1Eff, l2: l2Sus, name: "环卫作业机械化水平", target: "逐步提高", actual: "有所提升", points: "10", claim: "7.5",
				reason: "部分老旧作业车辆尚未更新，2022年分批更换。"},
			{l1: l1Sat, l2: l2Sat, name: "市民满意度", target: "≥85%", actual: "88.6%", points: "10"},
		},
		want: []string{"F01", "I03", "T03"},
	}
}

// errWelfare claims full points for a qualitative 部分达成 and for a count that missed its target,
// leaves the reason empty on a row it scored below its points, and writes a 总分 that is not the
// sum of its own scores. Its headers carry the letters (A), (B), (B/A).
func errWelfare() *sample {
	return &sample{
		file:  "三门峡市儿童福利院_孤弃儿童养育经费_自评表.xlsx",
		about: "错误：部分达成给满分；定量指标未达标给满分；扣分未写偏差原因；总分不等于各项得分之和（表头带(A)(B)字母）",
		lay:   layout{sheet: "孤弃儿童养育经费", r0: 1, c0: 1, letters: true, creator: "三门峡市儿童福利院", rowHeight: 28},

		project: "孤弃儿童养育经费",
		dept:    "三门峡市民政局",
		unit:    "三门峡市儿童福利院",
		parts: [3][3]string{
			{"64.5", "64.5", "60.42"},
			{"", "", ""},
			{"", "", ""},
		},
		execPoints: "10",
		goalTarget: "保障集中养育孤弃儿童基本生活、医疗康复和教育需求，提升儿童福利机构养育、康复和特殊教育服务水平。",
		goalActual: "全年集中养育孤弃儿童85人，开展康复训练1080人次，儿童健康体检全覆盖，养育补助按月足额发放。",
		inds: []indicator{
			{l1: l1Out, l2: l2Num, name: "集中养育孤弃儿童人数", target: "≥85人", actual: "85人", points: "10"},
			{l1: l1Out, l2: l2Num, name: "儿童康复训练人次", target: "≥1200人次", actual: "1080人次", points: "10", claim: "10"},
			{l1: l1Out, l2: l2Qual, name: "儿童健康体检覆盖率", target: "100%", actual: "100%", points: "10"},
			{l1: l1Out, l2: l2Qual, name: "特殊教育课程开课率", target: "≥95%", actual: "96%", points: "10"},
			{l1: l1Out, l2: l2Time, name: "养育补助按月发放及时率", target: "100%", actual: "100%", points: "10"},
			{l1: l1Eff, l2: l2Soc, name: "孤弃儿童基本生活保障水平", target: "显著提升", actual: "部分达成", points: "10", claim: "10"},
			{l1: l1Eff, l2: l2Soc, name: "适龄儿童入学率", target: "≥95%", actual: "93%", points: "10"},
			{l1: l1Eff, l2: l2Sus, name: "儿童福利服务长效机制", target: "逐步健全", actual: "已完成", points: "10"},
			{l1: l1Sat, l2: l2Sat, name: "服务对象满意度", target: "≥90%", actual: "92%", points: "10"},
		},
		// 99.16 with two digits swapped: the kind of slip a hand-typed total carries.
		totalClaim: "99.61",
		want:       []string{"I05", "I07", "I10", "T01", "T03"},
	}
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic: the reference numbers of every sample.

var (
	zero    = decimal.Zero
	hundred = decimal.NewFromInt(100)
)

const scorePlaces = 2

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// calc holds what the unit wrote and what the bureau recomputes, both as exact decimals.
type calc struct {
	total     [3]string // 年度资金总额 as written ("" = empty)
	rate      decimal.Decimal
	execRe    decimal.Decimal
	execClaim decimal.Decimal
	execPts   decimal.Decimal

	ind []indCalc

	writtenSum decimal.Decimal // execution score + Σ written indicator scores
	totalClaim decimal.Decimal
	gradeClaim string
	totalRe    decimal.Decimal
	gradeRe    string
	blockPts   map[string]decimal.Decimal
}

type indCalc struct {
	points, claim, re decimal.Decimal
	quant             bool
	target, actual    qty
	band              string // qualitative band of the actual
}

func compute(s *sample) (*calc, error) {
	c := &calc{blockPts: map[string]decimal.Decimal{}}
	for col := range 3 {
		sum, any := zero, false
		for _, p := range s.parts {
			if p[col] != "" {
				sum, any = sum.Add(dec(p[col])), true
			}
		}
		switch {
		case s.totalSlip[col] != "":
			c.total[col] = s.totalSlip[col]
		case any:
			c.total[col] = sum.String()
		}
	}
	budget, executed := dec(c.total[1]), dec(c.total[2])
	c.execPts = dec(s.execPoints)
	c.rate = executed.Div(budget)
	c.execRe = c.execPts
	if executed.LessThan(budget) {
		// points × B / A, divided last so the one rounding is exact half-up.
		c.execRe = c.execPts.Mul(executed).DivRound(budget, scorePlaces)
	}
	c.execClaim = c.execRe
	if s.execClaim != "" {
		c.execClaim = dec(s.execClaim)
	}

	c.writtenSum, c.totalRe = c.execClaim, c.execRe
	for _, in := range s.inds {
		ic, err := rescore(in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.name, err)
		}
		c.ind = append(c.ind, ic)
		c.writtenSum = c.writtenSum.Add(ic.claim)
		c.totalRe = c.totalRe.Add(ic.re)
		c.blockPts[in.l1] = c.blockPts[in.l1].Add(ic.points)
	}
	c.totalClaim = c.writtenSum
	if s.totalClaim != "" {
		c.totalClaim = dec(s.totalClaim)
	}
	c.gradeClaim = grade(c.totalClaim)
	if s.gradeClaim != "" {
		c.gradeClaim = s.gradeClaim
	}
	c.gradeRe = grade(c.totalRe)
	return c, nil
}

// rescore recomputes one indicator by rules.md §2 (quantitative) or §3 (qualitative).
func rescore(in indicator) (indCalc, error) {
	ic := indCalc{points: dec(in.points)}
	w := ic.points
	ic.target, ic.actual = parseQty(in.target), parseQty(in.actual)
	ic.quant = ic.target.ok
	if ic.quant {
		if !ic.actual.ok {
			return ic, fmt.Errorf("quantitative target %q with a text actual %q", in.target, in.actual)
		}
		if ic.actual.unit != "" && ic.actual.unit != ic.target.unit {
			return ic, fmt.Errorf("units differ: %q, %q", in.target, in.actual)
		}
		a, b := ic.target.num, ic.actual.num
		switch {
		case ic.target.reverse():
			ic.re = w
			if b.GreaterThan(a) {
				ic.re = w.Mul(a).DivRound(b, scorePlaces)
			}
		case a.IsZero() || b.GreaterThanOrEqual(a):
			ic.re = w
		default:
			ic.re = w.Mul(b).DivRound(a, scorePlaces)
		}
	} else {
		ic.band = band(in.actual)
		if ic.band == "" {
			return ic, fmt.Errorf("actual %q falls in no band (it would raise I08)", in.actual)
		}
	}
	ic.claim = ic.re
	if in.claim != "" {
		ic.claim = dec(in.claim)
	}
	if !ic.quant {
		// A met qualitative row is scored in full unless the sample says otherwise; any other
		// band has no single right score, so the sample must say what the unit wrote.
		switch {
		case in.claim == "" && ic.band == "达成":
			ic.claim = w
		case in.claim == "":
			return ic, fmt.Errorf("a %s row needs the score the unit wrote", ic.band)
		}
		ic.re = clampToBand(ic.claim, w, ic.band)
	}
	return ic, nil
}

// qty is a target or actual read as comparator, number and unit (values.md).
type qty struct {
	ok   bool
	cmp  string // ≥ > ≤ < or "" when none was written
	num  decimal.Decimal
	unit string
}

var numRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?`)

// comparators lists the spellings the samples use, longest first so 不少于 is not read as 不.
var comparators = []struct{ text, cmp string }{
	{"不少于", "≥"}, {"不超过", "≤"}, {"超过", ">"}, {"≥", "≥"}, {"≤", "≤"}, {">", ">"}, {"<", "<"},
}

func parseQty(s string) qty {
	q := qty{}
	for _, c := range comparators {
		if rest, ok := strings.CutPrefix(s, c.text); ok {
			q.cmp, s = c.cmp, rest
			break
		}
	}
	m := numRe.FindString(s)
	if m == "" {
		return qty{}
	}
	q.ok, q.num, q.unit = true, dec(m), s[len(m):]
	// 万 and 亿 multiply the number unless they belong to a money unit (万元, 亿元).
	if rest, ok := strings.CutPrefix(q.unit, "万"); ok && rest != "元" {
		q.num, q.unit = q.num.Mul(decimal.NewFromInt(10000)), rest
	}
	if rest, ok := strings.CutPrefix(q.unit, "亿"); ok && rest != "元" {
		q.num, q.unit = q.num.Mul(decimal.NewFromInt(100000000)), rest
	}
	return q
}

// reverse reports whether a lower actual is better: ≤ / <, or no comparator on money and time.
func (q qty) reverse() bool {
	switch q.cmp {
	case "≤", "<":
		return true
	case "":
		return slices.Contains([]string{"元", "万元", "亿元", "天", "日", "工作日", "个月", "月", "小时"}, q.unit)
	}
	return false
}

// band maps a qualitative actual to its band in the order values.md prescribes: a negation first,
// then the partial words, then the 达成 words.
func band(actual string) string {
	t := strings.Join(strings.Fields(actual), "")
	for _, neg := range []string{"未", "没有", "不", "无法"} {
		for _, v := range []string{"达成", "完成", "达到", "到位"} {
			if strings.Contains(t, neg+v) {
				return "未达成"
			}
		}
	}
	for _, w := range []string{"部分", "一定", "有所", "较好", "一般"} {
		if strings.Contains(t, w) {
			return "部分达成"
		}
	}
	for _, w := range []string{"达成", "完成", "达到", "显著", "明显", "有效", "提升", "改善", "符合", "合格", "按时", "是", "好", "优"} {
		if strings.Contains(t, w) {
			return "达成"
		}
	}
	return ""
}

// clampToBand is rules.md §3: the claimed score when it lies in its band, else the nearest score
// inside it (lower edges inclusive, so an upper edge that is exclusive gives edge − 0.01).
func clampToBand(claim, w decimal.Decimal, b string) decimal.Decimal {
	step := decimal.New(1, -scorePlaces)
	lo8, lo6 := w.Mul(dec("0.8")), w.Mul(dec("0.6"))
	var lo, hi decimal.Decimal
	switch b {
	case "达成":
		lo, hi = lo8, w
	case "部分达成":
		lo, hi = lo6, lo8.Sub(step)
	default:
		lo, hi = zero, lo6.Sub(step)
	}
	switch {
	case claim.LessThan(lo):
		return lo
	case claim.GreaterThan(hi):
		return hi
	}
	return claim
}

func grade(total decimal.Decimal) string {
	switch {
	case total.GreaterThanOrEqual(dec("90")):
		return "优"
	case total.GreaterThanOrEqual(dec("80")):
		return "良"
	case total.GreaterThanOrEqual(dec("60")):
		return "中"
	}
	return "差"
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Writing the workbook.

type styles struct {
	title, sub, label, head, text, amount, num, pct, note int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	s := &styles{}
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(18, true), Alignment: center}},
		{&s.sub, excelize.Style{Font: font(12, false), Alignment: center}},
		{&s.label, excelize.Style{Font: font(11, false), Alignment: center, Border: border}},
		{&s.head, excelize.Style{Font: font(11, true), Alignment: center, Border: border}},
		{&s.text, excelize.Style{Font: font(11, false), Alignment: left, Border: border}},
		{&s.amount, excelize.Style{Font: font(11, false), Alignment: center, Border: border, NumFmt: 2}},
		{&s.num, excelize.Style{Font: font(11, false), Alignment: center, Border: border}},
		{&s.pct, excelize.Style{Font: font(11, false), Alignment: center, Border: border, NumFmt: 10}},
		{&s.note, excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	return s, nil
}

// grid writes cells at positions relative to the form's top-left corner, so that a form can be
// moved (B3 instead of A1) without touching the layout code.
type grid struct {
	f      *excelize.File
	sheet  string
	r0, c0 int
	err    error
}

// formula is a formula cell; cached is the value Excel would have stored, nil for none (as
// openpyxl and some exporters leave it).
type formula struct {
	expr   string
	cached *decimal.Decimal
}

func (g *grid) ref(r, c int) string {
	name, err := excelize.CoordinatesToCellName(g.c0+c, g.r0+r)
	if err != nil && g.err == nil {
		g.err = err
	}
	return name
}

func (g *grid) keep(err error) {
	if err != nil && g.err == nil {
		g.err = err
	}
}

func (g *grid) set(r, c int, v any, style int) string {
	cell := g.ref(r, c)
	switch v := v.(type) {
	case string:
		if v != "" {
			g.keep(g.f.SetCellStr(g.sheet, cell, v))
		}
	case decimal.Decimal:
		// The decimal is exact; the float is only how the xlsx stores a number, and every value
		// written here has far fewer than 15 significant digits.
		g.keep(g.f.SetCellFloat(g.sheet, cell, v.InexactFloat64(), -1, 64))
	case formula:
		if v.cached != nil {
			g.keep(g.f.SetCellFloat(g.sheet, cell, v.cached.InexactFloat64(), -1, 64))
		}
		g.keep(g.f.SetCellFormula(g.sheet, cell, v.expr))
	default:
		g.keep(fmt.Errorf("cell %s: unsupported value %T", cell, v))
	}
	g.keep(g.f.SetCellStyle(g.sheet, cell, cell, style))
	return cell
}

// merge writes v into the top-left cell of a range, styles every cell of it (so borders show on
// the merged area in every viewer) and merges it.
func (g *grid) merge(r1, c1, r2, c2 int, v any, style int) string {
	cell := g.set(r1, c1, v, style)
	far := g.ref(r2, c2)
	g.keep(g.f.SetCellStyle(g.sheet, cell, far, style))
	if r1 != r2 || c1 != c2 {
		g.keep(g.f.MergeCell(g.sheet, cell, far))
	}
	return cell
}

func (g *grid) height(r int, h float64) { g.keep(g.f.SetRowHeight(g.sheet, g.r0+r, h)) }

// positions are the cells of the parts a finding points at.
type positions struct {
	rng                                 string
	funds                               [4][3]string // row (total, parts), column (年初, 全年, 执行)
	execPoints, rate, execScore         string
	inds                                []indPos
	l1First                             map[string]string
	totalPoints, totalScore, grade      string
	title, project, unit, goalTarget    string
	rateFormula, totalFormula, firstInd string
}

type indPos struct{ name, target, actual, points, score, reason string }

// labels returns the label spellings of one layout; the reader must find every one of them.
func labels(l layout) map[string]string {
	m := map[string]string{
		"year": "（2021年度）", "project": "项目名称", "dept": "主管部门", "unit": "实施单位",
		"person": "项目负责人", "phone": "联系电话",
		"funds": "项目资金（万元）", "initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
		"points": "分值", "rate": "执行率", "score": "得分",
		"total": "年度资金总额", "cur": "其中：当年财政拨款", "carry": "上年结转资金", "other": "其他资金",
		"goal": "年度总体目标", "goalTarget": "预期目标", "goalActual": "实际完成情况",
		"ind": "绩效指标", "l1": "一级指标", "l2": "二级指标", "l3": "三级指标",
		"target": "年度指标值", "actual": "实际完成值", "reason": "偏差原因分析及改进措施",
		"sum": "总分", "grade": "自评等级",
	}
	if l.half {
		m["year"], m["funds"] = "(2021年度)", "项目资金(万元)"
	}
	if l.letters {
		m["budget"], m["executed"], m["rate"] = "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"
		m["goal"], m["ind"] = "年度总体目标完成情况", "年度绩效指标完成情况"
	}
	if l.breaks {
		for k, v := range map[string]string{
			"project": "项目\n名称", "dept": "主管\n部门", "unit": "实施\n单位", "funds": "项目资金\n（万元）",
			"initial": "年初\n预算数", "budget": "全年\n预算数", "executed": "全年\n执行数",
			"total": "年度资金\n总额", "cur": "其中：当年\n财政拨款", "carry": "上年结转\n资金",
			"goal": "年度总体\n目标", "ind": "绩效\n指标", "l1": "一级\n指标", "l2": "二级\n指标", "l3": "三级\n指标",
			"target": "年度\n指标值", "actual": "实际\n完成值", "reason": "偏差原因分析\n及改进措施",
			"sum": "总  分", "grade": "自评\n等级",
		} {
			m[k] = v
		}
	}
	return m
}

const dash = "—"

func layOut(g *grid, st *styles, s *sample, c *calc) *positions {
	l, lb := s.lay, labels(s.lay)
	p := &positions{l1First: map[string]string{}}
	// Labels typed with a line break take two lines of height.
	line := 22.0
	if l.breaks {
		line = 32
	}
	textNum := func(d decimal.Decimal, places int32) any {
		if l.textNums {
			return d.StringFixed(places)
		}
		return d
	}

	for i, line := range l.preamble {
		r := i - len(l.preamble)
		if i == 0 {
			g.set(r, 0, line, st.note)
		} else {
			g.merge(r, 0, r, 4, line, st.note)
			g.set(r, 8, "单位：万元", st.note)
		}
	}

	r := 0
	p.title = g.merge(r, 0, r, 8, "项目支出绩效自评表", st.title)
	g.height(r, 32)
	r++
	g.merge(r, 0, r, 8, lb["year"], st.sub)
	g.height(r, 20)
	r++
	g.set(r, 0, lb["project"], st.label)
	p.project = g.merge(r, 1, r, 8, s.project, st.text)
	g.height(r, line+4)
	r++
	g.set(r, 0, lb["dept"], st.label)
	g.merge(r, 1, r, 4, s.dept, st.text)
	g.set(r, 5, lb["unit"], st.label)
	p.unit = g.merge(r, 6, r, 8, s.unit, st.text)
	g.height(r, line+4)
	if s.contact != nil {
		r++
		g.set(r, 0, lb["person"], st.label)
		g.merge(r, 1, r, 4, s.contact[0], st.text)
		g.set(r, 5, lb["phone"], st.label)
		g.merge(r, 6, r, 8, s.contact[1], st.text)
		g.height(r, 22)
	}

	// Funds block: the label spans the header row and the four amount rows.
	r++
	h := r
	g.merge(h, 0, h+4, 0, lb["funds"], st.label)
	g.merge(h, 1, h, 2, "", st.head)
	for i, k := range []string{"initial", "budget", "executed", "points", "rate", "score"} {
		g.set(h, 3+i, lb[k], st.head)
	}
	g.height(h, 30)
	rows := [][3]string{c.total, s.parts[0], s.parts[1], s.parts[2]}
	for i, k := range []string{"total", "cur", "carry", "other"} {
		rr := h + 1 + i
		g.merge(rr, 1, rr, 2, lb[k], st.label)
		for col, v := range rows[i] {
			var val any = ""
			if v != "" {
				val = textNum(dec(v), 2)
			}
			p.funds[i][col] = g.set(rr, 3+col, val, st.amount)
		}
		if i > 0 {
			for col := 6; col <= 8; col++ {
				g.set(rr, col, dash, st.label)
			}
		}
		g.height(rr, line)
	}
	tr := h + 1
	p.execPoints = g.set(tr, 6, textNum(c.execPts, 0), st.num)
	var rate any
	switch {
	case l.formulas != noFormula:
		expr := g.ref(tr, 5) + "/" + g.ref(tr, 4)
		var cached *decimal.Decimal
		if l.formulas == cachedFormula {
			v := c.rate
			cached = &v
		}
		rate, p.rateFormula = formula{expr, cached}, expr
	case l.textNums:
		rate = c.rate.Mul(hundred).Round(scorePlaces).StringFixed(scorePlaces) + "%"
	default:
		// What a unit types: the rate rounded to 0.01% and shown as a percentage.
		rate = c.rate.Round(4)
	}
	p.rate = g.set(tr, 7, rate, st.pct)
	p.execScore = g.set(tr, 8, textNum(c.execClaim, 2), st.num)

	// Annual goals.
	r = h + 5
	g.merge(r, 0, r+1, 0, lb["goal"], st.label)
	g.merge(r, 1, r, 4, lb["goalTarget"], st.head)
	g.merge(r, 5, r, 8, lb["goalActual"], st.head)
	g.height(r, 22)
	p.goalTarget = g.merge(r+1, 1, r+1, 4, s.goalTarget, st.text)
	g.merge(r+1, 5, r+1, 8, s.goalActual, st.text)
	g.height(r+1, 96)

	// Indicator table: 一级 and 二级 merged down over their rows.
	r += 2
	n := len(s.inds)
	g.merge(r, 0, r+n, 0, lb["ind"], st.label)
	for i, k := range []string{"l1", "l2", "l3", "target", "actual", "points", "score", "reason"} {
		g.set(r, 1+i, lb[k], st.head)
	}
	g.height(r, 30)
	first := r + 1
	p.firstInd = g.ref(first, 3)
	for i := 0; i < n; {
		j := i
		for j < n && s.inds[j].l1 == s.inds[i].l1 {
			j++
		}
		l1 := s.inds[i].l1
		if l.l1Points {
			open, shut := "（", "分）"
			if l.half {
				open, shut = "(", "分)"
			}
			l1 += open + c.blockPts[l1].String() + shut
		}
		p.l1First[s.inds[i].l1] = g.merge(first+i, 1, first+j-1, 1, l1, st.label)
		for k := i; k < j; {
			m := k
			for m < j && s.inds[m].l2 == s.inds[k].l2 {
				m++
			}
			l2 := s.inds[k].l2
			if l.short2 {
				l2 = strings.TrimSuffix(l2, "指标")
			}
			g.merge(first+k, 2, first+m-1, 2, l2, st.label)
			k = m
		}
		i = j
	}
	for i, in := range s.inds {
		rr := first + i
		ic := c.ind[i]
		ip := indPos{
			name:   g.set(rr, 3, in.name, st.label),
			target: g.set(rr, 4, in.target, st.label),
			actual: g.set(rr, 5, in.actual, st.label),
			points: g.set(rr, 6, ic.points, st.num),
			score:  g.set(rr, 7, ic.claim, st.num),
			reason: g.set(rr, 8, in.reason, st.text),
		}
		p.inds = append(p.inds, ip)
		// A written reason wraps onto two or three lines of the 偏差原因 column.
		if in.reason != "" {
			g.height(rr, max(l.rowHeight, 42))
		} else {
			g.height(rr, l.rowHeight)
		}
	}

	// Total and grade.
	r = first + n
	g.merge(r, 0, r, 5, lb["sum"], st.head)
	p.totalPoints = g.set(r, 6, textNum(hundred, 0), st.num)
	var total any = textNum(c.totalClaim, 2)
	if l.formulas != noFormula {
		expr := fmt.Sprintf("SUM(%s,%s:%s)", g.ref(tr, 8), g.ref(first, 7), g.ref(first+n-1, 7))
		var cached *decimal.Decimal
		if l.formulas == cachedFormula {
			v := c.totalClaim
			cached = &v
		}
		total, p.totalFormula = formula{expr, cached}, expr
	}
	p.totalScore = g.set(r, 7, total, st.num)
	g.set(r, 8, "", st.label)
	g.height(r, 24)
	r++
	g.merge(r, 0, r, 5, lb["grade"], st.head)
	p.grade = g.merge(r, 6, r, 8, c.gradeClaim, st.label)
	g.height(r, line+2)
	p.rng = g.ref(0, 0) + ":" + g.ref(r, 8)

	// Notes sit below a blank row, outside the bordered table.
	r += 2
	for _, note := range s.notes {
		g.merge(r, 0, r, 8, note, st.note)
		g.height(r, 48)
		r++
	}

	widths := []float64{11, 15, 17, 26, 14, 14, 8, 9, 30}
	if g.c0 > 1 {
		g.keep(g.f.SetColWidth(g.sheet, "A", "A", 3))
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(g.c0 + i)
		g.keep(err)
		g.keep(g.f.SetColWidth(g.sheet, col, col, w))
	}
	return p
}

func build(s *sample) ([]byte, *expectation, error) {
	c, err := compute(s)
	if err != nil {
		return nil, nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", s.lay.sheet); err != nil {
		return nil, nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, nil, err
	}
	g := &grid{f: f, sheet: s.lay.sheet, r0: s.lay.r0, c0: s.lay.c0}
	p := layOut(g, st, s, c)
	if g.err != nil {
		return nil, nil, g.err
	}
	// A4 landscape, one page wide: how the forms are printed for stamping.
	if err := f.SetSheetProps(s.lay.sheet, &excelize.SheetPropsOptions{FitToPage: boolp(true)}); err != nil {
		return nil, nil, err
	}
	if err := f.SetPageLayout(s.lay.sheet, &excelize.PageLayoutOptions{
		Size: intp(9), Orientation: strp("landscape"), FitToWidth: intp(1), FitToHeight: intp(0),
	}); err != nil {
		return nil, nil, err
	}
	if s.lay.notesTab != nil {
		if err := notesSheet(f, st, s.lay.notesTab); err != nil {
			return nil, nil, err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: s.lay.creator, LastModifiedBy: s.lay.creator, Title: "项目支出绩效自评表",
		Created: docTime, Modified: docTime, Language: "zh-CN",
	}); err != nil {
		return nil, nil, err
	}

	fs := judge(s, c, p)
	var got []string
	for _, fd := range fs {
		got = append(got, fd.code)
	}
	if !slices.Equal(sortedUnique(got), sortedUnique(s.want)) {
		return nil, nil, fmt.Errorf("designed to raise %v, the numbers raise %v", s.want, sortedUnique(got))
	}

	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, nil, err
	}
	data, err := numericFormulaResults(buf.Bytes())
	if err != nil {
		return nil, nil, err
	}
	return data, &expectation{sheet: s.lay.sheet, calc: c, pos: p, findings: fs}, nil
}

func notesSheet(f *excelize.File, st *styles, lines []string) error {
	const name = "填表说明"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "A", "A", 100); err != nil {
		return err
	}
	for i, line := range lines {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellStr(name, cell, line); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, st.note); err != nil {
			return err
		}
		if err := f.SetRowHeight(name, i+1, 30); err != nil {
			return err
		}
	}
	return nil
}

func intp(v int) *int       { return &v }
func boolp(v bool) *bool    { return &v }
func strp(v string) *string { return &v }

func sortedUnique(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// formulaCell matches a formula cell that excelize typed t="str" (it types every formula cell so)
// whose cached value is a number or absent.
var formulaCell = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f>(?:<v>-?[0-9.]+(?:E[-+]?[0-9]+)?</v>)?</c>)`)

// numericFormulaResults rewrites the worksheets so that a formula with a numeric result is stored
// as Excel stores it, untyped: left as t="str", a reader would take the cached 0.8988… for text.
// The archive is rebuilt in the same entry order with the same (zero) timestamps, so the output
// stays deterministic.
func numericFormulaResults(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(e.Name, "xl/worksheets/sheet") {
			body = formulaCell.ReplaceAll(body, []byte("$1$2"))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ---------------------------------------------------------------------------------------------
// Output.

func printExpectation(n int, s *sample, e *expectation) {
	c, p := e.calc, e.pos
	fmt.Printf("%d. %s\n", n, s.file)
	fmt.Printf("   %s\n", s.about)
	fmt.Printf("   工作表 %s，表格范围 %s\n", e.sheet, p.rng)
	f2 := func(d decimal.Decimal) string { return d.StringFixed(scorePlaces) }
	fmt.Printf("   执行率 %s%%，执行率得分 复核 %s / 自评 %s\n", f2(c.rate.Mul(hundred)), f2(c.execRe), f2(c.execClaim))
	fmt.Printf("   总分 复核 %s（%s） / 自评 %s（%s）\n", f2(c.totalRe), c.gradeRe, f2(c.totalClaim), c.gradeClaim)
	if len(e.findings) == 0 {
		fmt.Println("   应触发：无（通过）")
	} else {
		fmt.Printf("   应触发：%s\n", strings.Join(sortedUnique(s.want), " "))
		for _, fd := range e.findings {
			fmt.Printf("     %s %-5s %s\n", fd.code, fd.cell, fd.msg)
		}
	}
	fmt.Println()
}

// reopen reads a written workbook back with excelize and prints the cells a reader relies on,
// computing the formulas that carry no cached value as the reader's fallback must.
func reopen(path string, e *expectation) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	p := e.pos
	get := func(cell string) string {
		v, err := f.GetCellValue(e.sheet, cell)
		if err != nil {
			return "ERR " + err.Error()
		}
		if v == "" {
			if fml, _ := f.GetCellFormula(e.sheet, cell); fml != "" {
				calc, err := f.CalcCellValue(e.sheet, cell)
				if err != nil {
					return "=" + fml + " (计算失败 " + err.Error() + ")"
				}
				return "=" + fml + " → " + calc + "（无缓存，计算）"
			}
		}
		if fml, _ := f.GetCellFormula(e.sheet, cell); fml != "" {
			return "=" + fml + " 缓存 " + v
		}
		return strings.ReplaceAll(v, "\n", `\n`)
	}
	fmt.Printf("   复查 %s：sheets=%v\n", filepath.Base(path), f.GetSheetList())
	for _, x := range []struct{ name, cell string }{
		{"标题", p.title}, {"项目名称", p.project}, {"实施单位", p.unit},
		{"全年预算数", p.funds[0][1]}, {"全年执行数", p.funds[0][2]}, {"执行率", p.rate},
		{"执行率得分", p.execScore}, {"首个三级指标", p.firstInd}, {"总分", p.totalScore}, {"自评等级", p.grade},
	} {
		fmt.Printf("     %-6s %-5s %s\n", x.name, x.cell, get(x.cell))
	}
	fmt.Println()
	return nil
}
