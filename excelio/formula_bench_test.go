package excelio

import "testing"

// benchUncached is the sample whose 执行率 and 总分 are formulas without cached values
// (samples/gen, case qunyi), as openpyxl and many producers write them.
const benchUncached = "../samples/三门峡市群众艺术馆_公共文化服务体系建设经费_自评表.xlsx"

func BenchmarkReadFormsUncached(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadForms(benchUncached, ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
