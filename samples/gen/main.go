// Command gen writes the sample workbooks of samples/: six 项目支出绩效自评表 of 三门峡市 for 2021,
// all in the national layout (layout family 1 of the domain's form.md), one the seed case, two clean,
// three carrying the errors units typically make.
//
// The generator is the reference for what a review of the samples must find. Every number a unit
// would have computed (fund totals, rates, scores, totals, grades) is computed here with exact
// decimal arithmetic, the expected findings are derived from the same numbers, and the run fails
// when they differ from the findings each sample was designed to carry. Re-running it gives
// byte-identical files, so the samples can be regenerated and compared in review.
//
//	go run ./samples/gen            # write samples/*.xlsx and print the expected outcomes
//	go run ./samples/gen -check     # also reopen each file and print a few cells
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// docTime is fixed so that the core properties, and so the files' bytes, never depend on the day
// the generator runs.
const docTime = "2022-03-01T00:00:00Z"

func main() {
	out := flag.String("o", "samples", "directory the workbooks are written to")
	check := flag.Bool("check", false, "reopen every written workbook and print a few cells")
	flag.Parse()
	if err := run(*out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, check bool) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for i, fm := range samples() {
		data, exp, err := build(fm)
		if err != nil {
			return fmt.Errorf("%s: %w", fm.file, err)
		}
		path := filepath.Join(out, fm.file)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		printExpectation(i+1, fm, exp)
		if check {
			if err := reopen(path, exp); err != nil {
				return fmt.Errorf("%s: %w", fm.file, err)
			}
		}
	}
	return writeMailSamples(out)
}

// Output.

func printExpectation(n int, s *sample, e *expectation) {
	c, p := e.calc, e.pos
	fmt.Printf("%d. %s\n", n, s.file)
	fmt.Printf("   %s\n", s.about)
	fmt.Printf("   工作表 %s，表格范围 %s\n", e.sheet, p.rng)
	f2 := func(d decimal.Decimal) string { return d.StringFixed(scorePlaces) }
	fmt.Printf("   执行率 %s%%，执行率得分 复核 %s / 自评 %s\n", f2(c.rate.Mul(hundred)), f2(c.execRe), f2(c.execClaim))
	fmt.Printf("   总分 复核 %s（%s） / 自评 %s（%s）\n", f2(c.totalRe), c.gradeRe, f2(c.totalClaim), c.gradeClaim)
	if len(e.findings) == 0 {
		fmt.Println("   应触发：无（通过）")
	} else {
		fmt.Printf("   应触发：%s\n", strings.Join(sortedUnique(s.want), " "))
		for _, fd := range e.findings {
			fmt.Printf("     %s %-5s %s\n", fd.code, fd.cell, fd.msg)
		}
	}
	fmt.Println()
}

// reopen reads a written workbook back with excelize and prints the cells a reader relies on,
// computing the formulas that carry no cached value as the reader's fallback must.
func reopen(path string, e *expectation) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	p := e.pos
	get := func(cell string) string {
		v, err := f.GetCellValue(e.sheet, cell)
		if err != nil {
			return "ERR " + err.Error()
		}
		if v == "" {
			if fml, _ := f.GetCellFormula(e.sheet, cell); fml != "" {
				calc, err := f.CalcCellValue(e.sheet, cell)
				if err != nil {
					return "=" + fml + " (计算失败 " + err.Error() + ")"
				}
				return "=" + fml + " → " + calc + "（无缓存，计算）"
			}
		}
		if fml, _ := f.GetCellFormula(e.sheet, cell); fml != "" {
			return "=" + fml + " 缓存 " + v
		}
		return strings.ReplaceAll(v, "\n", `\n`)
	}
	fmt.Printf("   复查 %s：sheets=%v\n", filepath.Base(path), f.GetSheetList())
	for _, x := range []struct{ name, cell string }{
		{"标题", p.title}, {"项目名称", p.project}, {"实施单位", p.unit},
		{"全年预算数", p.funds[0][1]}, {"全年执行数", p.funds[0][2]}, {"执行率", p.rate},
		{"执行率得分", p.execScore}, {"首个三级指标", p.firstInd}, {"总分", p.totalScore}, {"自评等级", p.grade},
	} {
		fmt.Printf("     %-6s %-5s %s\n", x.name, x.cell, get(x.cell))
	}
	fmt.Println()
	return nil
}
