package batch

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/scoring"
)

// The file statuses of results.json (outputs.md §3).
const (
	StatusOK        = "ok"
	StatusFailed    = "failed"
	StatusSkipped   = "skipped"
	StatusDuplicate = "duplicate"
)

// ToolName is the "tool" value of results.json.
const ToolName = "jxzp"

// ResultsName and SummaryName are the file names of the two batch outputs in OUT.
const (
	ResultsName = "results.json"
	SummaryName = "绩效自评汇总表.xlsx"
)

// Document is results.json. The structs below fix the key order of outputs.md §3: encoding/json
// writes struct fields in declaration order, which a map would not guarantee.
type Document struct {
	Tool    string      `json:"tool"`
	Version string      `json:"version"`
	Profile string      `json:"profile"`
	Summary string      `json:"summary"`
	Files   []FileEntry `json:"files"`
}

// FileEntry is one file of the inbox in results.json.
type FileEntry struct {
	Path string `json:"path"`
	// SHA256 is omitted only for files that were never opened: skipped lock files (Excel may
	// hold them locked) and links or devices refused unread.
	SHA256 string      `json:"sha256,omitempty"`
	Status string      `json:"status"`
	Reason string      `json:"reason,omitempty"`
	Code   string      `json:"code,omitempty"`
	Output string      `json:"output,omitempty"`
	Forms  []FormEntry `json:"forms"`
}

// FormEntry is one form of a file in results.json.
type FormEntry struct {
	Sheet      string           `json:"sheet"`
	Range      *string          `json:"range"`
	Year       *int             `json:"year"`
	Project    *string          `json:"project"`
	Department *string          `json:"department"`
	Unit       *string          `json:"unit"`
	Funds      FundsEntry       `json:"funds"`
	Execution  ExecutionEntry   `json:"execution"`
	Indicators []IndicatorEntry `json:"indicators"`
	Total      TotalEntry       `json:"total"`
	Grade      GradeEntry       `json:"grade"`
	Status     string           `json:"status"`
	Findings   []FindingEntry   `json:"findings"`
}

// FundsEntry is the funds block in 万元, the rate rounded to 4 places.
type FundsEntry struct {
	Initial  *string `json:"initial"`
	Budget   *string `json:"budget"`
	Executed *string `json:"executed"`
	Rate     *string `json:"rate"`
}

// ExecutionEntry is the execution score: the points it was scored with, claimed and recomputed.
type ExecutionEntry struct {
	Points     string  `json:"points"`
	Claimed    *string `json:"claimed"`
	Recomputed string  `json:"recomputed"`
	Cell       *string `json:"cell"`
}

// IndicatorEntry is one 三级指标 row.
type IndicatorEntry struct {
	Level1     *string `json:"level1"`
	Level2     *string `json:"level2"`
	Name       *string `json:"name"`
	Target     *string `json:"target"`
	Actual     *string `json:"actual"`
	Kind       string  `json:"kind"`
	Points     *string `json:"points"`
	Claimed    *string `json:"claimed"`
	Recomputed *string `json:"recomputed"`
	Row        int     `json:"row"`
}

// TotalEntry is the form's total, as written and as recomputed.
type TotalEntry struct {
	Claimed    *string `json:"claimed"`
	Recomputed string  `json:"recomputed"`
}

// GradeEntry is the form's grade, as written and as recomputed.
type GradeEntry struct {
	Claimed    *string `json:"claimed"`
	Recomputed *string `json:"recomputed"`
}

// FindingEntry is one finding of a form.
type FindingEntry struct {
	Code     string  `json:"code"`
	Severity string  `json:"severity"`
	Sheet    *string `json:"sheet"`
	Cell     *string `json:"cell"`
	Message  string  `json:"message"`
}

// Encode renders doc as results.json: 2-space indent, UTF-8 with no HTML escaping (a message
// holding "≥" or "<" stays readable), a trailing newline.
func Encode(doc *Document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// formEntry converts one scored form; sheetOrder ranks the workbook's sheets for sorting findings.
func formEntry(r *scoring.Result, sheetOrder map[string]int) FormEntry {
	f := r.Form
	fe := FormEntry{
		Sheet:      f.Sheet,
		Range:      text(f.Range),
		Project:    text(f.Project.Text),
		Department: text(f.Department.Text),
		Unit:       text(f.Unit.Text),
		Funds: FundsEntry{
			Initial:  dec(r.Initial),
			Budget:   dec(r.Budget),
			Executed: dec(r.Executed),
		},
		Execution: ExecutionEntry{
			Points:     DecString(r.Execution.Points),
			Claimed:    dec(r.Execution.Claimed),
			Recomputed: DecString(r.Execution.Recomputed),
			Cell:       text(r.Execution.Ref.Cell),
		},
		Indicators: []IndicatorEntry{},
		Total: TotalEntry{
			Claimed:    dec(r.ClaimedTotal),
			Recomputed: DecString(r.RecomputedTotal),
		},
		Grade: GradeEntry{
			Claimed:    text(r.ClaimedGrade),
			Recomputed: text(r.RecomputedGrade),
		},
		Status:   r.Status,
		Findings: []FindingEntry{},
	}
	if f.Year != 0 {
		y := f.Year
		fe.Year = &y
	}
	if r.Rate != nil {
		// Round is half away from zero, which is half-up for a rate (never negative here).
		s := DecString(r.Rate.Round(4))
		fe.Funds.Rate = &s
	}
	for _, ir := range r.Indicators {
		ie := IndicatorEntry{
			Level1:     text(ir.Level1),
			Level2:     text(ir.Level2),
			Kind:       ir.Kind,
			Points:     dec(ir.Points),
			Claimed:    dec(ir.Claimed),
			Recomputed: dec(ir.Recomputed),
		}
		if in := ir.Indicator; in != nil {
			ie.Name = text(in.Name.Text)
			ie.Target = text(in.Target.Text)
			ie.Actual = text(in.Actual.Text)
			ie.Row = in.Row
		}
		fe.Indicators = append(fe.Indicators, ie)
	}
	findings := append([]scoring.Finding(nil), r.Findings...)
	scoring.SortFindings(findings, sheetOrder)
	for _, fd := range findings {
		fe.Findings = append(fe.Findings, FindingEntry{
			Code:     fd.Code,
			Severity: fd.Severity.String(),
			Sheet:    text(fd.Ref.Sheet),
			Cell:     text(fd.Ref.Cell),
			Message:  fd.Message,
		})
	}
	return fe
}

// text is s as a JSON value: null when the form left it blank.
func text(s string) *string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return &s
}

// dec is d as a JSON string, or null when the form left the value empty.
func dec(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := DecString(*d)
	return &s
}

// DecString prints d exactly, in plain notation, without trailing zeros ("8.97", "10", "0.8972").
// It does not rely on decimal.String, whose form follows package-level switches that another
// package may flip (scientific notation, kept zeros).
func DecString(d decimal.Decimal) string {
	places := -d.Exponent()
	if places < 0 {
		places = 0
	}
	s := d.StringFixed(places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
