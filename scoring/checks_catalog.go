package scoring

// Code is a check code of checks.md, such as "F04"; an alias of string, so findings and
// results.json carry it exactly as before.
type Code = string

// The check codes of checks.md, one per Catalog entry, grouped by the file that emits them:
// S in check_structure.go, F in check_funds.go, W in check_weights.go, I in check_indicators.go,
// T in check_totals.go, and B in the batch package (see emittedElsewhere for the exceptions).
const (
	S01 Code = "S01"
	S02 Code = "S02"
	S03 Code = "S03"
	S04 Code = "S04"
	S05 Code = "S05"
	S06 Code = "S06"
	S07 Code = "S07"
	S08 Code = "S08"

	F01 Code = "F01"
	F02 Code = "F02"
	F03 Code = "F03"
	F04 Code = "F04"
	F05 Code = "F05"
	F06 Code = "F06"
	F07 Code = "F07"
	F08 Code = "F08"

	W01 Code = "W01"
	W02 Code = "W02"
	W03 Code = "W03"
	W04 Code = "W04"

	I01 Code = "I01"
	I02 Code = "I02"
	I03 Code = "I03"
	I04 Code = "I04"
	I05 Code = "I05"
	I06 Code = "I06"
	I07 Code = "I07"
	I08 Code = "I08"
	I09 Code = "I09"
	I10 Code = "I10"
	I11 Code = "I11"
	I12 Code = "I12"
	I13 Code = "I13"
	I14 Code = "I14"
	I15 Code = "I15"
	I16 Code = "I16"

	T01 Code = "T01"
	T02 Code = "T02"
	T03 Code = "T03"
	T04 Code = "T04"
	T05 Code = "T05"

	B01 Code = "B01"
	B02 Code = "B02"
	B03 Code = "B03"
	B04 Code = "B04"
	B05 Code = "B05"
	B06 Code = "B06"
	B07 Code = "B07"
)

// Check is one entry of the check catalogue (审核规则) of checks.md.
type Check struct {
	Code    Code     // F04
	Default Severity // the severity a profile that says nothing about the code gives it
	Title   string   // a short Chinese description, for `jxzp profile show` and the TOML comments
}

// Catalog lists every check of checks.md in the document's order.
//
// B03–B06 have no severity in checks.md ("—") because they describe what happens to a file rather
// than a finding on a form; they still need one so that a profile can name them and an output can
// print them: a file that cannot be read or holds no form (B03, B04, B06) must not pass unnoticed,
// so they are errors, while a skipped lock file (B05) is only worth a note.
var Catalog = []Check{
	{S01, Error, "表样缺少必需部分"},
	{S02, Error, "项目名称、主管部门或实施单位为空"},
	{S03, Error, "资金部分缺失或全年预算数、全年执行数无法读取"},
	{S04, Error, "指标表没有指标行"},
	{S05, Warning, "一级或二级指标名称不规范，或二级指标归属错误"},
	{S06, Warning, "年度总体目标的预期目标或实际完成情况为空"},
	{S07, Warning, "年度缺失或与本批次年度不符"},
	{S08, Error, "自评表未填写（实际完成值和得分均为空）"},

	{F01, Error, "年度资金总额与其中各项之和不符"},
	{F02, Error, "全年执行数大于全年预算数"},
	{F03, Error, "填写的执行率与执行数÷预算数不符"},
	{F04, Error, "预算执行率得分与复核得分不符"},
	{F05, Error, "全年预算数为空或为零，无法计算执行率"},
	{F06, Error, "金额不是数字或为负数"},
	{F07, Warning, "执行率偏低而各指标均得满分"},
	{F08, Warning, "执行率低于规定比例且未说明原因"},

	{W01, Error, "执行率分值与各指标分值之和不等于总分"},
	{W02, Warning, "执行率或一级指标分值与标准分值不符"},
	{W03, Error, "一级指标标注的分值与其下指标分值之和不符"},
	{W04, Error, "指标分值为空、为零、为负或不是数字"},

	{I01, Error, "年度指标值为空或仍是模板占位内容"},
	{I02, Error, "实际完成值为空"},
	{I03, Error, "得分高于分值"},
	{I04, Error, "得分为空、为负或不是数字"},
	{I05, Error, "定量指标得分与复核得分不符"},
	{I06, Warning, "定量指标的指标值与完成值无法比较"},
	{I07, Error, "定性指标得分不在完成情况对应的档次内"},
	{I08, Warning, "定性指标完成情况无法归档，需人工审核"},
	{I09, Warning, "超额完成而偏差原因未作说明"},
	{I10, Error, "未得满分而偏差原因为空或无实际内容"},
	{I11, Warning, "数量、质量、时效或成本指标的指标值不是数值"},
	{I12, Warning, "实际完成值写成了比较式而不是实测值"},
	{I13, Warning, "指标方向可能有误"},
	{I14, Warning, "缺少必需的二级指标类别"},
	{I15, Info, "同一张表中三级指标名称重复"},
	{I16, Info, "实际完成值超过指标值规定比例（偏离），已扣分"},

	{T01, Error, "总分与执行率得分加各指标得分之和不符"},
	{T02, Error, "等级与总分不符"},
	{T03, Error, "复核总分与自评总分不符"},
	{T04, Info, "有不适用的指标，总分已折算"},
	{T05, Info, "预算执行率偏低，总分按上限扣减"},

	{B01, Warning, "同一批次中有重复的项目"},
	{B02, Info, "同一批次中有内容完全相同的文件"},
	{B03, Error, "文件无法读取"},
	{B04, Error, "旧版文件格式（.xls、.et）"},
	{B05, Info, "锁文件、隐藏文件或临时文件，已跳过"},
	{B06, Error, "工作簿中未找到绩效自评表"},
	{B07, Warning, "工作簿中有工作表无法读取，其余工作表已审核"},
}

// groupFile names the file of scoring that emits each group of codes, by the code's letter; B
// codes are the batch package's and are emitted there.
var groupFile = map[byte]string{
	'S': "check_structure.go",
	'F': "check_funds.go",
	'W': "check_weights.go",
	'I': "check_indicators.go",
	'T': "check_totals.go",
}

// elsewhere is a code emitted outside its group's file: where, and why it cannot move home.
type elsewhere struct {
	file, why string
}

// emittedElsewhere lists the codes some of whose findings are emitted outside their group's file.
var emittedElsewhere = map[Code]elsewhere{
	// S03 says the funds part is missing or its budget or execution cannot be read: only the funds
	// check, while reading the block and its amounts, finds that out, alongside F05 and F06.
	S03: {"check_funds.go", "the funds block and its amounts are read there, where F05 and F06 are found"},
}

// catalogIndex maps a code to its position in Catalog, so CheckByCode does not scan the table for
// every finding of every form.
var catalogIndex = func() map[Code]int {
	m := make(map[Code]int, len(Catalog))
	for i, c := range Catalog {
		m[c.Code] = i
	}
	return m
}()

// CheckByCode returns the catalogue entry of code, and false when checks.md defines no such code.
func CheckByCode(code Code) (Check, bool) {
	i, ok := catalogIndex[code]
	if !ok {
		return Check{}, false
	}
	return Catalog[i], true
}
