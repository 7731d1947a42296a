package batch

// The incremental cache of `jxzp score`: what reading and scoring each input gave, kept in
// OUT/.jxzp-cache so that a re-run over an inbox where a few files changed reads only those.
//
// The hook: Run calls cachedRead instead of readAndScore for every file of pass 1, and
// cachedCopy instead of writeCopy for every copy of pass 3; both fall through to the plain
// functions when the cache has nothing usable. Whatever pass 1 and pass 3 become, the cache only
// needs a fileState after reading and scoring (before the batch-wide checks add B01) and again
// once its copy is written.
//
// Trust: an entry is used only when its envelope, checksum and key all match; anything else
// (damaged, truncated, written by another version or for another profile) is ignored and
// replaced. The key holds everything a file's forms depend on: its bytes, the profile's content,
// the batch year, the password, jxzp's version and the entry format.
//
// Storage: one pack file (cachepack.go). A run reads the previous complete run's pack and writes
// a new one holding exactly the records it stored or used; the new pack replaces the old only
// when the run completes (prune), so an interrupted run never touches what the next one trusts.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/scoring"
)

// cacheDir is the folder under OUT where the cache lives; the dot keeps it out of inbox walks.
const cacheDir = ".jxzp-cache"

// cacheFormat names the layout of an entry; change it whenever readEntry would misread an old one.
const cacheFormat = "jxzp-cache-3"

// cacheMagic starts every record.
var cacheMagic = []byte(cacheFormat + "\n")

// fileRecord is what a file yields after reading and scoring.
type fileRecord struct {
	Key     string
	Status  string
	Code    string
	Reason  string
	Sheets  []string
	Results []*scoring.Result
	// encoded are the results as the record holds them (resultcodec.go), which the spool
	// takes as they are.
	encoded []byte
}

// copyRecord is the annotated copy written for a file: where, from which findings, what bytes.
type copyRecord struct {
	Key      string // the file's key
	Findings string // sha256 of the results the copy was written from, B01 included
	Output   string // relative to OUT
	SHA256   string // of the copy's bytes
}

// cache is one run's view of OUT/.jxzp-cache.
type cache struct {
	dir     string
	prefix  string // sha256 of everything but the file's bytes that the key depends on
	full    bool   // --full: nothing is read from the cache, everything is kept anew
	ro      excelio.ReadOptions
	steps   *steps      // the reader and the writer of copies the cache falls through to
	old     *packReader // the previous complete run's records
	pack    *packWriter // this run's records
	mu      sync.Mutex
	used    []bool // by position in old: the records of the previous pack this run used
	enabled bool
}

// openCache returns the cache of a run; a disabled one (cfg.Incremental unset) does nothing.
func openCache(cfg Config, out string, st *steps) *cache {
	c := &cache{dir: filepath.Join(out, cacheDir), full: cfg.Full,
		ro: excelio.ReadOptions{Password: cfg.Password}, steps: st, enabled: cfg.Incremental}
	if !c.enabled {
		return c
	}
	profile, err := json.Marshal(cfg.Profile)
	if err != nil {
		c.enabled = false
		return c
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%x\x00", cacheFormat, Version, cfg.Year, sha256.Sum256([]byte(cfg.Password)))
	h.Write(profile)
	c.prefix = hex.EncodeToString(h.Sum(nil))
	// A killed run's temporary pack: the old one is still the one to trust.
	removeTempFiles(c.dir)
	c.old = openPack(filepath.Join(c.dir, packName))
	c.used = make([]bool, c.old.entries())
	c.pack = newPackWriter(filepath.Join(c.dir, packName))
	return c
}

// nameOf is the name of the record of kind for the key k (hex).
func nameOf(k string, kind recordKind) entryName {
	n := entryName{kind: kind}
	_, _ = hex.Decode(n.key[:], []byte(k))
	return n
}

// key is the cache key of a file with content hash sha.
func (c *cache) key(sha string) string {
	sum := sha256.Sum256([]byte(c.prefix + sha))
	return hex.EncodeToString(sum[:])
}

// cachedRead fills s from the cache, or reads and scores it and keeps what that gave. The
// workbook is returned when it was read and is ok (see readAndScore); nil when taken from the
// cache, which needs no copy staged: its copy is likely on disk already.
func (c *cache) cachedRead(s *fileState, ro excelio.ReadOptions, p *scoring.Profile, po scoring.Options) *excelio.Workbook {
	if !c.enabled || !s.sha.set {
		return c.steps.readAndScore(s, ro, p, po)
	}
	k := c.key(s.sha.String())
	c.use(k)
	if !c.full {
		rec, err := c.loadFile(k)
		if _, known := statusByName(rec.Status); err == nil && rec.Key == k && known {
			s.settle(rec.Status, rec.Code, rec.Reason)
			s.sheets, s.results = rec.Sheets, rec.Results
			s.fromCache, s.encoded = true, rec.encoded
			relink(s.results)
			return nil
		}
	}
	wb := c.steps.readAndScore(s, ro, p, po)
	// Only what the file's bytes decide is kept: B03 and B04 may come from a file being written,
	// a missing LibreOffice or a time-out, and must be tried again next run.
	if s.status() == StatusOK || s.code == scoring.B06 {
		s.encoded = c.storeFile(k, fileRecord{Key: k, Status: s.status(), Code: s.code, Reason: s.reason, Sheets: s.sheets, Results: s.results})
	}
	return wb
}

// relink points each indicator result at its row of the form again: a record keeps values, not the
// sharing of pointers, and outputs may rely on the two being one row.
func relink(results []*scoring.Result) {
	for _, r := range results {
		if r == nil || r.Form == nil || len(r.Indicators) != len(r.Form.Indicators) {
			continue
		}
		for i := range r.Indicators {
			r.Indicators[i].Indicator = &r.Form.Indicators[i]
		}
	}
}

// cachedCopy writes the annotated copy of s at dst (output relative to OUT), unless the copy there
// is the one this file and these findings gave last time; sc is the copy staged in pass 1, put
// in place or removed. A file taken from the cache has no package bytes (nor staged copy): it is
// read again only when its copy must be rewritten.
func (c *cache) cachedCopy(s *fileState, output, dst string, sc stagedCopy) {
	if !c.enabled || !s.sha.set {
		c.steps.placeOrWrite(s, dst, sc)
		return
	}
	k := c.key(s.sha.String())
	findings := resultsDigest(s.results)
	rec, err := c.loadCopy(k)
	if !c.full && err == nil && rec.Key == k && rec.Findings == findings &&
		rec.Output == output && fileSHA(dst) == rec.SHA256 {
		s.data = nil
		sc.drop()
		return
	}
	if s.fromCache {
		// The file was not read this run: its package is made again (a converted .xls needs
		// LibreOffice once more); a plain .xlsx is then read from disk like any other.
		wb, err := c.steps.readForms(s.abs, c.ro)
		if err != nil {
			s.copyFailed("无法再次读取文件以写出审核副本（文件可能已被移走或修改），请重新运行")
			return
		}
		s.keepPackage(wb.Data)
	}
	sum := ""
	if c.steps.placeOrWrite(s, dst, sc) {
		sum = sc.sha
	}
	if s.copyN != 0 {
		if sum == "" {
			sum = fileSHA(dst)
		}
		c.storeCopy(k, copyRecord{Key: k, Findings: findings, Output: output, SHA256: sum})
	}
}

// digestBuffers hold the encodings resultsDigest hashes, one per copy written.
var digestBuffers = sync.Pool{New: func() any { return new([]byte) }}

// resultsDigest is the sha256 of the results as the cache encodes them: equal results, equal
// digest, whatever the process met first.
func resultsDigest(results []*scoring.Result) string {
	buf := digestBuffers.Get().(*[]byte)
	defer digestBuffers.Put(buf)
	b, err := appendResults((*buf)[:0], results)
	*buf = b
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// fileSHA is the sha256 of the file at p, empty when it cannot be read.
func fileSHA(p string) string {
	sum, err := hashFile(p)
	if err != nil {
		return ""
	}
	return sum.String()
}

// use marks the previous pack's records of a key as belonging to this run, so prune keeps them.
func (c *cache) use(k string) {
	n := nameOf(k, kindFile)
	for _, kind := range []recordKind{kindFile, kindCopy} {
		if i, ok := c.old.find(entryName{key: n.key, kind: kind}); ok {
			c.mu.Lock()
			c.used[i] = true
			c.mu.Unlock()
		}
	}
}

// store appends one record to this run's pack: magic, the payload's sha256, the payload, which
// is the parts one after the other. No flush to disk per record: the pack is flushed once, when
// the run completes.
func (c *cache) store(n entryName, parts ...[]byte) {
	h := sha256.New()
	size := len(cacheMagic) + 65
	for _, p := range parts {
		h.Write(p)
		size += len(p)
	}
	data := make([]byte, 0, size)
	data = append(data, cacheMagic...)
	data = hex.AppendEncode(data, h.Sum(nil))
	data = append(data, '\n')
	for _, p := range parts {
		data = append(data, p...)
	}
	c.pack.put(n, data)
}

// errBadEntry is any record that is not exactly what store wrote.
var errBadEntry = errors.New("cache entry damaged or foreign")

// load returns the payload of one entry, refusing anything whose envelope or checksum does not
// match.
func (c *cache) load(n entryName) ([]byte, error) {
	data, ok := c.old.record(n)
	if !ok {
		return nil, os.ErrNotExist
	}
	return openEnvelope(data)
}

// openEnvelope returns the payload of a record whose magic and checksum match.
func openEnvelope(data []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(data, cacheMagic)
	if !ok || len(rest) < 65 || rest[64] != '\n' {
		return nil, errBadEntry
	}
	payload := rest[65:]
	sum := sha256.Sum256(payload)
	if hex.EncodeToString(sum[:]) != string(rest[:64]) {
		return nil, errBadEntry
	}
	return payload, nil
}

// prune makes this run's pack the cache: the records of every file this run used that it did
// not store anew are carried over from the previous pack (a sound one only), the rest of the
// previous pack is dropped, and so are the files of the flat layout of earlier versions. It runs
// only after a complete run: an interrupted one used too few.
func (c *cache) prune() {
	if !c.enabled {
		return
	}
	c.carryOver()
	c.old.close()
	if c.pack.commit() == nil {
		removeStale(c.dir)
	}
}

// carryOver copies into this run's pack the previous pack's sound records of the keys used, in
// the previous pack's order, so that they are read front to back.
func (c *cache) carryOver() {
	type carried struct {
		n entryName
		s span
	}
	var kept []carried
	stored := c.pack.names()
	for i, used := range c.used {
		if n, s := c.old.entry(i); used && !stored[n] {
			kept = append(kept, carried{n, s})
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].s.off < kept[j].s.off })
	for _, k := range kept {
		if data, ok := c.old.record(k.n); ok {
			if _, err := openEnvelope(data); err == nil {
				c.pack.put(k.n, data)
			}
		}
	}
}

// close ends a run that did not complete: its pack is removed, the previous one kept.
func (c *cache) close() {
	if !c.enabled {
		return
	}
	c.pack.abort()
	c.old.close()
}
