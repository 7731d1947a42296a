package batch

import (
	"fmt"

	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/jxzp/jxzp/internal/fsx"
	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// Container is a saved message (.eml) or an archive (.zip) found in the inbox: the intake opens
// it and lists the workbooks it carries as files of their own.
const Container Class = Candidate + 1

// isContainer reports whether a base name is a message or an archive the intake opens.
func isContainer(name string) bool { return mail.IsMessage(name) || mail.IsArchive(name) }

// outcome is a file's result settled by the intake rather than by reading it.
type outcome struct{ status, code, reason string }

// intake holds what opening the inbox's messages and archives produced: the extracted files
// (in a private temporary folder), the results already known, and the message each file came in.
type intake struct {
	tmp      string
	n        int
	outcomes map[string]outcome       // by rel
	messages map[string]*mail.Message // by rel: the message the file came in, or the message itself
}

// openContainers replaces every message and archive among the entries by the workbooks it
// carries, named "信件.eml/附件名.xlsx" or "包.zip/内部/路径.xlsx" and extracted to a temporary
// folder (so the pipeline reads and hashes the attachment's bytes like any file). A container
// that carries no workbook, or cannot be opened, stays as one entry with its outcome settled.
func openContainers(entries []entry) ([]entry, *intake, error) {
	in := &intake{outcomes: map[string]outcome{}, messages: map[string]*mail.Message{}}
	var out []entry
	for _, e := range entries {
		if e.class != Container {
			out = append(out, e)
			continue
		}
		members, err := in.open(e)
		if err != nil {
			in.cleanup()
			return nil, nil, err
		}
		out = append(out, members...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, in, nil
}

// open lists one container's workbooks, or the container itself with its outcome.
func (in *intake) open(e entry) ([]entry, error) {
	self := e
	self.class = Candidate
	info, err := os.Lstat(e.abs)
	if err != nil || !info.Mode().IsRegular() {
		if err == nil {
			self.odd = oddSpecial
		}
		return []entry{self}, nil
	}
	if info.Size() > mail.MaxMessageSize {
		in.settleAs(e.rel, StatusFailed, scoring.B03, fmt.Sprintf("文件过大（%d MB），超过 %d MB 的处理上限", info.Size()>>20, mail.MaxMessageSize>>20))
		return []entry{self}, nil
	}
	data, err := os.ReadFile(e.abs)
	if err != nil {
		return []entry{self}, nil // prepare reports the read error when it hashes the file
	}
	var members []mail.Member
	var empty string
	if mail.IsMessage(e.rel) {
		msg, err := mail.ReadMessage(data)
		if err != nil {
			in.settleAs(e.rel, StatusFailed, scoring.B03, "邮件文件已损坏或不是邮件格式（.eml），无法读取")
			return []entry{self}, nil
		}
		in.messages[e.rel] = msg
		members, empty = messageMembers(msg), "邮件中没有 Excel 工作簿附件，已列出备查"
	} else {
		members, err = mail.ExtractZip(data, 1, isWorkbookName)
		if err != nil {
			in.settleAs(e.rel, StatusFailed, scoring.B03, err.Error())
			return []entry{self}, nil
		}
		empty = "压缩包中没有 Excel 工作簿，已列出备查"
	}
	if len(members) == 0 {
		in.settleAs(e.rel, StatusSkipped, scoring.B05, empty)
		return []entry{self}, nil
	}
	return in.extract(e, members)
}

// messageMembers lists a message's workbooks: those attached, and those inside attached archives.
func messageMembers(msg *mail.Message) []mail.Member {
	var out []mail.Member
	for _, a := range msg.Attachments {
		switch {
		case isWorkbookName(a.Name):
			out = append(out, mail.Member{Path: a.Name, Data: a.Data})
		case mail.IsArchive(a.Name):
			inner, err := mail.ExtractZip(a.Data, 1, isWorkbookName)
			if err != nil {
				out = append(out, mail.Member{Path: a.Name, Data: a.Data, Reason: err.Error()})
				continue
			}
			for _, m := range inner {
				m.Path = a.Name + "/" + m.Path
				out = append(out, m)
			}
		}
	}
	return out
}

// isWorkbookName reports whether a file in a container is listed: a workbook, or a lock or
// temporary file of one (listed as skipped, as in a folder).
func isWorkbookName(name string) bool {
	c := Classify(name)
	return c == Candidate || (c == Skip && workbookExts[strings.ToLower(path.Ext(strings.TrimSuffix(name, "#")))])
}

// extract writes each member to the temporary folder and returns its entry.
func (in *intake) extract(e entry, members []mail.Member) ([]entry, error) {
	if in.tmp == "" {
		dir, err := os.MkdirTemp("", "jxzp-intake-*")
		if err != nil {
			return nil, fsx.NewError("无法创建临时文件夹以解开邮件和压缩包："+fsx.Reason(err), err)
		}
		in.tmp = dir
	}
	used := map[string]bool{}
	var out []entry
	for _, m := range members {
		rel := uniqueRel(e.rel+"/"+norm.NFC.String(m.Path), used)
		in.n++
		abs := filepath.Join(in.tmp, strconv.Itoa(in.n)+strings.ToLower(path.Ext(m.Path)))
		if err := os.WriteFile(abs, m.Data, 0o600); err != nil {
			return nil, fsx.NewError("无法写出临时文件以解开邮件和压缩包："+fsx.Reason(err), err)
		}
		class := Classify(path.Base(m.Path))
		if class != Skip {
			class = Candidate
		}
		if m.Reason != "" {
			in.settleAs(rel, StatusFailed, scoring.B03, m.Reason)
		}
		if msg := in.messages[e.rel]; msg != nil {
			in.messages[rel] = msg
		}
		out = append(out, entry{rel: rel, abs: abs, class: class})
	}
	return out, nil
}

// uniqueRel makes two attachments of one name two paths: 表.xlsx, then 表 (2).xlsx.
func uniqueRel(rel string, used map[string]bool) string {
	cand := rel
	for n := 2; used[cand]; n++ {
		ext := path.Ext(rel)
		cand = strings.TrimSuffix(rel, ext) + " (" + strconv.Itoa(n) + ")" + ext
	}
	used[cand] = true
	return cand
}

// settleAs records a result the intake already knows.
func (in *intake) settleAs(rel, status, code, reason string) {
	in.outcomes[rel] = outcome{status, code, reason}
}

// settle applies the intake's results to the files prepare would read, and returns the others.
func (in *intake) settle(toRead []*fileState) []*fileState {
	if in == nil || len(in.outcomes) == 0 {
		return toRead
	}
	kept := toRead[:0]
	for _, s := range toRead {
		if o, ok := in.outcomes[s.rel]; ok {
			s.settle(o.status, o.code, o.reason)
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

// describeEntry writes into one file's entry the sender, date and subject of the message it came
// in, if any; results.json is streamed an entry at a time (resultstream.go).
func (in *intake) describeEntry(fe *FileEntry) {
	if in == nil {
		return
	}
	msg := in.messages[fe.Path]
	if msg == nil {
		return
	}
	fe.From = msg.From
	if !msg.Date.IsZero() {
		fe.Date = msg.Date.Format(time.RFC3339)
	}
	fe.Subject = msg.Subject
}

// cleanup removes the temporary folder of extracted files.
func (in *intake) cleanup() {
	if in != nil && in.tmp != "" {
		os.RemoveAll(in.tmp)
	}
}
