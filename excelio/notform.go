package excelio

// The indicator tables that are not a 自评表 (form.md, "What is not a form"), named as the
// reason of B06 names them.
const (
	// declarationTable is a 绩效目标申报表: targets filed before the year, nothing to score.
	declarationTable = "绩效目标申报表"
	// indicatorList is a flat export: one row per indicator, a project column on every row.
	indicatorList = "指标清单"
)

// OtherTable is an indicator table found that is not a 自评表, and so is not scored.
type OtherTable struct {
	Sheet string // the sheet it is on
	What  string // 绩效目标申报表 or 指标清单
}

// projectColumnKeys head the project column of a flat export, repeated on every row.
var projectColumnKeys = []string{"项目名称", "项目编码", "项目代码", "项目编号"}

// otherTable says what the indicator table whose header is row h is when it is not a 自评表:
// a flat list when its header holds a project column; a 绩效目标申报表 when it has neither an
// 实际完成值 nor a 得分 column, unless a 自评表 title stands above it (rows [top, h)), which
// makes it a 自评表 missing columns (S01). "" for a 自评表.
func otherTable(g *grid, top, h int) string {
	for c := 0; c < g.width(h); c++ {
		if isOneOf(labelKey(g.raw(h, c)), projectColumnKeys) {
			return indicatorList
		}
	}
	cols := headerColumns(g, h, indicatorRole)
	if cols.has(roleActual) || cols.has(roleScore) {
		return ""
	}
	for r := top; r < h; r++ {
		if rowIsTitle(g, r) {
			return ""
		}
	}
	return declarationTable
}
