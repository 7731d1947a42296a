package excelio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what one input may cost: a zip bomb or a huge export is refused, not unpacked.
const (
	maxFileSize      = 100 << 20
	unzipSizeLimit   = 200 << 20
	unzipXMLLimit    = 16 << 20
	maxScanRows      = 5000
	maxScanCols      = 120
	oleMagic         = "\xD0\xCF\x11\xE0"
	zipMagic         = "PK\x03\x04"
	encryptionMarker = "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o"
)

// Sentinel errors under a *FileError, for callers that test the condition.
var (
	ErrEmptyFile   = errors.New("empty file")
	ErrEncrypted   = errors.New("encrypted workbook")
	ErrLegacy      = errors.New("legacy binary workbook")
	ErrNotWorkbook = errors.New("not a workbook")
	ErrTooLarge    = errors.New("workbook over the size limits")
	ErrCorrupt     = errors.New("corrupt workbook")
)

func fileErr(code string, err error, format string, args ...any) *FileError {
	return &FileError{Code: code, Reason: fmt.Sprintf(format, args...), Err: err}
}

// openWorkbook reads path into memory and opens it as a workbook. Reading the bytes first means
// the input is never held open, locked or written by excelize.
func openWorkbook(path string, opts ReadOptions) (*excelize.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fileErr("B03", err, "无法读取文件：%v", err)
	}
	if info.Size() > maxFileSize {
		return nil, fileErr("B03", ErrTooLarge, "文件过大（%d MB），超过 %d MB 的处理上限", info.Size()>>20, maxFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fileErr("B03", err, "无法读取文件：%v", err)
	}
	if err := sniff(data, path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
		Password:          opts.Password,
	})
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return nil, fileErr("B03", ErrTooLarge, "工作簿解压后超过 %d MB 的处理上限，疑似异常文件", unzipSizeLimit>>20)
		}
		return nil, fileErr("B03", ErrCorrupt, "文件已损坏或下载不完整，无法打开（%v）", err)
	}
	return f, nil
}

// sniff classifies the file by its bytes, not its name: units rename .xls to .xlsx, and mail
// clients save notices under a workbook's name.
func sniff(data []byte, path string) error {
	switch {
	case len(data) == 0:
		return fileErr("B03", ErrEmptyFile, "文件为空（0 字节），请重新报送")
	case bytes.HasPrefix(data, []byte(oleMagic)):
		if bytes.Contains(data, []byte(encryptionMarker)) {
			return fileErr("B03", ErrEncrypted, "文件已加密，请取消密码后重新报送")
		}
		ext := strings.ToLower(filepath.Ext(path))
		return fileErr("B04", ErrLegacy, "旧版 Excel/WPS 格式（%s），请另存为 .xlsx 后重新报送", strings.TrimPrefix(ext, "."))
	case bytes.HasPrefix(data, []byte(zipMagic)):
		return nil
	default:
		return fileErr("B03", ErrNotWorkbook, "不是 Excel 工作簿（.xlsx），文件内容无法识别")
	}
}
