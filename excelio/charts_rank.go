package excelio

import (
	"cmp"
	"slices"
	"strings"
)

// Department chart readability: departments ranked by execution rate, long names shortened on
// the axis (the table keeps them whole), and past chartMaxDepts departments no bar chart at all
// but the ranked table, since 30 bars at a legible size do not fit one A4 page.
const (
	// chartMaxDepts is the most departments drawn as bars: 15 bars of about 18 pt fill the
	// chart's 28 rows of 15 pt, the most that print on one A4 landscape page.
	chartMaxDepts = 15
	// axisNameWidth is the width, in half-width characters, a department name may take on the
	// chart's axis: about 8 CJK characters, so the bars keep most of the chart.
	axisNameWidth = 16
	// colRank and colAxis hold the rank and the shortened name beside the department table.
	colRank = 3
	colAxis = 6
)

// rankDepts orders departments by budget-weighted execution rate, highest first; a department
// without a rate comes last; ties go by name, so the order is the same on every run.
func rankDepts(names []string, groups map[string]*fundsSum) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, rb := groups[a].rate(), groups[b].rate()
		switch {
		case ra == nil && rb == nil:
		case ra == nil:
			return 1
		case rb == nil:
			return -1
		default:
			if c := rb.Cmp(*ra); c != 0 {
				return c
			}
		}
		return cmp.Compare(sortKey(a), sortKey(b))
	})
	return out
}

// axisName is a department's name as the chart's axis shows it: without the city's name that
// most departments of the batch start with (the title says whose city it is), then whole when
// short, else its start and end around "…", which keeps the kind of office.
func axisName(name, city string) string {
	if rest, ok := strings.CutPrefix(name, city); ok && city != "" && rest != "" {
		name = rest
	}
	return middleEllipsis(name, axisNameWidth)
}

// commonCity is the place name ("三门峡市", "临江市") at least half of the departments start with,
// up to its first 市, 州, 县 or 区 within six characters; "" when there is none.
func commonCity(names []string) string {
	count := map[string]int{}
	best := ""
	for _, n := range names {
		r := []rune(n)
		for i := 1; i < len(r) && i < 6; i++ {
			if strings.ContainsRune("市州县区", r[i]) {
				p := string(r[:i+1])
				count[p]++
				if count[p] > count[best] || (count[p] == count[best] && p < best) {
					best = p
				}
				break
			}
		}
	}
	if best == "" || 2*count[best] < len(names) || count[best] < 2 {
		return ""
	}
	return best
}

// deptBars says whether the departments are drawn as bars or only listed in the ranked table.
func deptBars(depts int) bool { return depts > 0 && depts <= chartMaxDepts }
