package excelio

import (
	"errors"

	"github.com/jxzp/jxzp/scoring"
)

// Summary is everything the city summary workbook (绩效自评汇总表) shows.
type Summary struct {
	Title   string
	Forms   []SummaryForm
	Failed  []FailedFile
	Skipped int // B05 files skipped silently
}

// SummaryForm is one form of the batch with where it came from and where its copy went.
type SummaryForm struct {
	Result *scoring.Result
	File   string // path of the input, relative to the inbox
	Output string // path of the annotated copy, relative to the output folder; empty if none
}

// FailedFile is one file the batch could not process (B02, B03, B04, B06).
type FailedFile struct {
	File   string
	Code   string
	Reason string
}

// WriteSummary writes the summary workbook to dst atomically (temporary name, then rename).
func WriteSummary(dst string, s *Summary) error {
	return errors.New("TODO")
}
