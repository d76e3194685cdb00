"""Split the body of a procedure into its numbered sections, and section 5 into its lettered items.

Headings are recognised by their words (numbers may be typed or come from Word's list numbering),
so "1. MỤC ĐÍCH", "MỤC ĐÍCH" and "Mục đích:" are the same heading. A table of contents (after
"MỤC LỤC", or any run of three headings with nothing between them) is skipped.
"""

import re

from .reader import Grid, Para
from .textutil import clean, keymap

_NUMBER = r"(?:(?:\d{1,2}|[ivx]{1,4})(?:\.\d{1,2})*[.)/]?\s*)?"
HEADINGS = {
    "toc": r"muc luc",
    "amendments": r"(?:trang )?(?:theo doi )?(?:so lan )?sua doi(?: tai lieu| noi dung)?(?: tai lieu)?",
    "purpose": r"muc dich(?: (?:va|,) pham vi(?: ap dung)?)?(?: ban hanh)?",
    "scope": r"pham vi(?: ap dung| dieu chinh)?",
    "references": r"(?:cac )?tai lieu (?:vien dan|tham khao|lien quan|trich dan)",
    "definitions": r"(?:dinh nghia|thuat ngu|giai thich tu ngu|(?:cac )?tu viet tat|viet tat)"
    r"(?: ?(?:/|va|,|-) ?(?:cac )?(?:dinh nghia|thuat ngu|tu viet tat|viet tat|chu viet tat))*",
    "content": r"noi dung(?: (?:quy trinh|chinh|thuc hien))?|mo ta quy trinh|dien giai quy trinh",
    "forms": r"(?:cac )?bieu mau(?: (?:ap dung|su dung|kem theo))?",
    "records": r"(?:ho so (?:can )?luu(?: tru| giu)?|luu (?:tru )?ho so|ho so)",
}
_HEADING = re.compile(
    r"^" + _NUMBER + "(?:" + "|".join(f"(?P<{k}>{v})" for k, v in HEADINGS.items()) + r")(?P<rest>\s*[:.]?.*)$"
)
_TRAILER = re.compile(r"^[\s.…:\d]*$")  # nothing after the heading but dots and a page number (table of contents)
ANNEX = re.compile(r"^(cong hoa xa hoi chu nghia|phu luc\b|mau so\b|doc lap - tu do)")


def heading_of(para: Para) -> tuple[str, str] | None:
    """(section key, inline text) when ``para`` is a section heading, else None."""
    text = clean(para.text)
    if not text:
        return None
    folded, index = keymap(text, 120)
    match = _HEADING.match(folded)
    if not match:
        return None
    rest = match.group("rest")
    if _TRAILER.match(rest):
        return _group(match), ""
    if rest.lstrip().startswith(":"):  # "Mục đích: Quy định ..." carries its text inline
        return _group(match), clean(text[index[match.start("rest")] :].lstrip(" :"))
    return None


def _group(match):
    return next(name for name in HEADINGS if match.group(name) is not None)


def split_sections(blocks) -> tuple[dict, list]:
    """({section key: [blocks]}, preamble blocks). Each key keeps its first occurrence that has content."""
    kinds = [heading_of(b) if isinstance(b, Para) else None for b in blocks]
    toc = _toc_positions(blocks, kinds)
    sections, preamble = {}, []
    bucket = preamble
    for i, block in enumerate(blocks):
        if i in toc:
            bucket = preamble
            continue
        if kinds[i] is not None:
            name, inline = kinds[i]
            bucket = [Para(inline)] if inline else []
            if not sections.get(name):
                sections[name] = bucket
            continue
        if isinstance(block, Para) and not clean(block.text):
            continue
        bucket.append(block)
    return sections, preamble


def _toc_positions(blocks, kinds):
    """Indices of table-of-contents entries: after "MỤC LỤC", or runs of 3+ headings with nothing between."""
    toc = set()
    filled = [i for i, b in enumerate(blocks) if not (isinstance(b, Para) and not clean(b.text))]
    run = []
    for i in filled + [None]:
        if i is not None and kinds[i] is not None and not kinds[i][1]:
            run.append(i)
            continue
        if len(run) >= 3 or (run and kinds[run[0]][0] == "toc"):
            toc.update(run)
        run = []
    return toc


# -- section 5: lettered items ------------------------------------------------------------------------

_ITEM_PREFIX = r"^(?:[a-z](?:[.)]\s*|\s+)|\d{1,2}(?:\.\d{1,2})+\.?\s*|\d{1,2}[.)]\s*)?"
ITEMS = {
    "dossier": r"thanh phan(?:,? so luong)? ho so|ho so gom|thanh phan ho so",
    "quantity": r"so luong ho so",
    "time_limit": r"thoi (?:han|gian) (?:giai quyet|xu ly|thuc hien)",
    "applicants": r"doi tuong thuc hien",
    "coordination": r"co quan phoi hop",
    "place": r"co quan (?:thuc hien|giai quyet|co tham quyen)|dia diem(?: thuc hien| tiep nhan)?|noi tiep nhan",
    "channel": r"cach thuc thuc hien",
    "result": r"ket qua (?:thuc hien|giai quyet)",
    "fees": r"(?:phi, le phi|phi va le phi|le phi|phi)\b",
    "form_templates": r"(?:ten )?mau don|mau to khai",
    "conditions": r"yeu cau,? dieu kien|dieu kien thuc hien",
    "legal_bases": r"(?:can cu|co so) phap ly",
    "steps": r"(?:quy trinh|trinh tu) (?:cac buoc )?(?:xu ly|thuc hien|giai quyet)|cac buoc (?:thuc hien|xu ly)|luu do",
}
_ITEM = re.compile(_ITEM_PREFIX + "(?:" + "|".join(f"(?P<{k}>{v})" for k, v in ITEMS.items()) + ")")


def item_of(para: Para) -> tuple[str, str] | None:
    """(item key, inline text) when ``para`` opens an item of section 5 (``b. Thời hạn giải quyết: ...``)."""
    text = clean(para.text)
    folded, index = keymap(text, 160)
    match = _ITEM.match(folded)
    if not match:
        return None
    prefixed = match.start(match.lastgroup) > 0
    rest = folded[match.end() :]
    colon = rest.find(":")
    if not (prefixed or para.numbered or 0 <= colon <= 60 or len(folded) <= 60):
        return None
    inline = text[index[match.end() + colon + 1] :] if 0 <= colon <= 60 else text[index[match.end()] :]
    return match.lastgroup, clean(inline.lstrip(" :.-"))


def split_items(blocks) -> dict:
    """{item key: [blocks]} for the lettered items of section 5; a repeated label continues its item."""
    items, current = {}, None
    for block in blocks:
        if isinstance(block, Para):
            found = item_of(block)
            if found and found[0] != current:
                current = found[0]
                items.setdefault(current, [])
                if found[1]:
                    items[current].append(Para(found[1]))
                continue
        if current is not None and (isinstance(block, Grid) or clean(block.text)):
            items[current].append(block)
    return items
