package mail

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// Bounds on one archive, the same spirit as the workbook limits: a zip bomb or a crafted archive
// is refused with a reason, never unpacked.
const (
	maxArchiveEntries = 1000
	maxArchiveTotal   = 200 << 20 // inflated bytes of every file in the archive together
	maxArchiveFile    = 100 << 20 // one file, as a workbook on disk
	// maxArchiveDepth is how many archives may be nested: a .zip holding another .zip is read, a
	// third level is not.
	maxArchiveDepth = 2
)

// Member is one file found in an archive: its path inside the archive ('/' separators, names
// decoded) and its bytes, or the reason it could not be taken out.
type Member struct {
	Path   string
	Data   []byte
	Reason string // non-empty when the file was not extracted: Chinese, for results.json
}

// ArchiveError is an archive refused as a whole; Reason is Chinese, for results.json.
type ArchiveError struct{ Reason string }

// Error returns the Chinese reason.
func (e *ArchiveError) Error() string { return e.Reason }

// IsArchive reports whether a file name is an archive the intake opens.
func IsArchive(name string) bool { return strings.EqualFold(path.Ext(name), ".zip") }

// IsMessage reports whether a file name is a saved message the intake opens.
func IsMessage(name string) bool { return strings.EqualFold(path.Ext(name), ".eml") }

// ExtractZip lists the files of a zip archive at nesting level depth (1 for an archive found in
// the inbox or attached to a message). keep says which files to take out, by name; the others
// are not inflated. Archives inside it are opened in turn while depth < maxArchiveDepth; deeper
// ones come back as a Member with a Reason.
func ExtractZip(data []byte, depth int, keep func(name string) bool) ([]Member, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &ArchiveError{"压缩包已损坏或不是 zip 格式，无法打开"}
	}
	if len(zr.File) > maxArchiveEntries {
		return nil, &ArchiveError{fmt.Sprintf("压缩包中有 %d 个文件，超过 %d 个的处理上限", len(zr.File), maxArchiveEntries)}
	}
	budget := int64(maxArchiveTotal)
	var out []Member
	for _, f := range zr.File {
		name, err := entryName(f)
		if err != nil {
			return nil, err
		}
		if name == "" || strings.HasPrefix(name, "__MACOSX/") || !(keep(path.Base(name)) || IsArchive(name)) {
			continue
		}
		m := Member{Path: name}
		m.Data, m.Reason, err = inflate(f, &budget)
		if err != nil {
			return nil, err
		}
		if m.Reason == "" && IsArchive(name) {
			out = append(out, nested(m, depth, keep)...)
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// nested opens an archive found inside another; its files are named under the inner archive's path.
func nested(m Member, depth int, keep func(string) bool) []Member {
	if depth >= maxArchiveDepth {
		return []Member{{Path: m.Path, Data: m.Data, Reason: "压缩包中又嵌套了压缩包，超过一层，未打开；请解压后直接报送工作簿"}}
	}
	inner, err := ExtractZip(m.Data, depth+1, keep)
	if err != nil {
		return []Member{{Path: m.Path, Data: m.Data, Reason: err.Error()}}
	}
	for i := range inner {
		inner[i].Path = m.Path + "/" + inner[i].Path
	}
	return inner
}

// entryName is an entry's path, decoded (GBK names from Chinese Windows archivers carry no UTF-8
// flag), or "" for a folder. A path that would leave the archive refuses the whole archive: it is
// crafted, and nothing in it can be trusted.
func entryName(f *zip.File) (string, error) {
	name := f.Name
	if !utf8.ValidString(name) {
		name = decodeGBK(name)
	}
	name = strings.ReplaceAll(name, `\`, "/")
	if strings.HasSuffix(name, "/") {
		return "", nil
	}
	clean := path.Clean(name)
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(clean, ":") {
		return "", &ArchiveError{fmt.Sprintf("压缩包中的路径「%s」指向压缩包以外，疑似异常文件，未解压", cleanHeaderText(name))}
	}
	return clean, nil
}

// inflate reads one entry within the archive's remaining budget. A file that cannot be read
// (encrypted, an unknown method, damaged) gives a reason for that file alone; going over the
// archive's budget refuses the archive.
func inflate(f *zip.File, budget *int64) ([]byte, string, error) {
	if f.Flags&0x1 != 0 {
		return nil, "压缩包中的此文件已加密，无法解压；请去掉密码后重新报送", nil
	}
	if f.UncompressedSize64 > maxArchiveFile {
		return nil, fmt.Sprintf("文件过大（%d MB），超过 %d MB 的处理上限", f.UncompressedSize64>>20, maxArchiveFile>>20), nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, "压缩包中的此文件无法解压（压缩方式不受支持或文件已损坏）", nil
	}
	defer rc.Close()
	// The declared size may lie: read at most one byte more than either limit allows.
	limit := min(int64(maxArchiveFile), *budget)
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit {
		if limit == *budget {
			return nil, "", &ArchiveError{fmt.Sprintf("压缩包解压后超过 %d MB 的处理上限，疑似异常文件", maxArchiveTotal>>20)}
		}
		return nil, fmt.Sprintf("文件解压后超过 %d MB 的处理上限", maxArchiveFile>>20), nil
	}
	if err != nil {
		return nil, "压缩包中的此文件已损坏，无法解压", nil
	}
	*budget -= int64(len(data))
	return data, "", nil
}
