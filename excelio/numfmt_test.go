package excelio

import (
	"strings"
	"testing"

	"github.com/jxzp/jxzp/scoring"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestParseNumFormat(t *testing.T) {
	for _, tc := range []struct {
		code string
		want numFormat
	}{
		{"General", numFormat{places: -1}},
		{"", numFormat{places: -1}},
		{"@", numFormat{}},
		{"0", numFormat{}},
		{"0.00", numFormat{places: 2}},
		{"#,##0.00_);[Red](#,##0.00)", numFormat{places: 2}},
		{`0.00"万元"`, numFormat{places: 2}},
		{"0%", numFormat{percent: true}},
		{"0.00%", numFormat{percent: true, places: 2}},
		{"0.0%;[Red]-0.0%", numFormat{percent: true, places: 1}},
		{"0.00E+00", numFormat{places: 2}},
		{"yyyy-mm-dd", numFormat{year: true, month: true, day: true, places: -1}},
		{`yyyy"年"m"月"d"日"`, numFormat{year: true, month: true, day: true, places: -1}},
		{`[DBNum1][$-804]yyyy"年"m"月"d"日"`, numFormat{year: true, month: true, day: true, places: -1}},
		{"m/d/yy", numFormat{year: true, month: true, day: true, places: -1}},
		{"yyyy/m/d h:mm", numFormat{year: true, month: true, day: true, places: -1}},
		{`yyyy"年"m"月"`, numFormat{year: true, month: true, places: -1}},
		{`m"月"d"日"`, numFormat{month: true, day: true, places: -1}},
		{`yyyy"年度"`, numFormat{year: true, places: -1}},
		{`yyyy\年`, numFormat{year: true, places: -1}},
		{"mmm-yy", numFormat{year: true, month: true, places: -1}},
		{"h:mm", numFormat{}},
		{"mm:ss", numFormat{}},
		{"[h]:mm:ss", numFormat{}},
		{"h:mm AM/PM", numFormat{}},
	} {
		if got := parseNumFormat(tc.code); got != tc.want {
			t.Errorf("parseNumFormat(%q) = %+v, want %+v", tc.code, got, tc.want)
		}
	}
}

func TestDateText(t *testing.T) {
	full := numFormat{year: true, month: true, day: true}
	for _, tc := range []struct {
		serial   string
		nf       numFormat
		date1904 bool
		want     string
	}{
		{"44561", full, false, "2021年12月31日"},
		{"44561.75", full, false, "2021年12月31日"},
		{"43099", full, true, "2021年12月31日"},
		{"44197", numFormat{year: true}, false, "2021年"},
		{"44531", numFormat{year: true, month: true}, false, "2021年12月"},
		{"44561", numFormat{month: true, day: true}, false, "12月31日"},
		{"1", full, false, "1900年1月1日"},
		{"61", full, false, "1900年3月1日"},
	} {
		got, ok := dateText(tc.serial, tc.nf, tc.date1904)
		if !ok || got != tc.want {
			t.Errorf("dateText(%s, %+v, %v) = %q, %v; want %q", tc.serial, tc.nf, tc.date1904, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"-1", "3000000", "abc"} {
		if got, ok := dateText(bad, full, false); ok {
			t.Errorf("dateText(%s) = %q, want no date", bad, got)
		}
	}
}

// Targets, actuals and the year written as date cells (a serial number with a date format) are
// the dates they show, in values, messages and results: never the serial number.
func TestReadDateCells(t *testing.T) {
	const (
		target2021 = 44561 // 2021-12-31
		actualLate = 44651 // 2022-03-31
		yearStart  = 44197 // 2021-01-01
		offset1904 = 1462  // days between the 1900 and 1904 date systems
	)
	custom := func(code string) excelize.Style { return excelize.Style{CustomNumFmt: &code} }
	for _, tc := range []struct {
		name     string
		style    excelize.Style
		date1904 bool
		formula  bool // the target is a formula left without a cached value
		target   string
		actual   string
	}{
		{"yyyy-mm-dd", custom("yyyy-mm-dd"), false, false, "2021年12月31日", "2022年3月31日"},
		{"年月日", custom(`yyyy"年"m"月"d"日"`), false, false, "2021年12月31日", "2022年3月31日"},
		{"built-in 14", excelize.Style{NumFmt: 14}, false, false, "2021年12月31日", "2022年3月31日"},
		{"built-in 31", excelize.Style{NumFmt: 31}, false, false, "2021年12月31日", "2022年3月31日"},
		{"m/d/yy", custom("m/d/yy"), false, false, "2021年12月31日", "2022年3月31日"},
		{"year and month", custom(`yyyy"年"m"月"`), false, false, "2021年12月", "2022年3月"},
		{"1904 date system", excelize.Style{NumFmt: 14}, true, false, "2021年12月31日", "2022年3月31日"},
		{"formula without cached value", custom("yyyy-mm-dd"), false, true, "2021年12月31日", "2022年3月31日"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			shift := 0
			if tc.date1904 {
				shift = offset1904
			}
			row := rFirstInd + 3 // 时效指标
			l.set(row, 3, "完成时限", target2021-shift, actualLate-shift, 10, 10)
			if tc.formula {
				delete(l.cells, [2]int{row, 4})
				l.formulas[[2]int{row, 4}] = "DATE(2021,12,31)"
			}
			l.set(rYear, 0, yearStart-shift)
			year := `yyyy"年度"`
			l.style(rYear, 0, excelize.Style{CustomNumFmt: &year})
			l.style(row, 4, tc.style)
			l.style(row, 5, tc.style)
			path := writeBook(t, sheetSpec{"自评表", []placed{{l, 0, 0}}})
			if tc.date1904 {
				path = withDate1904(t, path)
			}
			f := readN(t, path, 1)[0]
			if f.Year != 2021 {
				t.Errorf("Year = %d, want 2021 from the year cell formatted yyyy\"年度\"", f.Year)
			}
			ind := f.Indicators[3]
			checkCell(t, "target", ind.Target, "E16", tc.target)
			checkCell(t, "actual", ind.Actual, "F16", tc.actual)
			if ind.Target.Numeric || ind.Actual.Numeric {
				t.Errorf("a date read as a number: target %+v, actual %+v", ind.Target, ind.Actual)
			}
			res := scoring.Evaluate(f, famProfile(t, "mof2020"), scoring.Options{Year: 2021})
			got := res.Indicators[3]
			if got.Kind != scoring.KindQuantitative || got.Recomputed == nil || !got.Recomputed.LessThan(*got.Claimed) {
				t.Errorf("row scored %v, recomputed %v: a deadline missed by three months keeps full points", got.Kind, got.Recomputed)
			}
			var i05 string
			for _, fd := range res.Findings {
				if strings.Contains(fd.Message, "4456") || strings.Contains(fd.Message, "4465") {
					t.Errorf("%s quotes a serial number: %s", fd.Code, fd.Message)
				}
				if fd.Code == "I05" && fd.Ref.Cell == "H16" {
					i05 = fd.Message
				}
				if fd.Code == "S07" {
					t.Errorf("S07 on a form whose year cell shows 2021年度: %s", fd.Message)
				}
			}
			if !strings.Contains(i05, tc.target) || !strings.Contains(i05, tc.actual) {
				t.Errorf("I05 = %q, want the dates quoted as shown", i05)
			}
		})
	}
}

// withDate1904 re-saves the workbook counting its dates from 1904, as old Mac workbooks do.
func withDate1904(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	on := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return path
}

// A numeric 执行率 is written to the precision its number format shows: 1 formatted 0.00% shows
// 100.00%, which disagrees with a real rate of 92%; 0.924 formatted 0% shows 92%, which agrees.
func TestReadRatePrecisionAsShown(t *testing.T) {
	custom := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	for _, tc := range []struct {
		name  string
		rate  any
		style *excelize.Style
		text  string // the rate's text as read
		f03   string // a word of the F03 message, "" for none
	}{
		{"1 as 0.00%", 1, &excelize.Style{NumFmt: 10}, "1.0000", "表中填写 100.00%"},
		{"1 as 0%", 1, &excelize.Style{NumFmt: 9}, "1.00", "表中填写 100.00%"},
		{"0.92 as 0.00%", 0.92, &excelize.Style{NumFmt: 10}, "0.9200", ""},
		{"0.924 as 0%", 0.924, &excelize.Style{NumFmt: 9}, "0.92", ""},
		{"0.9 as 0%", 0.9, &excelize.Style{NumFmt: 9}, "0.90", "表中填写 90.00%"},
		{"0.9204 as 0.0%", 0.9204, custom("0.0%"), "0.920", ""},
		{"92 as 0.00", 92, &excelize.Style{NumFmt: 2}, "92.00", ""},
		{"text 100.00%", "100.00%", nil, "100.00%", "表中填写 100.00%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := nationalForm(defaultText)
			// 年度资金总额 110 / 101.2: a real rate of 92%, scoring 9.2 of 10.
			l.set(rFundsTot, 3, 110, 110, 101.2, 10, tc.rate, 9.2)
			l.set(rFundsTot+1, 3, 110, 110, 101.2)
			if tc.style != nil {
				l.style(rFundsTot, 7, *tc.style)
			}
			f := readN(t, writeBook(t, sheetSpec{"自评表", []placed{{l, 0, 0}}}), 1)[0]
			if got := f.Funds.Total.Rate.Text; got != tc.text {
				t.Errorf("rate text = %q, want %q", got, tc.text)
			}
			res := scoring.Evaluate(f, famProfile(t, "mof2020"), scoring.Options{})
			var f03 []string
			for _, fd := range res.Findings {
				if fd.Code == "F03" {
					f03 = append(f03, fd.Message)
				}
			}
			switch {
			case tc.f03 == "" && len(f03) > 0:
				t.Errorf("F03 %v on a rate written as the real one", f03)
			case tc.f03 != "" && (len(f03) != 1 || !strings.Contains(f03[0], tc.f03)):
				t.Errorf("F03 = %v, want one saying %q", f03, tc.f03)
			}
		})
	}
}

// TestShownNumber checks the plain numbers' short cut against decimal's arithmetic.
func TestShownNumber(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "00", "0.0", "-0.000", "7", "007", "100", "1200", "-1200", "0.5", "-0.5", "0.50",
		"12.500", "003.1400", "9.779999999999999", "123456789012345", "1234567890123456",
		"0.000000000000000123", "0.1234567890123456", "99999999999999.95", "1E2", "1e-3", ".5", "5.",
		"+5", "--5", "-", "", "1.2.3", "1,000", " 5", "０", "12345678901234.5", "1234567890123.45",
	} {
		want := ""
		d, werr := decimal.NewFromString(s)
		if werr == nil {
			want = excelNumber(d)
		}
		got, ok := shownNumber(s)
		if ok != (werr == nil) || got != want {
			t.Errorf("shownNumber(%q) = %q, %v; want %q, %v", s, got, ok, want, werr == nil)
		}
	}
}

// FuzzShownNumber checks the short cut against decimal's arithmetic on any text.
func FuzzShownNumber(f *testing.F) {
	for _, s := range []string{"0.50", "-007.10", "123456789012345", "1e3", "", "-", "e", ".", "\u22125", "\u2212", "项目1", "1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := shownNumber(s)
		d, err := decimal.NewFromString(s)
		if ok != (err == nil) || (ok && got != excelNumber(d)) {
			t.Errorf("shownNumber(%q) = %q, %v", s, got, ok)
		}
	})
}
