package excelio

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/scoring"
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
	// ErrLegacy is an .xls, .et or .ods workbook that could not be converted to .xlsx.
	ErrLegacy = errors.New("legacy binary workbook")
	// ErrUnsupportedFormat is a workbook in a format that is not read at all (.xlsb).
	ErrUnsupportedFormat = errors.New("unsupported workbook format")
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

// loadPackage reads the file within the budget of bytes held and turns it into an .xlsx package;
// the package's directory comes with it when sniffing the file read it (nil otherwise).
func loadPackage(ctx context.Context, path string, opts ReadOptions) (sniffedPackage, func(), error) {
	info, err := os.Stat(path)
	if err != nil {
		return sniffedPackage{}, nil, fileErr(scoring.B03, err, "无法读取文件（没有读取权限，或文件已被移走）")
	}
	if info.Size() > maxFileSize {
		return sniffedPackage{}, nil, fileErr(scoring.B03, ErrTooLarge, "文件过大（%d MB），超过 %d MB 的处理上限", info.Size()>>20, maxFileSize>>20)
	}
	release, err := heldBudget.acquire(ctx, info.Size())
	if err != nil {
		return sniffedPackage{}, nil, interruptedErr(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		release()
		return sniffedPackage{}, nil, fileErr(scoring.B03, err, "无法读取文件（没有读取权限，或文件已被移走）")
	}
	pkg, err := plainPackage(ctx, data, path, opts)
	if err != nil {
		release()
		return sniffedPackage{}, nil, err
	}
	return pkg, release, nil
}

// sniffedPackage is an .xlsx package and, when sniffing it read it, its zip directory.
type sniffedPackage struct {
	data []byte
	zr   *zip.Reader // nil when not read, or not of these bytes
}

// interruptedErr is the error of a file whose reading was stopped by the end of the run's context.
func interruptedErr(err error) *FileError {
	return fileErr(scoring.B03, err, "审核已中断，文件未读取")
}

// plainPackage turns the file's bytes into an .xlsx package: as is, decrypted with the
// password, or converted from another format by LibreOffice.
func plainPackage(ctx context.Context, data []byte, path string, opts ReadOptions) (sniffedPackage, error) {
	kind, zr, err := sniff(data)
	if err != nil {
		return sniffedPackage{}, err
	}
	plain, err := plainBytes(ctx, data, kind, path, opts)
	if err != nil {
		return sniffedPackage{}, err
	}
	if kind != kindZip {
		zr = nil
	}
	return sniffedPackage{data: plain, zr: zr}, nil
}

// plainBytes is the .xlsx package of data, a file of that kind.
func plainBytes(ctx context.Context, data []byte, kind fileKind, path string, opts ReadOptions) ([]byte, error) {
	switch kind {
	case kindEncrypted:
		if opts.Password == "" {
			return nil, fileErr(scoring.B03, ErrEncrypted, "文件已加密，请取消密码后重新报送（或用 --password 提供密码）")
		}
		plain, err := excelize.Decrypt(data, &excelize.Options{Password: opts.Password})
		if err != nil || !bytes.HasPrefix(plain, []byte(zipMagic)) {
			return nil, fileErr(scoring.B03, ErrEncrypted, "文件已加密，所给密码无法打开")
		}
		return plain, nil
	case kindLegacy:
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
		if ext == "" || ext == "xlsx" {
			ext = "xls"
		}
		return convertOrRefuse(ctx, data, formatXLS, fmt.Sprintf("旧版 Excel/WPS 格式（.%s）", ext))
	case kindODS:
		if _, err := inspectZip(data, limits.totalBytes); err != nil {
			return nil, err
		}
		return convertOrRefuse(ctx, data, formatODS, "OpenDocument 表格格式（.ods）")
	case kindXLSB:
		return nil, fileErr(scoring.B04, ErrUnsupportedFormat, "Excel 二进制工作簿格式（.xlsb）无法读取，请另存为 .xlsx 后重新报送")
	}
	return data, nil
}

// convertOrRefuse converts data with LibreOffice, or says in B04 why it could not; what names
// the file's format for the unit.
func convertOrRefuse(ctx context.Context, data []byte, from sourceFormat, what string) ([]byte, error) {
	converted, err := convert(ctx, data, from)
	switch {
	case err == nil:
		return converted, nil
	case ctx.Err() != nil:
		return nil, interruptedErr(ctx.Err())
	case errors.Is(err, ErrNoConverter):
		return nil, fileErr(scoring.B04, ErrLegacy, "%s，请另存为 .xlsx 后重新报送（审核方：本机未找到 LibreOffice，安装免费的 LibreOffice 后即可直接审核此类文件，下载：https://zh-cn.libreoffice.org/download/）", what)
	default:
		return nil, fileErr(scoring.B04, ErrLegacy, "%s无法转换，文件可能已损坏，请另存为 .xlsx 后重新报送", what)
	}
}

// fileKind is what a file's first bytes say it is.
type fileKind int

const (
	kindZip fileKind = iota
	kindEncrypted
	kindLegacy
	kindODS  // an OpenDocument spreadsheet (LibreOffice, WPS)
	kindXLSB // an Excel binary workbook
)

// sniff classifies the file by its bytes, not its name: units rename .xls to .xlsx, and mail
// clients save notices under a workbook's name. An encrypted .xlsx is an OLE file like an .xls;
// its EncryptionInfo stream tells them apart. The zip directory read, if any, is returned.
func sniff(data []byte) (fileKind, *zip.Reader, error) {
	switch {
	case len(data) == 0:
		return 0, nil, fileErr(scoring.B03, ErrEmptyFile, "文件为空（0 字节），请重新报送")
	case bytes.HasPrefix(data, []byte(oleMagic)):
		if bytes.Contains(data, []byte(encryptionMarker)) {
			return kindEncrypted, nil, nil
		}
		return kindLegacy, nil, nil
	case bytes.HasPrefix(data, []byte(zipMagic)):
		kind, zr := zipKind(data)
		return kind, zr, nil
	default:
		return 0, nil, fileErr(scoring.B03, ErrNotWorkbook, "不是 Excel 工作簿（.xlsx），文件内容无法识别")
	}
}
