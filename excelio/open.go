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
	// ErrEmptyFile is a file of zero bytes, typically an interrupted download or copy.
	ErrEmptyFile = errors.New("empty file")
	// ErrEncrypted is a password-protected workbook with no password or a wrong one.
	ErrEncrypted = errors.New("encrypted workbook")
	// ErrLegacy is an .xls or .et workbook that could not be converted to .xlsx.
	ErrLegacy = errors.New("legacy binary workbook")
	// ErrNotWorkbook is a file whose bytes are neither a zip package nor an OLE file.
	ErrNotWorkbook = errors.New("not a workbook")
	// ErrTooLarge is a file, part or sheet over the limits that keep one file from costing the batch.
	ErrTooLarge = errors.New("workbook over the size limits")
	// ErrCorrupt is a damaged package or a sheet that could not be read.
	ErrCorrupt = errors.New("corrupt workbook")
)

// fileErr builds the *FileError of a file that cannot be read, its reason formatted in Chinese.
func fileErr(code string, err error, format string, args ...any) *FileError {
	return &FileError{Code: code, Reason: fmt.Sprintf(format, args...), Err: err}
}

// openWorkbook reads path into memory and opens it as a workbook; it returns the .xlsx package
// it opened (converted or decrypted where it had to be). Reading the bytes first means the input
// is never held open, locked or written by excelize.
func openWorkbook(path string, opts ReadOptions) (*excelize.File, []byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, fileErr("B03", err, "无法读取文件（没有读取权限，或文件已被移走）")
	}
	if info.Size() > maxFileSize {
		return nil, nil, fileErr("B03", ErrTooLarge, "文件过大（%d MB），超过 %d MB 的处理上限", info.Size()>>20, maxFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fileErr("B03", err, "无法读取文件（没有读取权限，或文件已被移走）")
	}
	if data, err = plainPackage(data, path, opts); err != nil {
		return nil, nil, err
	}
	if data, err = normalizePackage(data); err != nil {
		return nil, nil, err
	}
	if err := inspectPackage(data); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipSizeLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
	})
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return nil, nil, fileErr("B03", ErrTooLarge, "工作簿解压后超过 %d MB 的处理上限，疑似异常文件", unzipSizeLimit>>20)
		}
		return nil, nil, fileErr("B03", ErrCorrupt, "文件已损坏或下载不完整，无法打开")
	}
	return f, data, nil
}

// plainPackage turns the file's bytes into an .xlsx package: as is, decrypted with the
// password, or converted from a legacy format by LibreOffice.
func plainPackage(data []byte, path string, opts ReadOptions) ([]byte, error) {
	kind, err := sniff(data)
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindEncrypted:
		if opts.Password == "" {
			return nil, fileErr("B03", ErrEncrypted, "文件已加密，请取消密码后重新报送（或用 --password 提供密码）")
		}
		plain, err := excelize.Decrypt(data, &excelize.Options{Password: opts.Password})
		if err != nil || !bytes.HasPrefix(plain, []byte(zipMagic)) {
			return nil, fileErr("B03", ErrEncrypted, "文件已加密，所给密码无法打开")
		}
		return plain, nil
	case kindLegacy:
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
		if ext == "" || ext == "xlsx" {
			ext = "xls"
		}
		converted, err := convertLegacy(data)
		if errors.Is(err, ErrNoConverter) {
			return nil, fileErr("B04", ErrLegacy, "旧版 Excel/WPS 格式（.%s），请另存为 .xlsx 后重新报送（审核方：本机未找到 LibreOffice，安装免费的 LibreOffice 后即可直接审核此类文件，下载：https://zh-cn.libreoffice.org/download/）", ext)
		}
		if err != nil {
			return nil, fileErr("B04", ErrLegacy, "旧版 Excel/WPS 格式（.%s）无法转换，文件可能已损坏，请另存为 .xlsx 后重新报送", ext)
		}
		return converted, nil
	}
	return data, nil
}

// fileKind is what a file's first bytes say it is.
type fileKind int

const (
	kindZip fileKind = iota
	kindEncrypted
	kindLegacy
)

// sniff classifies the file by its bytes, not its name: units rename .xls to .xlsx, and mail
// clients save notices under a workbook's name. An encrypted .xlsx is an OLE file like an .xls;
// its EncryptionInfo stream tells them apart.
func sniff(data []byte) (fileKind, error) {
	switch {
	case len(data) == 0:
		return 0, fileErr("B03", ErrEmptyFile, "文件为空（0 字节），请重新报送")
	case bytes.HasPrefix(data, []byte(oleMagic)):
		if bytes.Contains(data, []byte(encryptionMarker)) {
			return kindEncrypted, nil
		}
		return kindLegacy, nil
	case bytes.HasPrefix(data, []byte(zipMagic)):
		return kindZip, nil
	default:
		return 0, fileErr("B03", ErrNotWorkbook, "不是 Excel 工作簿（.xlsx），文件内容无法识别")
	}
}
