// Package scoring holds the domain of the 项目支出绩效自评表: the form model, the reading of
// values written in cells, the rules profile, the check catalogue and exact rescoring.
// It knows nothing of Excel: the excelio package fills a Form, and Evaluate judges it.
package scoring

// Ref names one cell of the unit's workbook.
type Ref struct {
	Sheet string // sheet name as written in the workbook
	Cell  string // A1-style name such as "H7"; empty when the part was not found
}

// Cell is one value as the unit wrote it, with where it stands.
type Cell struct {
	Ref
	// Text is the value as text: a numeric cell's number printed with at most 15 significant
	// digits (what Excel shows), a text cell's string as written.
	Text string
	// Numeric is true when the cell held a number rather than text.
	Numeric bool
	// Percent is true when a numeric cell is formatted as a percentage (0.8972 shown as 89.72%).
	Percent bool
	// Unreadable is true for a formula cell with no cached value that could not be computed.
	Unreadable bool
	// Merged names the merged range ("H15:H16") that covers this cell from an indicator row
	// above: the value belongs to that row, and this row has none of its own.
	Merged string
}

// Found reports whether the cell was located on the form.
func (c Cell) Found() bool { return c.Ref.Cell != "" }

// Form is one 项目支出绩效自评表 as located on a sheet: every part the reader found, as written.
type Form struct {
	Sheet  string // the name of the sheet the form is on
	Range  string // the cells the form covers, such as "A1:I31"
	Family int    // the layout family of form.md (1–6) the reader recognised
	Title  Cell   // the title line
	Year   int    // the year of the title or the row under it; 0 when none was written
	// YearAt is the cell Year was read from, or where the year belongs when the form writes
	// none (a year line left blank, else the title): the cell S07 names.
	YearAt Ref

	Project    Cell // 项目名称
	Department Cell // 主管部门
	Unit       Cell // 实施单位

	Funds *FundBlock // nil when no funds block was found

	// GoalTarget and GoalActual are the texts of 年度总体目标 (预期目标, 实际完成情况), each in the
	// cell that answers its label, empty when the unit left it so; not Found without the label.
	GoalTarget Cell
	GoalActual Cell

	// IndicatorLabel is the label over the indicator table (绩效指标, 年度绩效目标(80分)), or the
	// table's first header label (一级指标) when it has none: findings about the table name it.
	IndicatorLabel Cell
	// HasPointsColumn is false on forms whose indicators carry no 分值 (layout family 4).
	HasPointsColumn bool
	// Indicators are the 三级指标 rows, top to bottom.
	Indicators []Indicator

	TotalPoints Cell // the 分值 of the 总分 row
	TotalScore  Cell // the 得分 of the 总分 row: the claimed total
	Grade       Cell // 自评等级, when the form has one

	// Missing lists required parts the reader could not locate (for S01), in Chinese.
	Missing []string
}

// FundBlock is the 项目资金 (预算执行情况) block of a form.
type FundBlock struct {
	Label Cell // the block label, such as 项目资金（万元） or 预算执行情况(20分)
	// Yuan is true when the label says the block is in 元 rather than 万元.
	Yuan bool
	// PointsHints are the texts that may carry the execution points: the block label and the
	// header of the score column (得分(20分*执行率)).
	PointsHints []Cell
	HasInitial  bool    // the block has a 年初预算数 column
	Total       FundRow // the 年度资金总额 row
	// Parts are the rows under the total (其中：财政拨款, 其他资金, …), which F01 adds up
	// against it and which stand in for a total the unit left empty.
	Parts []FundRow
}

// FundRow is one row of the funds block.
type FundRow struct {
	Label    Cell // the row label, such as 年度资金总额 or 其中：财政拨款
	Initial  Cell // 年初预算数
	Budget   Cell // 全年预算数 / 调整后预算数 / 预算数(A)
	Executed Cell // 全年执行数 / 预算执行数 / 执行数(B)
	Points   Cell // 分值 / 权重
	Rate     Cell // 执行率 as written
	Score    Cell // 得分 as claimed
	Reason   Cell // 原因, on forms that have it
}

// Indicator is one 三级指标 row of the 绩效指标 table.
type Indicator struct {
	Row    int  // the 1-based worksheet row, as Excel numbers it
	Level1 Cell // 一级指标 label as written (merged cells resolved), may carry points: 产出指标(50分)
	Level2 Cell // 二级指标
	Name   Cell // 三级指标
	// Target is 年度指标值; on split-target forms the reader joins 指标性质, 指标值 and 度量单位
	// into one text ("≥95%") and points Ref at the 指标值 cell.
	Target Cell
	Actual Cell // 实际完成值
	Points Cell // 分值 / 权重; not Found on forms without a points column
	Score  Cell // 得分 as claimed
	Reason Cell // 偏差原因分析及改进措施
}
