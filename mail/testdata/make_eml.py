#!/usr/bin/env python3
"""Writes .eml files the way Python's email package (and the programs built on it) writes them,
for jxzp's intake tests: python3 make_eml.py OUTDIR WORKBOOK.xlsx [SECOND.xlsx]

Every file is deterministic (fixed Date, Message-ID and boundaries)."""
import io
import sys
import zipfile
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

out, wb = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes()
wb2 = Path(sys.argv[3]).read_bytes() if len(sys.argv) > 3 else wb
out.mkdir(parents=True, exist_ok=True)
NAME = "三门峡市儿童福利院_自评表.xlsx"


def base(subject, boundary):
    m = MIMEMultipart(boundary=boundary)
    m["From"] = formataddr((str(Header("张三", "gbk")), "zhangsan@unit.example.cn"))
    m["To"] = "jxzp@czj.example.cn"
    m["Subject"] = Header(subject, "gbk")
    m["Date"] = "Tue, 15 Mar 2022 10:20:30 +0800"
    m["Message-ID"] = "<" + boundary + "@python.example>"
    m.attach(MIMEText("请查收自评表。", "plain", "gbk"))
    return m


def attach(m, data, filename, disposition="attachment", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
    p = MIMEApplication(data, _subtype=subtype)
    p.add_header("Content-Disposition", disposition, filename=filename)
    m.attach(p)


# RFC 2231 name with a GBK charset, GBK subject and sender name.
m = base("报送2021年度绩效自评表", "b-2231")
attach(m, wb, ("gbk", "", NAME))
(out / "py_gbk_2231.eml").write_bytes(m.as_bytes())

# A .zip holding two workbooks, one in a folder.
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    for name, data in (("自评表/甲.xlsx", wb), ("乙.xlsx", wb2)):
        info = zipfile.ZipInfo(name, date_time=(2022, 3, 15, 10, 0, 0))
        z.writestr(info, data)
m = base("两张自评表（压缩包）", "b-zip")
attach(m, buf.getvalue(), ("gbk", "", "自评表.zip"), subtype="zip")
(out / "py_zip.eml").write_bytes(m.as_bytes())

# No workbook at all: a note and a PDF.
m = base("材料说明", "b-none")
attach(m, b"%PDF-1.4\n", "note.pdf", subtype="pdf")
(out / "py_none.eml").write_bytes(m.as_bytes())

# Raw 8-bit GBK name, as some Chinese mail programs write it: the header carries GBK bytes.
m = base("原始编码附件名", "b-raw")
attach(m, wb, "RAWNAME.xlsx")
raw = m.as_bytes().replace(b'filename="RAWNAME.xlsx"', b'filename="' + NAME.encode("gbk") + b'"')
(out / "py_raw8bit.eml").write_bytes(raw)

# Inline disposition with an RFC 2047 GB2312 name in quotes (Foxmail's way), in a part enmime
# does not file under Attachments.
m = base("内嵌附件", "b-inline")
p = MIMEApplication(wb, _subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet")
enc = Header(NAME, "gb18030").encode()
p["Content-Disposition"] = 'inline; filename="' + enc + '"'
m.attach(p)
(out / "py_inline.eml").write_bytes(m.as_bytes())
