package batch

// Progress is told how far the batch has got, for a progress bar drawn by the command line
// (cli_progress.go), so the pipeline carries no terminal code. Run counts two steps per
// workbook it reads (reading and scoring, then writing its copy), so the bar moves during both
// passes; Done is called once per step with the file's relative path.
type Progress interface {
	// Start is called once, before the first step, with the number of steps to come.
	Start(total int)
	// Done is called after each step, from one goroutine at a time.
	Done(path string)
	// Finish is called once when the run ends, completed or not.
	Finish()
}

// NoProgress is the Progress that shows nothing: for tests, --json runs and redirected stderr.
type NoProgress struct{}

// Start does nothing.
func (NoProgress) Start(int) {}

// Done does nothing.
func (NoProgress) Done(string) {}

// Finish does nothing.
func (NoProgress) Finish() {}
