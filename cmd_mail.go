package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/jxzp/jxzp/batch"
	"github.com/jxzp/jxzp/mail"
	"github.com/jxzp/jxzp/scoring"
)

// mailOptions are the e-mail options of `jxzp score`.
type mailOptions struct {
	replies, remind   bool
	deadline, contact string
}

// mailFlags are the options of `jxzp score` about the roster and the reply drafts.
func mailFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "units", Usage: "单位名录（.xlsx 或 .csv，列：主管部门、单位名称、邮箱，可选 单位编码、联系人）：生成「上报情况」", DefaultText: "无"},
		&cli.BoolFlag{Name: "mail", Usage: "为每个实施单位写一封回复邮件（<输出>/邮件/<单位>.eml，附审核副本）", DefaultText: "否"},
		&cli.BoolFlag{Name: "remind", Usage: "为名录中未报送的单位写催报邮件（<输出>/邮件/催报/），需 --units", DefaultText: "否"},
		&cli.StringFlag{Name: "deadline", Usage: "邮件中写明的报送截止日期，如「2022年3月31日」", DefaultText: "不写"},
		&cli.StringFlag{Name: "contact", Usage: "邮件中写明的联系人和电话", DefaultText: "不写"},
	}
}

// mailOptionsOf is the e-mail options of the command line.
func mailOptionsOf(c *cli.Context) mailOptions {
	return mailOptions{replies: c.Bool("mail"), remind: c.Bool("remind"), deadline: c.String("deadline"), contact: c.String("contact")}
}

// mailConfig reads the roster (a usage error when it cannot be read) and the e-mail options.
func mailConfig(c *cli.Context) (*mail.Roster, mailOptions, error) {
	opts := mailOptionsOf(c)
	if opts.remind && !c.IsSet("units") {
		return nil, opts, usage("--remind 需要同时用 --units 指定单位名录")
	}
	if !c.IsSet("units") {
		return nil, opts, nil
	}
	ro, err := mail.ReadRoster(c.String("units"))
	if err != nil {
		return nil, opts, usage(err.Error())
	}
	return ro, opts, nil
}

// mailReport is what writing the drafts did, for the terminal summary.
type mailReport struct {
	replies, reminders int
	noAddress          []string // units that get nothing for want of an address
	failures           []string
}

// writeLetters writes the reply drafts (and the reminders) of a finished run.
func writeLetters(rep *batch.Report, opts mailOptions) *mailReport {
	mr := &mailReport{}
	year := letterYear(rep)
	used := map[string]bool{}
	// The replies list each unit's forms from results.json, read back once: the run streamed
	// it to disk rather than holding it.
	var doc *batch.Document
	if opts.replies {
		var err error
		if doc, err = rep.Results(); err != nil {
			mr.failures = append(mr.failures, fmt.Sprintf("无法读回 %s：%v", rep.ResultsPath, err))
			opts.replies = false
		}
	}
	for _, u := range rep.Units {
		var l *mail.Letter
		dir := filepath.Join(rep.Out, mail.MailDir)
		switch {
		case u.Status == batch.UnitMissing && opts.remind:
			l, dir = &mail.Letter{}, filepath.Join(dir, mail.RemindDir)
		case u.Status != batch.UnitMissing && opts.replies && len(u.Files) > 0:
			l = replyLetter(doc, rep.Out, u)
		default:
			continue
		}
		if u.Address == "" {
			mr.noAddress = append(mr.noAddress, u.Name)
			continue
		}
		l.Unit, l.Year, l.To, l.Out, l.Deadline, l.Contact = u.Name, year, u.Address, rep.Out, opts.deadline, opts.contact
		if l.ToName == "" {
			l.ToName = u.Name
		}
		if l.Date.IsZero() {
			l.Date = defaultLetterDate(year)
		}
		dst := draftPath(dir, u.Name, used)
		if err := mail.WriteDraft(dst, l); err != nil {
			mr.failures = append(mr.failures, fmt.Sprintf("%s：%v", u.Name, err))
			continue
		}
		if l.Forms == nil {
			mr.reminders++
		} else {
			mr.replies++
		}
	}
	return mr
}

// replyLetter gathers a unit's forms, copies, sender name and latest message date.
func replyLetter(doc *batch.Document, out string, u batch.Unit) *mail.Letter {
	l := &mail.Letter{Forms: []mail.FormLine{}}
	for _, i := range u.Files {
		fe := doc.Files[i]
		if fe.Output != nil {
			l.Files = append(l.Files, filepath.Join(out, filepath.FromSlash(*fe.Output)))
		}
		if fe.From != nil && u.FromMessage && fe.From.Address == u.Address && l.ToName == "" {
			l.ToName = fe.From.Name
		}
		if d, err := time.Parse(time.RFC3339, fe.Date); err == nil && d.After(l.Date) {
			l.Date = d
		}
		for _, f := range fe.Forms {
			l.Forms = append(l.Forms, formLine(f))
		}
	}
	return l
}

// formLine is one form of a reply: its project, recomputed result and errors in cell order.
func formLine(f batch.FormEntry) mail.FormLine {
	fl := mail.FormLine{Status: f.Status}
	if f.Project != nil {
		fl.Project = *f.Project
	}
	if f.Total.Recomputed != nil {
		fl.Total = *f.Total.Recomputed
	}
	if f.Grade.Recomputed != nil {
		fl.Grade = *f.Grade.Recomputed
	}
	for _, fd := range f.Findings {
		switch {
		case fd.Severity != scoring.Error.String():
		case fd.Accepted:
			fl.Accepted = append(fl.Accepted, acceptedText(fd))
		default:
			fl.Errors = append(fl.Errors, fd.Message)
		}
	}
	return fl
}

// acceptedText is an accepted finding's message with the reviewer's remark, as the copy shows it.
func acceptedText(fd batch.FindingEntry) string {
	if fd.Remark == "" {
		return fd.Message
	}
	return fd.Message + "〔" + fd.Remark + "〕"
}

// letterYear is the year letters name: the batch's.
func letterYear(rep *batch.Report) int { return rep.Year }

// defaultLetterDate dates a draft with no message behind it: 1 January after the batch year, at
// 09:00 Beijing time; a fixed date keeps re-runs byte-identical, and sending replaces it.
func defaultLetterDate(year int) time.Time {
	if year == 0 {
		year = 2000
	}
	return time.Date(year+1, 1, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// draftPath is the draft's file: the unit's name made safe for Windows, (2) on a collision.
func draftPath(dir, unit string, used map[string]bool) string {
	base := batch.SanitizeName(unit, batch.UnknownUnit)
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s(%d)", base, n)
		}
		p := filepath.Join(dir, name+".eml")
		if key := strings.ToLower(p); !used[key] {
			used[key] = true
			return p
		}
	}
}

// printMail adds the roster and e-mail lines to the terminal summary.
func printMail(w io.Writer, rep *batch.Report, roster bool, opts mailOptions, mr *mailReport) {
	if roster {
		n := map[string]int{}
		for _, u := range rep.Units {
			n[u.Status]++
		}
		fmt.Fprintf(w, "  上报情况：已报送 %d 个单位，未报送 %d 个，名录外 %d 个（见汇总表「上报情况」）\n",
			n[batch.UnitSent], n[batch.UnitMissing], n[batch.UnitOffRoster])
	}
	if mr == nil {
		return
	}
	fmt.Fprintf(w, "  邮件：回复 %d 封，催报 %d 封，在 %s\n", mr.replies, mr.reminders, filepath.Join(rep.Out, mail.MailDir)+string(filepath.Separator))
	if len(mr.noAddress) > 0 {
		fmt.Fprintf(w, "  没有邮箱、未写邮件的单位 %d 个：%s\n", len(mr.noAddress), strings.Join(mr.noAddress, "、"))
	}
	for _, f := range mr.failures {
		fmt.Fprintf(w, "  邮件未能写出：%s\n", f)
	}
}
