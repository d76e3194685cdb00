"""The identity of a procedure: header fields (code, title, edition, dates, agency) and the approval table.

The header is found by content, not position: the table (body, page header or nested) whose cells
carry the most labels (Mã hiệu, Lần ban hành, Ngày ban hành, "QUY TRÌNH"). A label's value is the rest
of its cell, or else the next cell to the right, or else the cell below.
"""

import re

from .reader import Grid, Para
from .textutil import after_match, clean, key, keymap, looks_like_name

LABELS = {
    "code": r"ma (?:hieu|so)(?: quy trinh| tai lieu)?|ky hieu|so hieu|ma quy trinh",
    "edition": r"lan ban hanh|ban hanh lan|phien ban",
    "issued": r"ngay ban hanh",
    "effective": r"ngay (?:co )?hieu luc|ngay ap dung",
    "title": r"ten quy trinh",
    "series": r"linh vuc",
    "revision": r"lan sua doi",
    "page": r"trang(?= ?:? ?\d)",
}
_LABEL = re.compile("|".join(f"(?P<{name}>\\b(?:{pattern}))" for name, pattern in LABELS.items()) + r"\s*:?")
_QUY_TRINH = re.compile(r"^quy trinh\b\s*:?")
CODE_TOKEN = re.compile(r"\b(?:QT|QTr|HD|QĐ|QD)[\s.\-]*(?:[A-Z]{1,6}[.\-])*\d{1,3}(?:[./\-][\w\-]+)*")


def labelled_values(text: str) -> list[tuple[str, str]]:
    """[(label name, value)] for every label in ``text``, each value running up to the next label."""
    return _split_labels(text)[1]


def _split_labels(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first label, [(label name, value)...])."""
    folded, index = keymap(text)
    cleaned = clean(text)
    hits = list(_LABEL.finditer(folded))
    out = []
    for i, hit in enumerate(hits):
        end = index[hits[i + 1].start()] if i + 1 < len(hits) else len(cleaned)
        out.append((hit.lastgroup, cleaned[index[hit.end()] : end].strip(" :：-–—_.\t…")))
    return (cleaned[: index[hits[0].start()]].strip() if hits else cleaned), out


def _title_and_labels(text: str, fields: dict) -> str:
    """The title after "QUY TRÌNH" in ``text``; labels that follow it in the same text go to ``fields``."""
    title, pairs = _split_labels(after_match(text, _QUY_TRINH) or "")
    for name, value in pairs:
        if value:
            fields.setdefault(name, value)
    return title


def _is_title_cell(cell) -> bool:
    return bool(_QUY_TRINH.match(key(cell.own_text)))


def _is_label_cell(cell) -> bool:
    return _is_title_cell(cell) or bool(labelled_values(cell.own_text))


def header_from_grid(grid: Grid) -> tuple[dict, int]:
    """(fields found, score) for a candidate header table; the score counts distinct header labels."""
    fields, used = {}, set()
    rows = grid.rows
    for r in range(len(rows)):
        for cell in grid.row_cells(r):
            if id(cell) in used or cell.row != r:
                continue
            if _is_title_cell(cell):
                used.add(id(cell))
                title = _title_and_labels(cell.own_text, fields)
                for down in (True, False):  # "QUY TRÌNH" alone: the title is the cell below, or else to the right
                    other = _neighbour(grid, cell, down=down)
                    if not title and other is not None and id(other) not in used and not _is_label_cell(other):
                        used.add(id(other))
                        title = other.own_text
                fields.setdefault("title", title or "")
                fields["_has_quy_trinh"] = "1"
                continue
            pairs = labelled_values(cell.own_text)
            if not pairs:
                continue
            used.add(id(cell))
            for name, value in pairs:
                if not value:
                    for down in (False, True):
                        neighbour = _neighbour(grid, cell, down=down)
                        if neighbour is not None and id(neighbour) not in used and not _is_label_cell(neighbour):
                            used.add(id(neighbour))
                            value = neighbour.own_text
                            break
                if value:
                    fields.setdefault(name, value)
    unused = [c.own_text for r in range(len(rows)) for c in grid.row_cells(r) if id(c) not in used and c.own_text]
    if "code" not in fields:  # a code written without its label: "QT 01/CX-HCTP"
        code = next((m.group(0) for text in unused for m in [CODE_TOKEN.search(text)] if m), None)
        if code:
            fields["code"] = code
            unused = [text for text in unused if code not in text]
    if unused:
        fields["agency"] = unused[0]
    score = sum(name in fields for name in ("code", "edition", "issued", "effective", "_has_quy_trinh"))
    return fields, score


def _neighbour(grid, cell, down):
    """The next distinct, non-empty cell to the right of ``cell`` (or below it)."""
    rows = grid.rows
    r, c = cell.row, cell.col
    if down:
        for rr in range(r + 1, len(rows)):
            other = rows[rr][c]
            if other is not None and other is not cell:
                return other if other.own_text else None
        return None
    row = rows[r]
    for cc in range(c + 1, len(row)):
        other = row[cc]
        if other is not None and other is not cell:
            return other if other.own_text else None
    return None


def header_from_paragraphs(paras: list[Para]) -> dict:
    """Header fields written as paragraphs ("QUY TRÌNH" / title / "Mã hiệu: ..." lines)."""
    fields = {}
    texts = [clean(p.text) for p in paras if clean(p.text)]
    for i, text in enumerate(texts):
        if _QUY_TRINH.match(key(text)) and "title" not in fields:
            title = _title_and_labels(text, fields)
            if not title:
                following = []
                for nxt in texts[i + 1 : i + 4]:
                    if labelled_values(nxt):
                        break
                    following.append(nxt)
                title = " ".join(following)
            fields["title"] = title
            fields["_has_quy_trinh"] = "1"
            continue
        for name, value in labelled_values(text):
            if value:
                fields.setdefault(name, value)
    return fields


# -- approvals -------------------------------------------------------------------------------------

ROLES = (
    ("drafted", re.compile(r"soan thao|bien soan|nguoi soan|nguoi viet|soan")),
    ("reviewed", re.compile(r"xem xet|kiem tra|ra soat|tham dinh")),
    ("approved", re.compile(r"phe duyet|duyet|ky ban hanh|nguoi ban hanh")),
)
ROW_NAME = re.compile(r"^(ho (va )?ten|ten|nguoi ky)\b")
ROW_TITLE = re.compile(r"^chuc (vu|danh)")
SIGNED = re.compile(r"\(?\s*(đã ký|da ky|ký tên|ký, ghi rõ họ tên|ký và ghi rõ họ tên)\s*\)?", re.IGNORECASE)


def role_of(text: str) -> str | None:
    folded = key(text)
    if not folded or len(folded) > 40:
        return None
    return next((role for role, pattern in ROLES if pattern.search(folded)), None)


def find_approvals(grids) -> list[dict] | None:
    """Approvals of the first table with a row (or column) of at least two role headers."""
    for grid in grids:
        for candidate in (grid, _transposed(grid)):
            for r in range(min(3, len(candidate.rows))):
                roles = [role_of(cell.text) for cell in candidate.row_cells(r)]
                if len({role for role in roles if role}) >= 2:
                    return _approvals(candidate, r)
    return None


def _transposed(grid):
    return Grid([list(col) for col in zip(*grid.rows, strict=True)]) if grid.rows else grid


def _approvals(grid, header_row):
    rows = grid.rows
    labels = {r: key(rows[r][0].text) if rows[r][0] is not None else "" for r in range(header_row + 1, len(rows))}
    name_row = next((r for r, label in labels.items() if ROW_NAME.search(label)), None)
    title_row = next((r for r, label in labels.items() if ROW_TITLE.search(label)), None)
    out, seen = [], set()
    for c in range(len(rows[header_row])):
        header = rows[header_row][c]
        role = role_of(header.text) if header is not None else None
        if role is None:
            continue
        if name_row is not None:
            cell = rows[name_row][c]
            if cell is None or (role, id(cell)) in seen:
                continue
            seen.add((role, id(cell)))
            title_cell = rows[title_row][c] if title_row is not None else None
            name = _clean_name(" ".join(cell.lines))
            title = clean(" ".join(title_cell.lines)) if title_cell is not None else ""
        else:
            below = list(dict.fromkeys(rows[r][c] for r in range(header_row + 1, len(rows)) if rows[r][c] is not None))
            if (role, tuple(map(id, below))) in seen:
                continue
            seen.add((role, tuple(map(id, below))))
            lines = [_clean_name(line) for cell in below for line in cell.lines]
            names = [line for line in lines if looks_like_name(line)]
            name = names[-1] if names else ""
            title = " ".join(line for line in lines if line and line != name)
        if name or title:
            out.append({"role": role, "name": name, "title": title})
    return out


def _clean_name(text):
    return clean(SIGNED.sub(" ", text))
