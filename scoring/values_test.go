package scoring

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

// vdec keeps test tables short; the name avoids helpers of other test files.
func vdec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in   string
		cmp  Comparator
		num  string
		unit string
	}{
		// values.md, targets table, row ≥.
		{"≥3500条", CmpGE, "3500", "条"},
		{">=3500条", CmpGE, "3500", "条"},
		{"≧3500条", CmpGE, "3500", "条"},
		{"不少于3500条", CmpGE, "3500", "条"},
		{"不低于3500条", CmpGE, "3500", "条"},
		{"3500条以上", CmpGE, "3500", "条"},
		{"至少3500条", CmpGE, "3500", "条"},
		// row >.
		{">90%", CmpGT, "90", "%"},
		{"大于90%", CmpGT, "90", "%"},
		{"超过90%", CmpGT, "90", "%"},
		{"高于90%", CmpGT, "90", "%"},
		// row ≤.
		{"≤90万元", CmpLE, "90", "万元"},
		{"<=90万元", CmpLE, "90", "万元"},
		{"不超过90万元", CmpLE, "90", "万元"},
		{"不高于90万元", CmpLE, "90", "万元"},
		{"控制在90万元以内", CmpLE, "90", "万元"},
		{"90万元以下", CmpLE, "90", "万元"},
		// row <.
		{"<5%", CmpLT, "5", "%"},
		{"小于5%", CmpLT, "5", "%"},
		{"低于5%", CmpLT, "5", "%"},
		// row = or none.
		{"=100%", CmpEQ, "100", "%"},
		{"等于100%", CmpEQ, "100", "%"},
		{"100%", CmpNone, "100", "%"},
		// row none.
		{"3,500", CmpNone, "3500", ""},
		{"３５００", CmpNone, "3500", ""},
		{"3500余条", CmpNone, "3500", "条"},
		{"约3500条", CmpNone, "3500", "条"},
		// row magnitudes.
		{"4238.9万余次", CmpNone, "42389000", "次"},
		{"1.3亿次", CmpNone, "130000000", "次"},
		// Time targets and actuals of values.md.
		{"≤12个月", CmpLE, "12", "个月"},
		{"10个工作日内", CmpLE, "10", "工作日"},
		{"8个月", CmpNone, "8", "个月"},
		// Extra spellings of the brief.
		{"至少３５００条", CmpGE, "3500", "条"},
		{"12个工作日以内", CmpLE, "12", "工作日"},
		{"101万元以内", CmpLE, "101", "万元"},
		{">=90百分比", CmpGE, "90", "%"},
		{"100％以上", CmpGE, "100", "%"},
		{"≧160个", CmpGE, "160", "个"},
		{"2万份", CmpNone, "20000", "份"},
		{"９个月", CmpNone, "9", "个月"},
		{"不低于11年", CmpGE, "11", "年"},
		{"≤8个月", CmpLE, "8", "个月"},
		{"-5", CmpNone, "-5", ""},
		{"−5%", CmpNone, "-5", "%"},
		{"3500", CmpNone, "3500", ""},
		{"0", CmpNone, "0", ""},
		// Values.md: actuals written with a comparator.
		{"≥266米", CmpGE, "266", "米"},
		{"90%以上", CmpGE, "90", "%"},
		// Spacing, width and noise units leave in.
		{" ≥ 3500 条 ", CmpGE, "3500", "条"},
		{"≥95%（含）", CmpGE, "95", "%"},
		{"89.72 %", CmpNone, "89.72", "%"},
		{"９５％", CmpNone, "95", "%"},
		{"1,100.5万元", CmpNone, "1100.5", "万元"},
		{"90万余元", CmpNone, "90", "万元"},
		{"3500条左右", CmpNone, "3500", "条"},
		// values.md lists 达到 among the ≥ words.
		{"达到95%", CmpGE, "95", "%"},
		{"达95%", CmpGE, "95", "%"},
		{"累计达到3500条", CmpGE, "3500", "条"},
		{"达到95%以上", CmpGE, "95", "%"},
		{"达到100万元", CmpGE, "100", "万元"},
		{"完成3500条", CmpNone, "3500", "条"},
		{"累计超过3500条", CmpGT, "3500", "条"},
		{"≤500元/人", CmpLE, "500", "元/人"},
		{"1000平方米", CmpNone, "1000", "平方米"},
		{"200人次", CmpNone, "200", "人次"},
		{"2万人次", CmpNone, "20000", "人次"},
		{"5天", CmpNone, "5", "天"},
		{"24小时", CmpNone, "24", "小时"},
		{"100m²", CmpNone, "100", "m²"},
		{"≥3500条。", CmpGE, "3500", "条"},
		{"大于或等于80%", CmpGE, "80", "%"},
		{"不足5%", CmpLT, "5", "%"},
		{"3个月内", CmpLE, "3", "个月"},
		{"12月", CmpNone, "12", "月"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, ok := ParseQuantity(tt.in)
			if !ok {
				t.Fatalf("ParseQuantity(%q) not ok", tt.in)
			}
			if q.Cmp != tt.cmp || !q.Num.Equal(vdec(tt.num)) || q.Unit != tt.unit {
				t.Errorf("ParseQuantity(%q) = %v %s %q, want %v %s %q", tt.in, q.Cmp, q.Num, q.Unit, tt.cmp, tt.num, tt.unit)
			}
			back, ok := ParseQuantity(q.String())
			if !ok || back.Cmp != q.Cmp || !back.Num.Equal(q.Num) || back.Unit != q.Unit {
				t.Errorf("round trip of %q through %q gave %v %v", tt.in, q.String(), back, ok)
			}
		})
	}
}

func TestParseQuantityRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", "-", "—", "/", "－", "+",
		// Qualitative targets of values.md.
		"效果明显", "显著提升", "有效提升", "严格执行相关制度规定", "符合相关规定", "达成预期指标", "按时完成",
		"在项目计划完成时间内完成",
		// Dates are deadlines, not quantities.
		"12月底前完成", "2021年12月31日前", "2021年11月20日完成", "2022年12月底", "2021-12-31", "2021年",
		"12月31日", "6月份",
		// Not one quantity.
		"李明 0838-7202123", "95%-100%", "3 500", "1,2", "3500,00", "2021年1-12月", "第3季度",
		"≥90%以下", "≥**平方米", "XX", "90%以上的群众满意", "3500余余条", "1亿亿次", "5.条",
		"≥3500条且≥90%", "100%（计划3500条）",
	} {
		if q, ok := ParseQuantity(in); ok {
			t.Errorf("ParseQuantity(%q) = %v, want not ok", in, q)
		}
	}
}

func TestComparator(t *testing.T) {
	want := map[Comparator]string{CmpNone: "", CmpGE: "≥", CmpGT: ">", CmpLE: "≤", CmpLT: "<", CmpEQ: "="}
	for c, s := range want {
		if c.String() != s {
			t.Errorf("%d.String() = %q, want %q", c, c.String(), s)
		}
		if c.Reverse() != (c == CmpLE || c == CmpLT) {
			t.Errorf("%q.Reverse() = %v", s, c.Reverse())
		}
	}
}

func TestClassOf(t *testing.T) {
	tests := []struct {
		unit string
		want UnitClass
	}{
		{"", UnitNone},
		{"%", UnitPercent}, {"％", UnitPercent}, {"百分比", UnitPercent},
		{"元", UnitMoney}, {"万元", UnitMoney}, {"亿元", UnitMoney}, {"元/人", UnitMoney},
		{"天", UnitTime}, {"日", UnitTime}, {"工作日", UnitTime}, {"个工作日", UnitTime},
		{"个月", UnitTime}, {"月", UnitTime}, {"小时", UnitTime},
		{"年", UnitCount},
		{"个", UnitCount}, {"家", UnitCount}, {"条", UnitCount}, {"次", UnitCount}, {"人", UnitCount},
		{"户", UnitCount}, {"篇", UnitCount}, {"场", UnitCount}, {"人次", UnitCount},
		{"平方米", UnitCount}, {"米", UnitCount}, {"头", UnitCount}, {"台", UnitCount},
		{"元件", UnitCount},
	}
	for _, tt := range tests {
		if got := ClassOf(tt.unit); got != tt.want {
			t.Errorf("ClassOf(%q) = %d, want %d", tt.unit, got, tt.want)
		}
	}
}

func TestInUnit(t *testing.T) {
	tests := []struct {
		num, from, to string
		want          string
		ok            bool
	}{
		{"90", "万元", "万元", "90", true},
		{"986900", "元", "万元", "98.69", true},
		{"1.2", "亿元", "万元", "12000", true},
		{"98.69", "万元", "元", "986900", true},
		{"500", "元/人", "万元/人", "0.05", true},
		{"500", "元/人", "万元", "", false},
		{"90", "", "%", "90", true},
		{"90", "", "", "90", true},
		{"90", "%", "%", "90", true},
		{"90", "%", "百分比", "90", true},
		{"12", "个工作日", "工作日", "12", true},
		{"12", "工作日", "个工作日", "12", true},
		{"8", "个月", "月", "8", true},
		{"8", "月", "个月", "8", true},
		{"5", "天", "日", "5", true},
		{"5", "日", "天", "5", true},
		{"5", "工作日", "日", "", false},
		{"90", "%", "人", "", false},
		{"3500", "条", "篇", "", false},
		{"3500", "条", "", "", false},
		{"3", "个月", "年", "", false},
	}
	for _, tt := range tests {
		got, ok := InUnit(Quantity{Num: vdec(tt.num), Unit: tt.from}, tt.to)
		if ok != tt.ok || (ok && !got.Equal(vdec(tt.want))) {
			t.Errorf("InUnit(%s %q, %q) = %s %v, want %s %v", tt.num, tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in   string
		want Deadline
	}{
		// values.md, time targets and actuals.
		{"12月底前完成", Deadline{0, 12, 31}},
		{"2021年12月31日前", Deadline{2021, 12, 31}},
		{"2021年11月20日完成", Deadline{2021, 11, 20}},
		{"2022年12月底", Deadline{2022, 12, 31}},
		// Other spellings.
		{"2021-12-31", Deadline{2021, 12, 31}},
		{"2021/6/30", Deadline{2021, 6, 30}},
		{"2021.11.20", Deadline{2021, 11, 20}},
		{"２０２１年１２月３１日前", Deadline{2021, 12, 31}},
		{"2021 年 12 月 31 日前", Deadline{2021, 12, 31}},
		{"于2021年11月20日完成验收", Deadline{2021, 11, 20}},
		{"2022年6月", Deadline{2022, 6, 30}},
		{"2021年", Deadline{2021, 12, 31}},
		{"2021年底前完成", Deadline{2021, 12, 31}},
		{"2021年上半年", Deadline{2021, 6, 30}},
		{"12月31日", Deadline{0, 12, 31}},
		{"6月份", Deadline{0, 6, 30}},
		{"12月前完成", Deadline{0, 12, 31}},
		{"9月上旬", Deadline{0, 9, 10}},
		{"9月中旬", Deadline{0, 9, 20}},
		{"9月下旬", Deadline{0, 9, 30}},
		{"2月底", Deadline{0, 2, 29}},
		{"2023年2月底", Deadline{2023, 2, 28}},
		{"10月20号", Deadline{0, 10, 20}},
		{"年底前完成", Deadline{0, 12, 31}},
	}
	for _, tt := range tests {
		got, ok := ParseDeadline(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ParseDeadline(%q) = %v %v, want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{
		"", "按时完成", "在项目计划完成时间内完成", "≤12个月", "10个工作日内", "8个月", "12月", "12月内",
		"3500条", "不低于11年", "3年内", "2021年2月30日", "13月", "2021年13月", "0838-7202123",
		"李明 0838-7202123", "2021.12", "2021年1-12月", "2021年12月31日前完成3个项目",
		"确保在年底前完成全部建设任务并通过验收投入使用", "2021年度任务全部完成",
		"按照上级部门的统一安排部署于2021年11月20日完成", "2021年11月20日完成全部建设任务并通过验收投入使用",
	} {
		if d, ok := ParseDeadline(in); ok {
			t.Errorf("ParseDeadline(%q) = %v, want not ok", in, d)
		}
	}
}

func TestDeadlineCompare(t *testing.T) {
	target, _ := ParseDeadline("12月底前完成")
	actual, _ := ParseDeadline("2021年11月20日完成")
	if actual.Compare(target) >= 0 {
		t.Errorf("%v should be before %v", actual, target)
	}
	late := Deadline{2022, 1, 5}
	if late.Compare(Deadline{2021, 12, 31}) <= 0 {
		t.Errorf("%v should be after 2021-12-31", late)
	}
	if (Deadline{2021, 12, 31}).Compare(Deadline{0, 12, 31}) != 0 {
		t.Error("a missing year should compare equal on month and day")
	}
	if got := (Deadline{2021, 12, 31}).String(); got != "2021年12月31日" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"110", "110"}, {"110.00", "110"}, {"1,100.5", "1100.5"}, {"１１０", "110"},
		{" 98.69 ", "98.69"}, {"-3", "-3"}, {"+3", "3"}, {"0", "0"}, {"1,234,567.89", "1234567.89"},
		{"1E-05", "0.00001"}, {"1.23457E+15", "1234570000000000"}, {"\u3000110\u3000", "110"},
		{"０.８９７２", "0.8972"},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if !ok || !got.Equal(vdec(tt.want)) {
			t.Errorf("ParseNumber(%q) = %s %v, want %s", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{
		"", "-", "—", "/", "abc", "98.69万元", "1,10", "1,1000", "1.2.3", "3 500", "1e", "1e999",
		"12%", ".5", "5.", "- 3", "十",
	} {
		if got, ok := ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %s, want not ok", in, got)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in     string
		yuan   bool
		want   string
		filled bool
	}{
		// values.md, amounts.
		{"110", false, "110", true},
		{"110.00", false, "110", true},
		{"1,100.5", false, "1100.5", true},
		{"１１０", false, "110", true},
		{" 98.69 ", false, "98.69", true},
		{"98.69万元", false, "98.69", true},
		{"-", false, "0", false},
		{"—", false, "0", false},
		{"/", false, "0", false},
		{"", false, "0", false},
		{"986,900元", false, "98.69", true},
		// Blank marks of the brief.
		{"－", false, "0", false},
		{"／", false, "0", false},
		{"–", false, "0", false},
		{"  ", false, "0", false},
		{"——", false, "0", false},
		// A block labelled （元）.
		{"986900", true, "98.69", true},
		{"986,900元", true, "98.69", true},
		{"98.69万元", true, "98.69", true},
		{"-", true, "0", false},
		// Other units and zero.
		{"1.2亿元", false, "12000", true},
		{"0", false, "0", true},
		{"0.00", false, "0", true},
		{"-5", false, "-5", true},
		{"98.69 万元", false, "98.69", true},
		{"￥986,900元", false, "98.69", true},
	}
	for _, tt := range tests {
		a, err := ParseAmount(tt.in, tt.yuan)
		if err != nil || a.Filled != tt.filled || !a.Value.Equal(vdec(tt.want)) {
			t.Errorf("ParseAmount(%q, %v) = %v %v, want %s filled=%v", tt.in, tt.yuan, a, err, tt.want, tt.filled)
		}
	}
	for _, in := range []string{"abc", "十万", "未执行", "98.69万元（含结转）", "1,10", "0.5%", "110 120"} {
		a, err := ParseAmount(in, false)
		if !errors.Is(err, ErrNotNumber) || a.Filled {
			t.Errorf("ParseAmount(%q) = %v %v, want ErrNotNumber", in, a, err)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		percent bool
		want    string
		places  int
	}{
		// values.md, rates.
		{"89.72%", false, "0.8972", 4},
		{"89.72 %", false, "0.8972", 4},
		{"0.8972", true, "0.8972", 4},
		{"0.8972", false, "0.8972", 4},
		{"89.72", false, "0.8972", 4},
		{"100.00%", false, "1", 4},
		// Brief.
		{"86%", false, "0.86", 2},
		{"100.0%", false, "1", 3},
		{"108.67", false, "1.0867", 4},
		{"99", false, "0.99", 2},
		{"0.899997912709512", true, "0.899997912709512", 6},
		{"0.899997912709512", false, "0.899997912709512", 6},
		{"89.9997912709512%", false, "0.899997912709512", 6},
		// A percent-formatted cell above 100% keeps its fraction (rules.md: 1.0712).
		{"1.0712", true, "1.0712", 4},
		{"1", false, "1", 0},
		{"1", true, "1", 0},
		{"０.８９７２", true, "0.8972", 4},
		{"89.72％", false, "0.8972", 4},
		{"0%", false, "0", 2},
	}
	for _, tt := range tests {
		r, ok := ParseRate(tt.in, tt.percent)
		if !ok || !r.Value.Equal(vdec(tt.want)) || r.Places != tt.places {
			t.Errorf("ParseRate(%q, %v) = %s/%d %v, want %s/%d", tt.in, tt.percent, r.Value, r.Places, ok, tt.want, tt.places)
		}
	}
	for _, in := range []string{"", "-", "—", "/", "－", "／", "–", "abc", "%", "89.72%%", "约90%"} {
		if r, ok := ParseRate(in, false); ok {
			t.Errorf("ParseRate(%q) = %v, want not ok", in, r)
		}
	}
}

func TestBandOf(t *testing.T) {
	tests := []struct {
		in   string
		want Band
	}{
		// values.md, 达成 row: every word.
		{"达成", BandAchieved},
		{"达成预期指标", BandAchieved},
		{"达成年度指标", BandAchieved},
		{"全部达成", BandAchieved},
		{"基本达成", BandAchieved},
		{"已完成", BandAchieved},
		{"完成", BandAchieved},
		{"达到预期", BandAchieved},
		{"效果明显", BandAchieved},
		{"显著", BandAchieved},
		{"明显提升", BandAchieved},
		{"有效", BandAchieved},
		{"符合", BandAchieved},
		{"合格", BandAchieved},
		{"是", BandAchieved},
		{"好", BandAchieved},
		{"优", BandAchieved},
		{"按时完成", BandAchieved},
		// 部分达成 row.
		{"部分达成", BandPartial},
		{"部分达成预期指标", BandPartial},
		{"部分达成年度指标并具有一定效果", BandPartial},
		{"部分完成", BandPartial},
		{"基本完成但有差距", BandPartial},
		{"一般", BandPartial},
		{"有所提升", BandPartial},
		{"较好", BandPartial},
		// 未达成 row.
		{"未达成", BandMissed},
		{"未达成预期指标", BandMissed},
		{"未达成年度指标且效果较差", BandMissed},
		{"未完成", BandMissed},
		{"效果较差", BandMissed},
		{"差", BandMissed},
		{"否", BandMissed},
		{"无效", BandMissed},
		// The match order's word lists.
		{"达到", BandAchieved},
		{"提升", BandAchieved},
		{"改善", BandAchieved},
		{"按时", BandAchieved},
		{"明显", BandAchieved},
		{"一定", BandPartial},
		{"有所", BandPartial},
		{"部分", BandPartial},
		// Negations never land in 达成.
		{"没有完成", BandMissed},
		{"无法完成", BandMissed},
		{"未到位", BandMissed},
		{"不到位", BandMissed},
		{"没有达成", BandMissed},
		{"未达到预期", BandMissed},
		{"不达标", BandMissed},
		{"不合格", BandMissed},
		{"不符合", BandMissed},
		{"未按时完成", BandMissed},
		{"未能按期完成", BandMissed},
		{"尚未完成", BandMissed},
		{"没有全部完成", BandMissed},
		{"效果不明显", BandMissed},
		{"无明显提升", BandMissed},
		{"部分未完成", BandMissed},
		{"未 达成", BandMissed},
		{"未\n完成", BandMissed},
		// 较好 is never 达成, though it contains 好.
		{"效果较好", BandPartial},
		{"较好地完成", BandPartial},
		// Spaces, punctuation and full width.
		{" 已完成。", BandAchieved},
		{"「达成」", BandAchieved},
		{"部分 达成", BandPartial},
		// A negation reaches only within its clause, and 不断/未来 negate nothing.
		{"未发生安全事故，按时完成", BandAchieved},
		{"不断提升", BandAchieved},
		{"为未来发展奠定基础，效果明显", BandAchieved},
		{"无偏差，已完成", BandAchieved},
		// Unrecognised.
		{"", BandUnknown},
		{"详见附件", BandUnknown},
		{"100%", BandUnknown},
	}
	for _, tt := range tests {
		if got := bandOf(tt.in); got != tt.want {
			t.Errorf("bandOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBandString(t *testing.T) {
	want := map[Band]string{BandUnknown: "", BandAchieved: "达成", BandPartial: "部分达成", BandMissed: "未达成"}
	for b, s := range want {
		if b.String() != s {
			t.Errorf("%d.String() = %q, want %q", b, b.String(), s)
		}
	}
}

func TestIsBlank(t *testing.T) {
	for _, in := range []string{"", " ", "\u3000", "\n", "-", "—", "－", "–", "/", "／", "\\", " — ", "——", "--"} {
		if !IsBlank(in) {
			t.Errorf("IsBlank(%q) = false", in)
		}
	}
	for _, in := range []string{"0", "无", "不适用", "-5", "a", "/1"} {
		if IsBlank(in) {
			t.Errorf("IsBlank(%q) = true", in)
		}
	}
}

func TestIsNotApplicable(t *testing.T) {
	for _, in := range []string{"不适用", "不涉及", " 不适用。", "不 涉 及", "本年度不涉及", "该指标不适用", "N/A"} {
		if !isNotApplicable(in) {
			t.Errorf("isNotApplicable(%q) = false", in)
		}
	}
	for _, in := range []string{"", "/", "—", "无", "完成", "适用", "按照相关规定执行，部分条款对本项目不适用但其余均已完成"} {
		if isNotApplicable(in) {
			t.Errorf("isNotApplicable(%q) = true", in)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	for _, in := range []string{
		"≥**平方米", "＊＊", "**%", "XX", "xx", "ＸＸ", "≥XX%", "XX万元", "xx个", "XXX", "××万元",
		"指标1", "指标2", "指标 3", "三级指标1", "指标一", "……", "...",
	} {
		if !isPlaceholder(in) {
			t.Errorf("isPlaceholder(%q) = false", in)
		}
	}
	for _, in := range []string{"", "≥3500条", "100%", "X光机2台", "XXL", "指标", "监测指令稿件数", "3×4米", "*"} {
		if isPlaceholder(in) {
			t.Errorf("isPlaceholder(%q) = true", in)
		}
	}
}

// form.md: a row whose 三级指标 and 年度指标值 say nothing and that carries no 分值 is a
// placeholder, not an indicator.
func TestIsPlaceholderRow(t *testing.T) {
	tests := []struct {
		name, target, points, score string
		want                        bool
	}{
		{"不适用", "不适用", "", "", true},
		{"/", "/", "", "", true},
		{"—", "—", "—", "—", true},
		{"-", "-", "", "", true},
		{"无", "无", "", "", true},
		{"不适用", "/", "无", "", true},
		{"本年度不涉及", "不涉及", "", "", true},
		{"", "≥90%", "", "", true}, // no 三级指标 at all
		{" ", "", "", "", true},
		{"不适用", "不适用", "5", "", false},    // points: a not-applicable indicator
		{"不适用", "不适用", "", "0", false},    // a score was claimed
		{"不适用", "≥90%", "", "", false},    // a target: an indicator named oddly
		{"监测指令稿件数", "不适用", "", "", false}, // a named indicator (I01 asks for its target)
		{"监测指令稿件数", "≥3500条", "20", "20", false},
	}
	for _, tt := range tests {
		ind := Indicator{Name: Cell{Text: tt.name}, Target: Cell{Text: tt.target}, Points: Cell{Text: tt.points}, Score: Cell{Text: tt.score}}
		if got := IsPlaceholderRow(ind); got != tt.want {
			t.Errorf("IsPlaceholderRow(%q, %q, %q, %q) = %v, want %v", tt.name, tt.target, tt.points, tt.score, got, tt.want)
		}
	}
}

func TestSaysNothing(t *testing.T) {
	for _, in := range []string{"", " ", "无", "暂无", "没有", "0", "/", "无。", "－", "—", "0.00", " 无 ", "略"} {
		if !saysNothing(in) {
			t.Errorf("saysNothing(%q) = false", in)
		}
	}
	for _, in := range []string{"受疫情影响，部分工作推迟", "资金未及时到位", "无法按期开工", "1"} {
		if saysNothing(in) {
			t.Errorf("saysNothing(%q) = true", in)
		}
	}
}
