package excelio

// The decisions workbook (复核意见.xlsx): one row per finding of the batch, with a 处理 column
// (认可 or blank) and a 备注 column for the reviewer. jxzp writes it on every run, pre-filled
// with the decisions read back through --decisions, so the reviewer keeps one file from run to
// run. Each row carries its key twice: in the visible 文件/表序号/工作表/单元格/代码 columns and,
// whole, in a hidden 键 column, so sorting, filtering or deleting rows never breaks the match.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DecisionsName is the decisions workbook's file name in the output folder.
const DecisionsName = "复核意见.xlsx"

// acceptWord is the 处理 value that accepts a finding.
const acceptWord = "认可"

// Sheet names of the decisions workbook.
const (
	sheetDecisions = "复核意见"
	sheetStale     = "已失效的复核意见"
)

// decisionsHeader are the columns of both sheets; the last one, 键, is hidden.
var decisionsHeader = []string{"序号", "主管部门", "实施单位", "项目名称", "文件", "表序号", "工作表", "单元格",
	"代码", "严重程度", "问题说明", "处理", "备注", "键"}

// Columns (1-based) the reader needs.
const (
	decColFile   = 5
	decColForm   = 6
	decColSheet  = 7
	decColCell   = 8
	decColCode   = 9
	decColAction = 12
	decColRemark = 13
	decColKey    = 14
)

// DecisionKey identifies one finding of a batch across runs.
type DecisionKey struct {
	File  string // the input's path relative to the inbox, as in results.json
	Form  int    // the form's place in the file, 1 for the first
	Sheet string // the sheet of the finding's cell; empty when it names none
	Cell  string // upper case without $; empty when the finding names no cell
	Code  string // check code
	// Nth tells apart findings that share all of the above (1 for the first), which a
	// form-level finding without a cell may do.
	Nth int
}

// String is the key as the hidden 键 column holds it: a JSON array, which no name can break.
func (k DecisionKey) String() string {
	b, _ := json.Marshal([]any{k.File, k.Form, k.Sheet, k.Cell, k.Code, k.Nth})
	return string(b)
}

// parseDecisionKey reads a 键 cell back; ok is false for anything jxzp did not write.
func parseDecisionKey(s string) (DecisionKey, bool) {
	var a []any
	if json.Unmarshal([]byte(s), &a) != nil || len(a) != 6 {
		return DecisionKey{}, false
	}
	var k DecisionKey
	var ok1, ok2, ok3, ok4 bool
	k.File, ok1 = a[0].(string)
	form, ok2 := a[1].(float64)
	k.Sheet, ok3 = a[2].(string)
	k.Cell, ok4 = a[3].(string)
	code, ok5 := a[4].(string)
	nth, ok6 := a[5].(float64)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return DecisionKey{}, false
	}
	k.Form, k.Code, k.Nth = int(form), code, int(nth)
	return k, true
}

// Decision is one row of the decisions workbook: a finding and what the reviewer decided on it.
type Decision struct {
	Key                       DecisionKey
	Department, Unit, Project string // as the form writes them, for the reviewer
	Severity, Message         string // the finding, for the reviewer
	Accept                    bool   // 处理 is 认可
	Remark                    string // 备注
}

// colName is the letters of column col.
func colName(col int) string { return strings.TrimRight(cellRef(col, 1), "0123456789") }

// ReadDecisions reads the decided rows (处理 认可 or a 备注) of the 复核意见 sheet of a decisions
// workbook a reviewer filled in. A row whose key cannot be read is an error naming its row, not
// a decision silently lost.
func ReadDecisions(path string) ([]Decision, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法打开复核意见 %s：%w", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetDecisions)
	if err != nil {
		return nil, fmt.Errorf("%s 中没有“%s”工作表", path, sheetDecisions)
	}
	head := -1
	for i, r := range rows {
		if len(r) >= decColRemark && strings.TrimSpace(r[decColAction-1]) == "处理" && strings.TrimSpace(r[decColRemark-1]) == "备注" {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, fmt.Errorf("%s 的“%s”工作表中找不到“处理”“备注”两列的表头", path, sheetDecisions)
	}
	cell := func(r []string, col int) string {
		if col-1 < len(r) {
			return strings.TrimSpace(r[col-1])
		}
		return ""
	}
	var out []Decision
	for i, r := range rows[head+1:] {
		action, remark := cell(r, decColAction), cell(r, decColRemark)
		accept := action == acceptWord || action == "已认可"
		if !accept && remark == "" {
			continue
		}
		if action != "" && !accept {
			return nil, fmt.Errorf("%s 第 %d 行：“处理”只能填“%s”或留空，现为“%s”", path, head+i+2, acceptWord, action)
		}
		k, ok := parseDecisionKey(cell(r, decColKey))
		if !ok {
			// The hidden key was lost (a reviewer copied rows into a new file): the visible
			// columns say the same, all but Nth.
			form, err := strconv.Atoi(cell(r, decColForm))
			if err != nil || cell(r, decColFile) == "" || cell(r, decColCode) == "" {
				return nil, fmt.Errorf("%s 第 %d 行：读不出这条问题的文件、表序号和代码", path, head+i+2)
			}
			k = DecisionKey{File: cell(r, decColFile), Form: form, Sheet: cell(r, decColSheet),
				Cell: cell(r, decColCell), Code: cell(r, decColCode), Nth: 1}
		}
		out = append(out, Decision{Key: k, Department: cell(r, 2), Unit: cell(r, 3), Project: cell(r, 4),
			Severity: cell(r, 10), Message: cell(r, 11), Accept: accept, Remark: remark})
	}
	if out == nil {
		out = []Decision{}
	}
	return out, nil
}
