package scoring

import "testing"

func TestNormalizeLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"项目名称", "项目名称"},
		{"项目 名称：", "项目名称"},
		{"项目名称:", "项目名称"},
		{"项\n目\r\n名\t称", "项目名称"},
		{"实施单位\u3000（盖章）", "实施单位(盖章)"},
		{"全年预算数（A）", "全年预算数(A)"},
		{"执行率（B/A）", "执行率(B/A)"},
		{"产出指标（５０分）", "产出指标(50分)"},
		{"【说明】", "【说明】"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeLabel(tt.in); got != tt.want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripBrackets(t *testing.T) {
	tests := []struct{ in, want string }{
		{"全年预算数(A)", "全年预算数"},
		{"产出指标（50分）", "产出指标"},
		{"执行数[B]", "执行数"},
		{"年度资金总额【必填】", "年度资金总额"},
		{"预算执行情况（万元）(20分)", "预算执行情况"},
		{"预算执行情况（万元(20分))", "预算执行情况"},
		{"得分（20分*执行率)", "得分"},
		{"产出指标(50分", "产出指标"},
		{"执行率)", "执行率"},
		{"项目名称", "项目名称"},
		{"(50分)", ""},
	}
	for _, tt := range tests {
		if got := StripBrackets(tt.in); got != tt.want {
			t.Errorf("StripBrackets(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPointsIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"产出指标(50分)", "50"},
		{"(50分)", "50"},
		{"（50分）", "50"},
		{"预算执行情况（万元）(20分)", "20"},
		{"得分(20分*执行率)", "20"},
		{"绩效指标(90分)", "90"},
		{"年度绩效目标(80分)", "80"},
		{"预算执行情况(10分)", "10"},
		{"产出指标（５０分）", "50"},
		{"效益指标 (30 分)", "30"},
		{"满意度指标(7.5分)", "7.5"},
	}
	for _, tt := range tests {
		got, ok := pointsIn(tt.in)
		if !ok || !got.Equal(vdec(tt.want)) {
			t.Errorf("pointsIn(%q) = %s %v, want %s", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"产出指标", "分值", "得分", "项目资金（万元）", "2021年度", "响应时间30分钟", "(50)", "百分比", ""} {
		if got, ok := pointsIn(in); ok {
			t.Errorf("pointsIn(%q) = %s, want not ok", in, got)
		}
	}
}

func TestStripCodePrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"51000021R000000019951-工资性支出", "工资性支出"},
		{"219-池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府"},
		{"219－池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府"},
		{"ZX2021001_专项经费", "专项经费"},
		{"219 - 池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府"},
		{"网络宣传管理和文化建设经费", "网络宣传管理和文化建设经费"},
		{"中共三门峡市委网信办", "中共三门峡市委网信办"},
		{"12-项目", "12-项目"},
		{"AB1-项目", "AB1-项目"},
		{"2021-2023年高标准农田建设", "2021-2023年高标准农田建设"},
		{"5G基站建设", "5G基站建设"},
		{"219-", "219-"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := StripCodePrefix(tt.in); got != tt.want {
			t.Errorf("StripCodePrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMayHaveBracket: the short cut of StripBrackets sees every bracket it strips.
func TestMayHaveBracket(t *testing.T) {
	for _, r := range openBrackets + closeBrackets {
		if s := "项目" + string(r) + "名称"; !mayHaveBracket(s) {
			t.Errorf("mayHaveBracket(%q) = false", s)
		}
	}
	if mayHaveBracket("全年预算数") {
		t.Error(`mayHaveBracket("全年预算数") = true`)
	}
}
