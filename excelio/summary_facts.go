package excelio

// The summary's facts: what the notes, 按主管部门, 统计图, 审核规则说明 and 汇总表's grouping need
// of the batch's forms, gathered in one reading of each. A batch's results are read back from
// disk (Summary.Load), each reading a read and a decode; these sheets used to read every
// form once each. With more than one worker the forms are read in chunks side by side, and the
// chunks' facts are merged in order, so the facts are the same whatever the worker count.

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jxzp/jxzp/scoring"
)

// summaryFacts are the facts of a run of forms (all of them once merged).
type summaryFacts struct {
	// pass and revise count the forms by status for 汇总表's note, a form with no result
	// counting as passed; unfilled the forms read with no recomputed total (S08).
	pass, revise, unfilled int
	severities             map[scoring.Severity]int // the findings not accepted, by severity
	accepted               int                      // the findings a reviewer accepted
	codes                  map[string]int           // every finding's code, counted
	// deptNames are the departments in the order first met (path order), summed in depts;
	// all sums every form, a form with no result as an empty one.
	deptNames []string
	depts     map[string]*fundsSum
	all       *fundsSum
	grades    []string // the recomputed grades in the order first met
	keys      []formKey
	names     [3]nameStats // 主管部门, 实施单位, 项目名称 as nameWidth measures them
}

// formKey is how groupByDept orders a form: its department, then its unit's and its project's
// sort keys, which are key cut at a and b: one string, so that a form costs one allocation, and
// the form's record is not kept alive by it.
type formKey struct {
	key  string
	form int32 // the form's index in Summary.Forms
	a, b int32
}

func (k *formKey) dept() string    { return k.key[:k.a] }
func (k *formKey) unit() string    { return k.key[k.a:k.b] }
func (k *formKey) project() string { return k.key[k.b:] }

// nameStats are how many names of a name column have each text width, and the first name of
// each width, which is all nameWidth needs of them.
type nameStats struct {
	counts  map[int]int
	byWidth map[int]string
}

func (ns *nameStats) see(name string) {
	w := textWidth(name)
	ns.counts[w]++
	if _, ok := ns.byWidth[w]; !ok {
		ns.byWidth[w] = strings.Clone(name)
	}
}

// width is nameWidth of the column's names. nameWidth looks at one width of them, the one a
// tenth of the names are wider than: found here by counting, it is all it is given.
func (ns *nameStats) width(lo, hi int) int {
	n := 0
	for _, c := range ns.counts {
		n += c
	}
	if n == 0 {
		return nameWidth(nil, nil, lo, hi)
	}
	ws := slices.Sorted(maps.Keys(ns.counts))
	at, seen := (n-1)*9/10, 0
	for _, w := range ws {
		if seen += ns.counts[w]; seen > at {
			return nameWidth([]int{w}, func(w int) string { return ns.byWidth[w] }, lo, hi)
		}
	}
	return hi // not reached: the counts add up to n
}

func newSummaryFacts() *summaryFacts {
	f := &summaryFacts{severities: map[scoring.Severity]int{}, codes: map[string]int{},
		depts: map[string]*fundsSum{}, all: &fundsSum{grades: map[string]int{}}}
	for i := range f.names {
		f.names[i].counts, f.names[i].byWidth = map[int]int{}, map[int]string{}
	}
	return f
}

// add reads one form's facts: form i of the summary, whose result is r (nil when it has none).
// What it keeps of r's texts it copies: they may be cut from the form's record.
func (f *summaryFacts) add(i int, r *scoring.Result) {
	if r != nil && r.Status == scoring.StatusRevise {
		f.revise++
	} else {
		f.pass++
	}
	if r != nil && r.RecomputedTotal == nil {
		f.unfilled++
	}
	if r != nil {
		for _, fd := range r.Findings {
			if _, ok := f.codes[fd.Code]; !ok {
				f.codes[strings.Clone(fd.Code)] = 0
			}
			f.codes[fd.Code]++
			if fd.Accepted {
				f.accepted++
			} else {
				f.severities[fd.Severity]++
			}
		}
	}
	r = resultOrEmpty(r)
	fm := formOf(r)
	dept := deptName(fm.Department.Text)
	g := f.depts[dept]
	if g == nil {
		g = &fundsSum{}
		dept = strings.Clone(dept)
		f.depts[dept] = g
		f.deptNames = append(f.deptNames, dept)
	}
	g.add(r)
	f.all.add(r)
	if gr := r.RecomputedGrade; gr != "" && !slices.Contains(f.grades, gr) {
		f.grades = append(f.grades, strings.Clone(gr))
	}
	unit, project := sortKey(fm.Unit.Text), sortKey(fm.Project.Text)
	var one strings.Builder
	one.Grow(len(dept) + len(unit) + len(project))
	one.WriteString(dept)
	one.WriteString(unit)
	one.WriteString(project)
	k, a, b := one.String(), len(dept), len(dept)+len(unit)
	f.keys = append(f.keys, formKey{key: k, form: int32(i), a: int32(a), b: int32(b)})
	f.names[0].see(dept)
	f.names[1].see(fm.Unit.Text)
	f.names[2].see(fm.Project.Text)
}

// merge adds the facts of the forms after f's to f.
func (f *summaryFacts) merge(o *summaryFacts) {
	f.pass, f.revise, f.unfilled, f.accepted = f.pass+o.pass, f.revise+o.revise, f.unfilled+o.unfilled, f.accepted+o.accepted
	for k, n := range o.severities {
		f.severities[k] += n
	}
	for k, n := range o.codes {
		f.codes[k] += n
	}
	for _, name := range o.deptNames {
		if g := f.depts[name]; g != nil {
			g.merge(o.depts[name])
		} else {
			f.depts[name] = o.depts[name]
			f.deptNames = append(f.deptNames, name)
		}
	}
	f.all.merge(o.all)
	for _, gr := range o.grades {
		if !slices.Contains(f.grades, gr) {
			f.grades = append(f.grades, gr)
		}
	}
	f.keys = append(f.keys, o.keys...)
	for i := range f.names {
		for w, c := range o.names[i].counts {
			f.names[i].counts[w] += c
		}
		for w, name := range o.names[i].byWidth {
			if _, ok := f.names[i].byWidth[w]; !ok {
				f.names[i].byWidth[w] = name
			}
		}
	}
}

// factsChunk is how many forms a goroutine reads at a time: small enough to balance forms with
// many findings against forms with few, large enough that merging costs nothing.
const factsChunk = 256

// gatherFacts reads every form of s once, with up to workers goroutines. A chunk's facts are
// merged as soon as those before it are, so that only the chunks read out of turn wait: held
// until the last was read, the chunks' sums and keys were megabytes at 50,000 forms.
func gatherFacts(s *Summary, workers int) *summaryFacts {
	n := len(s.Forms)
	m := &factsMerger{all: newSummaryFacts(), chunks: make([]*summaryFacts, (n+factsChunk-1)/factsChunk)}
	m.all.keys = make([]formKey, 0, n)
	read := func(c int) {
		f := newSummaryFacts()
		for i := c * factsChunk; i < min(n, (c+1)*factsChunk); i++ {
			f.add(i, s.result(i))
		}
		m.done(c, f)
	}
	if workers = min(workers, len(m.chunks)); workers <= 1 {
		for c := range m.chunks {
			read(c)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for c := int(next.Add(1) - 1); c < len(m.chunks); c = int(next.Add(1) - 1) {
					read(c)
				}
			})
		}
		wg.Wait()
	}
	return m.all
}

// factsMerger merges the chunks' facts in order as they are read.
type factsMerger struct {
	mu     sync.Mutex
	all    *summaryFacts
	chunks []*summaryFacts // read, waiting for those before them
	next   int             // the first chunk not merged
}

// done merges chunk c's facts f, and those waiting after it, once every chunk before it is.
func (m *factsMerger) done(c int, f *summaryFacts) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chunks[c] = f
	for m.next < len(m.chunks) && m.chunks[m.next] != nil {
		m.all.merge(m.chunks[m.next])
		m.chunks[m.next] = nil
		m.next++
	}
}

// facts are the summary's facts, gathered on first use.
func (w *summaryWriter) facts(s *Summary) *summaryFacts {
	if w.gathered == nil {
		w.gathered = gatherFacts(s, w.workers)
	}
	return w.gathered
}

// groupByDept orders the forms by 主管部门, then 实施单位, then 项目名称, keeping path order among
// equals, and cuts them into one group per department: leadership reads a department at a time.
// It also gives the widths of the three name columns (nameWidth). It uses the keys up.
func (f *summaryFacts) groupByDept(s *Summary) ([]deptGroup, [3]int) {
	nw := [3]int{f.names[0].width(10, 18), f.names[1].width(10, 20), f.names[2].width(12, 22)}
	ks := f.keys
	f.keys = nil
	slices.SortStableFunc(ks, func(a, b formKey) int {
		return cmp.Or(cmp.Compare(a.dept(), b.dept()), cmp.Compare(a.unit(), b.unit()), cmp.Compare(a.project(), b.project()))
	})
	var groups []deptGroup
	for i := range ks {
		k := &ks[i]
		if n := len(groups); n == 0 || groups[n-1].name != k.dept() {
			groups = append(groups, deptGroup{name: k.dept(), sum: s})
		}
		g := &groups[len(groups)-1]
		g.forms = append(g.forms, k.form)
	}
	return groups, nw
}
