package batch

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// The file statuses of results.json (outputs.md §3).
const (
	// StatusOK is a file read and scored; its forms are listed and it has an annotated copy.
	StatusOK = "ok"
	// StatusFailed is a file 未处理: unreadable (B03), legacy (B04) or without a form (B06).
	StatusFailed = "failed"
	// StatusSkipped is a lock, hidden or temporary file (B05), listed but never opened.
	StatusSkipped = "skipped"
	// StatusDuplicate is a file byte for byte identical to one earlier in path order (B02),
	// not scored again so that the same form is not counted twice.
	StatusDuplicate = "duplicate"
)

// ToolName is the "tool" value of results.json.
const ToolName = "jxzp"

// ResultsName and SummaryName are the file names of the two batch outputs in OUT.
const (
	// ResultsName is the machine-readable results document.
	ResultsName = "results.json"
	// SummaryName is the city summary workbook.
	SummaryName = "绩效自评汇总表.xlsx"
)

// Document is results.json. The structs below fix the key order of outputs.md §3: encoding/json
// writes struct fields in declaration order, which a map would not guarantee.
type Document struct {
	// Tool is "tool", always ToolName; it comes first so that a later run can recognise its own
	// output folder inside an inbox from the file's first bytes.
	Tool string `json:"tool"`
	// Version is "version", the Version of the build that wrote the file.
	Version string `json:"version"`
	// Profile is "profile", the name of the rules profile the forms were scored with.
	Profile string `json:"profile"`
	// Summary is "summary", the summary workbook's file name, relative to OUT.
	Summary string `json:"summary"`
	// Files is "files", every listed file of the inbox in path order; never null, [] for an
	// empty inbox.
	Files []FileEntry `json:"files"`
	// Units is "units", every unit of the roster and those off it (see Units); present only
	// when the run had a roster.
	Units []UnitEntry `json:"units,omitempty"`
	// StaleDecisions is "stale_decisions", the decisions of --decisions whose finding this run no
	// longer gives (the form was fixed or the file is gone); omitted when there is none.
	StaleDecisions []StaleDecision `json:"stale_decisions,omitempty"`
}

// StaleDecision is a reviewer's decision that matched no finding of the run.
type StaleDecision struct {
	// Path is "path", the file the finding was on, as in "files".
	Path string `json:"path"`
	// Form is "form", the form's place in the file, 1 for the first.
	Form int `json:"form"`
	// Sheet is "sheet", the sheet of the finding's cell; null when it named none.
	Sheet *string `json:"sheet"`
	// Cell is "cell", the finding's cell; null when it named none.
	Cell *string `json:"cell"`
	// Code is "code", the check code.
	Code string `json:"code"`
	// Accepted is "accepted", true when the decision was 认可.
	Accepted bool `json:"accepted"`
	// Remark is "remark", the reviewer's 备注; omitted when none.
	Remark string `json:"remark,omitempty"`
	// Message is "message", the finding's text as the decisions workbook gave it.
	Message string `json:"message"`
}

// FileEntry is one file of the inbox in results.json.
type FileEntry struct {
	// Path is "path", relative to the inbox with '/' separators and NFC, so that the same inbox
	// gives the same results.json on Windows, macOS and Linux.
	Path string `json:"path"`
	// SHA256 is "sha256", the hex digest of the file's bytes. It is omitted only for files that
	// were never opened: skipped lock files (Excel may hold them locked) and links or devices
	// refused unread.
	SHA256 string `json:"sha256,omitempty"`
	// Status is "status", one of StatusOK, StatusFailed, StatusSkipped and StatusDuplicate.
	Status string `json:"status"`
	// Reason is "reason", in Chinese, why a file is not ok; omitted for ok files.
	Reason string `json:"reason,omitempty"`
	// Code is "code", the B code of checks.md behind Reason; omitted for ok files.
	Code string `json:"code,omitempty"`
	// Output is "output", the annotated copy relative to OUT with '/' separators: null when the
	// file was read but its copy could not be written (OutputError says why), and also null for a
	// file that is not ok, which has no forms to mark.
	Output *string `json:"output"`
	// OutputError is "output_error", in Chinese, why an ok file's copy was not written; omitted
	// otherwise.
	OutputError string `json:"output_error,omitempty"`
	// From is "from", the sender of the message the file came in; omitted for other files.
	From *mail.Sender `json:"from,omitempty"`
	// Date is "date", that message's Date in RFC 3339; omitted for other files.
	Date string `json:"date,omitempty"`
	// Subject is "subject", that message's subject, decoded; omitted for other files.
	Subject string `json:"subject,omitempty"`
	// Forms is "forms", the forms found in sheet order, then top to bottom; never null, [] for
	// a file that was not read.
	Forms []FormEntry `json:"forms"`
}

// FormEntry is one form of a file in results.json.
type FormEntry struct {
	// Sheet is "sheet", the name of the sheet the form is on.
	Sheet string `json:"sheet"`
	// Range is "range", the cells the form covers, such as "A1:I24"; null only when no cell of
	// the form holds a value.
	Range *string `json:"range"`
	// Year is "year", the year the form writes in or under its title; null when it writes none.
	Year *int `json:"year"`
	// Project is "project", the 项目名称 as written; null when blank or not found.
	Project *string `json:"project"`
	// Department is "department", the 主管部门 as written; null when blank or not found.
	Department *string `json:"department"`
	// Unit is "unit", the 实施单位 as written; null when blank or not found.
	Unit *string `json:"unit"`
	// Funds is "funds", the amounts of the 年度资金总额 row, or the sum of the rows under it
	// where the unit left the total empty.
	Funds FundsEntry `json:"funds"`
	// Execution is "execution", the budget execution score.
	Execution ExecutionEntry `json:"execution"`
	// Indicators is "indicators", one entry per 三级指标 row, top to bottom; never null.
	Indicators []IndicatorEntry `json:"indicators"`
	// Total is "total", the form's 总分.
	Total TotalEntry `json:"total"`
	// Grade is "grade", the form's 自评等级.
	Grade GradeEntry `json:"grade"`
	// Status is "status", scoring.StatusPass or scoring.StatusRevise.
	Status string `json:"status"`
	// Findings is "findings", sorted as in every output (scoring.SortFindings); never null.
	Findings []FindingEntry `json:"findings"`
}

// FundsEntry is the funds block in 万元, the rate rounded to 4 places.
type FundsEntry struct {
	// Initial is "initial", the 年初预算数; null when not found, empty or not a valid amount.
	Initial *string `json:"initial"`
	// Budget is "budget", the 全年预算数; null when not found, empty or not a valid amount.
	Budget *string `json:"budget"`
	// Executed is "executed", the 全年执行数; null when not found, empty or not a valid amount.
	Executed *string `json:"executed"`
	// Rate is "rate", executed / budget, above 1 when overspent; null when it cannot be
	// computed (budget or executed missing or invalid, or a budget of zero).
	Rate *string `json:"rate"`
}

// ExecutionEntry is the execution score: the points it was scored with, claimed and recomputed.
type ExecutionEntry struct {
	// Points is "points": the form's own when it writes them (W02 when they differ from the
	// profile's), the profile's otherwise.
	Points string `json:"points"`
	// Claimed is "claimed", the score the unit wrote; null when empty or not a number.
	Claimed *string `json:"claimed"`
	// Recomputed is "recomputed", never null: a rate that cannot be computed scores "0".
	Recomputed string `json:"recomputed"`
	// Cell is "cell", the unit's score cell, such as "I7"; null when the funds block or its
	// score cell was not found.
	Cell *string `json:"cell"`
}

// IndicatorEntry is one 三级指标 row.
type IndicatorEntry struct {
	// Level1 is "level1", the 一级指标 normalised (产出指标, points stripped); null when blank.
	Level1 *string `json:"level1"`
	// Level2 is "level2", the 二级指标 normalised (数量指标); null when blank.
	Level2 *string `json:"level2"`
	// Name is "name", the 三级指标 as written; null when blank.
	Name *string `json:"name"`
	// Target is "target", the 年度指标值 as written (split columns joined); null when blank.
	Target *string `json:"target"`
	// Actual is "actual", the 实际完成值 as written; null when blank.
	Actual *string `json:"actual"`
	// Kind is "kind", one of the scoring.Kind values: how the row could be scored.
	Kind string `json:"kind"`
	// Points is "points", the row's 分值; null on forms without a points column and where the
	// written points are not a positive number (W04).
	Points *string `json:"points"`
	// Claimed is "claimed", the score the unit wrote; null when empty or not a valid score.
	Claimed *string `json:"claimed"`
	// Recomputed is "recomputed", the bureau's score; null for not-applicable rows and where
	// there is neither a rule to apply nor a claimed score to let stand.
	Recomputed *string `json:"recomputed"`
	// Row is "row", the row's 1-based worksheet row number, so a reader can find it in Excel.
	Row int `json:"row"`
}

// TotalEntry is the form's total, as written and as recomputed.
type TotalEntry struct {
	// Claimed is "claimed", the 总分 the unit wrote; null when empty or not a number.
	Claimed *string `json:"claimed"`
	// Recomputed is "recomputed", the execution and indicator scores recomputed and added up;
	// null on an unfilled form (S08), which is not scored.
	Recomputed *string `json:"recomputed"`
}

// GradeEntry is the form's grade, as written and as recomputed.
type GradeEntry struct {
	// Claimed is "claimed", the 自评等级 the unit wrote, normalised; null when it writes none.
	Claimed *string `json:"claimed"`
	// Recomputed is "recomputed", the profile's grade for the recomputed total; null when the
	// total is below every grade band of the profile, and on an unfilled form (S08).
	Recomputed *string `json:"recomputed"`
}

// FindingEntry is one finding of a form.
type FindingEntry struct {
	// Code is "code", the check code of checks.md, such as "F04".
	Code string `json:"code"`
	// Severity is "severity", 错误, 警告 or 提示 as the profile sets it for Code.
	Severity string `json:"severity"`
	// Sheet is "sheet", the sheet of the cell the finding names; null when it names none.
	Sheet *string `json:"sheet"`
	// Cell is "cell", such as "H7"; null when the finding is about the form as a whole.
	Cell *string `json:"cell"`
	// Message is "message", in Chinese; it names its own cell, since it is often quoted alone.
	Message string `json:"message"`
	// Accepted is "accepted", true when a reviewer accepted the finding (复核意见 认可): it no
	// longer counts toward the status; omitted otherwise, so results.json without --decisions is
	// unchanged.
	Accepted bool `json:"accepted,omitempty"`
	// Remark is "remark", the reviewer's 备注 on the finding; omitted when none.
	Remark string `json:"remark,omitempty"`
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
			Points:     decString(r.Execution.Points),
			Claimed:    dec(r.Execution.Claimed),
			Recomputed: decString(r.Execution.Recomputed),
			Cell:       text(r.Execution.Ref.Cell),
		},
		Indicators: []IndicatorEntry{},
		Total: TotalEntry{
			Claimed:    dec(r.ClaimedTotal),
			Recomputed: dec(r.RecomputedTotal),
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
		s := decString(r.Rate.Round(4))
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
	scoring.SortFindings(findings, scoring.FindingOrder{Sheets: sheetOrder})
	for _, fd := range findings {
		fe.Findings = append(fe.Findings, FindingEntry{
			Code:     fd.Code,
			Severity: fd.Severity.String(),
			Sheet:    text(fd.Ref.Sheet),
			Cell:     text(fd.Ref.Cell),
			Message:  fd.Message,
			Accepted: fd.Accepted,
			Remark:   fd.Remark,
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
	s := decString(*d)
	return &s
}

// decString prints d exactly, in plain notation, without trailing zeros ("8.97", "10", "0.8972").
// It does not rely on decimal.String, whose form follows package-level switches that another
// package may flip (scientific notation, kept zeros).
func decString(d decimal.Decimal) string {
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
