package templates

import "fmt"

// FormSheet and GuideSheet are the template's two sheets.
const (
	FormSheet  = "自评表"
	GuideSheet = "填表说明"
)

// Cells says where each answer of the form is, so that tests and tools can fill a template.
type Cells struct {
	Year                          string // the year line, （    年度）
	Project, Department, Unit     string
	Initial, Budget, Executed     string // the 年度资金总额 row; Initial is empty on the 云南 form
	Parts                         [][3]string
	ExecPoints, Rate, ExecScore   string // ExecPoints is empty on the 云南 form (the label holds them)
	GoalTarget, GoalActual        string
	FirstRow, LastRow             int    // the indicator rows, 1-based
	Level1, Level2, Name, Target  string // columns of the indicator rows
	Actual, Points, Score, Reason string // Points is empty on the 云南 form
	TotalPoints, TotalScore       string // TotalPoints is empty on the 云南 form
	Grade                         string
	LastCol                       string // the form's last column
	NotesRow                      int    // the first row of the notes under the form
}

// Cell names column col of an indicator row r.
func Cell(col string, r int) string { return fmt.Sprintf("%s%d", col, r) }

// CellsOf returns where the answers of a form of layout l are.
func CellsOf(l Layout) Cells {
	n := len(l.rowKinds())
	if l.NoPoints {
		first := 10
		return Cells{
			Year: "A2", Project: "B3", Department: "B4", Unit: "F4",
			Budget: "D6", Executed: "E6", Rate: "F6", ExecScore: "G6",
			GoalTarget: "B8", GoalActual: "E8",
			FirstRow: first, LastRow: first + n - 1,
			Level1: "B", Level2: "C", Name: "D", Target: "E", Actual: "F", Score: "G", Reason: "H",
			TotalScore: fmt.Sprintf("G%d", first+n), Grade: fmt.Sprintf("G%d", first+n+1),
			LastCol: "H", NotesRow: first + n + 3,
		}
	}
	first := 13
	return Cells{
		Year: "A2", Project: "B3", Department: "B4", Unit: "G4",
		Initial: "D6", Budget: "E6", Executed: "F6",
		Parts:      [][3]string{{"D7", "E7", "F7"}, {"D8", "E8", "F8"}, {"D9", "E9", "F9"}},
		ExecPoints: "G6", Rate: "H6", ExecScore: "I6",
		GoalTarget: "B11", GoalActual: "F11",
		FirstRow: first, LastRow: first + n - 1,
		Level1: "B", Level2: "C", Name: "D", Target: "E", Actual: "F", Points: "G", Score: "H", Reason: "I",
		TotalPoints: fmt.Sprintf("G%d", first+n), TotalScore: fmt.Sprintf("H%d", first+n),
		Grade: fmt.Sprintf("G%d", first+n+1), LastCol: "I", NotesRow: first + n + 3,
	}
}
