package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jxzp/jxzp/scoring"
)

// copyTree copies the folder src into dst, files made writable so that a reader writing its
// input would succeed and be caught.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeHashes maps every file under root to its sha256 and mode.
func treeHashes(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:]) + " " + info.Mode().String() + " " + info.ModTime().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunEndToEnd runs the whole pipeline on a few files of the public corpus: a unit folder with
// a lock file and a byte-identical copy, and two files that are not workbooks at all.
func TestRunEndToEnd(t *testing.T) {
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "收件箱")
	copyTree(t, filepath.Join("testdata", "inbox"), inbox)
	before := treeHashes(t, inbox)

	profile, err := scoring.LoadProfile(scoring.DefaultProfileName())
	if err != nil {
		t.Fatal(err)
	}
	run := func(out string) *Report {
		t.Helper()
		rep, err := Run(context.Background(), Config{
			Inbox: inbox, Out: out, Profile: profile, ProfileName: "mof2020", Workers: 3,
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		return rep
	}
	out := filepath.Join(tmp, "收件箱-审核结果")
	rep := run(out)

	const unitDir = "临江市卫生健康委员会/"
	type want struct {
		status, code string
		forms        []string // form statuses
	}
	wantFiles := map[string]want{
		unitDir + "2022年度项目绩效自评表.xlsx":           {StatusOK, "", []string{scoring.StatusRevise}},
		unitDir + "~$临江市妇幼保健院_家庭医生签约服务补助.xlsx":   {StatusSkipped, "B05", nil},
		unitDir + "临江市妇幼保健院_家庭医生签约服务补助.xlsx":     {StatusOK, "", []string{scoring.StatusPass}},
		unitDir + "临江市妇幼保健院_家庭医生签约服务补助（副本）.xlsx": {StatusDuplicate, "B02", nil},
		unitDir + "绩效自评表（临江市中心医院）.xlsx":          {StatusOK, "", []string{scoring.StatusPass}},
		"问题文件/报送通知.xlsx":                         {StatusFailed, "B03", nil},
		"问题文件/空白文件.xlsx":                         {StatusFailed, "B03", nil},
	}
	var paths []string
	for _, f := range docOf(t, rep).Files {
		paths = append(paths, f.Path)
		w, ok := wantFiles[f.Path]
		if !ok {
			t.Errorf("unexpected file %s", f.Path)
			continue
		}
		if f.Status != w.status || f.Code != w.code {
			t.Errorf("%s: %s/%s, want %s/%s (%s)", f.Path, f.Status, f.Code, w.status, w.code, f.Reason)
		}
		var got []string
		for _, fm := range f.Forms {
			got = append(got, fm.Status)
		}
		if !reflect.DeepEqual(got, w.forms) {
			t.Errorf("%s: form statuses %v, want %v", f.Path, got, w.forms)
		}
		if (f.Status == StatusOK) != (f.Output != nil) {
			t.Errorf("%s: status %s with output %q", f.Path, f.Status, deref(f.Output))
		}
		if f.Output != nil {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(*f.Output))); err != nil {
				t.Errorf("%s: annotated copy missing: %v", f.Path, err)
			}
		}
		if f.Status == StatusDuplicate && f.Reason != "与 "+unitDir+"临江市妇幼保健院_家庭医生签约服务补助.xlsx 内容完全相同" {
			t.Errorf("%s: duplicate reason %q", f.Path, f.Reason)
		}
	}
	wantOrder := []string{
		unitDir + "2022年度项目绩效自评表.xlsx",
		unitDir + "~$临江市妇幼保健院_家庭医生签约服务补助.xlsx",
		unitDir + "临江市妇幼保健院_家庭医生签约服务补助.xlsx",
		unitDir + "临江市妇幼保健院_家庭医生签约服务补助（副本）.xlsx",
		unitDir + "绩效自评表（临江市中心医院）.xlsx",
		"问题文件/报送通知.xlsx",
		"问题文件/空白文件.xlsx",
	}
	if !reflect.DeepEqual(paths, wantOrder) {
		t.Errorf("files in order\n %v\nwant\n %v", paths, wantOrder)
	}

	// The counts the terminal summary and the exit status are made of.
	counts := [...]int{rep.Files, rep.Processed, rep.Failed, rep.Skipped, rep.Duplicates, rep.Forms, rep.Passed, rep.Revise}
	if want := [...]int{7, 3, 2, 1, 1, 3, 2, 1}; counts != want {
		t.Errorf("counts (files, processed, failed, skipped, duplicates, forms, passed, revise) = %v, want %v", counts, want)
	}
	if len(rep.Problems) != 2 {
		t.Errorf("problems %v, want the two files of 问题文件", rep.Problems)
	}

	// A form whose 项目名称 is blank is null in results.json, not "".
	var doc map[string]any
	if err := json.Unmarshal(jsonOf(t, rep), &doc); err != nil {
		t.Fatal(err)
	}
	first := doc["files"].([]any)[0].(map[string]any)["forms"].([]any)[0].(map[string]any)
	if v, ok := first["project"]; !ok || v != nil {
		t.Errorf("blank 项目名称 written as %#v, want null", v)
	}

	for _, name := range []string{SummaryName, ResultsName} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s missing: %v", name, err)
		}
	}
	written := jsonOf(t, rep)

	// A second run over the same outputs replaces them with identical bytes.
	rep2 := run(out)
	if !bytes.Equal(written, jsonOf(t, rep2)) {
		t.Error("two runs gave different results.json")
	}
	// And a run into another folder, with another worker count, too.
	rep3, err := Run(context.Background(), Config{Inbox: inbox, Out: filepath.Join(tmp, "另一个"), Profile: profile, ProfileName: "mof2020", Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(written, jsonOf(t, rep3)) {
		t.Error("results.json depends on the output folder or the worker count")
	}

	if after := treeHashes(t, inbox); !reflect.DeepEqual(before, after) {
		t.Errorf("the inbox changed:\nbefore %v\nafter  %v", before, after)
	}
}

// TestRunCancelled checks that an interrupted run writes neither a summary nor results.json.
func TestRunCancelled(t *testing.T) {
	tmp := t.TempDir()
	inbox := filepath.Join(tmp, "in")
	writeTree(t, inbox, map[string]string{"a.xlsx": "x", "b/c.xlsx": "y"})
	out := filepath.Join(tmp, "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Config{Inbox: inbox, Out: out, Profile: &scoring.Profile{Name: "test"}})
	if err != context.Canceled {
		t.Fatalf("Run on a cancelled context = %v, want context.Canceled", err)
	}
	for _, name := range []string{SummaryName, ResultsName} {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("%s written by a cancelled run (%v)", name, err)
		}
	}
}

// TestRunRejectsBadInbox checks the errors of the batch as a whole.
func TestRunRejectsBadInbox(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a.xlsx")
	writeTree(t, tmp, map[string]string{"a.xlsx": "x"})
	p := &scoring.Profile{Name: "test"}
	for _, inbox := range []string{filepath.Join(tmp, "missing"), file} {
		if _, err := Run(context.Background(), Config{Inbox: inbox, Out: filepath.Join(tmp, "out"), Profile: p}); err == nil {
			t.Errorf("Run(%s) succeeded", inbox)
		}
	}
	if _, err := Run(context.Background(), Config{Inbox: tmp, Out: filepath.Join(tmp, "out")}); err == nil {
		t.Error("Run without a profile succeeded")
	}
}
