package batch

import (
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

// addUnits works out the batch's units from results.json and, with a roster, adds them to
// results.json and the summary (上报情况).
func addUnits(doc *Document, sum *excelio.Summary, ro *mail.Roster) []Unit {
	units := Units(doc, ro)
	if ro == nil {
		return units
	}
	doc.Units = []UnitEntry{}
	for _, u := range units {
		doc.Units = append(doc.Units, UnitEntry{Name: u.Name, Department: text(u.Department), Address: text(u.Address),
			Status: u.Status, Forms: u.Forms, Passed: u.Passed, ToFix: u.ToFix})
		sum.Units = append(sum.Units, excelio.SummaryUnit{Name: u.Name, Department: u.Department, Status: u.Status,
			Forms: u.Forms, Passed: u.Passed, ToFix: u.ToFix, Address: u.Address, Contact: u.Contact})
	}
	return units
}

// batchUnits works out the run's units (addUnits) and gives them with the entries of
// results.json's "units" (nil without a roster). The files are described to Units as far as it
// reads them (unitsDocument), and only for as long as it does: the document is let go before
// the summary is written.
func batchUnits(cfg Config, states []*fileState, in *intake, sum *excelio.Summary) ([]Unit, []UnitEntry) {
	doc := unitsDocument(profileName(cfg), states)
	in.describe(doc)
	units := addUnits(doc, sum, cfg.Roster)
	return units, doc.Units
}

// unitsDocument is results.json as far as Units reads it: each ok file's forms with their
// status, the first with its unit and department.
func unitsDocument(profile string, states []*fileState) *Document {
	doc := &Document{Tool: ToolName, Version: Version, Profile: profile, Summary: SummaryName, Files: []FileEntry{}}
	for _, s := range states {
		fe := FileEntry{Path: s.rel, Status: s.status}
		if s.status == StatusOK {
			for i, h := range s.forms {
				f := FormEntry{Status: h.status}
				if i == 0 {
					f.Unit, f.Department = text(s.unit), text(s.dept)
				}
				fe.Forms = append(fe.Forms, f)
			}
		}
		doc.Files = append(doc.Files, fe)
	}
	return doc
}

// Units lists the units of a batch: with a roster, every roster unit in roster order and then
// the units not on it in path order; without one, the units seen in the forms in path order.
func Units(doc *Document, ro *mail.Roster) []Unit {
	var units []Unit
	if ro != nil {
		for _, ru := range ro.Units {
			units = append(units, Unit{Name: ru.Name, Department: ru.Department, Contact: ru.Contact, Address: ru.Address, Status: UnitMissing})
		}
	}
	byName := map[string]int{}
	for i := range doc.Files {
		fe := &doc.Files[i]
		if fe.Status != StatusOK || len(fe.Forms) == 0 {
			continue
		}
		first := fe.Forms[0]
		unitText := strOf(first.Unit)
		k := ro.Find(unitText)
		if k < 0 {
			key := mail.NormUnit(unitText)
			var ok bool
			if k, ok = byName[key]; !ok {
				k = len(units)
				byName[key] = k
				units = append(units, newUnit(unitText, strOf(first.Department), ro != nil))
			}
		}
		units[k].add(i, fe)
	}
	return units
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

// add files one file's forms under the unit.
func (u *Unit) add(i int, fe *FileEntry) {
	if u.Status == UnitMissing {
		u.Status = UnitSent
	}
	u.Files = append(u.Files, i)
	for _, f := range fe.Forms {
		u.Forms++
		if f.Status == scoring.StatusRevise {
			u.ToFix++
		} else {
			u.Passed++
		}
	}
	if fe.From != nil && fe.From.Address != "" && !u.FromMessage {
		u.Address, u.FromMessage = fe.From.Address, true
	}
}

// strOf is the text of a nullable JSON string.
func strOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
