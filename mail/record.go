package mail

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// recordName is the send record under OUT/邮件/.
const recordName = "发送记录.csv"

// recordHeader is the record's first row.
var recordHeader = []string{"单位", "邮箱", "Message-ID", "时间", "结果"}

// record is the send record: which messages the server accepted. It is appended to and synced
// after every accepted message, so a crash or a power cut never leaves a sent message unrecorded
// (which a re-run would send again).
type record struct {
	f    *os.File
	sent map[string]bool // Message-IDs recorded as sent
}

// openRecord reads the record (creating it with a header and a BOM, so Excel shows the Chinese)
// and opens it for appending; a dry run only reads it.
func openRecord(p string, dryRun bool) (*record, error) {
	r := &record{sent: map[string]bool{}}
	data, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist) && dryRun:
		return r, nil
	case errors.Is(err, fs.ErrNotExist):
		var b bytes.Buffer
		b.WriteString("\uFEFF")
		w := csv.NewWriter(&b)
		w.UseCRLF = true
		w.Write(recordHeader)
		w.Flush()
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return nil, fmt.Errorf("无法创建发送记录 %s：%v", p, err)
		}
	case err != nil:
		return nil, fmt.Errorf("无法读取发送记录 %s：%v", p, err)
	default:
		rows, err := readRecordRows(data)
		if err != nil {
			return nil, fmt.Errorf("发送记录 %s 已损坏，请修复或改名后重试：%v", p, err)
		}
		for _, row := range rows {
			if len(row) >= 5 && row[4] == OutcomeSent {
				r.sent[row[2]] = true
			}
		}
	}
	if dryRun {
		return r, nil
	}
	if r.f, err = os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0); err != nil {
		return nil, fmt.Errorf("无法写入发送记录 %s（文件可能正在 Excel 中打开）：%v", p, err)
	}
	return r, nil
}

// readRecordRows parses the record, tolerating a BOM and a last line cut short by a crash.
func readRecordRows(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var rows [][]string
	for {
		row, err := cr.Read()
		if err != nil {
			if err.Error() == "EOF" {
				return rows, nil
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return rows, nil // a torn last line: what was synced before it stands
			}
			return rows, err
		}
		rows = append(rows, row)
	}
}

// add appends one row and syncs it to disk before returning.
func (r *record) add(d Draft, at time.Time, result string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write([]string{d.Unit, strings.Join(d.To, ";"), d.MessageID, at.Format("2006-01-02 15:04:05"), result})
	w.Flush()
	if _, err := r.f.Write(b.Bytes()); err != nil {
		return err
	}
	if err := r.f.Sync(); err != nil {
		return err
	}
	if result == OutcomeSent {
		r.sent[d.MessageID] = true
	}
	return nil
}

// close closes the record file.
func (r *record) close() {
	if r != nil && r.f != nil {
		r.f.Close()
	}
}
