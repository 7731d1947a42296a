package mail

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/jxzp/jxzp/scoring"
)

// RosterUnit is one unit of the roster (单位名录).
type RosterUnit struct {
	Department string // 主管部门
	Name       string // 单位名称, as the roster writes it
	Code       string // 单位编码, upper-cased; "" when the roster has none
	Address    string // 邮箱, a bare address; "" when missing or not an address
	Contact    string // 联系人
	// BadAddress is what the 邮箱 cell held when it was not an address, to be reported.
	BadAddress string
}

// Roster is the bureau's list of the units expected to submit, with their reply addresses.
type Roster struct {
	Units []RosterUnit
}

// rosterColumns are the roster's columns and the header texts that name them, compared after
// normLabel. Like the form's labels, units' and bureaus' spreadsheets name a column many ways.
var rosterColumns = map[string][]string{
	"department": {"主管部门", "主管单位", "部门", "主管部门名称", "一级预算单位", "主管部门(单位)"},
	"name":       {"单位名称", "单位", "实施单位", "预算单位", "预算单位名称", "单位全称", "实施单位名称"},
	"address":    {"邮箱", "电子邮箱", "邮箱地址", "电子邮件", "邮件地址", "电子邮箱地址", "email", "e-mail", "mail"},
	"code":       {"单位编码", "单位代码", "预算单位编码", "预算单位代码", "编码", "代码"},
	"contact":    {"联系人", "经办人", "联系人姓名", "负责人"},
}

// maxRosterRows bounds a roster: a city has hundreds of units, not a million.
const maxRosterRows = 20000

// ReadRoster reads a roster from an .xlsx workbook (its first sheet with the header) or a CSV
// file in UTF-8 (with or without BOM) or GBK. Its errors are Chinese, for the terminal.
func ReadRoster(file string) (*Roster, error) {
	var rows [][]string
	var err error
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx", ".xlsm":
		rows, err = xlsxRows(file)
	case ".csv", ".txt":
		rows, err = csvRows(file)
	default:
		return nil, fmt.Errorf("单位名录「%s」须为 .xlsx 或 .csv 文件", file)
	}
	if err != nil {
		return nil, err
	}
	return parseRoster(file, rows)
}

// xlsxRows reads the rows of the first sheet that holds a roster header.
func xlsxRows(file string) ([][]string, error) {
	f, err := excelize.OpenFile(file, excelize.Options{RawCellValue: true, UnzipSizeLimit: 50 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, fmt.Errorf("无法打开单位名录「%s」：文件不存在、已损坏或不是 .xlsx 工作簿", file)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			continue
		}
		if _, _, ok := findHeader(rows); ok {
			return rows, nil
		}
	}
	return nil, fmt.Errorf("单位名录「%s」中没有找到表头（需要「单位名称」和「邮箱」列）", file)
}

// csvRows reads a CSV roster, decoding GBK when the bytes are not UTF-8 (Excel on a Chinese
// Windows saves CSV in GBK).
func csvRows(file string) ([][]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("无法读取单位名录「%s」：文件不存在或没有读取权限", file)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	text := string(data)
	if !utf8.Valid(data) {
		text = decodeGBK(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("单位名录「%s」不是有效的 CSV 文件：%v", file, err)
	}
	return rows, nil
}

// findHeader finds the header row among the first rows: the one naming 单位名称 and 邮箱.
func findHeader(rows [][]string) (int, map[string]int, bool) {
	for i := 0; i < len(rows) && i < 20; i++ {
		cols := map[string]int{}
		for j, cell := range rows[i] {
			if key := columnKey(cell); key != "" {
				if _, dup := cols[key]; !dup {
					cols[key] = j
				}
			}
		}
		_, hasName := cols["name"]
		_, hasAddr := cols["address"]
		if hasName && hasAddr {
			return i, cols, true
		}
	}
	return 0, nil, false
}

// columnKey names the roster column a header text stands for, or "".
func columnKey(cell string) string {
	label := normLabel(cell)
	for key, names := range rosterColumns {
		for _, n := range names {
			if label == normLabel(n) {
				return key
			}
		}
	}
	return ""
}

// normLabel compares header texts without width, case, spaces, marks of required columns and
// trailing colons.
func normLabel(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == ':' {
			return -1
		}
		return r
	}, s)
}

// parseRoster turns the rows under the header into units.
func parseRoster(file string, rows [][]string) (*Roster, error) {
	h, cols, ok := findHeader(rows)
	if !ok {
		return nil, fmt.Errorf("单位名录「%s」中没有找到表头（需要「单位名称」和「邮箱」列）", file)
	}
	if len(rows)-h-1 > maxRosterRows {
		return nil, fmt.Errorf("单位名录「%s」超过 %d 行", file, maxRosterRows)
	}
	cell := func(row []string, key string) string {
		j, ok := cols[key]
		if !ok || j >= len(row) {
			return ""
		}
		return cleanHeaderText(row[j])
	}
	ro := &Roster{}
	for _, row := range rows[h+1:] {
		u := RosterUnit{
			Department: cell(row, "department"),
			Name:       cell(row, "name"),
			Code:       strings.ToUpper(norm.NFKC.String(cell(row, "code"))),
			Contact:    cell(row, "contact"),
		}
		if NormUnit(u.Name) == "" {
			continue
		}
		u.Address, u.BadAddress = parseAddress(cell(row, "address"))
		ro.Units = append(ro.Units, u)
	}
	if len(ro.Units) == 0 {
		return nil, errors.New("单位名录「" + file + "」中没有任何单位")
	}
	return ro, nil
}

// parseAddress takes the first address of a 邮箱 cell (units write several, separated by ；、,
// or spaces); the cell's text comes back as bad when none of it is an address.
func parseAddress(s string) (addr, bad string) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	if s == "" {
		return "", ""
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(";,、 \t", r) }) {
		if a, err := netmail.ParseAddress(f); err == nil && strings.Contains(a.Address, ".") {
			return a.Address, ""
		}
	}
	return "", s
}

// NormUnit is a unit name as units are compared (scoring.NormName).
func NormUnit(s string) string { return scoring.NormName(s) }

// unitCode is the code written before a unit's name ("219001-临江市卫生健康委员会" → "219001"),
// upper-cased; "" when there is none.
func unitCode(s string) string {
	t := strings.TrimSpace(norm.NFKC.String(s))
	if scoring.StripCodePrefix(t) == t {
		return ""
	}
	end := strings.IndexFunc(t, func(r rune) bool { return r > unicode.MaxASCII || (!unicode.IsLetter(r) && !unicode.IsDigit(r)) })
	if end < 0 {
		end = len(t)
	}
	return strings.ToUpper(t[:end])
}

// Find returns the index of the roster unit a form's 实施单位 names, or -1. A code written before
// the name decides when the roster has one too; otherwise the normalised names must be equal.
func (ro *Roster) Find(unit string) int {
	if ro == nil {
		return -1
	}
	code, name := unitCode(unit), NormUnit(unit)
	if code != "" {
		for i, u := range ro.Units {
			if u.Code != "" && u.Code == code {
				return i
			}
		}
	}
	for i, u := range ro.Units {
		if name != "" && NormUnit(u.Name) == name && (code == "" || u.Code == "" || u.Code == code) {
			return i
		}
	}
	return -1
}
