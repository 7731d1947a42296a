package excelio

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

func TestChartRanking(t *testing.T) {
	sum := func(budget, executed string) *fundsSum {
		b, e := decimal.RequireFromString(budget), decimal.RequireFromString(executed)
		return &fundsSum{rateBudget: b, rateExecuted: e, rateForms: 1}
	}
	groups := map[string]*fundsSum{"乙": sum("100", "80"), "甲": sum("100", "80"), "丙": sum("100", "95"), "丁": {}}
	if got := rankDepts([]string{"丁", "乙", "甲", "丙"}, groups); !slices.Equal(got, []string{"丙", "乙", "甲", "丁"}) {
		t.Errorf("rankDepts = %v: highest rate first, ties by name, no rate last", got)
	}
	names := []string{"三门峡市民政局", "三门峡市城市管理局", "中共三门峡市委网信办", "三门峡市人力资源和社会保障局"}
	city := commonCity(names)
	if city != "三门峡市" {
		t.Fatalf("commonCity = %q", city)
	}
	for name, want := range map[string]string{
		"三门峡市民政局":        "民政局",
		"三门峡市人力资源和社会保障局": "人力资源…保障局",
		"中共三门峡市委网信办":     "中共三门…网信办",
	} {
		if got := axisName(name, city); got != want {
			t.Errorf("axisName(%s) = %q, want %q", name, got, want)
		}
	}
	if commonCity([]string{"民政局", "临江市教育局"}) != "" {
		t.Error("a city named by one department of two is not common")
	}
	if deptBars(chartMaxDepts+1) || !deptBars(chartMaxDepts) {
		t.Error("more than 15 departments are listed, not drawn")
	}
}
