"""Tables of a procedure recognised by their column headers, whatever their position or size.

A table's header is its first row plus any row that a first-row cell still covers by a vertical
merge (two-level headers such as "Thời gian" over "không xác minh" / "có xác minh"). Grid columns
under the same header cells form one logical ``Column``; a data cell that a vertical merge carries
down is reported once, on the row where it starts, for time columns, and repeated for the others.
"""

import re
from dataclasses import dataclass

from .reader import Grid
from .textutil import clean, key, strip_bullet

ORDER = re.compile(r"^(s ?tt|so tt|tt|thu tu|buoc|b)\.?$")
NUMBERING_ROW = re.compile(r"^\(?\d{1,2}\)?$")

STEP = re.compile(r"trinh tu|cac buoc|buoc cong viec|^noi dung|dien giai|mo ta|^cong viec")
RESPONSIBLE = re.compile(r"trach nhiem|nguoi thuc hien|bo phan (thuc hien|xu ly)|don vi thuc hien|chu tri")
TIME = re.compile(r"thoi gian|thoi han|thoi luong|(so )?ngay( lam viec)?\b")
RETENTION = re.compile(r"thoi (gian|han) (luu|bao quan)|luu tru|bao quan|thoi gian$")
KEEPER = re.compile(r"noi luu|nguoi luu|(bo phan|don vi|trach nhiem|noi) (luu|bao quan)|vi tri luu")
NAME = re.compile(r"\bten\b|ho so|bieu mau|tai lieu|giay to")
CODE = re.compile(r"ma (hieu|so|bieu mau)|ky hieu|so hieu")
COPIES = re.compile(r"so luong|so ban|ban chinh|ban sao")
AMEND_SUMMARY = re.compile(r"tom (luoc|tat)|noi dung")
AMEND_BASIS = re.compile(r"co so|can cu|ly do")
AMEND_NUMBER = re.compile(r"lan sua doi|lan ban hanh|phien ban")
FORM_CODE_IN_TEXT = re.compile(r"\b(BM|MB|TK)\s*[.\-_]?\s*\d+[\w.\-/]*", re.IGNORECASE)


@dataclass
class Column:
    start: int
    end: int
    header: str

    @property
    def key(self) -> str:
        return key(self.header)


@dataclass
class Table:
    grid: Grid
    header_rows: int  # index of the first data row
    columns: list
    header_texts: list  # per column, the texts of its header cells (to spot a header repeated below)

    def find(self, pattern, exclude=()):
        """Index of the first column whose header matches ``pattern`` and is not in ``exclude``."""
        return next(
            (i for i, c in enumerate(self.columns) if i not in exclude and pattern.search(c.key)),
            None,
        )

    def rows(self):
        """Data rows as lists of (text, starts_here) per column; repeated header rows and blank rows skipped."""
        for r in range(self.header_rows, len(self.grid.rows)):
            row = self.grid.rows[r]
            values = []
            for col in self.columns:
                cells = list(dict.fromkeys(c for c in row[col.start : col.end] if c is not None))
                text = "\n".join(line for c in cells for line in c.lines)
                values.append((text, any(c.row == r for c in cells)))
            texts = [clean(v[0]) for v in values]
            if not any(texts) or self._repeats_header(texts) or _is_numbering(texts):
                continue
            yield values

    def _repeats_header(self, texts):
        filled = [(i, t) for i, t in enumerate(texts) if t]
        return len(filled) >= 2 and all(t in self.header_texts[i] for i, t in filled)


def _is_numbering(texts):
    filled = [t for t in texts if t]
    return len(filled) >= 2 and all(NUMBERING_ROW.match(t) for t in filled)


def analyse(grid: Grid) -> Table:
    rows = grid.rows
    top = 0
    while top + 2 < len(rows) and len(grid.row_cells(top)) == 1:  # a caption row across the whole table
        top += 1
    end = top + 1
    while end < len(rows) and any(cell is not None and cell.row == top for cell in rows[end]):
        end += 1
    columns = []
    for c in range(grid.width):
        signature = tuple(id(rows[r][c]) for r in range(top, end))
        texts = dict.fromkeys(clean(rows[r][c].text) for r in range(top, end) if rows[r][c] is not None)
        header = clean(" / ".join(t for t in texts if t)).rstrip("*").strip()
        if columns and columns[-1][0] == signature:
            columns[-1][1].end = c + 1
            columns[-1][2].update(texts)
        else:
            columns.append((signature, Column(c, c + 1, header), dict(texts)))
    return Table(grid, end, [col for _, col, _ in columns], [set(texts) - {""} for _, _, texts in columns])


def _text(values, index):
    return clean(values[index][0]) if index is not None else ""


def _lines(values, index):
    return values[index][0] if index is not None else ""


# -- steps -----------------------------------------------------------------------------------------


def is_steps(table: Table) -> bool:
    step = table.find(STEP)
    return step is not None and (table.find(RESPONSIBLE, {step}) is not None or table.find(TIME, {step}) is not None)


def parse_steps(table: Table, first_number: int = 1):
    """(steps, time headers) of a step table (TT · Trình tự · Trách nhiệm · Thời gian [· Thời gian 2...])."""
    order = table.find(ORDER)
    step = table.find(STEP, {order})
    responsible = table.find(RESPONSIBLE, {order, step})
    used = {order, step, responsible}
    times = [i for i, c in enumerate(table.columns) if i not in used and TIME.search(c.key)]
    used.update(times)
    steps = []
    for values in table.rows():
        description = _lines(values, step).strip()
        if not description:
            continue
        number = first_number + len(steps)
        time_values = [clean(values[i][0]) if values[i][1] else "" for i in times]
        extra = {
            table.columns[i].header or f"column {i + 1}": clean(values[i][0])
            for i in range(len(table.columns))
            if i not in used and clean(values[i][0])
        }
        entry = {
            "order": _step_order(_text(values, order), number),
            "step": "\n".join(clean(line) for line in description.split("\n")),
            "responsible": _text(values, responsible),
            "time": time_values[0] if time_values else "",
            "time_alt": time_values[1] if len(time_values) > 1 else "",
        }
        if len(time_values) > 2:
            entry["times"] = time_values
        if extra:
            entry["extra"] = extra
        steps.append(entry)
    return steps, [table.columns[i].header for i in times]


def _step_order(text, number):
    match = re.match(r"^(?:b|buoc)?\s*\.?\s*(\d+)\s*[.)]?$", key(text))
    if match:
        return f"B{int(match.group(1))}"
    return clean(text) or f"B{number}"


# -- records ---------------------------------------------------------------------------------------


def _record_columns(table: Table):
    order = table.find(ORDER)
    keeper = table.find(KEEPER, {order})
    retention = table.find(RETENTION, {order, keeper})
    code = table.find(CODE, {order, keeper, retention})
    name = table.find(NAME, {order, keeper, retention, code})
    return order, name, keeper, retention, code


def is_records(table: Table) -> bool:
    _, name, keeper, retention, _ = _record_columns(table)
    return (
        retention is not None
        and re.search(r"luu|bao quan", table.columns[retention].key) is not None
        and (name is not None or keeper is not None)
    )


def parse_records(table: Table):
    _, name, keeper, retention, code = _record_columns(table)
    records = []
    for values in table.rows():
        record = {"name": _text(values, name), "keeper": _text(values, keeper), "retention": _text(values, retention)}
        if code is not None:
            record["code"] = _text(values, code)
        if record["name"] or record["retention"]:
            records.append(record)
    return records


# -- amendment log, forms, dossier components ---------------------------------------------------------


def is_amendments(table: Table) -> bool:
    headers = " ".join(c.key for c in table.columns)
    return "sua doi" in headers and (AMEND_SUMMARY.search(headers) or AMEND_BASIS.search(headers)) is not None


def parse_amendments(table: Table):
    number = table.find(AMEND_NUMBER)
    order = table.find(ORDER, {number})
    summary = table.find(AMEND_SUMMARY, {number, order})
    basis = table.find(AMEND_BASIS, {number, order, summary})
    date = table.find(re.compile(r"\bngay\b"), {number, order, summary, basis})
    out = []
    for values in table.rows():
        entry = {
            "number": _text(values, number) or _text(values, order),
            "summary": _text(values, summary),
            "legal_basis": _text(values, basis),
            "date": _text(values, date),
        }
        if entry["summary"] or entry["legal_basis"] or entry["date"]:
            out.append(entry)
    return out


def is_forms(table: Table) -> bool:
    name = table.find(re.compile(r"ten (bieu mau|mau)|bieu mau"))
    return name is not None and table.find(CODE, {name}) is not None


def parse_forms(table: Table):
    name = table.find(re.compile(r"ten (bieu mau|mau)|bieu mau"))
    code = table.find(CODE, {name})
    return [
        {"code": _text(values, code), "name": _text(values, name)}
        for values in table.rows()
        if _text(values, name) or _text(values, code)
    ]


def form_from_line(line: str) -> dict:
    """A form listed as text: "BM.01 - Tờ khai..." -> {"code": "BM.01", "name": "Tờ khai..."}."""
    text = strip_bullet(line).rstrip(";.")
    match = FORM_CODE_IN_TEXT.search(text)
    if not match:
        return {"code": "", "name": text}
    name = clean((text[: match.start()] + " " + text[match.end() :]).strip(" :-–()"))
    return {"code": match.group(0).strip(), "name": name.strip(" :-–")}


def is_dossier(table: Table) -> bool:
    name = table.find(re.compile(r"ten (giay to|ho so|tai lieu)|thanh phan|giay to"))
    return name is not None and table.find(COPIES, {name}) is not None


def parse_dossier(table: Table):
    name = table.find(re.compile(r"ten (giay to|ho so|tai lieu)|thanh phan|giay to"))
    copies = [i for i, c in enumerate(table.columns) if i != name and COPIES.search(c.key)]
    out = []
    for values in table.rows():
        if not _text(values, name):
            continue
        copy_text = "; ".join(
            f"{table.columns[i].header}: {_text(values, i)}" if len(copies) > 1 else _text(values, i)
            for i in copies
            if _text(values, i)
        )
        out.append({"name": _text(values, name), "copies": copy_text})
    return out
