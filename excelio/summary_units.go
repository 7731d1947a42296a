package excelio

import "fmt"

// sheetUnits is the summary sheet of who sent forms and who did not, written with a unit roster.
const sheetUnits = "上报情况"

// SummaryUnit is one unit of the 上报情况 sheet.
type SummaryUnit struct {
	Name, Department string
	Status           string // 已报送, 未报送 or 名录外
	Forms            int
	Passed, ToFix    int
	Address          string // the reply address; "" when none is known
	Contact          string
}

var unitsHeader = []string{"序号", "主管部门", "单位名称", "上报情况", "自评表数", "通过", "需修改", "邮箱", "联系人", "备注"}

// unitsSteps adds the 上报情况 sheet to the summary when the run had a roster.
func (w *summaryWriter) unitsSteps(title string, s *Summary) []func() error {
	if len(s.Units) == 0 {
		return nil
	}
	return []func() error{
		func() error { _, err := w.f.NewSheet(sheetUnits); return err },
		func() error { return w.units(title, s) },
	}
}

// units writes the 上报情况 sheet: every roster unit, then those not on it.
func (w *summaryWriter) units(title string, s *Summary) error {
	sh := sheetUnits
	sent, missing, off, noAddr := 0, 0, 0, 0
	for _, u := range s.Units {
		switch u.Status {
		case "未报送":
			missing++
		case "名录外":
			off++
		default:
			sent++
		}
		if u.Address == "" {
			noAddr++
		}
	}
	note := fmt.Sprintf("已报送 %d 个单位，未报送 %d 个，名录外 %d 个；无邮箱 %d 个", sent, missing, off, noAddr)
	if err := w.frame(sh, title+"（上报情况）", note, "", unitsHeader); err != nil {
		return err
	}
	rs, widths, lastData, err := listSheet(w, sh, []int{2, 3, 10}, s.Units, unitRow)
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("D%d:D%d", summaryFirstRow, lastData)
	if err := w.condFill(sh, ref, map[string][2]string{"未报送": {"FFC7CE", "9C0006"}, "名录外": {"FFEB9C", "9C5700"}}); err != nil {
		return err
	}
	limits := [][2]int{{6, 8}, {12, 30}, {16, 40}, {10, 10}, {8, 8}, {6, 6}, {6, 8}, {16, 36}, {8, 12}, {12, 30}}
	if rs.final, err = w.finishCols(sh, unitsHeader, widths, limits); err != nil {
		return err
	}
	w.raw = append(w.raw, rs)
	return w.finishView(sh, unitsHeader, lastData)
}

// unitRow is unit n's row; the counts are empty for a unit that sent nothing.
func unitRow(n int, u SummaryUnit, widths colWidths) *rawRow {
	note := ""
	if u.Address == "" {
		note = "无邮箱，无法发送回复"
	}
	var forms, passed, toFix any
	if u.Status != "未报送" {
		forms, passed, toFix = u.Forms, u.Passed, u.ToFix
	}
	row := &rawRow{cells: []summaryCell{
		{n, sCenter}, {u.Department, sText}, {u.Name, sText}, {u.Status, sCenter},
		{forms, sInt}, {passed, sInt}, {toFix, sInt}, {u.Address, sText}, {u.Contact, sText}, {note, sText},
	}}
	for c, v := range row.cells {
		if t, ok := v.v.(string); ok {
			widths.see(c+1, t)
		}
	}
	return row
}
