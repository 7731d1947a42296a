package excelio

import (
	"strings"

	"github.com/jxzp/jxzp/scoring"
	"github.com/shopspring/decimal"
)

// readFunds reads the funds block whose column header is row hr, ending before row end.
func readFunds(g *grid, hr, end int, cols columns) *scoring.FundBlock {
	b := &scoring.FundBlock{HasInitial: cols.has(roleInitial)}
	firstAmount := cols.col(roleBudget)
	if cols.has(roleInitial) && cols.col(roleInitial) < firstAmount {
		firstAmount = cols.col(roleInitial)
	}
	labelTop := [2]int{-1, -1}
	for c := 0; c < firstAmount; c++ {
		if strings.TrimSpace(g.label(hr, c)) != "" {
			b.Label = g.cell(hr, c)
			tr, tc := g.top(hr, c)
			labelTop = [2]int{tr, tc}
			break
		}
	}
	b.Yuan = yuanLabel(b.Label.Text)
	b.PointsHints = []scoring.Cell{b.Label, g.cell(hr, cols.col(roleScore))}
	for r := hr + 1; r < end; r++ {
		label := fundRowLabel(g, r, firstAmount, labelTop)
		k := strings.TrimPrefix(strings.TrimPrefix(labelKey(label.Text), "其中"), ":")
		if k == "" {
			if rowEmpty(g, r) {
				continue
			}
			break
		}
		row := scoring.FundRow{
			Label:    label,
			Initial:  g.cell(r, cols.col(roleInitial)),
			Budget:   g.cell(r, cols.col(roleBudget)),
			Executed: g.cell(r, cols.col(roleExecuted)),
			Points:   g.cell(r, cols.col(rolePoints)),
			Rate:     g.cell(r, cols.col(roleRate)),
			Score:    g.cell(r, cols.col(roleScore)),
			Reason:   g.cell(r, cols.col(roleReason)),
		}
		g.rateAsShown(&row.Rate)
		switch {
		case !b.Total.Label.Found() && isOneOf(k, fundTotals):
			b.Total = row
		case b.Total.Label.Found() && fundPart(k):
			b.Parts = append(b.Parts, row)
		default:
			return b
		}
	}
	return b
}

// fundRowLabel is the row's label: the first text left of the amounts that is not the block
// label merged down beside the rows.
func fundRowLabel(g *grid, r, firstAmount int, blockLabel [2]int) scoring.Cell {
	for c := 0; c < firstAmount; c++ {
		if strings.TrimSpace(g.label(r, c)) == "" {
			continue
		}
		if tr, tc := g.top(r, c); tr == blockLabel[0] && tc == blockLabel[1] {
			continue
		}
		return g.cell(r, c)
	}
	return scoring.Cell{}
}

func fundPart(k string) bool {
	for _, w := range []string{"拨款", "结转", "财政资金", "专户", "单位资金", "其他资金", "自筹", "上级", "本级", "资金"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// yuanLabel reports a block label that puts the amounts in 元 rather than 万元.
func yuanLabel(s string) bool {
	n := scoring.NormalizeLabel(s)
	return strings.Contains(n, "(元)") || strings.Contains(n, "单位:元")
}

// rateAsShown gives a numeric rate cell the text its number format shows, so the rate is compared
// at the precision the unit sees: 1 formatted 0.00% shows 100.00%, a rate written to four places
// of the fraction ("1.0000"), not to none. General shows the number as stored, which it keeps.
func (g *grid) rateAsShown(c *scoring.Cell) {
	if !c.Numeric {
		return
	}
	nf := g.cellFormat(c.Cell)
	c.Percent = nf.percent
	if nf.places < 0 {
		return
	}
	d, err := decimal.NewFromString(c.Text)
	if err != nil {
		return
	}
	places := int32(nf.places)
	if nf.percent {
		places += 2
	}
	c.Text = d.Round(places).StringFixed(places)
}
