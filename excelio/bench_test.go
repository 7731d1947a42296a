package excelio

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// The per-workbook benchmarks run on the seed case of samples/; the bench script (bench/run.sh)
// measures whole batches.
const benchSample = "../samples/三门峡市互联网舆情研究和应急保障中心_网络宣传管理和文化建设经费_自评表.xlsx"

// benchResults reads and scores the seed case once, for the benchmarks of what follows reading.
func benchResults(b *testing.B) (*Workbook, []*scoring.Result) {
	b.Helper()
	wb, err := ReadForms(benchSample, ReadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := scoring.LoadProfile("mof2020")
	if err != nil {
		b.Fatal(err)
	}
	var rs []*scoring.Result
	for _, f := range wb.Forms {
		rs = append(rs, scoring.Evaluate(f, p, scoring.Options{}))
	}
	return wb, rs
}

func BenchmarkReadForms(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadForms(benchSample, ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	wb, _ := benchResults(b)
	p, _ := scoring.LoadProfile("mof2020")
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range wb.Forms {
			scoring.Evaluate(f, p, scoring.Options{})
		}
	}
}

func BenchmarkAnnotate(b *testing.B) {
	wb, rs := benchResults(b)
	dst := filepath.Join(b.TempDir(), "copy.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := Annotate(wb.Data, dst, rs); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSummary is a summary of n copies of the seed case's form.
func benchSummary(b *testing.B, n int) *Summary {
	_, rs := benchResults(b)
	s := &Summary{Title: "2021年度项目支出绩效自评审核汇总表"}
	for i := range n {
		name := filepath.Join("审核结果", "单位", "表"+string(rune('a'+i%26))+".xlsx")
		s.Forms = append(s.Forms, SummaryForm{Result: rs[0], File: name, Output: name})
	}
	return s
}

func BenchmarkWriteSummary(b *testing.B) {
	s := benchSummary(b, 1)
	dst := filepath.Join(b.TempDir(), "summary.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSummary(dst, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteSummary2000 shows how the summary scales: its time per form should match
// BenchmarkWriteSummary's, not grow with the number of forms.
func BenchmarkWriteSummary2000(b *testing.B) {
	s := benchSummary(b, 2000)
	dst := filepath.Join(b.TempDir(), "summary.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSummary(dst, s); err != nil {
			b.Fatal(err)
		}
	}
	_ = os.Remove(dst)
}
