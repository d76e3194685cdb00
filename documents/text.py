"""Vietnamese text primitives shared by every app: normalisation, folding, slugs, short titles.

Folding removes every tone and vowel mark and maps đ/Đ to d/D, which Unicode decomposition alone
does not do. The search app builds its tokenisation on these functions.
"""

import re
import unicodedata

from django.utils.text import slugify

_WHITESPACE = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
ELLIPSIS = "…"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def clean_text(text: str) -> str:
    """NFC with runs of whitespace (including non-breaking spaces) folded to one space."""
    return _WHITESPACE.sub(" ", nfc(text)).strip()


def clean_multiline(text: str) -> str:
    """NFC, spaces folded within each line, blank lines kept single."""
    lines = [clean_text(line) for line in nfc(text).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def fold(text: str) -> str:
    """Strip every diacritic and map đ→d: "Đăng ký hộ tịch" → "Dang ky ho tich"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def vietnamese_slug(text: str, max_length: int = 80) -> str:
    slug = slugify(fold(text))
    if len(slug) <= max_length:
        return slug
    return slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]


def short_title(text: str, max_length: int = 255) -> str:
    """A title that fits max_length, cut at a word boundary with an ellipsis.

    Used only where a field has a hard limit (Wagtail's page title); the full official
    name is always kept in its own field.
    """
    text = clean_text(text)
    if len(text) <= max_length:
        return text
    cut = text[: max_length - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + ELLIPSIS
