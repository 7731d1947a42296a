"""Read every workbook a jxzp run wrote with openpyxl, a reader far stricter than excelize, and
check that each cell a finding names kept the unit's formatting.

usage: strict.py OUT INBOX ERROR_FILL WARN_FILL

One line per result on stdout, for the Go harness (internal/strictcheck) to turn into test
failures:
  FAIL <text>   something a strict reader or the unit would see as broken
  NOTE <text>   something not checked, and why
  DONE <text>   the counts, last
Exit status 0 when the script ran to the end, whatever it found; anything else is a crash.
"""
import glob
import io
import json
import os
import re
import sys
import traceback
import warnings
import zipfile
from xml.etree import ElementTree

import openpyxl
from openpyxl.styles import colors as _colors

# openpyxl warns about parts it does not keep (data validation extensions, ...): not our concern.
warnings.filterwarnings("ignore")

# Excel's own limits: a copy past them is refused or "repaired" by Excel.
MAX_ROW_HEIGHT = 409.0
MAX_COL_WIDTH = 255.0
MAX_CELL_CHARS = 32767

# openpyxl refuses a colour that is not aRGB hex ("Colors must be aRGB hex values"). That is the
# strict verdict; to still show WHAT a copy did to a cell's colours, the comparison pass reads
# with that one check relaxed. RGB.__set__ looks the pattern up in the module at every call.
_STRICT_RGB = _colors.aRGB_REGEX
_LENIENT_RGB = re.compile(r"(?s).*")

SEVERITY_RANK = {"错误": 0, "警告": 1, "提示": 2}


def out(kind, text):
    # One result per line: a newline inside a value would split it.
    print(kind, str(text).replace("\r", "\\r").replace("\n", "\\n"), flush=True)


def load(path, lenient=False):
    """Open a workbook the way a strict consumer does: parse it and read every cell."""
    _colors.aRGB_REGEX = _LENIENT_RGB if lenient else _STRICT_RGB
    try:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    c.value
    finally:
        _colors.aRGB_REGEX = _STRICT_RGB
    # openpyxl drops, with a mere warning, a sheet it cannot make sense of (all of them, in a
    # Strict package): a sheet it did not read is a sheet it refused.
    declared = declared_sheets(path)
    if declared is not None and len(wb.sheetnames) != declared:
        raise ValueError(f"openpyxl read {len(wb.sheetnames)} of the {declared} sheets the workbook declares")
    return wb


def declared_sheets(path):
    """How many sheets the workbook part lists, or None when that cannot be told."""
    try:
        if hasattr(path, "seek"):
            path.seek(0)
        with zipfile.ZipFile(path) as zf:
            rels = zf.read("_rels/.rels").decode("utf-8", "replace")
            part = "xl/workbook.xml"
            for rel in re.findall(r"<Relationship\b[^>]*>", rels):
                if re.search(r'Type="[^"]*/officeDocument"', rel):
                    m = re.search(r'Target="/?([^"]+)"', rel)
                    if m:
                        part = m.group(1)
            data = zf.read(part).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    return len(re.findall(r"<(?:\w+:)?sheet\b", data))


# Strict OOXML namespaces and their transitional forms, the specific before the general. openpyxl
# reads transitional packages only; a Strict one is read after rewriting these in memory.
STRICT_TO_TRANSITIONAL = [
    ("http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/relationships",
     "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    ("http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/customProperties",
     "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    ("http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
     "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
    ("http://purl.oclc.org/ooxml/officeDocument/math", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
    ("http://purl.oclc.org/ooxml/officeDocument/customXml",
     "http://schemas.openxmlformats.org/officeDocument/2006/customXml"),
    ("http://purl.oclc.org/ooxml/spreadsheetml/main", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    ("http://purl.oclc.org/ooxml/drawingml/", "http://schemas.openxmlformats.org/drawingml/2006/"),
    ("http://purl.oclc.org/ooxml/schemaLibrary/main", "http://schemas.openxmlformats.org/schemaLibrary/2006/main"),
]
STRICT_NS = "http://purl.oclc.org/ooxml/"
# Transitional namespaces that have a Strict form; the package (OPC) and markup-compatibility
# namespaces are shared by both conformance classes and say nothing.
TRANSITIONAL_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/",
                   "http://schemas.openxmlformats.org/officeDocument/2006/",
                   "http://schemas.openxmlformats.org/drawingml/2006/")


def root_namespace(data):
    """The namespace of a part's root element, read before any later error in the part."""
    try:
        for _, el in ElementTree.iterparse(io.BytesIO(data), events=("start",)):
            return el.tag[1:].split("}")[0] if el.tag.startswith("{") else ""
    except ElementTree.ParseError:
        pass
    return ""


def conformance(path):
    """Which parts of the package are Strict and which transitional, by root namespace and, for
    relationship parts, by relationship type."""
    strict, transitional = [], []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".rels"):
                types = re.findall(r'Type="([^"]+)"', zf.read(name).decode("utf-8", "replace"))
            elif name.endswith(".xml") and not name.startswith("["):
                data = zf.read(name)
                types = [root_namespace(data)]
                # The workbook's own claim counts too: conformance="strict" on a transitional
                # workbook is a mix as well.
                if name == "xl/workbook.xml" and re.search(rb'conformance\s*=\s*["\']strict', data):
                    types.append(STRICT_NS)
            else:
                continue
            if any(t.startswith(STRICT_NS) for t in types):
                strict.append(name)
            if any(t.startswith(TRANSITIONAL_NS) for t in types):
                transitional.append(name)
    return strict, transitional


def as_transitional(path):
    """The package at path with its Strict namespaces rewritten to transitional, in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels", ".vml")):
                text = data.decode("utf-8")
                for strict, trans in STRICT_TO_TRANSITIONAL:
                    text = text.replace(strict, trans)
                data = text.replace(' conformance="strict"', "").encode("utf-8")
            zout.writestr(info, data)
    buf.seek(0)
    return buf


def load_any(path, rel, lenient=False):
    """load, reading a Strict OOXML package after rewriting it to transitional (with a NOTE)."""
    try:
        return load(path, lenient)
    except Exception:  # noqa: BLE001 - retried below when the package is Strict
        try:
            strict, _ = conformance(path)
        except (zipfile.BadZipFile, OSError, UnicodeDecodeError):
            strict = []
        if "xl/workbook.xml" not in strict:
            raise
    wb = load(as_transitional(path), lenient)
    if not lenient:
        out("NOTE", f"{rel}: Strict OOXML, read by openpyxl after rewriting its namespaces to transitional ones")
    return wb


def err_text(e):
    return f"{type(e).__name__}: {str(e)[:300]}"


def check_limits(rel, wb):
    """Excel's hard limits on row height, column width and cell length."""
    fails = []
    for ws in wb.worksheets:
        for r, dim in sorted(ws.row_dimensions.items()):
            if dim.height is not None and dim.height > MAX_ROW_HEIGHT:
                fails.append(f"{rel}!{ws.title}!row {r}: height {dim.height:g} pt > {MAX_ROW_HEIGHT:g}")
        for key, dim in sorted(ws.column_dimensions.items()):
            if dim.width is not None and dim.width > MAX_COL_WIDTH:
                fails.append(f"{rel}!{ws.title}!column {key}: width {dim.width:g} > {MAX_COL_WIDTH:g}")
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and len(c.value) > MAX_CELL_CHARS:
                    fails.append(f"{rel}!{ws.title}!{c.coordinate}: {len(c.value)} characters > {MAX_CELL_CHARS}")
    return fails


def colour(c):
    if c is None:
        return "none"
    if c.type == "rgb":
        s = f"rgb={c.rgb}"
    else:
        s = f"{c.type}={c.value}"
    if c.tint:
        s += f" tint={c.tint:g}"
    return s


def style_of(cell):
    """The parts of a cell's format the annotated copy must keep, as comparable strings."""
    f, b, a, p = cell.font, cell.border, cell.alignment, cell.protection
    st = {
        "font.name": f.name,
        "font.size": f.sz,
        "font.bold": bool(f.b),
        "font.italic": bool(f.i),
        "font.underline": f.u or "none",
        "font.strike": bool(f.strike),
        "font.vertAlign": f.vertAlign or "baseline",
        "font.color": colour(f.color),
        "number_format": cell.number_format,
        "alignment.horizontal": a.horizontal or "general",
        "alignment.vertical": a.vertical or "bottom",
        "alignment.wrap_text": bool(a.wrap_text),
        "alignment.shrink_to_fit": bool(a.shrink_to_fit),
        "alignment.indent": a.indent or 0,
        "alignment.text_rotation": a.text_rotation or 0,
        "protection.locked": p.locked is not False,
        "protection.hidden": bool(p.hidden),
    }
    for side in ("left", "right", "top", "bottom", "diagonal"):
        s = getattr(b, side)
        style = (s.style if s is not None else None) or "none"
        st[f"border.{side}"] = style
        # A side without a line shows no colour whatever it says.
        if style != "none":
            st[f"border.{side}.color"] = colour(s.color)
    if b.diagonal is not None and (b.diagonal.style or "none") != "none":
        st["border.diagonalUp"] = bool(b.diagonalUp)
        st["border.diagonalDown"] = bool(b.diagonalDown)
    return st


def fill_of(cell):
    fl = cell.fill
    kind = getattr(fl, "patternType", None) or getattr(fl, "fill_type", None) or "none"
    fg = getattr(fl, "fgColor", None)
    return kind, colour(fg)


def top_left(ws, coord):
    """Inside a merged range only its top-left cell shows a fill: that is the cell marked."""
    for rng in ws.merged_cells.ranges:
        if coord in rng:
            return ws.cell(row=rng.min_row, column=rng.min_col).coordinate
    return coord


def compare_file(entry, out_dir, inbox, fills, stats):
    rel_in, rel_out = entry["path"], entry["output"]
    src_path = os.path.join(inbox, *rel_in.split("/"))
    dst_path = os.path.join(out_dir, *rel_out.split("/"))
    if not os.path.isfile(src_path):
        out("NOTE", f"{rel_in}: no such input file in the inbox: its flagged cells were not compared")
        return
    # Cells named by findings, each with the worst severity of its findings.
    marks = {}
    for form in entry.get("forms") or []:
        for x in form.get("findings") or []:
            sheet, cell = x.get("sheet"), (x.get("cell") or "").replace("$", "").upper()
            if not sheet or not cell:
                continue
            rank = SEVERITY_RANK.get(x.get("severity"), 2)
            key = (sheet, cell)
            marks[key] = min(marks.get(key, rank), rank)
    if not marks:
        return
    try:
        src = load_any(src_path, rel_in, lenient=True)
    except Exception as e:  # noqa: BLE001 - an input openpyxl cannot read is not the copy's fault
        out("NOTE", f"{rel_in}: openpyxl cannot read the input ({err_text(e)}): its {len(marks)} flagged cells were not compared")
        return
    try:
        dst = load_any(dst_path, rel_out, lenient=True)
    except Exception as e:  # noqa: BLE001
        stats["unreadable"] += len(marks)
        out("FAIL", f"{rel_out}: not readable even with colours unchecked ({err_text(e)}): {len(marks)} flagged cells not compared")
        return
    # Merged ranges can fold several finding cells into one marked cell: worst severity wins.
    cells = {}
    for (sheet, cell), rank in marks.items():
        if sheet not in src.sheetnames:
            out("NOTE", f"{rel_in}!{sheet}: no such sheet in the input")
            continue
        key = (sheet, top_left(src[sheet], cell))
        cells[key] = min(cells.get(key, rank), rank)
    for (sheet, cell), rank in sorted(cells.items()):
        where = f"{rel_out}!{sheet}!{cell}"
        stats["checked"] += 1
        if sheet not in dst.sheetnames:
            out("FAIL", f"{where}: the copy has no sheet {sheet!r}")
            continue
        a, b = src[sheet][cell], dst[sheet][cell]
        sa, sb = style_of(a), style_of(b)
        diffs = [f"{k}: {sa.get(k, 'absent')} -> {sb.get(k, 'absent')}"
                 for k in sorted(set(sa) | set(sb)) if sa.get(k, "absent") != sb.get(k, "absent")]
        want = fills.get(rank)
        kind_b, fg_b = fill_of(b)
        if want is None:
            # 提示 only: a comment, no fill; the unit's fill stays as it was.
            if fill_of(a) != (kind_b, fg_b):
                diffs.append(f"fill (提示 only, must be kept): {fill_of(a)} -> {(kind_b, fg_b)}")
        elif kind_b != "solid" or not fg_b.upper().endswith(want.upper()):
            diffs.append(f"fill: {kind_b} {fg_b}, want solid {want} ({'错误' if rank == 0 else '警告'})")
        if diffs:
            out("FAIL", f"{where}: " + "; ".join(diffs))
        else:
            stats["kept"] += 1


def main(out_dir, inbox, error_fill, warn_fill):
    fills = {0: error_fill, 1: warn_fill}
    paths = sorted(glob.glob(os.path.join(glob.escape(out_dir), "**", "*.xlsx"), recursive=True))
    loaded = 0
    for p in paths:
        rel = os.path.relpath(p, out_dir).replace(os.sep, "/")
        try:
            strict, transitional = conformance(p)
            if strict and transitional:
                out("FAIL", f"{rel}: mixes Strict OOXML parts ({', '.join(strict)}) "
                            f"with transitional ones ({', '.join(transitional)})")
        except Exception as e:  # noqa: BLE001 - not a zip at all: openpyxl says so below
            out("NOTE", f"{rel}: parts not inspected: {err_text(e)}")
        try:
            wb = load_any(p, rel)
        except Exception as e:  # noqa: BLE001 - any refusal counts
            out("FAIL", f"{rel}: openpyxl refuses it: {err_text(e)}")
            continue
        loaded += 1
        for f in check_limits(rel, wb):
            out("FAIL", f)
    stats = {"checked": 0, "kept": 0, "unreadable": 0}
    res = os.path.join(out_dir, "results.json")
    if not os.path.isfile(res):
        out("FAIL", "results.json was not written: the flagged cells could not be compared")
    else:
        with open(res, encoding="utf-8") as fh:
            doc = json.load(fh)
        for entry in doc.get("files") or []:
            if entry.get("output"):
                compare_file(entry, out_dir, inbox, fills, stats)
    if not paths:
        out("FAIL", "no .xlsx under the output folder")
    out("DONE", f"{loaded}/{len(paths)} outputs load in openpyxl; "
                f"{stats['kept']}/{stats['checked']} flagged cells keep their format and have the right fill")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        sys.exit(main(*sys.argv[1:]))
    except Exception:  # noqa: BLE001 - a crash of the checker itself, told as such
        traceback.print_exc()
        sys.exit(3)
