"""Small text helpers shared by the Word parser: whitespace, keyword keys, dates, list bullets."""

import datetime
import functools
import re
import unicodedata

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-+*•–—·▪►●○□■✓]\s*|\(?\d{1,2}[.)]\s+|\(?[a-zđ][.)]\s+)", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def clean(text: str | None) -> str:
    """NFC, no invisible marks (soft hyphen, zero-width, direction marks), one space for any whitespace run."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))).strip()


def _fold_table() -> dict:
    """Latin letters with diacritics -> base letter, combining marks -> nothing, đ -> d."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code):
            table[code] = base
    table.update({code: None for code in range(0x300, 0x370)})
    table.update({ord("đ"): "d", ord("Đ"): "D"})
    return table


_FOLD = _fold_table()
# Characters whose folding is not one character for one (casefold to two letters, or dropped marks).
_UNEVEN = re.compile("[^\x00-\u024f\u1e00-\u1eff]|[ßİŉǰ\u1e96-\u1e9a\u1e9e]")


def key(text: str | None) -> str:
    """Lowercase, no diacritics, đ -> d, single spaces: for matching labels typed in any Vietnamese way."""
    return clean(text).casefold().translate(_FOLD)


_OUTLINE_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+")


def strip_bullet(text: str) -> str:
    """Remove a leading list mark ("- ", "+ ", "1. ", "a) ", "5.3 " before a capital) from a line."""
    outline = _OUTLINE_NUMBER.match(text)
    if outline and text[outline.end() : outline.end() + 1].isupper():
        return clean(text[outline.end() :])
    return clean(_BULLET.sub("", text, count=1))


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)")
_WORDED_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


def parse_date(text: str | None) -> str | None:
    """The first date in ``text`` as an ISO string: 07/7/2025, 7-7-25, 07.07.2025, "ngày 7 tháng 7 năm 2025"."""
    folded = key(text)
    found = []
    for pattern, order in ((_NUMERIC_DATE, "dmy"), (_WORDED_DATE, "dmy"), (_ISO_DATE, "ymd")):
        found.extend((match.start(), order, match.groups()) for match in pattern.finditer(folded))
    for _, order, groups in sorted(found):
        parts = dict(zip(order, (int(g) for g in groups), strict=True))
        year = parts["y"] + 2000 if parts["y"] < 100 else parts["y"]
        try:
            return datetime.date(year, parts["m"], parts["d"]).isoformat()
        except ValueError:
            continue
    return None


_OFFICE_WORDS = {
    "ky", "da", "ten", "ho", "chuc", "vu", "truong", "pho", "giam", "doc", "chu", "tich", "chuyen", "vien",
    "phong", "uy", "ban", "nhan", "dan", "so", "cong", "lanh", "dao", "can", "bo", "van", "thu", "kt", "tm",
}  # fmt: skip


def looks_like_name(text: str) -> bool:
    """A Vietnamese personal name: 2-6 capitalised words, no digits, mostly not office words (Trưởng phòng...)."""
    words = clean(text).split(" ")
    if not 2 <= len(words) <= 6 or any(ch.isdigit() or ch in ":;()/" for ch in text):
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return sum(key(w).strip(".") in _OFFICE_WORDS for w in words) < len(words) / 2


def keymap(text: str, limit: int | None = None) -> tuple[str, list[int]]:
    """``key(text)`` plus, for each of its characters, the index of the character of ``clean(text)`` it came from.

    Lets a label found in the folded text be cut out of the original text. With ``limit``, only the
    first ``limit`` characters are folded (enough to recognise a label at the start of a long paragraph).
    """
    cleaned = clean(text)[:limit]
    if not _UNEVEN.search(cleaned):  # the usual case: one folded character per character
        return cleaned.casefold().translate(_FOLD), list(range(len(cleaned) + 1))
    out, index = [], []
    for pos, ch in enumerate(cleaned):
        for folded in " " if ch == " " else key(ch):
            out.append(folded)
            index.append(pos)
    index.append(len(cleaned))
    return "".join(out), index


def after_match(text: str, pattern: re.Pattern) -> str | None:
    """The part of ``clean(text)`` after the first match of ``pattern`` in ``key(text)``, or None."""
    folded, index = keymap(text)
    match = pattern.search(folded)
    if not match:
        return None
    return clean(clean(text)[index[match.end()] :].lstrip(" :：.-–—\t"))
