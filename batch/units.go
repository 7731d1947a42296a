package batch

import (
	"strings"

	"github.com/jxzp/jxzp/excelio"
	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// The unit statuses of 上报情况 and of results.json's "units".
const (
	// UnitSent is a roster unit that sent at least one form (or any unit, without a roster).
	UnitSent = "已报送"
	// UnitMissing is a roster unit that sent no form.
	UnitMissing = "未报送"
	// UnitOffRoster is a unit that sent forms but is not on the roster.
	UnitOffRoster = "名录外"
)

// Unit is one unit of the batch: a roster unit, or a 实施单位 seen in the forms.
type Unit struct {
	Name       string // the roster's name, else the 实施单位 as the first form writes it
	Department string
	Contact    string
	// Address is where the reply goes: the sender of the first message the unit's workbooks came
	// in, else the roster's address; "" when neither gives one (never guessed).
	Address string
	// FromMessage is set when Address is a message's sender.
	FromMessage bool
	Status      string // UnitSent, UnitMissing or UnitOffRoster
	Forms       int
	Passed      int
	ToFix       int
	// Files are indexes into Document.Files of the files filed under this unit (the unit of a
	// file is that of its first form, where its annotated copy is filed), in path order.
	Files []int
}

// UnitEntry is one unit in results.json's "units".
type UnitEntry struct {
	Name       string  `json:"name"`       // Name is "name", as Unit.Name.
	Department *string `json:"department"` // Department is "department"; null when unknown.
	Address    *string `json:"address"`    // Address is "address", the reply address; null when none.
	Status     string  `json:"status"`     // Status is "status": 已报送, 未报送 or 名录外.
	Forms      int     `json:"forms"`      // Forms is "forms", the unit's forms in this batch.
	Passed     int     `json:"passed"`     // Passed is "passed", those 通过.
	ToFix      int     `json:"to_fix"`     // ToFix is "to_fix", those 需修改.
}

// batchUnits works out the run's units (see Units) from the files' states, one file at a time,
// and, with a roster, adds them to the summary (上报情况) and gives the entries of results.json's
// "units" (nil without a roster). No per-file document is built for it: at ten thousand files
// it would be megabytes held while the summary is written.
func batchUnits(cfg Config, states []*fileState, in *intake, sum *excelio.Summary) ([]Unit, []UnitEntry) {
	t := newUnitTally(cfg.Roster)
	for i, s := range states {
		if s.status() != StatusOK || len(s.forms) == 0 {
			continue
		}
		fe := FileEntry{Path: s.rel}
		in.describeEntry(&fe)
		u := t.file(i, nonBlank(s.unit), nonBlank(s.dept), fe.From)
		for _, h := range s.forms {
			u.count(h.status())
		}
	}
	return t.units, unitEntries(t.units, sum, cfg.Roster)
}

// unitEntries adds the units to the summary (上报情况) and gives results.json's "units", when
// there is a roster; nil without one.
func unitEntries(units []Unit, sum *excelio.Summary, ro *mail.Roster) []UnitEntry {
	if ro == nil {
		return nil
	}
	entries := []UnitEntry{}
	for _, u := range units {
		entries = append(entries, UnitEntry{Name: u.Name, Department: text(u.Department), Address: text(u.Address),
			Status: u.Status, Forms: u.Forms, Passed: u.Passed, ToFix: u.ToFix})
		sum.Units = append(sum.Units, excelio.SummaryUnit{Name: u.Name, Department: u.Department, Status: u.Status,
			Forms: u.Forms, Passed: u.Passed, ToFix: u.ToFix, Address: u.Address, Contact: u.Contact})
	}
	return entries
}

// Units lists the units of a batch: with a roster, every roster unit in roster order and then
// the units not on it in path order; without one, the units seen in the forms in path order.
func Units(doc *Document, ro *mail.Roster) []Unit {
	t := newUnitTally(ro)
	for i := range doc.Files {
		fe := &doc.Files[i]
		if fe.Status != StatusOK || len(fe.Forms) == 0 {
			continue
		}
		u := t.file(i, strOf(fe.Forms[0].Unit), strOf(fe.Forms[0].Department), fe.From)
		for _, f := range fe.Forms {
			u.count(f.Status)
		}
	}
	return t.units
}

// unitTally files the files of a batch under their units, in path order (Units).
type unitTally struct {
	ro     *mail.Roster
	units  []Unit
	byName map[string]int // a unit off the roster by its mail.NormUnit name
}

// newUnitTally starts with the roster's units, none of which has sent anything yet.
func newUnitTally(ro *mail.Roster) *unitTally {
	t := &unitTally{ro: ro, byName: map[string]int{}}
	if ro != nil {
		for _, ru := range ro.Units {
			t.units = append(t.units, Unit{Name: ru.Name, Department: ru.Department, Contact: ru.Contact, Address: ru.Address, Status: UnitMissing})
		}
	}
	return t
}

// file files the batch's i-th file, whose first form gives unitText and dept and which came from
// from (nil when not in a message), under its unit, and gives that unit for counting its forms;
// the unit stays valid until the next call.
func (t *unitTally) file(i int, unitText, dept string, from *mail.Sender) *Unit {
	k := t.ro.Find(unitText)
	if k < 0 {
		key := mail.NormUnit(unitText)
		var ok bool
		if k, ok = t.byName[key]; !ok {
			k = len(t.units)
			t.byName[key] = k
			t.units = append(t.units, newUnit(unitText, dept, t.ro != nil))
		}
	}
	u := &t.units[k]
	if u.Status == UnitMissing {
		u.Status = UnitSent
	}
	u.Files = append(u.Files, i)
	if from != nil && from.Address != "" && !u.FromMessage {
		u.Address, u.FromMessage = from.Address, true
	}
	return u
}

// newUnit is a unit first seen in a form.
func newUnit(unitText, dept string, withRoster bool) Unit {
	u := Unit{Name: unitText, Department: dept, Status: UnitSent}
	if mail.NormUnit(unitText) == "" {
		u.Name = UnknownUnit
	}
	if withRoster {
		u.Status = UnitOffRoster
	}
	return u
}

// count counts one form of the unit, of status status.
func (u *Unit) count(status string) {
	u.Forms++
	if status == scoring.StatusRevise {
		u.ToFix++
	} else {
		u.Passed++
	}
}

// nonBlank is s, or "" when s is blank: a unit or department results.json writes as null.
func nonBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// strOf is the text of a nullable JSON string.
func strOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
