#!/usr/bin/python3
"""The benchmark's reference: the same job as `jxzp score`, done the way a competent analyst
would with openpyxl, one workbook after another.

For each workbook: open it, find the form by its labels (项目名称, 全年预算数, 全年执行数, 执行率,
得分, 总分), recompute the execution rate and its score and the total of the scores, mark each
mismatch with a fill and a comment, add a 审核意见 sheet first, and save the copy; then write a
summary workbook (one row per form linked to its copy, and a sheet of problems).

    /usr/bin/python3 bench/reference.py INBOX OUT
"""
import os
import sys
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill, Font

RED = PatternFill("solid", fgColor="FFC7CE")
LABELS = ("项目名称", "实施单位", "主管部门", "全年预算数", "全年执行数", "执行率", "得分", "总分", "分值")


def norm(v):
    return "".join(str(v).split()) if v is not None else ""


def dec(v):
    if v is None:
        return None
    try:
        return Decimal(str(v).strip().rstrip("%").replace(",", ""))
    except InvalidOperation:
        return None


def find_form(ws):
    """Where the labels are: the first cell whose text starts with each label."""
    at = {}
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                t = norm(c.value)
                for lab in LABELS:
                    if lab not in at and t.startswith(lab):
                        at[lab] = c
                if t == "得分":
                    at["指标得分"] = c  # the last one: the indicator table's column
    return at if "项目名称" in at and "得分" in at else None


def right_of(ws, cell):
    """The first non-empty value right of a label cell."""
    for col in range(cell.column + 1, min(cell.column + 8, ws.max_column + 1)):
        v = ws.cell(cell.row, col).value
        if v not in (None, ""):
            return ws.cell(cell.row, col)
    return None


def review(ws, at):
    problems = []
    project = right_of(ws, at["项目名称"])
    unit = right_of(ws, at["实施单位"]) if "实施单位" in at else None
    dept = right_of(ws, at["主管部门"]) if "主管部门" in at else None
    budget = execd = rate = exec_score = None
    if "全年预算数" in at and "全年执行数" in at:
        # The funds row is the first row under the headers.
        r = at["全年预算数"].row + 1
        budget = dec(ws.cell(r, at["全年预算数"].column).value)
        execd = dec(ws.cell(r, at["全年执行数"].column).value)
        if "执行率" in at:
            rate_cell = ws.cell(r, at["执行率"].column)
        score_cell = ws.cell(r, at["得分"].column)
        if budget and execd is not None:
            rate = execd / budget
            want = min(Decimal(10), Decimal(10) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
            got = dec(score_cell.value)
            if got is None or got != want:
                problems.append((score_cell, "F04 执行率得分应为 %s，表中填写 %s" % (want, score_cell.value)))
            exec_score = want
    # Indicator scores: every number in the 得分 column below the header row, up to 总分.
    total_row = at["总分"].row if "总分" in at else ws.max_row + 1
    col = at["指标得分"].column if "指标得分" in at else at["得分"].column
    scores = [exec_score] if exec_score is not None else []
    for r in range(at["指标得分"].row + 1 if "指标得分" in at else at["得分"].row + 1, total_row):
        v = dec(ws.cell(r, col).value)
        if v is not None:
            scores.append(v)
    total = sum(scores, Decimal(0))
    if "总分" in at:
        tc = ws.cell(total_row, col)
        if dec(tc.value) is None:
            tc = right_of(ws, at["总分"])
        if tc is not None and dec(tc.value) != total:
            problems.append((tc, "T01 总分 %s ≠ 执行率得分与各项得分之和 %s" % (tc.value, total)))
    return {
        "project": project.value if project else "", "unit": unit.value if unit else "",
        "dept": dept.value if dept else "", "budget": budget, "exec": execd, "rate": rate,
        "total": total, "problems": problems,
    }


def main(inbox, out):
    rows = []
    for root, dirs, files in os.walk(inbox):
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith((".xlsx", ".xlsm")):
                continue
            path = os.path.join(root, name)
            try:
                wb = openpyxl.load_workbook(path)
            except Exception as e:  # a damaged file costs that file only
                rows.append({"file": path, "error": str(e)})
                continue
            forms = []
            for ws in wb.worksheets:
                at = find_form(ws)
                if at:
                    forms.append((ws, review(ws, at)))
            if not forms:
                rows.append({"file": path, "error": "没有自评表"})
                continue
            rv = wb.create_sheet("审核意见", 0)
            rv.append(["项目", "单位", "问题"])
            for ws, f in forms:
                for cell, msg in f["problems"]:
                    cell.fill = RED
                    cell.comment = Comment(msg, "财政局审核")
                    rv.append([f["project"], f["unit"], "%s!%s：%s" % (ws.title, cell.coordinate, msg)])
            dst_dir = os.path.join(out, "审核结果", str(forms[0][1]["unit"] or "未识别单位")[:60])
            os.makedirs(dst_dir, exist_ok=True)
            dst = os.path.join(dst_dir, name[:-5] + "（审核）.xlsx")
            wb.save(dst)
            for ws, f in forms:
                rows.append(dict(f, file=path, output=os.path.relpath(dst, out), sheet=ws.title))
    summary = openpyxl.Workbook()
    ws = summary.active
    ws.title = "汇总表"
    ws.append(["序号", "主管部门", "实施单位", "项目名称", "全年预算数", "全年执行数", "执行率", "复核得分", "问题数", "文件"])
    issues = summary.create_sheet("问题清单")
    issues.append(["序号", "项目名称", "单元格", "问题"])
    for i, r in enumerate(rows, 1):
        if "error" in r:
            ws.append([i, "", "", "", None, None, None, None, None, r["error"]])
            continue
        ws.append([i, r["dept"], r["unit"], r["project"], r["budget"], r["exec"],
                   r["rate"], r["total"], len(r["problems"]), r["output"]])
        link = ws.cell(ws.max_row, 10)
        link.hyperlink = r["output"]
        link.font = Font(color="0563C1", underline="single")
        for cell, msg in r["problems"]:
            issues.append([i, r["project"], "%s!%s" % (r["sheet"], cell.coordinate), msg])
    summary.save(os.path.join(out, "绩效自评汇总表.xlsx"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
