package excelio

import (
	"errors"

	"github.com/jxzp/jxzp/scoring"
)

// Annotate writes to dst a copy of the workbook at src with every finding of results marked
// (fill and 批注 on its cell) and a first sheet 审核意见. src is never written. dst is written
// to a temporary name beside it and renamed, so a crash leaves no half-written file.
func Annotate(src, dst string, results []*scoring.Result) error {
	return errors.New("TODO")
}
