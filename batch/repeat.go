package batch

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/jxzp/jxzp/scoring"
)

// formAt names one form of the batch: the file it came from and its head.
type formAt struct {
	file *fileState
	h    *formHead
}

// projectKey is what makes two forms report the same project (B01): 主管部门, 实施单位 and 项目名称
// compared without code prefixes, width or spacing differences, and the year. An empty key means
// the form does not say whose project it is: no 项目名称 (S02 reports it), or neither 实施单位 nor
// 主管部门, when two forms of one name may well be two units' projects; such forms are not compared.
func projectKey(f *scoring.Form) string {
	project, dept, unit := scoring.NormName(f.Project.Text), scoring.NormName(f.Department.Text), scoring.NormName(f.Unit.Text)
	if project == "" || (dept == "" && unit == "") {
		return ""
	}
	return dept + "\x00" + unit + "\x00" + project + "\x00" + strconv.Itoa(f.Year)
}

// projectID stands for a form's projectKey, which a run holds for every form from pass 1 to
// B01: the first 16 bytes of its sha256 rather than the key itself (a hundred bytes). Two keys
// that differ share an ID with a chance of about one in 10^29 for every pair of forms, which a
// province's batches will not meet. The zero ID stands for the empty key.
type projectID [16]byte

// projectIDOf is the projectID of the form's projectKey; the zero ID when the key is empty.
func projectIDOf(f *scoring.Form) projectID {
	k := projectKey(f)
	if k == "" {
		return projectID{}
	}
	sum := sha256.Sum256([]byte(k))
	id := projectID(sum[:16])
	if id == (projectID{}) {
		id[0] = 1 // never the empty key's
	}
	return id
}

// projectCode is the 项目编码 written before the 项目名称 ("51000021R000000019951-工资性支出"),
// upper-cased; "" when the name carries none.
func projectCode(f *scoring.Form) string {
	t := strings.TrimSpace(norm.NFKC.String(f.Project.Text))
	if scoring.StripCodePrefix(t) == t {
		return ""
	}
	end := strings.IndexFunc(t, func(r rune) bool { return r > unicode.MaxASCII || (!unicode.IsLetter(r) && !unicode.IsDigit(r)) })
	return strings.ToUpper(t[:end])
}

// sameCode reports whether two forms' 项目编码 let them be one project: equal, or missing on
// either (a code tells two projects of one name apart only when both forms write one).
func sameCode(a, b formAt) bool {
	return a.h.code == "" || b.h.code == "" || a.h.code == b.h.code
}

// flagRepeatedProjects gives every form whose project appears more than once in the batch a B01
// finding naming where the others are, in its head's repeats (addRepeats adds them to its
// results), and then forgets the keys it compared.
func flagRepeatedProjects(states []*fileState, p *scoring.Profile) {
	sev := p.SeverityOf(scoring.B01)
	for _, g := range projectGroups(states) {
		flagGroup(g, sev)
	}
	for _, s := range states {
		s.forgetKeys()
	}
}

// keyedForm is a form of the batch with its project's ID.
type keyedForm struct {
	key projectID
	formAt
}

// projectGroups are the forms of every project that more than one form reports, each group in
// path order. The forms are sorted by ID rather than gathered in a map of groups: a batch's
// projects are nearly all reported once, and a group of one each cost a slice of its own.
func projectGroups(states []*fileState) [][]formAt {
	var all []keyedForm
	for _, s := range states {
		if s.status() != StatusOK {
			continue
		}
		for i := range s.forms {
			if h := &s.forms[i]; h.repeatHead != nil && h.key != (projectID{}) {
				all = append(all, keyedForm{h.key, formAt{s, h}})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b keyedForm) int { return bytes.Compare(a.key[:], b.key[:]) })
	var groups [][]formAt
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].key == all[i].key {
			j++
		}
		if j-i > 1 {
			g := make([]formAt, 0, j-i)
			for _, kf := range all[i:j] {
				g = append(g, kf.formAt)
			}
			groups = append(groups, g)
		}
		i = j
	}
	return groups
}

// flagGroup gives each form of the group g, the forms of one project in path order, its B01
// finding, of severity sev.
func flagGroup(g []formAt, sev scoring.Severity) {
	for i, me := range g {
		others := otherPlaces(g, i)
		if others == "" {
			continue
		}
		ref := me.h.project
		if ref.Cell == "" {
			ref = scoring.Ref{Sheet: me.h.sheet}
		}
		me.h.repeats = append(me.h.repeats, scoring.Finding{
			Code:     scoring.B01,
			Severity: sev,
			Ref:      ref,
			Message:  "本项目与 " + others + " 中的项目重复（主管部门、实施单位、项目名称和年度均相同），请核实是否重复报送",
		})
	}
}

// pathQuoteLimit is the most characters of a file's path a B01 message quotes.
const pathQuoteLimit = 80

// namedRepeats is how many of the other forms of a repeated project B01 names; the rest are
// counted. A project sent a hundred times would otherwise give a message of pages, in every
// one of its forms.
const namedRepeats = 3

// otherPlaces names, for form i of group g, the first few other forms of its project in path
// order (those whose 项目编码 does not contradict its own) and counts them all; "" when none.
func otherPlaces(g []formAt, i int) string {
	var names []string
	n := 0
	for j, o := range g {
		if j == i || !sameCode(g[i], o) {
			continue
		}
		n++
		if len(names) < namedRepeats {
			names = append(names, where(g[i], o))
		}
	}
	text := strings.Join(names, "、")
	if len(names) < n {
		text += fmt.Sprintf(" 等 %d 处", n)
	}
	return text
}

// where names the form o as seen from the form me: the other file, or the sheet of the same file.
func where(me, o formAt) string {
	if o.file == me.file {
		return "本文件工作表「" + o.h.sheet + "」"
	}
	return scoring.Shorten(o.file.rel, pathQuoteLimit) + "（工作表「" + o.h.sheet + "」）"
}
