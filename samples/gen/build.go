package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jxzp/jxzp/internal/ziptest"
	"github.com/xuri/excelize/v2"
)

func build(s *sample) ([]byte, *expectation, error) {
	c, err := compute(s)
	if err != nil {
		return nil, nil, err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", s.lay.sheet); err != nil {
		return nil, nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, nil, err
	}
	g := &grid{f: f, sheet: s.lay.sheet, r0: s.lay.r0, c0: s.lay.c0}
	p := layOut(g, st, s, c)
	if g.err != nil {
		return nil, nil, g.err
	}
	// A4 landscape, one page wide: how the forms are printed for stamping.
	if err := f.SetSheetProps(s.lay.sheet, &excelize.SheetPropsOptions{FitToPage: boolp(true)}); err != nil {
		return nil, nil, err
	}
	if err := f.SetPageLayout(s.lay.sheet, &excelize.PageLayoutOptions{
		Size: intp(9), Orientation: strp("landscape"), FitToWidth: intp(1), FitToHeight: intp(0),
	}); err != nil {
		return nil, nil, err
	}
	if s.lay.notesTab != nil {
		if err := notesSheet(f, st, s.lay.notesTab); err != nil {
			return nil, nil, err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: s.lay.creator, LastModifiedBy: s.lay.creator, Title: "项目支出绩效自评表",
		Created: docTime, Modified: docTime, Language: "zh-CN",
	}); err != nil {
		return nil, nil, err
	}

	fs := judge(s, c, p)
	var got []string
	for _, fd := range fs {
		got = append(got, fd.code)
	}
	if !slices.Equal(sortedUnique(got), sortedUnique(s.want)) {
		return nil, nil, fmt.Errorf("designed to raise %v, the numbers raise %v", s.want, sortedUnique(got))
	}

	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, nil, err
	}
	data, err := numericFormulaResults(buf.Bytes())
	if err != nil {
		return nil, nil, err
	}
	return data, &expectation{sheet: s.lay.sheet, calc: c, pos: p, findings: fs}, nil
}

func notesSheet(f *excelize.File, st *styles, lines []string) error {
	const name = "填表说明"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "A", "A", 100); err != nil {
		return err
	}
	for i, line := range lines {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellStr(name, cell, line); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, st.note); err != nil {
			return err
		}
		if err := f.SetRowHeight(name, i+1, 30); err != nil {
			return err
		}
	}
	return nil
}

func intp(v int) *int       { return &v }
func boolp(v bool) *bool    { return &v }
func strp(v string) *string { return &v }

func sortedUnique(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// formulaCell matches a formula cell that excelize typed t="str" (it types every formula cell so)
// whose cached value is a number or absent.
var formulaCell = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f>(?:<v>-?[0-9.]+(?:E[-+]?[0-9]+)?</v>)?</c>)`)

// numericFormulaResults rewrites the worksheets so that a formula with a numeric result is stored
// as Excel stores it, untyped: left as t="str", a reader would take the cached 0.8988… for text.
// The archive is rebuilt in the same entry order with the same (zero) timestamps, so the output
// stays deterministic.
func numericFormulaResults(data []byte) ([]byte, error) {
	return ziptest.Edit(data, func(name string, body []byte) []byte {
		if strings.HasPrefix(name, "xl/worksheets/sheet") {
			return formulaCell.ReplaceAll(body, []byte("$1$2"))
		}
		return body
	}, nil, time.Time{})
}
