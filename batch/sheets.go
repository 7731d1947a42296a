package batch

import (
	"slices"
	"strings"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// noFormReason says why a workbook that was read holds no form (B06): what it is instead when it
// holds a 绩效目标申报表 or an 指标清单, the sheets looked at, and any that could not be read, so
// the unit knows what to send or which sheet to repair.
func noFormReason(wb *excelio.Workbook) string {
	if len(wb.Sheets) == 0 {
		return "未找到绩效自评表（工作簿中没有工作表）"
	}
	looked := "（已查看：" + strings.Join(wb.Sheets, "、") + "）"
	reason := "未找到绩效自评表" + looked
	if kinds := otherKinds(wb.Others); len(kinds) > 0 {
		reason = "这是" + strings.Join(kinds, "和") + "，不是自评表" + looked
	}
	for _, u := range wb.Unread {
		reason += "；" + unreadText(u)
	}
	return reason
}

// otherKinds lists the kinds of the tables that are not forms, each once, in workbook order.
func otherKinds(others []excelio.OtherTable) []string {
	var kinds []string
	for _, o := range others {
		if !slices.Contains(kinds, o.What) {
			kinds = append(kinds, o.What)
		}
	}
	return kinds
}

// unreadText names an unreadable worksheet and why, in Chinese.
func unreadText(u excelio.SheetError) string {
	return "工作表“" + u.Sheet + "”无法读取（" + u.Reason + "）"
}

// flagUnreadSheets adds a B07 to every form of the workbook for each worksheet that could not be
// read. The file stays ok; the finding travels with each form, so the unit sees it in the
// 审核意见 of its copy and the bureau in the 问题清单, whichever form it looks at.
func flagUnreadSheets(results []*scoring.Result, unread []excelio.SheetError, p *scoring.Profile) {
	if len(unread) == 0 {
		return
	}
	sev := p.SeverityOf(scoring.B07)
	for _, r := range results {
		for _, u := range unread {
			r.Findings = append(r.Findings, scoring.Finding{
				Code:     scoring.B07,
				Severity: sev,
				Ref:      scoring.Ref{Sheet: u.Sheet},
				Message:  unreadText(u) + "，该表未审核；本文件其他工作表已审核，请修复该表后重新报送",
			})
		}
		r.Refresh()
	}
}
