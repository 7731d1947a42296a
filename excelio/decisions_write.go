package excelio

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/internal/fsx"
)

// DecisionRows gives the rows of the decisions workbook, in order, to yield, stopping at the
// first error yield returns. It is called once, as the rows are streamed into the package (never
// held); its own error (a batch's findings that could not be read back) fails the write.
type DecisionRows func(yield func(Decision) error) error

// DecisionSlice gives the rows of a slice.
func DecisionSlice(rows []Decision) DecisionRows {
	return func(yield func(Decision) error) error {
		for _, d := range rows {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// WriteDecisions writes the decisions workbook to dst atomically: n rows, one per finding of
// this run, and stale, the decisions read back whose finding this run no longer gives. The rows
// are streamed into the package as the summary's are (rawSheet): a batch has tens of thousands.
// Every row looks the same but for its values, so knowing how many there are lays the sheet
// out: the rows are read once, not twice; rows giving other than n of them fail the write.
// With workers above 1 the rows' XML is made beside its compression; the bytes are the same.
func WriteDecisions(dst string, n int, rows DecisionRows, stale []Decision, workers int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(outFont); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "jxzp", Title: sheetDecisions}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetDecisions); err != nil {
		return err
	}
	w := &summaryWriter{f: f, st: newOutStyles(f), links: linkSet{}, workers: workers, tmpDir: filepath.Dir(dst)}
	note := "审核人员填写：“处理”选“认可”即接受该问题（不再计入状态），“备注”写说明；保存后下次运行加 --decisions " +
		DecisionsName + " 读回。可排序、筛选，但请勿修改“文件”至“代码”各列。"
	if err := w.decisionsSheet(sheetDecisions, "复核意见", note, n, rows); err != nil {
		return err
	}
	if len(stale) > 0 {
		if _, err := f.NewSheet(sheetStale); err != nil {
			return err
		}
		note := "以下复核意见对应的问题本次审核已不存在（单位已改正，或文件已不在收件箱中），仅列出备查，不再生效。"
		if err := w.decisionsSheet(sheetStale, "已失效的复核意见", note, len(stale), DecisionSlice(stale)); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return fsx.WriteAtomic(dst, func(out io.Writer) error {
		var pkg bytes.Buffer
		if _, err := f.WriteTo(&pkg); err != nil {
			return err
		}
		return w.writePackage(pkg.Bytes(), out)
	})
}

// Styles of the decisions workbook's rows.
var (
	decText   = outStyle{border: true, wrap: true}
	decCenter = outStyle{border: true, hAlign: "center"}
	decInput  = outStyle{border: true, wrap: true, fill: "E2EFDA"} // the columns the reviewer fills
)

// decisionsSheet writes one sheet of the decisions workbook: title, note and header in the
// frame, the n rows streamed (rawSheet).
func (w *summaryWriter) decisionsSheet(sh, title, note string, n int, rows DecisionRows) error {
	f := w.f
	put := func(col, row int, v any, o outStyle) error {
		if err := f.SetCellValue(sh, cellRef(col, row), v); err != nil {
			return err
		}
		id, err := w.st.id(o)
		if err != nil {
			return err
		}
		return f.SetCellStyle(sh, cellRef(col, row), cellRef(col, row), id)
	}
	if err := put(1, 1, title, outStyle{bold: true, size: outTitleSize}); err != nil {
		return err
	}
	if err := put(1, 2, note, outStyle{wrap: true}); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A2", colName(len(decisionsHeader)-1)+"2"); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 2, 2*lineHeight); err != nil {
		return err
	}
	head := outStyle{bold: true, fill: outHeaderFill, border: true, hAlign: "center", wrap: true}
	for i, h := range decisionsHeader {
		if err := put(i+1, 3, h, head); err != nil {
			return err
		}
	}
	rs := &rawSheet{name: sh, produce: func(_ colWidths, emit func(*rawRow) error) error {
		i := 0
		if err := rows(func(d Decision) error {
			i++
			return emit(decisionRow(i, d))
		}); err != nil {
			return err
		}
		if i != n {
			return fmt.Errorf("%s: %d rows, %d expected", sh, i, n)
		}
		return nil
	}}
	// The layout of n rows: their styles, the same in every row, made in the order a row uses them.
	if n > 0 {
		styles := &columnStyles{st: w.st, mu: &w.stMu}
		r := decisionRow(1, Decision{})
		for c := 1; c <= r.width(); c++ {
			if _, err := styles.id(c, r.at(c).o); err != nil {
				return err
			}
		}
	}
	w.raw = append(w.raw, rs)
	return decisionsFinish(f, sh, n)
}

// keptText is a text cell written as a shared string even when empty, as excelize's
// SetCellValue writes one (the decisions workbook's rows).
type keptText string

// decisionRow is row n of the decisions, its texts kept even when empty, as excelize's
// SetCellValue keeps them.
func decisionRow(n int, d Decision) *rawRow {
	action := ""
	if d.Accept {
		action = acceptWord
	}
	return &rawRow{cells: []summaryCell{
		{n, decCenter}, {keptText(d.Department), decText}, {keptText(d.Unit), decText}, {keptText(d.Project), decText},
		{keptText(d.Key.File), decText}, {d.Key.Form, decCenter}, {keptText(d.Key.Sheet), decText},
		{keptText(d.Key.Cell), decCenter}, {keptText(d.Key.Code), decCenter}, {keptText(d.Severity), decCenter},
		{keptText(d.Message), decText}, {keptText(action), decInput}, {keptText(d.Remark), decInput},
		{keptText(keyText(d.Key)), outStyle{}},
	}}
}

// decisionsFinish sets a decisions sheet of n rows up for the reviewer: widths, the hidden key,
// the frozen header, the filter and the 处理 drop-down.
func decisionsFinish(f *excelize.File, sh string, n int) error {
	widths := []float64{6, 16, 18, 20, 24, 6, 10, 8, 6, 8, 50, 8, 30, 10}
	for i, w := range widths {
		col := colName(i + 1)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetColVisible(sh, colName(decColKey), false); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	end := 3 + max(n, 1)
	if err := f.AutoFilter(sh, "A3:"+cellRef(len(decisionsHeader), end), nil); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s4:%s%d", colName(decColAction), colName(decColAction), end)
	if err := dv.SetDropList([]string{acceptWord}); err != nil {
		return err
	}
	return f.AddDataValidation(sh, dv)
}

// keyText is k.String(), written directly when no text of the key needs escaping in JSON, as
// nearly none does: a batch writes one per finding, and json.Marshal's reflection cost more
// than the rest of the row.
func keyText(k DecisionKey) string {
	if !plainJSON(k.File) || !plainJSON(k.Sheet) || !plainJSON(k.Cell) || !plainJSON(k.Code) {
		return k.String()
	}
	b := make([]byte, 0, len(k.File)+len(k.Sheet)+len(k.Cell)+len(k.Code)+32)
	b = append(append(append(b, `["`...), k.File...), `",`...)
	b = append(strconv.AppendInt(b, int64(k.Form), 10), `,"`...)
	for _, t := range []string{k.Sheet, k.Cell, k.Code} {
		b = append(append(b, t...), `","`...)
	}
	b = append(strconv.AppendInt(b[:len(b)-1], int64(k.Nth), 10), ']')
	return string(b)
}

// plainJSON reports whether json.Marshal writes s as it is between its quotes: valid UTF-8
// with no control character, quote, backslash, HTML character (<, >, &), DEL, U+2028 or U+2029.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}
