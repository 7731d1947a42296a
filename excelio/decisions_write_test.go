package excelio

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestDecisionsWorkersSameBytes writes the decisions workbook with one worker and with several:
// the rows made beside their compression, and the stale sheet written ahead, must give the very
// bytes of the serial write, leave no temporary file behind, and a count of rows that is not
// the rows' must fail the write.
func TestDecisionsWorkersSameBytes(t *testing.T) {
	var rows, stale []Decision
	for i := range 3000 { // several of writeRawSheet's 64 KB writes
		rows = append(rows, Decision{Key: DecisionKey{File: fmt.Sprintf("单位%03d/自评表 <%d>.xlsx", i/7, i), Form: 1 + i%2,
			Sheet: "Sheet1", Cell: fmt.Sprintf("H%d", 6+i%20), Code: "F04", Nth: 1}, Department: "临江市教育局", Unit: "临江市第一中学",
			Project: "校舍维修 & 改造", Severity: "错误", Message: fmt.Sprintf("执行率得分应为 %d.00", i%10), Accept: i%5 == 0, Remark: "已核实"})
	}
	for i := range 40 {
		stale = append(stale, rows[i*3])
	}
	dir := t.TempDir()
	dst := filepath.Join(dir, DecisionsName)
	sameBytesForWorkers(t, dst, func(workers int) error {
		if err := WriteDecisions(filepath.Join(dir, "wrong.xlsx"), len(rows)+1, DecisionSlice(rows), nil, workers); err == nil {
			t.Errorf("workers %d: a count one above the rows' was written", workers)
		}
		return WriteDecisions(dst, len(rows), DecisionSlice(rows), stale, workers)
	})
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("%d files left in the folder, want only the workbook", len(left))
	}
}

// TestKeyText checks keyText against json.Marshal's key, texts that need escaping among them.
func TestKeyText(t *testing.T) {
	for _, text := range []string{"", "Sheet1", "单位/自评表.xlsx", `a"b`, `a\b`, "a<b>&c", "tab\there", "del\x7f",
		"line\u2028sep", "para\u2029sep", "bad\xffutf8", "表 （1）", "emoji 😀"} {
		for _, k := range []DecisionKey{
			{File: text, Form: 1, Sheet: "Sheet1", Cell: "H6", Code: "F04", Nth: 1},
			{File: "a.xlsx", Form: 12, Sheet: text, Cell: text, Code: text, Nth: 3},
		} {
			if got, want := keyText(k), k.String(); got != want {
				t.Errorf("keyText(%+v) = %s, want %s", k, got, want)
			}
		}
	}
}
