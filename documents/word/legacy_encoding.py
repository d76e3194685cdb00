"""Vietnamese text typed in legacy 8-bit fonts (TCVN3/ABC ".Vn..." fonts, VNI "VNI-..." fonts) to Unicode.

Word stores such text as the Windows-1252 characters of the font's bytes, so "Cộng hòa" typed in
.VnTime arrives as "Céng hßa" and typed in VNI-Times as "Coäng hoøa". Both are converted back here:
by font name when the run's font is known (``encoding_for_font``), or by guessing from the text
itself (``guess_encoding``) for text whose font was lost.

TCVN3 (TCVN 5712:1993, "VN3") has one byte per letter, lowercase only: upper-case letters with tone
marks come from the companion "H" fonts (.VnTimeH...), which draw the same bytes as capitals.
VNI writes a base vowel followed by one byte for its marks (a + ù = á, a + á = ấ); ơ, ư, đ and the
tone-marked i and ỵ have bytes of their own.
"""

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"

# TCVN3 byte -> Unicode, for the bytes that differ from Windows-1252.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI: marks that follow a vowel, as the lowercase Windows-1252 character of their byte.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Characters with a byte of their own (lowercase; the upper-case byte is the Windows-1252 capital).
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_SINGLE_UPPER = {k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}


def _to_byte(ch: str) -> int | None:
    """The font byte behind a character Word decoded as Windows-1252 (or put in the symbol area U+F0xx)."""
    code = ord(ch)
    if 0xF000 <= code <= 0xF0FF:
        return code - 0xF000
    if code < 0x80 or 0xA0 <= code <= 0xFF:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def tcvn3_to_unicode(text: str, uppercase: bool = False) -> str:
    """Convert TCVN3 (ABC) text; ``uppercase`` for the capital fonts (.VnTimeH and the like)."""
    out = []
    for ch in text:
        byte = _to_byte(ch)
        if byte in _TCVN3_BYTES:
            out.append(_TCVN3_BYTES[byte])
        elif byte is not None and ord(ch) >= 0xF000:  # symbol-area character: back to its plain letter
            out.append(bytes([byte]).decode("cp1252", "replace"))
        else:
            out.append(ch)
    result = "".join(out)
    return result.upper() if uppercase else result


def _compose(base: str, marks: str) -> str:
    return unicodedata.normalize("NFC", base + marks)


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text (a vowel followed by its mark byte) to Unicode."""
    chars = []
    for ch in text:
        byte = _to_byte(ch)
        if byte is not None and ord(ch) >= 0xF000:
            ch = bytes([byte]).decode("cp1252", "replace")
        chars.append(ch)
    out = []
    i = 0
    while i < len(chars):
        ch = chars[i]
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        combined = _vni_pair(ch, nxt)
        if combined:
            out.append(combined)
            i += 2
            continue
        out.append(_VNI_SINGLE.get(ch) or _VNI_SINGLE_UPPER.get(ch) or ch)
        i += 1
    return "".join(out)


def _vni_pair(base: str, mark: str) -> str:
    if not mark:
        return ""
    lower_base, lower_mark = base.lower(), mark.lower()
    upper = base.isupper()
    if lower_base in ("ô", "ö"):  # ơ, ư with a tone
        if lower_mark in _VNI_TONES:
            letter = _VNI_SINGLE[lower_base]
            return _compose(letter.upper() if upper else letter, _VNI_TONES[lower_mark])
        return ""
    if len(lower_base) != 1 or lower_base not in "aeouy":
        return ""
    if lower_mark in _VNI_TONES:
        return _compose(base, _VNI_TONES[lower_mark])
    if lower_base in "aeo" and lower_mark in _VNI_HAT_TONES:
        return _compose(base, "\u0302" + _VNI_HAT_TONES[lower_mark])
    if lower_base == "a" and lower_mark in _VNI_BREVE_TONES:
        return _compose(base, "\u0306" + _VNI_BREVE_TONES[lower_mark])
    return ""


def encoding_for_font(font_name: str | None) -> tuple[str | None, bool]:
    """(encoding, uppercase) for a font name: TCVN3 for ".Vn..." fonts, VNI for "VNI-..." fonts."""
    name = (font_name or "").strip()
    lower = name.lower()
    if lower.startswith((".vn", "vn3")):
        return TCVN3, name.endswith("H")
    if lower.startswith(("vni-", "vni ")):
        return VNI, False
    return None, False


def to_unicode(text: str, encoding: str | None, uppercase: bool = False) -> str:
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, uppercase)
    if encoding == VNI:
        return vni_to_unicode(text)
    return text


# Unicode Vietnamese letters that no legacy text contains (Latin Extended Additional, ơ ư ă đ).
_REAL_VIETNAMESE = re.compile("[\u1ea0-\u1ef9\u01a0\u01a1\u01af\u01b0\u0102\u0103\u0110\u0111]")
_TCVN3_SIGNS = re.compile(
    "[\u00b5-\u00b9\u00bb-\u00be\u00c6-\u00d6\u00d7\u00d8\u00dc-\u00df\u00e1-\u00fe\u00a8-\u00ae]"
)
_VNI_SIGNS = re.compile(
    "[aeouyAEOUY][\u00f9\u00f8\u00fb\u00f5\u00ef\u00e2\u00e1\u00e0\u00e5\u00e3\u00e4\u00ea\u00e9\u00e8\u00fa\u00fc\u00eb]"
)


def has_unicode_vietnamese(text: str) -> bool:
    """True when ``text`` holds letters only Unicode Vietnamese has (so it is not legacy-encoded text)."""
    return _REAL_VIETNAMESE.search(text) is not None


def has_legacy_signs(text: str, encoding: str) -> bool:
    """True when ``text`` holds characters typical of ``encoding`` (TCVN3 letter bytes, VNI vowel + mark pairs)."""
    pattern = _TCVN3_SIGNS if encoding == TCVN3 else _VNI_SIGNS
    return pattern.search(text) is not None


def guess_encoding(text: str) -> str | None:
    """Guess whether text that carries no font information is TCVN3 or VNI; None when it looks like Unicode.

    Only answers for text with no genuine Vietnamese Unicode letter and enough legacy-looking characters
    (at least 10, and one in 20 letters), so a few French or German words do not trigger it.
    """
    if has_unicode_vietnamese(text):
        return None
    letters = sum(ch.isalpha() for ch in text)
    vni = len(_VNI_SIGNS.findall(text))
    tcvn = len(_TCVN3_SIGNS.findall(text))
    threshold = max(10, letters // 20)
    if vni >= threshold and vni >= tcvn / 2:
        return VNI
    if tcvn >= threshold:
        return TCVN3
    return None
