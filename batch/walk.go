package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/unicode/norm"
)

// Class is what the batch does with a file it finds in the inbox.
type Class uint8

// The classes of Classify.
const (
	// Ignore: not a workbook; the file is not listed at all (notices, PDFs, e-mails saved as text).
	Ignore Class = iota
	// Skip: an Office or WPS lock file, a hidden or a temporary file (B05): listed, never opened.
	Skip
	// Candidate: a workbook by its extension, to be hashed and read.
	Candidate
)

// workbookExts are the extensions read as workbooks. .xls, .et and .ods reach the reader, which
// converts them or refuses them with B04, and so does .xlsb, always refused with B04: a unit
// that sent one must be told to send it again, which a file left unlisted would never tell it.
var workbookExts = map[string]bool{
	".xlsx": true, ".xlsm": true, ".xls": true, ".et": true, ".ods": true, ".xlsb": true,
}

// Classify decides from a file's base name alone whether it is skipped (B05), a workbook
// candidate or ignored. The skip patterns win over the extension: "~$报表.xlsx" is Excel's lock
// file for 报表.xlsx, not a second copy of it.
func Classify(name string) Class {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "~$"): // Excel's owner file
		return Skip
	case strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"): // LibreOffice/WPS lock
		return Skip
	case strings.HasPrefix(name, "."): // hidden on Unix and macOS (.DS_Store, ._报表.xlsx)
		return Skip
	case strings.HasSuffix(lower, ".tmp"): // Office's save-in-progress files, ~WRL0001.tmp too
		return Skip
	}
	if workbookExts[strings.ToLower(filepath.Ext(name))] {
		return Candidate
	}
	if isContainer(name) {
		return Container
	}
	return Ignore
}

// entry is one file of the inbox that the batch lists.
type entry struct {
	rel   string // relative to the inbox, '/' separators, NFC
	abs   string
	class Class
	odd   oddity
}

// oddity is why a listed entry is never opened; most have none. A byte: tens of thousands of
// entries are kept to the end of a run.
type oddity uint8

const (
	oddNone oddity = iota
	// oddSpecial is a candidate that is not a regular file (a symbolic link, a device or a
	// pipe): it is never opened, because a link may lead out of the inbox and a pipe blocks.
	oddSpecial
	// oddUnlisted is a folder that could not be listed: its files are unknown.
	oddUnlisted
)

// walkInbox lists the inbox recursively: every skipped or candidate file, sorted by relative path.
// Hidden folders are not entered (a .git or a synced .Trash is no part of the submission), nor
// is exclude, the output folder, when the user put it inside the inbox, nor the output folder of
// an earlier run left there (isOutputDir): its summary is no form, and its copies are the
// unit's workbooks a second time.
func walkInbox(inbox, exclude string) ([]entry, error) {
	var out []entry
	var paths stringArena
	err := filepath.WalkDir(inbox, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == inbox {
				return err
			}
			// An unreadable folder is reported as a file that could not be processed rather
			// than dropped: the bureau must learn that part of the inbox was not looked at.
			if d == nil || d.IsDir() {
				out = append(out, entry{rel: relPath(inbox, p), abs: p, class: Candidate, odd: oddUnlisted})
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == inbox {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") || (exclude != "" && sameDir(p, exclude)) {
				return filepath.SkipDir
			}
			if isOutputDir(p) {
				return filepath.SkipDir
			}
			return nil
		}
		c := Classify(d.Name())
		if c == Ignore {
			return nil
		}
		// Kept to the end of the run: copied into blocks (slab.go), the relative path a part of it.
		abs := paths.clone(p)
		e := entry{rel: relPath(inbox, abs), abs: abs, class: c}
		if c == Candidate && !d.Type().IsRegular() {
			e.odd = oddSpecial
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// WalkDir's order puts "a/x.xlsx" before "a.xlsx"; the contract's path order is the plain
	// order of the relative paths, the same on every system.
	sort.SliceStable(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// outputHeadSize is how much of a results.json isOutputDir reads: "tool" is its first key.
const outputHeadSize = 512

// toolKey matches the "tool" key of a results.json written by jxzp; spaces are allowed so a
// file re-saved by another program still counts.
var toolKey = regexp.MustCompile(`"tool"\s*:\s*"` + regexp.QuoteMeta(ToolName) + `"`)

// isOutputDir reports whether the folder dir is the output folder of a jxzp run: it holds a
// results.json whose beginning names jxzp as its tool. A results.json that is not a regular file
// is not opened (a named pipe would block the walk), and one that cannot be read does not count:
// the folder is then walked as any other.
func isOutputDir(dir string) bool {
	p := filepath.Join(dir, ResultsName)
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, outputHeadSize)
	n, _ := io.ReadFull(f, head)
	return toolKey.Match(head[:n])
}

// relPath is p relative to root with '/' separators and composed Unicode: macOS hands out
// decomposed names, and the same file must get the same path in results.json everywhere. Names
// that are not UTF-8 are decoded as GB18030 (displayName).
func relPath(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		r = p
	}
	return norm.NFC.String(displayName(filepath.ToSlash(r)))
}

// displayName decodes each segment of a '/'-separated path that is not valid UTF-8 as GB18030:
// a zip made on a Chinese Windows and extracted on Linux leaves its names as GBK bytes, which
// results.json would otherwise show as U+FFFD. Only the name shown changes; the file is opened
// by its own bytes.
func displayName(rel string) string {
	if utf8.ValidString(rel) {
		return rel
	}
	segs := strings.Split(rel, "/")
	for i, seg := range segs {
		if utf8.ValidString(seg) {
			continue
		}
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(seg); err == nil {
			segs[i] = d
		}
	}
	return strings.Join(segs, "/")
}

// sameDir reports whether two paths name the same folder, by path and, when both exist, by file
// identity (a symbolic link or a different spelling of the same folder).
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// hashBuffers are the read buffers of hashFile: io.Copy from a file allocated one per file, and
// every input is hashed once and every copy once more.
var hashBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// digest is a sha256 held as its bytes, not as the 64 hex digits results.json shows: a batch
// keeps one per file until its results.json entry is written.
type digest struct {
	sum [sha256.Size]byte
	set bool // false when no hash was taken
}

// String is the hex digest, "" when none was taken.
func (d digest) String() string {
	if !d.set {
		return ""
	}
	return hex.EncodeToString(d.sum[:])
}

// hashFile returns the sha256 of the file at p, read through a read-only handle.
func hashFile(p string) (digest, error) {
	f, err := os.Open(p)
	if err != nil {
		return digest{}, err
	}
	defer f.Close()
	buf := hashBuffers.Get().(*[32 << 10]byte)
	defer hashBuffers.Put(buf)
	h := sha256.New()
	for {
		n, err := f.Read(buf[:])
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return digest{}, err
		}
	}
	d := digest{set: true}
	h.Sum(d.sum[:0])
	return d, nil
}
