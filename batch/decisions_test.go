package batch

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/internal/strictcheck"
	"github.com/jxzp/jxzp/scoring"
)

// runInbox scores inbox into out with the decisions and earlier results given.
func runReview(t *testing.T, inbox, out string, decisions []excelio.Decision, previous *Document) *Report {
	t.Helper()
	p, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), Config{
		Inbox: inbox, Out: out, Profile: p, ProfileName: scoring.DefaultProfileName(),
		Progress: NoProgress{}, Decisions: decisions, Previous: previous,
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// fillDecisions is a reviewer at work in the blank, with openpyxl rather than excelize: every
// 错误 of the 网信办 form accepted (one with a remark), a remark on one of its warnings, the
// data rows sorted backwards, and one row for a finding that does not exist.
const fillDecisions = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["复核意见"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
for r in rows:
    if "网络宣传" in r[4] and r[9] == "错误":
        r[11] = "认可"
        if r[8] == "W01":
            r[12] = "分值调整已批准"
    if "网络宣传" in r[4] and r[9] == "警告" and r[7] == "B18":
        r[12] = "已电话提醒"
stale = list(rows[0])
stale[7], stale[11], stale[12] = "Z99", "认可", "旧意见"
stale[13] = stale[13].replace('"I6"', '"Z99"')
rows.append(stale)
rows.reverse()
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        ws.cell(row=4 + i, column=1 + j, value=v)
wb.save(sys.argv[2])
`

// TestDecisionsRoundTrip writes the blank, fills it as a reviewer would, reads it back and checks
// every output: status, results.json, the copy's comment and 审核意见, the summary, the stale row.
func TestDecisionsRoundTrip(t *testing.T) {
	inbox := filepath.Join("..", "samples")
	first := runReview(t, inbox, t.TempDir(), nil, nil)
	blank := first.DecisionsPath
	firstJSON := jsonOf(t, first)
	rows := 0
	for _, f := range docOf(t, first).Files {
		for _, fm := range f.Forms {
			rows += len(fm.Findings)
		}
	}
	fb, err := excelize.OpenFile(blank)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fb.GetRows("复核意见")
	fb.Close()
	if len(got)-3 != rows {
		t.Fatalf("blank has %d rows, want one per finding (%d)", len(got)-3, rows)
	}

	filled := filepath.Join(t.TempDir(), "filled.xlsx")
	if _, ok := strictcheck.Script(t, fillDecisions, blank, filled); !ok {
		t.Skip("no Python with openpyxl")
	}
	decisions, err := ReadDecisions(filled)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	rep := runReview(t, inbox, out, decisions, nil)

	if rep.Revise != first.Revise-1 || rep.Passed != first.Passed+1 {
		t.Errorf("通过/需修改 = %d/%d, want %d/%d", rep.Passed, rep.Revise, first.Passed+1, first.Revise-1)
	}
	var form *FormEntry
	var output string
	doc := docOf(t, rep)
	for i, f := range doc.Files {
		if strings.Contains(f.Path, "网络宣传") {
			form, output = &doc.Files[i].Forms[0], *f.Output
		}
	}
	if form == nil || form.Status != scoring.StatusPass {
		t.Fatalf("网信办 form: %+v, want 通过 once its errors are accepted", form)
	}
	accepted := 0
	for _, fd := range form.Findings {
		if fd.Severity == "错误" {
			if !fd.Accepted {
				t.Errorf("%s %s not accepted", fd.Code, *fd.Cell)
			}
			accepted++
		}
		if fd.Code == "W01" && fd.Remark != "分值调整已批准" {
			t.Errorf("W01 remark = %q", fd.Remark)
		}
		if fd.Severity != "错误" && fd.Accepted {
			t.Errorf("%s accepted, but its row was not", fd.Code)
		}
	}
	if accepted == 0 || rep.Accepted != accepted {
		t.Errorf("accepted %d findings, report says %d", accepted, rep.Accepted)
	}
	if len(doc.StaleDecisions) != 1 || *doc.StaleDecisions[0].Cell != "Z99" ||
		doc.StaleDecisions[0].Remark != "旧意见" || rep.Stale != 1 {
		t.Errorf("stale decisions = %+v, want the Z99 row", doc.StaleDecisions)
	}
	if data := jsonOf(t, rep); !bytes.Contains(data, []byte(`"accepted": true`)) || !bytes.Contains(data, []byte(`"remark": "已电话提醒"`)) {
		t.Error("results.json lacks accepted/remark")
	}
	if bytes.Contains(firstJSON, []byte(`"accepted"`)) || bytes.Contains(firstJSON, []byte(`stale_decisions`)) {
		t.Error("results.json without --decisions must not change")
	}

	// The copy: the comment and the 审核意见 row say 已认可; the cell is not filled red.
	copyPath := filepath.Join(out, filepath.FromSlash(output))
	if comments, ok := strictcheck.Comments(t, copyPath); ok {
		if c := comments["Sheet1!I6"]; !strings.Contains(c, "错误（已认可）") {
			t.Errorf("I6 comment = %q, want 已认可", c)
		}
	}
	fc, err := excelize.OpenFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	review, _ := fc.GetRows("审核意见")
	if !strings.Contains(flat(review), "错误（已认可）") || !strings.Contains(flat(review), "〔已认可：分值调整已批准〕") {
		t.Error("审核意见 does not show 已认可 with the remark")
	}
	style, _ := fc.GetCellStyle("Sheet1", "I6")
	if st, _ := fc.GetStyle(style); st != nil && len(st.Fill.Color) > 0 && st.Fill.Color[0] == "FFC7CE" {
		t.Error("an accepted finding's cell is still filled as an error")
	}
	fc.Close()

	// The summary lists it as 已认可 and counts it out.
	fs, err := excelize.OpenFile(rep.SummaryPath)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := fs.GetRows("问题清单")
	fs.Close()
	if !strings.Contains(flat(list), "错误（已认可）") || !strings.Contains(list[1][0], "已认可 ") {
		t.Errorf("问题清单 does not show 已认可: note %q", list[1])
	}

	// The blank of this run is pre-filled and lists the stale decision; a re-run gives its bytes.
	again, err := ReadDecisions(rep.DecisionsPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(decisions)-1 {
		t.Errorf("pre-filled blank holds %d decisions, want %d (all but the stale one)", len(again), len(decisions)-1)
	}
	fd, err := excelize.OpenFile(rep.DecisionsPath)
	if err != nil {
		t.Fatal(err)
	}
	staleRows, _ := fd.GetRows("已失效的复核意见")
	fd.Close()
	if !strings.Contains(flat(staleRows), "Z99") {
		t.Error("the stale decision is not listed in the decisions workbook")
	}
	before, _ := os.ReadFile(rep.DecisionsPath)
	runReview(t, inbox, out, decisions, nil)
	after, _ := os.ReadFile(rep.DecisionsPath)
	if !bytes.Equal(before, after) {
		t.Error("the decisions workbook differs between two identical runs")
	}
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}
