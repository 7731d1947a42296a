package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jxzp/jxzp/internal/fsx"
	gomail "github.com/wneessen/go-mail"
)

// MailDir is the folder under OUT of the reply drafts, RemindDir the one under it of the reminders.
const (
	MailDir   = "邮件"
	RemindDir = "催报"
)

// maxSubjectUnit bounds the unit's name in a subject: a header stays readable, and the name is a
// unit's own text.
const maxSubjectUnit = 60

// FormLine is one form in a reply's body.
type FormLine struct {
	Project string
	Total   string // recomputed total, "" when not scored (S08)
	Grade   string
	Status  string // 通过 or 需修改
	Errors  []string
	// Accepted are the errors a reviewer accepted (复核意见 认可), each with the decision
	// written after it: they no longer count, and the letter says so.
	Accepted []string
}

// Letter is one draft: a reply with the unit's annotated copies, or a reminder.
type Letter struct {
	Unit     string
	Year     int
	To       string // a bare address
	ToName   string
	Forms    []FormLine // nil for a reminder
	Files    []string   // absolute paths of the annotated copies; each must lie inside Out
	Out      string     // the output folder: nothing outside it is attached
	Deadline string
	Contact  string
	// Date is the draft's Date header, derived from the content (the latest message the unit sent):
	// the clock would make every re-run a different file. Sending sets the real one.
	Date time.Time
}

// maxErrorsListed is how many errors of a form a reply's body lists; the copy has them all.
const maxErrorsListed = 3

// Subject is the reply's subject line, or the reminder's.
func (l *Letter) Subject() string {
	unit := oneLine(l.Unit, maxSubjectUnit)
	if l.Forms == nil {
		return fmt.Sprintf("【绩效自评催报】%s（%d年度）", unit, l.Year)
	}
	return fmt.Sprintf("【绩效自评审核结果】%s（%d年度）", unit, l.Year)
}

// oneLine is s without line breaks or control characters, at most n runes: text from a unit's
// workbook must never start a header of its own.
func oneLine(s string, n int) string {
	s = cleanHeaderText(s)
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}

// WriteDraft writes the letter as a .eml file at dst, byte for byte the same on every run for the
// same content: the boundary and Message-ID are digests of it, the Date comes from the Letter.
func WriteDraft(dst string, l *Letter) error {
	body := l.body()
	files, digest, err := l.readFiles(body)
	if err != nil {
		return err
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingB64), gomail.WithBoundary("jxzp-"+digest[:32]))
	if err := m.AddToFormat(oneLine(l.ToName, maxSubjectUnit), l.To); err != nil {
		return fmt.Errorf("收件地址「%s」无效", l.To)
	}
	m.Subject(l.Subject())
	m.SetMessageIDWithValue(digest[32:64] + "@jxzp.local")
	m.SetDateWithValue(l.Date)
	m.SetBodyString(gomail.TypeTextPlain, body)
	for _, f := range files {
		if err := m.AttachReader(f.name, bytes.NewReader(f.data), nameHeaders(f.name)); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return fsx.WriteFile(dst, buf.Bytes())
}

// attached is one file of a letter, read.
type attached struct {
	name string
	data []byte
}

// readFiles reads the letter's attachments, refusing anything that is not a regular file inside
// the output folder, and digests them with the body and the addressee.
func (l *Letter) readFiles(body string) ([]attached, string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", l.To, l.ToName, l.Subject(), body)
	var out []attached
	for _, p := range l.Files {
		if !insideDir(l.Out, p) {
			return nil, "", fmt.Errorf("附件「%s」不在输出文件夹内，未附上", p)
		}
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			return nil, "", fmt.Errorf("附件「%s」不存在或不是普通文件", p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, "", err
		}
		name := attachmentName(filepath.Base(p))
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s\x00%x\x00", name, sum)
		out = append(out, attached{name, data})
	}
	return out, hex.EncodeToString(h.Sum(nil)), nil
}

// insideDir reports whether p lies inside dir, by path after resolving links.
func insideDir(dir, p string) bool {
	d, err1 := filepath.EvalSymlinks(dir)
	q, err2 := filepath.EvalSymlinks(p)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, q)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// attachmentName is a safe attachment name: no folders, quotes or control characters, and short
// enough for the mail programs that cut long names (libraries.md).
func attachmentName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`\/:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 60 {
		ext := filepath.Ext(name)
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:60-utf8.RuneCountInString(ext)-1]) + "…" + ext
	}
	return name
}

// body is the letter's Chinese text.
func (l *Letter) body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s：\r\n\r\n", oneLine(l.Unit, 200))
	if l.Forms == nil {
		fmt.Fprintf(&b, "贵单位尚未报送%d年度项目支出绩效自评表，请尽快报送。\r\n", l.Year)
	} else {
		l.formsText(&b)
	}
	if l.Deadline != "" {
		verb := "报送"
		if l.Forms != nil {
			verb = "修改并重新报送（通过的无需重报）"
		}
		fmt.Fprintf(&b, "\r\n请于%s前%s。", oneLine(l.Deadline, 40), verb)
	}
	if l.Contact != "" {
		fmt.Fprintf(&b, "\r\n如有疑问，请联系：%s。", oneLine(l.Contact, 100))
	}
	b.WriteString("\r\n\r\n财政局绩效自评审核\r\n（本邮件由 jxzp 生成）\r\n")
	return b.String()
}

// formsText lists the forms of a reply, with the first few errors of each.
func (l *Letter) formsText(w io.Writer) {
	revise := 0
	for _, f := range l.Forms {
		if f.Status != "通过" {
			revise++
		}
	}
	fmt.Fprintf(w, "贵单位报送的%d年度项目支出绩效自评表共 %d 张，已审核完毕：通过 %d 张，需修改 %d 张。\r\n\r\n", l.Year, len(l.Forms), len(l.Forms)-revise, revise)
	for i, f := range l.Forms {
		total := f.Total
		if total == "" {
			total = "未评分（自评表未填写）"
		} else if f.Grade != "" {
			total += "（" + f.Grade + "）"
		}
		fmt.Fprintf(w, "%d. %s\r\n   复核得分：%s；状态：%s；错误 %d 处\r\n", i+1, oneLine(f.Project, 100), total, f.Status, len(f.Errors))
		for j, e := range f.Errors {
			if j == maxErrorsListed {
				fmt.Fprintf(w, "   ……其余 %d 处见附件审核副本的「审核意见」表\r\n", len(f.Errors)-j)
				break
			}
			fmt.Fprintf(w, "   - %s\r\n", oneLine(e, 200))
		}
		for _, a := range f.Accepted {
			fmt.Fprintf(w, "   - 已认可，无需修改：%s\r\n", oneLine(a, 200))
		}
	}
	if len(l.Files) > 0 {
		b := "\r\n附件为审核副本：问题单元格已标注底色并附批注，第一张「审核意见」表列出全部问题。"
		io.WriteString(w, b)
		if revise > 0 {
			io.WriteString(w, "请按审核意见修改后重新报送。")
		}
		io.WriteString(w, "\r\n")
	}
}

// xlsxType is the content type of the attached copies.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// nameHeaders names an attachment the way mail programs read best: RFC 2231 in the
// Content-Disposition (split into continuations so no header line grows too long) and an RFC 2047
// name in the Content-Type for the older ones. go-mail would put RFC 2047 words inside the quoted
// filename, which Python's and some webmail readers show undecoded.
func nameHeaders(name string) gomail.FileOption {
	return func(f *gomail.File) {
		if f.Header == nil {
			f.Header = textproto.MIMEHeader{}
		}
		pct := url.PathEscape(name)
		var parts []string
		for i := 0; len(pct) > 0; i++ {
			n := min(len(pct), 54)
			for n < len(pct) && n > 0 && (pct[n-1] == '%' || (n > 1 && pct[n-2] == '%')) {
				n-- // never split a %XX escape
			}
			prefix := ""
			if i == 0 {
				prefix = "UTF-8''"
			}
			parts = append(parts, fmt.Sprintf("filename*%d*=%s%s", i, prefix, pct[:n]))
			pct = pct[n:]
		}
		f.Header.Set("Content-Disposition", "attachment; "+strings.Join(parts, "; "))
		f.Header.Set("Content-Type", xlsxType+"; name=\""+mime.BEncoding.Encode("UTF-8", name)+"\"")
	}
}
