package main

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The e-mail samples: a unit's submission saved as a message, and the bureau's unit roster, so
// that `jxzp score samples --units samples/单位名录.csv --mail` shows the whole loop.
const (
	mailSampleFile   = "报送邮件-三门峡市图书馆.eml"
	rosterSampleFile = "单位名录.csv"
)

// mailedSample is the workbook the message carries: the clean 农业技术推广中心 form filled in by
// another unit for another project, so it is neither a duplicate nor a repeated project.
func mailedSample() *sample {
	s := cleanAgri()
	s.file = "三门峡市图书馆_公共图书馆免费开放经费_自评表.xlsx"
	s.about = "无误（随邮件报送：报送邮件-三门峡市图书馆.eml 的附件）"
	s.project, s.dept, s.unit = "公共图书馆免费开放经费", "三门峡市文化广电和旅游局", "三门峡市图书馆"
	s.lay.creator = s.unit
	s.lay.preamble = []string{"附件3", "填报单位（盖章）：三门峡市图书馆"}
	return s
}

// writeMailSamples writes the message and the roster into out.
func writeMailSamples(out string) error {
	s := mailedSample()
	data, exp, err := build(s)
	if err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	printExpectation(7, s, exp)
	eml, err := foxmailMessage(s.file, data)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, mailSampleFile), eml, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, rosterSampleFile), []byte(rosterCSV()), 0o644)
}

// gbk encodes s in GBK, as a Chinese Windows mail program does.
func gbk(s string) (string, error) { return simplifiedchinese.GBK.NewEncoder().String(s) }

// foxmailMessage is a message as Foxmail on a Chinese Windows writes one: GBK subject, sender name
// and body, and the attachment named in RFC 2231 with a GBK charset (the case enmime alone
// decodes to an empty name). Every field is fixed, so the file is the same on every run.
func foxmailMessage(name string, xlsx []byte) ([]byte, error) {
	var enc [4]string
	for i, s := range []string{"三门峡市图书馆财务室", "报送2021年度项目支出绩效自评表（三门峡市图书馆）",
		"财政局：\r\n    附件为我馆2021年度项目支出绩效自评表，请审核。\r\n三门峡市图书馆财务室\r\n", name} {
		g, err := gbk(s)
		if err != nil {
			return nil, err
		}
		enc[i] = g
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	var b strings.Builder
	b.WriteString("Date: Tue, 15 Mar 2022 09:41:07 +0800\r\n")
	b.WriteString("From: \"=?GBK?B?" + b64(enc[0]) + "?=\" <tsg-cw@library.sanmenxia.example.com>\r\n")
	b.WriteString("To: \"jxzp\" <jxzp@czj.sanmenxia.example.com>\r\n")
	b.WriteString("Subject: =?GBK?B?" + b64(enc[1]) + "?=\r\n")
	b.WriteString("X-Mailer: Foxmail 7.2.25.254[cn]\r\nMime-Version: 1.0\r\nMessage-ID: <202203150941072519531@library.sanmenxia.example.com>\r\n")
	b.WriteString("Content-Type: multipart/mixed;\r\n\tboundary=\"----=_001_NextPart572182624333_=----\"\r\n\r\n")
	b.WriteString("This is a multi-part message in MIME format.\r\n\r\n------=_001_NextPart572182624333_=----\r\n")
	b.WriteString("Content-Type: text/plain;\r\n\tcharset=\"GBK\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + fold(b64(enc[2])) + "\r\n")
	b.WriteString("------=_001_NextPart572182624333_=----\r\n")
	b.WriteString("Content-Type: application/octet-stream;\r\n\tname=\"=?GBK?B?" + b64(enc[3]) + "?=\"\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n")
	b.WriteString("Content-Disposition: attachment;\r\n\tfilename*=GBK''" + url.PathEscape(enc[3]) + "\r\n\r\n")
	b.WriteString(fold(base64.StdEncoding.EncodeToString(xlsx)) + "\r\n------=_001_NextPart572182624333_=------\r\n")
	return []byte(b.String()), nil
}

// fold breaks base64 text into lines of 76 characters.
func fold(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return b.String() + s
}

// rosterCSV is the bureau's roster of the sample units, in UTF-8 with a BOM (what Excel saves
// as "CSV UTF-8"): one unit with its code before the name, one without an address, and one that
// sent nothing (it gets a reminder with --remind).
func rosterCSV() string {
	rows := [][]string{
		{"单位编码", "主管部门", "单位名称", "邮箱", "联系人"},
		{"", "中共三门峡市委网信办", "三门峡市互联网舆情研究和应急保障中心", "yuqing@wxb.sanmenxia.example.com", "刘会计"},
		{"", "三门峡市农业农村局", "三门峡市农业技术推广中心", "njzx@nyj.sanmenxia.example.com", "陈会计"},
		{"410001", "三门峡市卫生健康委员会", "三门峡市疾病预防控制中心", "cdc@wjw.sanmenxia.example.com", "赵会计"},
		{"", "三门峡市文化广电和旅游局", "三门峡市群众艺术馆", "qyg@wlj.sanmenxia.example.com", "孙会计"},
		{"", "三门峡市城市管理局", "三门峡市环境卫生管理处", "", "周会计"},
		{"", "三门峡市民政局", "三门峡市儿童福利院", "fly@mzj.sanmenxia.example.com", "吴会计"},
		{"", "三门峡市文化广电和旅游局", "三门峡市图书馆", "tsg@wlj.sanmenxia.example.com", "郑会计"},
		{"", "三门峡市文化广电和旅游局", "三门峡市博物馆", "bwg@wlj.sanmenxia.example.com", "王会计"},
	}
	var b strings.Builder
	b.WriteString("\uFEFF")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return b.String()
}
