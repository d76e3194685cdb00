"""Extract the structure of an ISO 9001 procedure (quy trình) from a Word .docx file.

    from documents.word.procedure_parser import parse_procedure, WordImportError
    data = parse_procedure("QT 01.docx")          # or bytes, or a binary file object
    data["code"], data["steps"], data["warnings"]

Everything is found by structure and wording, never by file name: the header table wherever it
sits (body, page header, nested table), tables recognised by their column headers, sections by
their heading words. What cannot be found is left empty and explained in ``warnings`` (Vietnamese,
for the person importing). Unsafe or unreadable files raise ``WordImportError`` (see ``safety``).

Besides the keys every caller relies on (code, series, title, edition, issued, agency, approvals,
amendments, purpose, scope, references, definitions, dossier_components, time_limit, fees, place,
legal_bases, steps, step_time_headers, forms, records, warnings) the result carries: ``effective``
(ISO date of "Ngày hiệu lực", often from the footer), ``series_source`` ("label", "inferred" from
title and legal bases, or ""), ``dossier_quantity``, ``applicants``, ``result``, ``conditions``; a
step may carry ``times`` (all time columns, when more than two) and ``extra`` (other columns by
header); a record may carry ``code``. A time cell merged over several steps is reported once, on
the first step it covers; later steps of the group have time "".
"""

import re

from .errors import WordImportError
from .metadata import find_approvals, header_from_grid, header_from_paragraphs
from .reader import Grid, Para, Reader
from .refusals import broken_file_refused
from .safety import Limits, open_docx
from .sections import ANNEX, split_items, split_sections
from .tables import (
    analyse,
    form_from_line,
    is_amendments,
    is_dossier,
    is_forms,
    is_records,
    is_steps,
    parse_amendments,
    parse_dossier,
    parse_forms,
    parse_records,
    parse_steps,
)
from .textutil import clean, key, parse_date, strip_bullet

__all__ = ["WordImportError", "parse_document", "parse_procedure"]

# Field (lĩnh vực) guessed from words of the title, then of the legal bases, when no "Lĩnh vực:" label exists.
SERIES_KEYWORDS = (
    ("Nuôi con nuôi", ("nuoi con nuoi",)),
    ("Chứng thực", ("chung thuc", "ban sao tu so goc", "ban sao co chung thuc")),
    ("Hộ tịch", ("ho tich", "khai sinh", "ket hon", "khai tu", "giam ho", "nhan cha", "ly hon", "cai chinh")),
)
RETENTION_IN_TEXT = re.compile(r"(vinh vien|lau dai|\d+\s*(nam|thang)|den khi [^,;.]+)")
RETENTION_NOTE = re.compile(r"thoi (?:gian|han) luu(?: tru| giu)?(?: la| toi thieu)?:? (?P<value>[^,;.]+)")
KEEPER_NOTE = re.compile(r"(?:duoc )?luu(?: tru| giu)? tai (?P<value>(?:(?! thoi (?:gian|han))[^,;.])+)")
RECORD_NAME = re.compile(r"ho so|tai lieu|\bten\b")
CROSS_REFERENCE = re.compile(r"^(xem|nhu|theo|tai) (tai )?(muc|phan|diem)\b")
NONE_TEXT = re.compile(r"^(khong( co)?|khong quy dinh)\.?$")
NAMES = {"code": "mã hiệu", "title": "tên quy trình", "edition": "lần ban hành", "issued": "ngày ban hành"}


def parse_procedure(source, max_size: int | None = None, limits: Limits | None = None) -> dict:
    """Open ``source`` (path, bytes or binary file) safely and return the procedure's structure as a dict."""
    document = open_docx(source, max_size=max_size, limits=limits)
    with broken_file_refused("cannot read the document"):
        return parse_document(document)


def parse_document(document) -> dict:
    """The structure of an already opened python-docx ``Document``."""
    try:
        reader = Reader(document)
    except RecursionError as exc:
        raise WordImportError(
            "too_complex", "Tài liệu lồng nhau quá sâu để nhập.", "Document nested too deeply to read."
        ) from exc
    warnings = _legacy_warnings(reader.legacy)
    sections, preamble = split_sections(reader.body)
    body_grids = [t for block in reader.body if isinstance(block, Grid) for t in block.tables()]
    page_grids = [t for _, blocks in reader.page_parts for b in blocks if isinstance(b, Grid) for t in b.tables()]

    result = _identity(reader, body_grids, preamble, warnings)
    approvals = find_approvals(body_grids) or find_approvals(page_grids)
    if approvals is None:
        warnings.append("Không tìm thấy bảng trách nhiệm phê duyệt (Soạn thảo / Xem xét / Phê duyệt).")
    elif not any(a["role"] == "approved" and a["name"] for a in approvals):
        warnings.append("Bảng phê duyệt không ghi tên người phê duyệt.")
    analysed = {id(g): analyse(g) for g in body_grids}

    content = sections.get("content")
    items = split_items(content if content else reader.body)
    result.update(
        approvals=approvals or [],
        amendments=next((parse_amendments(analysed[id(g)]) for g in body_grids if is_amendments(analysed[id(g)])), []),
        purpose=_text(_paragraphs(sections.get("purpose"))),
        scope=_text(_paragraphs(sections.get("scope"))),
        references=[strip_bullet(line) for line in _lines(_paragraphs(sections.get("references")))],
        definitions=_definitions(sections.get("definitions")),
    )
    result.update(_content_items(items))
    steps, headers = _steps(content, body_grids, analysed)
    if not steps:
        warnings.append("Không tìm thấy bảng các bước thực hiện (Trình tự · Trách nhiệm · Thời gian).")
    result.update(steps=steps, step_time_headers=headers)
    result["forms"] = _forms(sections.get("forms"), items.get("form_templates"))
    result["records"] = _records(sections.get("records"), body_grids, analysed, warnings)
    result["series"], result["series_source"] = _series(result)
    if not (result["code"] or result["steps"] or result["records"]):
        warnings.append("Tài liệu không giống một quy trình ISO (không có mã hiệu, bảng các bước hay hồ sơ lưu).")
    result["warnings"] = warnings
    return result


def _legacy_warnings(legacy):
    names = {"tcvn3": "TCVN3 (ABC, phông .VnTime...)", "vni": "VNI (phông VNI-Times...)"}
    out = []
    for encoding, count in legacy.items():
        base = encoding.removesuffix("-guessed")
        how = "đoán theo nội dung vì không còn thông tin phông" if encoding.endswith("-guessed") else "theo phông chữ"
        out.append(
            f"Đã chuyển {count} đoạn văn bản từ bảng mã {names[base]} sang Unicode ({how}); "
            "vui lòng kiểm tra lại chính tả."
        )
    return out


def _identity(reader, body_grids, preamble, warnings) -> dict:
    """code, title, edition, issued, agency... from the best header table, then paragraphs, page headers, footers."""
    fields = {}
    candidates = [header_from_grid(g) for g in body_grids]
    best = max(candidates, key=lambda found: found[1], default=({}, 0))  # max keeps the first of equals
    if best[1] >= 2:
        fields.update(best[0])
    _fill(fields, header_from_paragraphs([b for b in preamble if isinstance(b, Para)]))
    footer_fields = {}
    for kind, blocks in reader.page_parts:
        found = {}
        grids = [t for b in blocks if isinstance(b, Grid) for t in b.tables()]
        for grid in grids:
            _fill(found, header_from_grid(grid)[0])
        _fill(found, header_from_paragraphs([b for b in blocks if isinstance(b, Para)]))
        if kind == "header":
            _fill(fields, found)
        else:
            footer_fields.setdefault("editions", []).append(found.get("edition", ""))
            _fill(footer_fields, found)
    for found, score in candidates:  # lone labels in other body tables, e.g. "Mã hiệu" deep in a layout table
        if score == 1:
            _fill(fields, {name: found[name] for name in ("code", "edition", "issued", "effective") if name in found})
    edition = _edition(fields.get("edition", ""))
    for name in ("code", "title", "edition"):
        if not fields.get(name) and footer_fields.get(name):
            fields[name] = footer_fields[name]
            edition = _edition(fields.get("edition", ""))
            warnings.append(f"Lấy {NAMES[name]} từ chân trang vì phần đầu tài liệu không ghi.")
    if edition:
        others = sorted({_edition(e) for e in footer_fields.get("editions", []) if e} - {edition}, key=str)
        others = [e for e in others if e.lstrip("0") != edition.lstrip("0")]
        if others:
            warnings.append(f"Lần ban hành ở chân trang ({', '.join(others)}) khác với đầu tài liệu ({edition}).")
    issued = parse_date(fields.get("issued"))
    if fields.get("issued") and not issued:
        warnings.append(f'Không đọc được ngày ban hành "{fields["issued"]}".')
    if not fields.get("issued") and parse_date(fields.get("effective")):
        fields["issued"] = fields["effective"]
        issued = parse_date(fields["effective"])
        warnings.append("Tài liệu không ghi ngày ban hành; dùng ngày hiệu lực ở phần đầu tài liệu.")
    result = {
        "code": clean(fields.get("code", "")).rstrip(".,;"),
        "series": "",
        "title": _title(fields.get("title", "")),
        "edition": edition,
        "issued": issued,
        "effective": parse_date(fields.get("effective") or footer_fields.get("effective")),
        "agency": clean(fields.get("agency", "")),
        "_series_label": clean(fields.get("series", "")),
    }
    for name in ("code", "title", "edition", "issued"):
        if not result[name] and not fields.get(name):
            warnings.append(f"Không tìm thấy {NAMES[name]}.")
    return result


def _fill(target, source):
    for name, value in source.items():
        if value and not target.get(name):
            target[name] = value


def _edition(value):
    match = re.search(r"\d+", value or "")
    return match.group(0) if match else clean(value)


def _title(value):
    title = clean(value).strip(" _.:\"“”'")
    if title[:1].islower():
        title = title[0].upper() + title[1:]
    return title


def _lines(blocks):
    out = []
    for block in blocks or []:
        if isinstance(block, Para):
            out.extend(clean(line) for line in block.text.split("\n") if clean(line))
        else:
            for r in range(len(block.rows)):
                texts = [c.text for c in block.row_cells(r) if c.text]
                if texts:
                    out.append(" | ".join(texts))
    return out


def _paragraphs(blocks):
    return [b for b in blocks or [] if isinstance(b, Para)]


def _text(blocks):
    return "\n".join(_lines(blocks))


def _definitions(blocks):
    out = []
    for block in blocks or []:
        if isinstance(block, Grid):
            for r in range(len(block.rows)):
                texts = [c.text for c in block.row_cells(r) if c.text]
                if len(texts) >= 2:
                    out.append(f"{texts[0]}: {' '.join(texts[1:])}")
        else:
            for line in _lines([block]):
                out.append(re.sub(r"\s*[:：]\s*", ": ", strip_bullet(line), count=1))
    return out


def _content_items(items) -> dict:
    dossier, quantity = [], ""
    for block in items.get("dossier", []):
        if isinstance(block, Grid):
            table = analyse(block)
            if is_dossier(table):
                dossier.extend(parse_dossier(table))
                continue
        for line in _lines([block]):
            if re.match(r"^so luong( ho so)?\s*:", key(strip_bullet(line))):
                quantity = clean(strip_bullet(line).split(":", 1)[1])
            else:
                dossier.append(strip_bullet(line))
    quantity_lines = _lines(items.get("quantity"))
    if quantity_lines:  # "Số lượng hồ sơ: 01 bộ"; lines after it still list documents
        quantity = quantity_lines[0]
        dossier.extend(strip_bullet(line) for line in quantity_lines[1:])
    out = {
        "dossier_components": dossier,
        "dossier_quantity": quantity,
        "time_limit": _text(items.get("time_limit")),
        "fees": _text(items.get("fees")),
        "place": _text(items.get("place")),
        "legal_bases": [strip_bullet(line) for line in _lines(items.get("legal_bases"))],
    }
    for name in ("applicants", "result", "conditions"):
        out[name] = _text(items.get(name))
    return out


def _steps(content, body_grids, analysed):
    """Steps of every step table inside section 5 (or anywhere, when section 5 was not found)."""
    grids = body_grids
    if content:
        inside = {id(t) for b in content if isinstance(b, Grid) for t in b.tables()}
        grids = [g for g in body_grids if id(g) in inside] or body_grids
    steps, headers = [], []
    for grid in grids:
        table = analysed[id(grid)]
        if is_steps(table) and not is_records(table):
            found, found_headers = parse_steps(table, len(steps) + 1)
            steps.extend(found)
            headers = headers or found_headers
    return steps, headers


def _forms(section, templates):
    forms = []
    for block in section or []:
        if isinstance(block, Grid):
            table = analyse(block)
            if is_forms(table):
                forms.extend(parse_forms(table))
                continue
        forms.extend(form_from_line(line) for line in _lines([block]) if not CROSS_REFERENCE.match(key(line)))
    forms.extend(form_from_line(line) for line in _lines(templates))
    unique = {}
    for form in forms:
        name_key = key(form["name"])
        if form["name"] and not NONE_TEXT.match(name_key) and name_key not in unique:
            unique[name_key] = form
    return list(unique.values())


def _records(section, body_grids, analysed, warnings):
    """Records to keep: the records tables of section 7, else the first records table anywhere, else a list.

    A table of section 7 that only names the records is used too; a note such as "Hồ sơ được lưu
    tại Bộ phận một cửa, thời gian lưu 05 năm" then gives the keeper and retention of every record.
    """
    inside = [analysed.get(id(t)) or analyse(t) for b in section or [] if isinstance(b, Grid) for t in b.tables()]
    tables = [t for t in inside if is_records(t)]
    if not tables:
        tables = [t for t in (analysed[id(g)] for g in body_grids) if is_records(t)][:1]
    if not tables:
        tables = [t for t in inside if t.find(RECORD_NAME) is not None][:1]
    lines = _lines([b for b in section or [] if isinstance(b, Para)])
    if tables:
        records = [record for table in tables for record in parse_records(table)]
        note = " ".join(lines)
        for name, pattern in (("retention", RETENTION_NOTE), ("keeper", KEEPER_NOTE)):
            match = pattern.search(key(note))
            for record in records:
                if match and not record[name]:
                    record[name] = _cut(note, match, "value").rstrip(" ,;.")
        return records
    records = []
    for line in lines:
        match = RETENTION_IN_TEXT.search(key(line))
        listed = strip_bullet(line) != clean(line)
        if ANNEX.match(key(line)) or (records and not (match or listed)):
            break  # an annex (form, appendix) starts after the list of records
        if match or listed:
            records.append({"name": strip_bullet(line), "keeper": "", "retention": _cut(line, match) if match else ""})
    if not records:
        warnings.append("Không tìm thấy bảng hồ sơ cần lưu.")
    return records


def _cut(line, match, group=0):
    """The original words of ``line`` that ``match`` (or its ``group``), found in ``key(line)``, covers."""
    words = clean(line).split(" ")
    start = key(line)[: match.start(group)].count(" ")
    return " ".join(words[start : start + match.group(group).count(" ") + 1])


def _series(result):
    label = result.pop("_series_label")
    if label:
        return label, "label"
    title, bases = key(result["title"]), key(" ".join(result["legal_bases"]))
    counts = {
        name: 100 * sum(title.count(word) for word in words) + sum(bases.count(word) for word in words)
        for name, words in SERIES_KEYWORDS
    }
    best = max(counts, key=counts.get)
    return (best, "inferred") if counts[best] else ("", "")
