package excelio

// Zip-based formats other than .xlsx: an .ods is converted by LibreOffice like an .xls, an .xlsb
// is refused with B04; whatever their name says, neither is called damaged.

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadFormsODSConverted reads an .ods made from a known form, under the names units give
// it: converted and read like the .xlsx it came from.
func TestReadFormsODSConverted(t *testing.T) {
	soffice := needSoffice(t)
	src := hostileSrc("langfang_family1.xlsx")
	want, err := ReadForms(src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tmpdir := t.TempDir()
	t.Setenv("TMPDIR", tmpdir)
	checkNoLeftovers(t, tmpdir)
	ods := makeFormat(t, soffice, src, tmp, "ods", zipMagic)
	for _, name := range []string{"廊坊.ods", "廊坊.ODS", "廊坊.xlsx"} {
		path := hostileCopy(t, ods, tmp, name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wb, err := readWithin(t, 3*time.Minute, path, ReadOptions{})
			if err != nil {
				t.Fatalf("ReadForms: %v", err)
			}
			sameForms(t, wb, want)
			if !bytes.HasPrefix(wb.Data, []byte(zipMagic)) || !isZipKind(wb.Data) {
				t.Error("Workbook.Data is not the converted .xlsx package")
			}
		})
	}
}

// zipOf writes a zip of the entries (name, body), the first stored, as an .ods's mimetype must be.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, e := range entries {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadFormsOtherFormatsRefused: an .xlsb, and an .ods on a machine without LibreOffice, get
// B04 telling the unit to save as .xlsx, under their own name or renamed .xlsx; an .ods that
// inflates past the limits is refused (B03) before LibreOffice ever sees it.
func TestReadFormsOtherFormatsRefused(t *testing.T) {
	orig := sofficePath
	t.Cleanup(func() { sofficePath = orig })
	xlsb := zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"xl/workbook.bin", "\x83\x01\x00"}, [2]string{"xl/worksheets/sheet1.bin", "\x81\x01\x00"})
	ods := zipOf(t, [2]string{"mimetype", odsMimetype}, [2]string{"content.xml", "<office:document-content/>"})
	odsBomb := zipOf(t, [2]string{"mimetype", odsMimetype}, [2]string{"content.xml", "<x>" + strings.Repeat(" ", 3<<20) + "</x>"})
	withLimits(t, func(l *packageLimits) { l.totalBytes = 2 << 20 })
	for _, tc := range []struct {
		name   string
		data   []byte
		code   string
		reason string
	}{
		{"报表.xlsb", xlsb, "B04", "（.xlsb）无法读取，请另存为 .xlsx 后重新报送"},
		{"改名的二进制.xlsx", xlsb, "B04", "（.xlsb）无法读取，请另存为 .xlsx 后重新报送"},
		{"报表.ods", ods, "B04", "（.ods），请另存为 .xlsx 后重新报送"},
		{"改名的开放格式.xlsx", ods, "B04", "（.ods），请另存为 .xlsx 后重新报送"},
		{"膨胀.ods", odsBomb, "B03", "解压后超过 2 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sofficePath = func() (string, error) {
				if tc.code == "B03" {
					t.Error("LibreOffice was asked to convert a package over the limits")
				}
				return "", ErrNoConverter
			}
			path := filepath.Join(t.TempDir(), tc.name)
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := readWithin(t, time.Minute, path, ReadOptions{})
			fe := wantFileError(t, err, tc.code)
			if !strings.Contains(fe.Reason, tc.reason) || strings.Contains(fe.Reason, "损坏") {
				t.Errorf("reason %q, want %q and no 损坏", fe.Reason, tc.reason)
			}
		})
	}
}

// isZipKind reports whether zipKind takes data for an .xlsx package.
func isZipKind(data []byte) bool {
	kind, _ := zipKind(data)
	return kind == kindZip
}
