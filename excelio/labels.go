package excelio

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jxzp/jxzp/scoring"
)

// labelKey folds a label for comparison: white space, line breaks, full-width forms, brackets
// with their content ("(A)", "（万元）", "(20分)") and a trailing colon are not part of a label.
func labelKey(s string) string {
	if plainKey(s) {
		return s // the numbers of a sheet, folded to themselves, at no cost
	}
	k := scoring.StripBrackets(scoring.NormalizeLabel(s))
	return strings.TrimRight(k, ":：")
}

// plainKey reports a string labelKey leaves as it is: made of printable ASCII without white
// space, brackets or colons, CJK unified ideographs and the few punctuation marks outside the
// blocks of the full-width forms and CJK brackets (see keyRune), all of which NFKC keeps.
func plainKey(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == '[' || c == ']' || c == ':' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !keyRune(r) {
			return false
		}
		i += size
	}
	return true
}

// titleMark is a character of every title key.
const titleMark = '评'

// keyRune reports a non-ASCII character labelKey keeps as it is wherever it stands: a CJK
// unified ideograph, or a mark of scoring's stable set outside U+3000–U+3FFF and U+F000–U+FFFF,
// where the brackets StripBrackets removes and the forms NFKC folds are.
func keyRune(r rune) bool {
	switch r {
	case '\u00b7', '\u00d7', '\u00f7', '\u2014', '\u2018', '\u2019', '\u201c', '\u201d', '\u2264', '\u2265':
		return true
	}
	return r >= 0x4e00 && r <= 0x9fff
}

// role is what a column or row label means on the form.
type role int

const (
	roleNone role = iota
	// indicator table columns
	roleLevel1
	roleLevel2
	roleLevel3
	roleTarget
	roleActual
	rolePoints
	roleScore
	roleReason
	roleNature // 指标性质: the comparator of a split target
	roleUnit   // 度量单位
	roleMethod // 得分计算方法: ignored
	// funds block columns
	roleInitial
	roleBudget
	roleExecuted
	roleRate
	roleCount // the number of roles
)

// vocabulary maps label keys (labelKey) to their role; form.md lists where each was seen.
var indicatorColumns = map[string]role{
	"一级指标": roleLevel1, "二级指标": roleLevel2, "三级指标": roleLevel3,
	"年度指标值": roleTarget, "指标值": roleTarget, "年初目标值": roleTarget, "年度目标值": roleTarget,
	"目标值": roleTarget, "预期指标值": roleTarget, "年度指标": roleTarget,
	"实际完成值": roleActual, "全年实际值": roleActual, "完成值": roleActual, "实际值": roleActual,
	"全年完成值": roleActual, "实际完成情况": roleActual,
	"分值": rolePoints, "权重": rolePoints, "指标分值": rolePoints, "指标权重": rolePoints,
	"得分": roleScore, "自评得分": roleScore, "实际得分": roleScore,
	"指标性质": roleNature, "度量单位": roleUnit, "计量单位": roleUnit,
	"得分计算方法": roleMethod, "评分标准": roleMethod, "计分方法": roleMethod,
}

var fundColumns = map[string]role{
	"年初预算数": roleInitial, "年初预算": roleInitial,
	"全年预算数": roleBudget, "调整后预算数": roleBudget, "调整后预算": roleBudget, "预算数": roleBudget, "全年预算": roleBudget,
	"全年执行数": roleExecuted, "预算执行数": roleExecuted, "执行数": roleExecuted, "实际执行数": roleExecuted, "全年执行": roleExecuted,
	"分值": rolePoints, "权重": rolePoints,
	"执行率": roleRate, "预算执行率": roleRate,
	"得分": roleScore,
	"原因": roleReason, "偏差原因": roleReason, "未完成原因": roleReason,
}

func indicatorRole(key string) role {
	if r, ok := indicatorColumns[key]; ok {
		return r
	}
	if strings.Contains(key, "原因") || strings.Contains(key, "改进措施") {
		return roleReason
	}
	return roleNone
}

var (
	// titleKeys all hold titleMark, which isTitle looks for first.
	titleKeys   = []string{"项目支出绩效自评表", "绩效自评表", "项目支出绩效自评情况表", "绩效目标自评表", "自评表"}
	projectKeys = []string{"项目名称"}
	deptKeys    = []string{"主管部门", "主管单位"}
	unitKeys    = []string{"实施单位", "单位名称", "项目实施单位"}
	goalTargets = []string{"预期目标", "年初设定目标", "项目年度目标", "年度目标"}
	goalActuals = []string{"实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况", "年度总体目标完成情况", "目标完成情况"}
	totalKeys   = []string{"总分", "合计", "总计", "总得分"}
	gradeKeys   = []string{"自评等级", "评价等级", "等级", "绩效等级"}
	fundTotals  = []string{"年度资金总额", "总额", "年度财政资金总额", "资金总额", "合计", "年度资金总计"}
	// A label of one of these ends the indicator table (and the form's body).
	footerKeys = []string{"评价结论", "存在问题", "改进措施", "偏差大或目标未完成原因分析", "项目负责人", "财务负责人",
		"自评结论", "主要问题", "改进措施及结果应用方案", "填表人", "单位负责人"}
)

func isOneOf(key string, set []string) bool {
	for _, s := range set {
		if key == s {
			return true
		}
	}
	return false
}

// knownLabel reports whether key is any label of the form, so a search for a value to the
// right of a label never takes the next label as the value.
func knownLabel(key string) bool {
	if key == "" {
		return false
	}
	for _, set := range [][]string{projectKeys, deptKeys, unitKeys, goalTargets, goalActuals, totalKeys, gradeKeys,
		{"项目负责人", "项目负责人及电话", "填表人", "联系电话", "填报日期", "项目类别", "项目属性"}} {
		if isOneOf(key, set) {
			return true
		}
	}
	_, ind := indicatorColumns[key]
	_, fund := fundColumns[key]
	return ind || fund
}

var yearPattern = regexp.MustCompile(`((?:19|20)\d\d)\s*年度?`)

// yearIn finds the form's year in a title or year row: （2021年度）, 2021年度, (2022年度).
func yearIn(s string) int {
	m := yearPattern.FindStringSubmatch(scoring.NormalizeLabel(s))
	if m == nil {
		return 0
	}
	y := 0
	for _, ch := range m[1] {
		y = y*10 + int(ch-'0')
	}
	return y
}
