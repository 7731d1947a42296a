package excelio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
)

// odsMimetype is the start of the mimetype entry of an OpenDocument spreadsheet (or template).
const odsMimetype = "application/vnd.oasis.opendocument.spreadsheet"

// zipKind tells an .xlsx package from the other zip-based workbooks units send, whatever their
// name says: an .ods (its mimetype entry) or an .xlsb (xl/workbook.bin instead of
// xl/workbook.xml). Anything else is left to the .xlsx reader to accept or refuse. The
// package's directory, when it was read, is returned for the reader to use rather than read again.
func zipKind(data []byte) (fileKind, *zip.Reader) {
	if n, ok := zipEntryCount(data); !ok || n > limits.entries {
		return kindZip, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return kindZip, nil
	}
	kind, hasXML := kindZip, false
	for _, zf := range zr.File {
		switch partKey(zf.Name) {
		case "xl/workbook.xml":
			hasXML = true
		case "xl/workbook.bin":
			kind = kindXLSB
		case "mimetype":
			if isODS(zf) {
				return kindODS, zr
			}
		}
	}
	if hasXML {
		return kindZip, zr
	}
	return kind, zr
}

// isODS reports whether the mimetype entry zf names an OpenDocument spreadsheet.
func isODS(zf *zip.File) bool {
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	head := make([]byte, len(odsMimetype))
	_, err = io.ReadFull(rc, head)
	return err == nil && strings.EqualFold(string(head), odsMimetype)
}

// Zip end-of-directory records (APPNOTE 4.3.14–4.3.16).
const (
	eocdSig         = "PK\x05\x06"
	eocdLen         = 22
	zip64LocatorSig = "PK\x06\x07"
	zip64LocatorLen = 20
	zip64EOCDSig    = "PK\x06\x06"
)

// zipEntryCount reads the number of entries a zip's end record announces, without reading its
// directory: archive/zip allocates every entry of the directory before anything can be checked,
// a few hundred megabytes for a directory of millions. ok is false when no end record is found;
// zip.NewReader then says what is wrong.
func zipEntryCount(data []byte) (n int, ok bool) {
	from := max(0, len(data)-eocdLen-0xFFFF)
	i := bytes.LastIndex(data[from:], []byte(eocdSig))
	if i < 0 || from+i+eocdLen > len(data) {
		return 0, false
	}
	end := from + i
	count := binary.LittleEndian.Uint16(data[end+10:])
	if count != 0xFFFF {
		return int(count), true
	}
	// Zip64: the real count is in the zip64 end record the locator before the end record points to.
	loc := end - zip64LocatorLen
	if loc < 0 || string(data[loc:loc+4]) != zip64LocatorSig {
		return int(count), true
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if off > uint64(len(data)-40) || string(data[off:off+4]) != zip64EOCDSig {
		return 0, false
	}
	total := binary.LittleEndian.Uint64(data[off+32:])
	return int(min(total, 1<<31)), true
}
