"""Vietnamese analysis for search: tone placement, exact and folded tokens, bigrams, stopwords.

Built on documents.text (nfc, fold). Every piece of text, indexed or queried, goes through
`normalize`: NFC, and the tone mark of each syllable moved to one canonical vowel, so "hoà" and
"hòa", "thuỷ" and "thủy", NFC and NFD all give the same exact tokens. Folded tokens drop every
mark (đ→d) for recall; exact tokens keep them for precision.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from documents.text import fold

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below
VOWELS = set("aăâeêioôơuưy")
MARKED_VOWELS = set("ăâêôơư")
_WORD = re.compile(r"[^\W_]+")
# A word with any combining marks inside or after it (NFD input, or marks NFC cannot compose).
_MARKED_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
# Runs of word characters joined by . / - (codes such as 1.000893 or 11/CX-HCTP) form one compound token.
_TOKEN = re.compile(r"[^\W_]+(?:[./\-][^\W_]+)*")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 32

# Words of a citizen's question that say little about which procedure is meant. They keep a small weight
# (never dropped), so a query made only of them still finds something. Exact forms: folded "co" is also "cơ".
QUESTION_WORDS = frozenset(
    """tôi mình em anh chị chúng ta muốn hỏi xin cần phải làm gì nào như thế bao lâu nhiêu ở đâu là có không
    được của và thì để với cho về từ trong những các một này đó khi nếu hay hoặc thủ tục hồ sơ giấy tờ gồm
    chuẩn bị thực hiện ra sao cách nào trường hợp hiện nay ạ nhé vậy thế nào mất tính lúc""".split()
)
FOLDED_QUESTION_WORDS = frozenset(
    "toi minh muon hoi xin can phai lam gi nao nhu bao lau nhieu dau la khong duoc cua va thi voi cho ve tu trong "
    "nhung cac mot nay khi neu hay hoac thu tuc ho so giay to gom chuan bi thuc hien sao cach truong hop".split()
)


@lru_cache(maxsize=65536)
def canonical_syllable(word: str) -> str:
    """The syllable with its tone mark on one canonical vowel (traditional placement: hòa, thủy, khỏe, quý)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if not tones:
        return unicodedata.normalize("NFC", word)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    lower = bare.lower()
    start = next((i for i, ch in enumerate(lower) if ch in VOWELS), None)
    if start is None:
        return unicodedata.normalize("NFC", word)
    end = start
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    if start == 1 and end - start > 1 and lower[0] in "qg" and lower[1] in "ui":
        # "qu" and "gi" are consonants when a vowel follows: quý, già.
        if lower[0] == "q" and lower[1] == "u" or lower[0] == "g" and lower[1] == "i":
            start += 1
    cluster = lower[start:end]
    marked = [i for i, ch in enumerate(cluster) if ch in MARKED_VOWELS]
    if marked:
        pos = marked[-1]
    elif len(cluster) == 1:
        pos = 0
    elif end < len(lower):  # closed syllable: hoàng, toán
        pos = len(cluster) - 1
    elif len(cluster) == 3:  # ngoài, khuỷu
        pos = 1
    else:  # open two-vowel syllable: hòa, mía, múa
        pos = 0
    at = start + pos
    return unicodedata.normalize("NFC", bare[: at + 1] + tones[-1] + bare[at + 1 :])


def normalize(text: str) -> str:
    """NFC, control characters removed, tone marks placed canonically. Case is kept (for display)."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text or ""))
    return _MARKED_WORD.sub(lambda m: canonical_syllable(m.group(0)), text)


def clean_query(text: str) -> str:
    """A query made safe: bounded length, no control characters, whitespace folded."""
    text = normalize((text or "")[: MAX_QUERY_CHARS * 4])
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def exact_tokens(text: str) -> list[str]:
    """Lowercase canonical tokens; compound codes (1.000893, 11/CX-HCTP) give the joined form and their parts."""
    out: list[str] = []
    for match in _TOKEN.finditer(normalize(text).lower()):
        token = match.group(0)
        if token.isalnum():
            out.append(token)
        else:
            parts = _WORD.findall(token)
            out.append("".join(parts))
            out.extend(parts)
    return out


def _fold_table() -> dict[int, str]:
    """documents.text.fold as a character table over the Latin blocks, for str.translate speed."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold(char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    return table


_FOLD_TABLE = _fold_table()


def fold_token(text: str) -> str:
    """Folded lowercase text; same result as fold(text).lower(), fast on NFC text."""
    text = unicodedata.normalize("NFC", text)
    folded = text.translate(_FOLD_TABLE)
    if not folded.isascii() and _COMBINING.search(folded):
        folded = fold(folded)
    return folded.lower()


def folded_tokens(text: str) -> list[str]:
    return [fold_token(t) for t in exact_tokens(text)]


def bigrams(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def phrase_token(first: str, second: str) -> str | None:
    """Two adjacent words as one indexed token ("dang ky" → "dang0ky"): a phrase lookup costs one short doclist.

    Only for alphabetic words, so the joining digit can never meet a real token.
    """
    if first.isalpha() and second.isalpha():
        return f"{first}0{second}"
    return None


def phrase_tokens(tokens: list[str]) -> list[str]:
    return [p for p in (phrase_token(a, b) for a, b in zip(tokens, tokens[1:], strict=False)) if p]


def index_text(text: str) -> str:
    """Folded tokens joined by spaces: what the full-text tables index."""
    return " ".join(folded_tokens(text))


def has_marks(text: str) -> bool:
    return fold(text) != text


def alternatives(official: str) -> list[str]:
    """An official side may name several readings, separated by ";" or "|" ("đăng ký biến động; chuyển nhượng")."""
    return [part.strip() for part in official.replace("|", ";").split(";") if part.strip()]
