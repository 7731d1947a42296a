package batch

import "testing"

// docOf is the results.json a run wrote, read back; the run streams it, so the Report holds none.
func docOf(t testing.TB, rep *Report) *Document {
	t.Helper()
	doc, err := rep.Results()
	if err != nil {
		t.Fatalf("results.json: %v", err)
	}
	return doc
}

// jsonOf is the bytes of the results.json a run wrote.
func jsonOf(t testing.TB, rep *Report) []byte {
	t.Helper()
	data, err := rep.ResultsJSON()
	if err != nil {
		t.Fatalf("results.json: %v", err)
	}
	return data
}
