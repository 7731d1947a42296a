package scoring

import "errors"

// Options are the batch-level facts a form is judged against.
type Options struct {
	// Year is the batch's year (--year); 0 means no year is expected and S07 checks only presence.
	Year int
}

// Evaluate recomputes every score of f under p and runs the check catalogue on it.
func Evaluate(f *Form, p *Profile, opts Options) *Result {
	panic(errors.New("TODO"))
}
