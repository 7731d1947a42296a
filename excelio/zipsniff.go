package excelio

import (
	"bytes"
	"encoding/binary"
)

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
