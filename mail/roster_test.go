package mail

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestReadRosterXLSXAndGBKCSV(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	rows := [][]any{
		{"2022年单位名录"},
		{"序号", "* 主管部门", "单位全称", "电子邮箱", "单位代码", "经办人"},
		{1, "三门峡市民政局", "三门峡市 儿童福利院", "李四 <fly@example.cn>；备用@x", "SMX001", "李四"},
		{2, "三门峡市民政局", "三门峡市救助站", "没有", "", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	xlsx := filepath.Join(dir, "名录.xlsx")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	ro, err := ReadRoster(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ro.Units) != 2 || ro.Units[0].Address != "fly@example.cn" || ro.Units[0].Code != "SMX001" ||
		ro.Units[0].Department != "三门峡市民政局" || ro.Units[1].Address != "" || ro.Units[1].BadAddress != "没有" {
		t.Fatalf("units %+v", ro.Units)
	}
	for unit, want := range map[string]int{"SMX001-三门峡市儿童福利院": 0, "三门峡市儿童福利院": 0, "三门峡市儿童福利院 ": 0,
		"ＳＭＸ001－三门峡市 儿童福利院": 0, "SMX002-三门峡市儿童福利院": -1, "三门峡市救助站": 1, "别的单位": -1} {
		if got := ro.Find(unit); got != want {
			t.Errorf("Find(%q) = %d, want %d", unit, got, want)
		}
	}
	csv, _ := simplifiedchinese.GBK.NewEncoder().String("主管部门,单位名称,邮箱\r\n民政局,儿童福利院,a@b.cn\r\n")
	p := filepath.Join(dir, "名录.csv")
	os.WriteFile(p, []byte(csv), 0o644)
	if ro, err := ReadRoster(p); err != nil || ro.Units[0].Name != "儿童福利院" || ro.Units[0].Address != "a@b.cn" {
		t.Fatalf("GBK CSV: %+v %v", ro, err)
	}
	os.WriteFile(p, []byte("名称,地址\r\n"), 0o644)
	if _, err := ReadRoster(p); err == nil {
		t.Error("a roster without its header was accepted")
	}
}
