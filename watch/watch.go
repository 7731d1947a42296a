// Package watch waits for an inbox folder to change and calls a run once the change has settled:
// files that are still being copied or saved are waited for, lock and temporary files are
// ignored, and a burst of arrivals gives one run, not one per file.
package watch

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/jxzp/jxzp/batch"
)

// Options are the timings of a watch; the zero value of a field takes its default.
type Options struct {
	// Quiet is how long the inbox must see no new event before a run starts (default 3 s), so
	// that twenty files copied in at once give one run.
	Quiet time.Duration
	// Stable is how long a file's size and modification time must stay unchanged before it
	// counts (default 2 s): a file still being copied or saved is not read half-written.
	Stable time.Duration
	// Poll is how often unsettled files are looked at again (default Stable / 4).
	Poll time.Duration
	// Exclude is a folder never watched: the output folder when it lies inside the inbox.
	Exclude string
}

// Change counts the workbooks that changed since the last run.
type Change struct {
	New, Changed, Removed int
}

// RunFunc is one run over the inbox; its error ends the watch.
type RunFunc func(Change) error

// defaults fills the zero fields of o.
func (o Options) defaults() Options {
	if o.Quiet <= 0 {
		o.Quiet = 3 * time.Second
	}
	if o.Stable <= 0 {
		o.Stable = 2 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = max(o.Stable/4, 10*time.Millisecond)
	}
	return o
}

// Watch calls run once, then again after every settled change of inbox, until ctx is done. A
// run is never interrupted: ctx is looked at between runs, so outputs are always whole.
func Watch(ctx context.Context, inbox string, opts Options, run func(Change) error) error {
	opts = opts.defaults()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fw.Close()
	w := &watcher{fw: fw, opts: opts, pending: map[string]*fileSeen{}, known: map[string]bool{}}
	if w.exclude, err = filepath.Abs(opts.Exclude); err != nil || opts.Exclude == "" {
		w.exclude = ""
	}
	if err := w.addTree(inbox, false); err != nil {
		return err
	}
	if err := run(Change{}); err != nil {
		return err
	}
	return w.loop(ctx, run)
}

// fileSeen is a changed file waiting to settle.
type fileSeen struct {
	size  int64
	mod   time.Time
	since time.Time // when size and mod were last seen to change
}

// watcher is the state of one watch.
type watcher struct {
	fw        *fsnotify.Watcher
	opts      Options
	exclude   string
	pending   map[string]*fileSeen // changed workbooks not yet settled
	known     map[string]bool      // workbooks present after the last run, to tell new from changed
	change    Change               // settled changes since the last run
	lastEvent time.Time
}

// loop handles events until ctx is done, running once the inbox is quiet and every change settled.
func (w *watcher) loop(ctx context.Context, run RunFunc) error {
	tick := time.NewTicker(w.opts.Poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fw.Events:
			if !ok {
				return nil
			}
			w.event(ev)
		case <-w.fw.Errors:
			// An overflowed event queue loses events, not the watch: look at everything again.
			w.change.Changed++
			w.lastEvent = time.Now()
		case now := <-tick.C:
			w.settle(now)
			if w.due(now) {
				if ctx.Err() != nil {
					return nil
				}
				c := w.change
				w.change = Change{}
				if err := run(c); err != nil {
					return err
				}
			}
		}
	}
}

// event notes one file-system event.
func (w *watcher) event(ev fsnotify.Event) {
	name := filepath.Base(ev.Name)
	if ev.Op == fsnotify.Chmod {
		return // permissions or attributes only: the content is what is read
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			// A folder copied in whole: watch it, and count the files already in it.
			_ = w.addTree(ev.Name, true)
			w.lastEvent = time.Now()
			return
		}
	}
	if batch.Classify(name) != batch.Candidate {
		return // lock, temporary and hidden files, and anything that is not a workbook
	}
	w.lastEvent = time.Now()
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		delete(w.pending, ev.Name)
		if w.known[ev.Name] {
			delete(w.known, ev.Name)
			w.change.Removed++
		}
		return
	}
	w.touch(ev.Name)
}

// touch puts a workbook on the pending list, or restarts its wait if it changed again.
func (w *watcher) touch(path string) {
	st, err := os.Stat(path)
	if err != nil {
		return // gone already: its Remove event follows
	}
	p, ok := w.pending[path]
	if !ok || p.size != st.Size() || !p.mod.Equal(st.ModTime()) {
		w.pending[path] = &fileSeen{size: st.Size(), mod: st.ModTime(), since: time.Now()}
	}
}

// settle moves the pending files whose size and time held still long enough, and that open,
// to the change counts.
func (w *watcher) settle(now time.Time) {
	for path, p := range w.pending {
		st, err := os.Stat(path)
		if err != nil {
			delete(w.pending, path) // removed before it settled: nothing to read
			continue
		}
		if st.Size() != p.size || !st.ModTime().Equal(p.mod) {
			p.size, p.mod, p.since = st.Size(), st.ModTime(), now
			w.lastEvent = now
			continue
		}
		if now.Sub(p.since) < w.opts.Stable || !opens(path) {
			continue
		}
		delete(w.pending, path)
		if w.known[path] {
			w.change.Changed++
		} else {
			w.known[path] = true
			w.change.New++
		}
	}
}

// due reports whether a run should start: something settled, nothing pending, and quiet.
func (w *watcher) due(now time.Time) bool {
	return w.change != (Change{}) && len(w.pending) == 0 && now.Sub(w.lastEvent) >= w.opts.Quiet
}

// opens reports whether the file can be opened and read: on Windows a file Excel or a copy is
// still writing is locked.
func opens(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Read(make([]byte, 4))
	return err == nil || err == io.EOF
}

// addTree watches root and every folder under it, skipping hidden folders and the excluded one,
// as the batch does. With pend, the workbooks found are changes (a folder copied in); without,
// they are the inbox as the first run sees it.
func (w *watcher) addTree(root string, pend bool) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if abs, _ := filepath.Abs(p); w.exclude != "" && abs == w.exclude {
				return filepath.SkipDir
			}
			return w.fw.Add(p)
		}
		if batch.Classify(d.Name()) != batch.Candidate {
			return nil
		}
		if pend {
			w.touch(p)
		} else {
			w.known[p] = true
		}
		return nil
	})
}
