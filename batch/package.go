package batch

import (
	"crypto/sha256"
	"os"

	"github.com/jxzp/jxzp/internal/fsx"
)

// keepPackage holds on to the package a file was read from only when it is not the file's own
// bytes (decrypted, converted from .xls, or rewritten from Strict OOXML): making it again would
// cost a LibreOffice run. A plain .xlsx is read again from disk when its copy is written, so a
// batch holds no workbook's bytes between reading and annotating, whatever its size.
func (s *fileState) keepPackage(data []byte) {
	if sha256.Sum256(data) != s.sha.sum {
		s.data = data
	}
}

// packageBytes is the package the file's copy is written from: the one kept, or the file read
// again, which must still be the file that was scored.
func (s *fileState) packageBytes() ([]byte, string) {
	if s.data != nil {
		data := s.data
		s.data = nil // needed once: let it go as soon as the copy is out
		return data, ""
	}
	data, err := os.ReadFile(s.abs)
	if err != nil {
		return nil, "无法再次读取原文件（" + fsx.Reason(err) + "），未生成审核副本"
	}
	if sha256.Sum256(data) != s.sha.sum {
		return nil, "原文件在审核过程中被改动，未生成审核副本；请重新审核"
	}
	return data, ""
}
