package excelio

import (
	"slices"
	"sort"

	"github.com/jxzp/jxzp/scoring"
)

// summaryProfile is the profile the summary describes: the batch's, or mof2020 when none is given.
func summaryProfile(s *Summary) *scoring.Profile {
	if s.Profile != nil {
		return s.Profile
	}
	p, _ := scoring.BuiltinProfile(scoring.DefaultProfileName())
	return p
}

// profileGrades are the profile's grade names from the best band to the worst.
func profileGrades(p *scoring.Profile) []string {
	if p == nil {
		return nil
	}
	// Sorted as GradeOf sorts them: a profile built in code may list its bands in any order.
	bands := slices.Clone(p.Grades)
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min.GreaterThan(bands[j].Min) })
	names := make([]string, len(bands))
	for i, b := range bands {
		names[i] = b.Grade
	}
	return names
}

// summaryGrades are the grades 按主管部门 and 统计图 count: the profile's, best first, followed by
// any other recomputed grade of the batch in the order first met, so that no form drops out of
// a count (a result carried over from a run under another profile keeps its grade).
func summaryGrades(s *Summary, f *summaryFacts) []string {
	grades := profileGrades(summaryProfile(s))
	for _, g := range f.grades {
		if !slices.Contains(grades, g) {
			grades = append(grades, g)
		}
	}
	return grades
}

// gradeFills are the colours of the profile's grades in 汇总表, by rank rather than by name: the
// best is good (green), the worst bad (red), the one above the worst neutral (yellow) when there
// are three or more; the grades between stay plain.
func gradeFills(grades []string) map[string][2]string {
	fills := map[string][2]string{}
	n := len(grades)
	if n == 0 {
		return fills
	}
	fills[grades[0]] = [2]string{outGoodFill, outGoodFont}
	if n >= 3 {
		fills[grades[n-2]] = [2]string{outWarnFill, outWarnFont}
	}
	if n >= 2 {
		fills[grades[n-1]] = [2]string{outErrorFill, outErrorFont}
	}
	return fills
}
