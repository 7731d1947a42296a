package scoring

// A reviewer's decision on a finding (复核意见) changes how it is shown and counted, not what it
// says: the unit still sees the finding, marked 已认可, so that the record shows why a form with
// it passed. These helpers give every output (the copy, the summary, the mail body) one wording.

// AcceptedLabel is how an accepted finding is marked in every output.
const AcceptedLabel = "已认可"

// Shown is the severity a finding is coloured and ranked by: an accepted finding reads as 提示,
// since nothing is left for the unit to change.
func (f Finding) Shown() Severity {
	if f.Accepted {
		return Info
	}
	return f.Severity
}

// Label is the severity as written beside the finding: "错误", or "错误（已认可）" once accepted.
func (f Finding) Label() string {
	if f.Accepted {
		return f.Severity.String() + "（" + AcceptedLabel + "）"
	}
	return f.Severity.String()
}

// Text is the message followed by the reviewer's decision and remark, for any output that quotes
// a finding on its own (a comment, a table row, a mail body line).
func (f Finding) Text() string {
	switch {
	case f.Accepted && f.Remark != "":
		return f.Message + "〔" + AcceptedLabel + "：" + f.Remark + "〕"
	case f.Accepted:
		return f.Message + "〔" + AcceptedLabel + "〕"
	case f.Remark != "":
		return f.Message + "〔复核备注：" + f.Remark + "〕"
	}
	return f.Message
}
