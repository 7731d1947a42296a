package main

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
