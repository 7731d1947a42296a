package excelio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// Limits on one part of a workbook. A real form's sheet is tens of kilobytes; these are far above
// that and far below what would cost the batch minutes or gigabytes inside excelize, which reads
// whole sheets (and, on rows written without numbers, in quadratic time) before we can stop it.
const (
	maxPartSize  = 16 << 20
	maxSheetRows = 20000
)

// inspectPackage checks the .xlsx package before excelize opens it: every worksheet and the
// shared strings must be of bounded size and row count, and the shared strings must be
// well-formed XML (excelize silently reads a damaged one as empty, which would hide every label).
func inspectPackage(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fileErr("B03", ErrCorrupt, "文件已损坏或下载不完整，无法打开")
	}
	for _, zf := range zr.File {
		name := strings.ToLower(path.Clean(zf.Name))
		sheet := strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml")
		shared := name == "xl/sharedstrings.xml"
		if !sheet && !shared {
			continue
		}
		part, err := readPart(zf)
		if err != nil {
			return err
		}
		if sheet && bytes.Count(part, []byte("<row")) > maxSheetRows {
			return fileErr("B03", ErrTooLarge, "工作表超过 %d 行，不是自评表或为异常文件", maxSheetRows)
		}
		if shared && !wellFormed(part) {
			return fileErr("B03", ErrCorrupt, "文件已损坏（共享字符串部分无法解析），请重新保存后报送")
		}
	}
	return nil
}

// readPart unpacks one part, refusing it past maxPartSize whatever its header claims.
func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, fileErr("B03", ErrCorrupt, "文件已损坏或下载不完整，无法打开")
	}
	defer rc.Close()
	part, err := io.ReadAll(io.LimitReader(rc, maxPartSize+1))
	if err != nil {
		return nil, fileErr("B03", ErrCorrupt, "文件已损坏或下载不完整，无法打开")
	}
	if len(part) > maxPartSize {
		return nil, fileErr("B03", ErrTooLarge, "工作簿中有超过 %d MB 的部分，疑似异常文件", maxPartSize>>20)
	}
	return part, nil
}

// wellFormed reports whether part parses as XML. Go's decoder never fetches external entities
// and refuses undefined ones, so a part that declares them fails here rather than leaking.
func wellFormed(part []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(part))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
	}
}
