package templates

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/internal/soffice"
	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/scoring"
)

// recalcCase is one filled template and what LibreOffice must compute in it.
type recalcCase struct {
	name, profile            string
	rate, exec, total, grade string
}

// TestLibreOffice fills every built-in profile's template, has LibreOffice recalculate them all
// in one run, and checks the 执行率, execution score, 总分 and grade it computed; the recalculated
// files must still score as before. Then the blank templates and a batch run over the filled
// ones are held to openpyxl and LibreOffice's PDF export (strictcheck).
func TestLibreOffice(t *testing.T) {
	exe, err := soffice.Find()
	if err != nil {
		strictcheck.Notice(t, "templates: LibreOffice (soffice) is not on the PATH: template formulas were not recalculated")
		t.Skip("no LibreOffice")
	}
	home := t.TempDir()
	inbox := filepath.Join(home, "inbox")
	cases := []recalcCase{{name: "seed", profile: "mof2020", rate: "0.8972", exec: "8.97", total: "88.97", grade: "良"}}
	for _, name := range scoring.ProfileNames() {
		cases = append(cases, recalcCase{name: name, profile: name, rate: "1", exec: "", total: "100", grade: "优"})
	}
	args := []string{"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(home, "lo")}
	for _, c := range cases {
		p := profile(t, c.profile)
		data, _ := Embedded(c.profile)
		fl := cleanFilling(p)
		if c.name == "seed" {
			fl = seedFilling()
		}
		dst := filepath.Join(inbox, c.name+".xlsx")
		fill(t, data, LayoutOf(p), fl, dst)
		args = append(args, dst)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := soffice.Command(ctx, exe, home, args...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, log.String())
	}
	for _, c := range cases {
		checkRecalc(t, filepath.Join(home, "lo", c.name+".xlsx"), c)
	}
	out := filepath.Join(home, "out")
	if _, err := batch.Run(context.Background(), batch.Config{Inbox: inbox, Out: out, Profile: profile(t, "mof2020")}); err != nil {
		t.Fatal(err)
	}
	for _, name := range scoring.ProfileNames() {
		data, _ := Embedded(name)
		if err := os.WriteFile(filepath.Join(out, "表样-"+name+".xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	strictcheck.Check(t, out, inbox)
}

// checkRecalc reads the values LibreOffice cached in path and scores the file again.
func checkRecalc(t *testing.T, path string, c recalcCase) {
	t.Helper()
	p := profile(t, c.profile)
	cells := CellsOf(LayoutOf(p))
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: LibreOffice wrote nothing readable: %v", c.name, err)
	}
	defer f.Close()
	get := func(cell string) string {
		v, err := f.GetCellValue(FormSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	rate, _ := strconv.ParseFloat(get(cells.Rate), 64)
	if strconv.FormatFloat(rate, 'f', 4, 64) != mustFixed(c.rate) {
		t.Errorf("%s: 执行率 %q, want %s", c.name, get(cells.Rate), c.rate)
	}
	exec := c.exec
	if exec == "" {
		exec = p.Execution.Points.String()
	}
	for _, chk := range []struct{ what, cell, want string }{
		{"执行率得分", cells.ExecScore, exec}, {"总分", cells.TotalScore, c.total}, {"自评等级", cells.Grade, c.grade},
	} {
		if got := get(chk.cell); got != chk.want {
			t.Errorf("%s: LibreOffice computed %s %q in %s, want %s", c.name, chk.what, got, chk.cell, chk.want)
		}
	}
	rs := score(t, path, p)
	if len(rs) != 1 || rs[0].RecomputedTotal == nil || rs[0].RecomputedTotal.String() != c.total {
		t.Errorf("%s: the recalculated file does not score %s", c.name, c.total)
	}
}

// mustFixed writes a decimal string with 4 places.
func mustFixed(s string) string {
	f, _ := strconv.ParseFloat(s, 64)
	return strconv.FormatFloat(f, 'f', 4, 64)
}
