"""Parse administrative procedure (TTHC) records into ``ParsedProcedure`` objects. Pure Python, no Django.

Two input shapes are understood:

* the national crawl (``national-2642.jsonl.gz``): flat keys such as ``ma_thu_tuc``, whose tables were flattened into
  run-together text by the crawler ("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc...");
* the structured dichvucong export (``dichvucong-87.json``): Vietnamese keys, tables as lists of dicts.

The flattened tables are split by their structure (column headers, channel names, units, currencies, "N bản chính",
document numbers), never by per-record special cases. Whatever cannot be split with certainty is kept whole: the
section's original text goes to ``raw`` and a warning says why, so nothing is ever lost.

Warnings start with a bracketed kind, e.g. ``[channels.fee_unknown] ...``, so they can be counted by kind.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from .sources import RecordError, read_records

__all__ = [
    "ParsedProcedure",
    "RecordError",
    "parse_any",
    "parse_dichvucong_record",
    "parse_national_record",
    "read_records",
]


@dataclass
class ParsedProcedure:
    tthc_code: str
    name: str
    decision_number: str = ""
    level: str = ""
    levels: list[str] = dataclasses.field(default_factory=list)
    procedure_type: str = ""
    field: str = ""
    subjects: str = ""
    competent_authority: str = ""
    implementing_agency: str = ""
    receiving_address: str = ""
    steps: list[dict] = dataclasses.field(default_factory=list)
    channels: list[dict] = dataclasses.field(default_factory=list)
    dossier_components: list[dict] = dataclasses.field(default_factory=list)
    legal_bases: list[dict] = dataclasses.field(default_factory=list)
    conditions: str = ""
    results: list[dict] = dataclasses.field(default_factory=list)
    source_url: str = ""
    raw: dict[str, str] = dataclasses.field(default_factory=dict)
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def channels_structured(self) -> bool:
        """True when there is at least one channel and every channel has a numeric time with a unit and a parsed fee.

        A fee is parsed when its amount in Đồng is certain (``fee_vnd`` set, 0 for free) or it is a clean amount in a
        foreign currency ("10 USD"). Non-numeric times ("Theo quy định") and unit-less numbers ("5") do not count.
        """
        return bool(self.channels) and all(
            ch["time_value"] is not None and ch["time_unit"] is not None and _fee_is_parsed(ch) for ch in self.channels
        )


# --------------------------------------------------------------------------------------------------------- text


_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DROPPED_RE = re.compile(f"[{_DROPPED}]")
_SPACES_RE = re.compile(f"[{_SPACES}\r]")


def _nfc(value: str) -> str:
    """NFC with invisible characters (soft hyphen, zero-width, BOM) removed first."""
    if _DROPPED_RE.search(value):
        value = _DROPPED_RE.sub("", value)
    return unicodedata.normalize("NFC", value)


def _prep(value: str) -> str:
    """NFC, invisible characters removed, odd spaces made plain, runs of spaces folded; newlines kept."""
    text = _nfc(value)
    if _SPACES_RE.search(text):
        text = _SPACES_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r" {2,}", " ", text) if "  " in text else text


def clean_inline(value: str) -> str:
    """NFC text on one line, every run of whitespace folded to one space."""
    return " ".join(_nfc(value).split())


def clean_block(value: str) -> str:
    """NFC text keeping its lines: spaces folded inside each line, blank lines dropped."""
    return _lines(_prep(value))


def _squash(text: str) -> str:
    """clean_inline for text already through _prep."""
    return " ".join(text.split())


def _lines(text: str) -> str:
    """clean_block for text already through _prep."""
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line)


def _is_placeholder(text: str) -> bool:
    return len(text) < 40 and _PLACEHOLDER.fullmatch(_squash(text)) is not None


_PLACEHOLDER = re.compile(r"(?i)(?:không có thông tin|-+|\.+)?")
_NOTHING = re.compile(r"(?i)(?:không|khôg)(?: có(?: thông tin)?| quy định)?\.?|không có thông tin\.?|-+|\.+")


def _value(text: str) -> str:
    """An inline field, '' for the portal's "Không có thông tin" placeholder."""
    cleaned = clean_inline(text)
    return "" if _PLACEHOLDER.fullmatch(cleaned) else cleaned


def _strip_html(text: str) -> str:
    """The structured export keeps some HTML ("...</p>"): line breaks for <br> and </p>, other tags dropped."""
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>", "\n", text)
    return html.unescape(re.sub(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,200})?/?>", "", text))


class _Notes:
    """Warnings and raw sections collected while parsing one record."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.raw: dict[str, str] = {}

    def warn(self, kind: str, message: str, *, section: str | None = None, raw: str | None = None) -> None:
        text = f"[{kind}] {message}"
        if text not in self.warnings:
            self.warnings.append(text)
        if section and raw and raw.strip():
            self.raw.setdefault(section, raw.strip())


# ------------------------------------------------------------------------------------------------------- levels

_LEVELS = {"cấp bộ": "ministry", "cấp tỉnh": "province", "cấp xã": "commune", "cơ quan khác": "other"}
_LEVEL_ORDER = ("ministry", "province", "commune", "other")


def _parse_levels(text: str, notes: _Notes) -> list[str]:
    found = set()
    for part in re.split(r"[,;]", clean_inline(text)):
        label = part.strip()
        if not label:
            continue
        level = _LEVELS.get(label.lower())
        if level is None:
            notes.warn("level.unknown", f"unknown level {label!r}, counted as 'other'")
            level = "other"
        found.add(level)
    return [level for level in _LEVEL_ORDER if level in found]


# -------------------------------------------------------------------------------------------------------- steps

_STEP_WORD = re.compile(r"Bước ?\d+(?=[ :.)\-–]|$)")
_STEP_LINE_PREFIX = re.compile(r" *(?:[-+*•] *|[a-zđ]\) *|\d+(?:\.\d+)*\.? *)?")
_STEP_LIST_PREFIX = re.compile(r"(?<= )[a-zđ]\) ?$")


def _step_starts(body: str) -> list[int]:
    """Where each "Bước N" step begins: at the start of a line (after a bullet or "a)" / "1."), after an inline
    list label ("... khoáng sản a) Bước 1."), or glued after a sentence ("... xem xét.Bước 3: ...")."""
    starts = []
    for m in _STEP_WORD.finditer(body):
        line_start = body.rfind("\n", 0, m.start()) + 1
        prefix = body[line_start : m.start()]
        if _STEP_LINE_PREFIX.fullmatch(prefix):
            starts.append(line_start)
        elif inline := _STEP_LIST_PREFIX.search(prefix):
            starts.append(line_start + inline.start())
        elif prefix.endswith((".", ";", ":")) and re.match(r" ?[:.]", body[m.end() : m.end() + 2]):
            starts.append(m.start())
    return sorted(set(starts))


def _parse_steps(text: str) -> list[dict]:
    body = _prep(text).strip()
    if not body or _is_placeholder(body):
        return []
    starts = _step_starts(body)
    if not starts:
        return [{"title": "", "detail": _lines(body)}]
    steps = []
    preamble = _lines(body[: starts[0]])
    if preamble:
        steps.append({"title": "", "detail": preamble})
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        head, _, rest = body[start:end].partition("\n")
        steps.append({"title": _squash(head), "detail": _lines(rest)})
    return steps


# ------------------------------------------------------------------------------------------- channels and fees

CHANNEL_LABELS = {"Trực tiếp": "direct", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
_TIME_UNITS = {
    "ngày làm việc": "working_day",
    "ngày": "day",
    "giờ": "hour",
    "giờ làm việc": "hour",
    "tháng": "month",
    "năm": "year",
}
_NUM = r"\d+(?:[.,]\d+)*"
_UNIT = r"(?i:ngày làm việc|giờ làm việc|ngày|giờ|tháng|năm|tuần|phút)"
_CUR = r"(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR)"
_VND = {"Việt Nam Đồng", "VNĐ", "VND", "Đồng", "đồng"}
_FEE = rf"(?:Miễn phí|Không có thông tin|{_NUM} ?{_CUR})"
_TIME = (
    rf"(?:{_NUM} ?{_UNIT}|{_NUM}|Không có thông tin|Không phải trả kết quả[^\n]{{0,80}}?|Không quy định|Không"
    r"|Theo quy định)"
)
_TABLE_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_LABEL = "|".join(CHANNEL_LABELS)
_ROW_STRICT = re.compile(rf"(?:{_LABEL})(?=(?:{_TIME})? ?{_FEE}|\s*$)")
_ROW_ANY = re.compile(_LABEL)
_TIME_WHOLE = re.compile(rf"({_NUM}) ?({_UNIT})")
_BARE_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")
_FEE_HERE = re.compile(rf" ?(?:Miễn phí|Không có thông tin|({_NUM}) ?({_CUR}))")
_ROW_BARE_TIME = re.compile(rf"({_NUM})(?= ?(?:Miễn phí|Không có thông tin))")
_ROW_AMOUNT = re.compile(rf"{_NUM} ?{_CUR}")
_ROW_NO_TIME = re.compile(rf"Không có thông tin(?= ?{_FEE})")
_FEE_ANYWHERE = re.compile(_FEE)
_FOREIGN_FEE = re.compile(rf"{_NUM} ?(?:USD|EUR)\b")
# amounts of money in a free-text fee note: grouped thousands ("400.000"), or digits with a currency ("50000đ")
_GROUPED_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d/])")
_PLAIN_AMOUNT = re.compile(r"(?<![\d.,])(\d{4,}) ?(?:đồng|Đồng|VNĐ|vnđ|VND|đ\b)")
# a note under "Miễn phí" that confirms there is no charge: "(Không)", "(Không quy định.)", "(Không thu lệ phí)"
_NO_CHARGE = re.compile(
    r"(?i)[(\s-]*(?:không|không có|không quy định|chưa quy định|không thu(?: phí| lệ phí)?|miễn phí|miễn lệ phí"
    r"|không có thông tin)[\s.;)]*"
)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _amount(text: str) -> int | None:
    """'2,000,000' / '1.350.000' / '200000' -> int; None when the digits are not a clean whole amount."""
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _parse_time(text: str) -> tuple[Decimal | None, str | None]:
    """'5 Ngày làm việc' -> (5, 'working_day'); '5' -> (5, None); prose such as 'Theo quy định' -> (None, None)."""
    if m := _TIME_WHOLE.fullmatch(text):
        return _decimal(m.group(1)), _TIME_UNITS.get(m.group(2).lower())
    if _BARE_DECIMAL.fullmatch(text):
        return _decimal(text), None
    return None, None


def _fee_is_parsed(channel: dict) -> bool:
    return channel["fee_vnd"] is not None or bool(_FOREIGN_FEE.match(channel["fee"]))


def _balanced_end(text: str, start: int) -> int:
    """End of the parenthesised note opening at text[start]; -1 when it never closes."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _channel(label: str, time_limit: str, fee: str, fee_vnd: int | None, description: str) -> dict:
    value, unit = _parse_time(time_limit)
    return {
        "channel": CHANNEL_LABELS.get(label, ""),
        "label": label,
        "time_limit": time_limit,
        "time_value": value,
        "time_unit": unit,
        "fee": fee,
        "fee_vnd": fee_vnd,
        "description": description,
    }


def _check_channel(ch: dict, notes: _Notes, raw: str) -> None:
    """Warnings shared by both formats about the time of one channel."""
    where = ch["label"] or "?"
    if not ch["time_limit"]:
        notes.warn("channels.time_missing", f"{where}: no time limit given", section="channels", raw=raw)
    elif ch["time_value"] is not None and ch["time_unit"] is None:
        notes.warn(
            "channels.time_unit_missing",
            f"{where}: time limit {ch['time_limit']!r} has no unit",
            section="channels",
            raw=raw,
        )
    elif ch["time_value"] is None:
        notes.warn("channels.time_not_numeric", f"{where}: time limit is not a number: {ch['time_limit'][:120]!r}")


def _national_fee(core: str, note: str, where: str, notes: _Notes, raw: str) -> int | None:
    """The amount in Đồng of a fee cell ('Miễn phí', 'Không có thông tin', '2,000,000 Việt Nam Đồng'), or None."""
    if core == "Miễn phí":
        if note and not _NO_CHARGE.fullmatch(note):
            notes.warn(
                "channels.fee_free_but_note",
                f"{where}: fee says 'Miễn phí' but its note describes a charge, a rate or conditions",
                section="channels",
                raw=raw,
            )
            return None
        return 0
    if not core or core == "Không có thông tin":
        notes.warn("channels.fee_unknown", f"{where}: no fee information")
        return None
    m = re.fullmatch(rf"({_NUM}) ?({_CUR})", core)
    if not m or m.group(2) not in _VND:
        return None  # a foreign currency: kept as text, no amount in Đồng
    amount = _amount(m.group(1))
    if amount is None or 0 < amount < 1000:
        notes.warn(
            "channels.fee_implausible",
            f"{where}: fee amount {core!r} is not a plausible amount in Đồng (maybe in thousands)",
            section="channels",
            raw=raw,
        )
        return None
    others = _note_amounts(note) - {amount}
    if others or "%" in note:
        notes.warn(
            "channels.fee_note_other_amount",
            f"{where}: fee {core!r} but its note gives other amounts or a rate (reductions, other cases)",
            section="channels",
            raw=raw,
        )
        return None
    return amount


def _note_amounts(note: str) -> set[int]:
    """Amounts of money written in a fee note: "400.000 đồng/hồ sơ", "50.000đ", "25.000 VNĐ"."""
    amounts = {int(re.sub(r"[.,]", "", m.group(0))) for m in _GROUPED_AMOUNT.finditer(note)}
    amounts.update(int(m.group(1)) for m in _PLAIN_AMOUNT.finditer(note))
    return amounts


def _parse_national_channels(text: str, notes: _Notes) -> list[dict]:
    source = _prep(text).strip()
    if not source or _is_placeholder(source):
        return []
    body = source
    if body.startswith(_TABLE_HEADER):
        body = body[len(_TABLE_HEADER) :]
    else:
        notes.warn("channels.no_header", "the channel table has no header", section="channels", raw=source)
    starts = [m.start() for m in _ROW_STRICT.finditer(body)]
    if not starts or starts[0] != 0:  # a free-text time: rows start where a channel name touches a capital or digit
        starts = [
            m.start()
            for m in _ROW_ANY.finditer(body)
            if m.end() == len(body) or body[m.end()].isupper() or body[m.end()].isdigit()
        ]
    if not starts:
        notes.warn("channels.unparsed", "no channel row found", section="channels", raw=source)
        return []
    if _squash(body[: starts[0]]):
        notes.warn("channels.leading_text", "text before the first channel row", section="channels", raw=source)
    channels = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        channels.append(_parse_national_row(body[start:end], notes, source))
    return channels


def _parse_national_row(row: str, notes: _Notes, raw: str) -> dict:
    label = next(lb for lb in CHANNEL_LABELS if row.startswith(lb))
    body = row[len(label) :]
    time_limit, glued = "", False
    pos = 0
    if m := _TIME_WHOLE.match(body):
        time_limit, pos = m.group(0), m.end()
    elif m := _ROW_BARE_TIME.match(body):
        time_limit, pos = m.group(1), m.end()
    elif _ROW_AMOUNT.match(body):
        glued = True  # "120 VNĐ": time "1" + fee "20 VNĐ", or no time + fee "120 VNĐ"? cannot tell
    elif m := _ROW_NO_TIME.match(body):
        pos = m.end()
    elif m := _FEE_ANYWHERE.search(body):
        time_limit, pos = _squash(body[: m.start()]), m.start()
    fee_m = _FEE_HERE.match(body, pos)
    if fee_m is None:
        notes.warn("channels.row_unparsed", f"{label}: the row could not be split", section="channels", raw=raw)
        ch = _channel(label, time_limit, "", None, _lines(body[pos:]))
        _check_channel(ch, notes, raw)
        return ch
    core = fee_m.group(0).strip()
    pos = fee_m.end()
    note = ""
    if pos < len(body) and body[pos] == "(":
        end = _balanced_end(body, pos)
        if end < 0:
            end = body.rfind(")") + 1 or len(body)
            notes.warn(
                "channels.fee_note_unbalanced", f"{label}: the fee note never closes", section="channels", raw=raw
            )
        note, pos = body[pos:end], end
    fee = _squash(core + note)
    description = _lines(body[pos:])
    if _is_placeholder(description):
        description = ""
    if glued:
        notes.warn(
            "channels.time_fee_glued",
            f"{label}: time and fee digits run together in {core!r}; kept as fee text, no time",
            section="channels",
            raw=raw,
        )
        fee_vnd = None
    else:
        fee_vnd = _national_fee(core, _squash(note), label, notes, raw)
    ch = _channel(label, time_limit, fee, fee_vnd, description)
    if not glued:
        _check_channel(ch, notes, raw)
    return ch


def _dichvucong_fee(text: str, where: str, notes: _Notes) -> int | None:
    """'Lệ phí: 200000 Đồng' -> 200000; 'Phí: Không Đồng' -> 0; several amounts or none -> None."""
    if not text:
        notes.warn("channels.fee_unknown", f"{where}: no fee information")
        return None
    if re.fullmatch(r"(?i)miễn phí|không|0(?: đồng)?", text):
        return 0
    items = re.findall(r"(?:Lệ phí|Phí) ?: ?(.*?)(?= ?(?:Lệ phí|Phí) ?:|$)", text)
    if not items:
        notes.warn("channels.fee_unparsed", f"{where}: fee not understood: {text[:120]!r}")
        return None
    amounts = []
    for item in items:
        value = re.sub(r"(?i)\s*đồng$", "", item.strip()).strip()
        m = re.fullmatch(rf"({_NUM})(?: ?(?:đồng|đ|VNĐ))?(?:/ ?[\w ]+)?", value, flags=re.I)
        if re.fullmatch(r"(?i)không|miễn phí|miễn", value):
            amounts.append(0)
        elif m and _amount(m.group(1)) is not None:
            amounts.append(_amount(m.group(1)))
        else:
            notes.warn("channels.fee_unknown", f"{where}: fee amount not stated: {text[:120]!r}")
            return None
    if len(set(amounts)) > 1 or (len(amounts) > 1 and amounts[0] != 0):
        notes.warn("channels.fee_several", f"{where}: several fee amounts ({text[:120]!r}); no single amount")
        return None
    amount = amounts[0]
    if 0 < amount < 1000:
        notes.warn("channels.fee_implausible", f"{where}: fee amount {amount} Đồng is implausible")
        return None
    return amount


# ------------------------------------------------------------------------------------- issuers of legal documents

# the issuer part of a document number ("52/2024/NĐ-CP", "23/2023/QH15") -> the issuing body
_ISSUERS = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BXD": "Bộ Xây dựng",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BYT": "Bộ Y tế",
    "BCT": "Bộ Công Thương",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNG": "Bộ Ngoại giao",
    "BQP": "Bộ Quốc phòng",
    "BNV": "Bộ Nội vụ",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "VPCP": "Văn phòng Chính phủ",
    "TTCP": "Thanh tra Chính phủ",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "UBDT": "Ủy ban Dân tộc",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
}
_KNOWN_CODES = frozenset(
    [key for key in _ISSUERS if key != "TTG"]
    + ["TTg", "NĐ", "TT", "TTLT", "QĐ", "NQ", "CT", "PL", "L", "HĐTP", "HĐND", "UBND", "HD", "KL", "VBHN", "C"]
)

# ------------------------------------------------------------------------------------------ dossier components

_DOSSIER_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# "1 bản chính" / "0 bản chính,1 bản sao" closing a row: glued to the next row (never followed by a space or a ")")
_COPIES = re.compile(r"(\d) bản chính(?:, ?\d+ bản sao)?(?=$|[^\s),.;:\]])")
_NEXT_COPIES = re.compile(r"\d+ bản (?:chính|sao)")
_FILE_EXT = r"\.(?i:docx?|pdf|xlsx?|odt|rtf|zip|rar|jpe?g|png)"
_ENDS_WITH_FILE = re.compile(rf"(?:{_FILE_EXT})+$")  # also "x.docx.docx"
_FILE_EXT_RE = re.compile(_FILE_EXT)
_FORM_WORD = re.compile(
    r"(?i:mẫu|mau|phụ lục|phu luc|phuluc|phlc|mus\d|biểu mẫu|bieu mau|tờ khai|to khai|đơn|don)|PL|TK|BM"
)
# form words that no Vietnamese syllable contains: glued even after a lower-case letter ("khoanh nợmẫu số 03.docx")
_FORM_WORD_LOWER = re.compile(r"mẫu|mau|phụ lục|phu luc|tờ khai|biểu mẫu|đơn")
# a name ending "... theo mẫu" / "... theo quy định" glued to a lower-case file name: "theo quy địnhvăn bản đề nghị.docx"
_FORM_INITIALS = frozenset("MmPpBbTtĐđDd")
_FORM_LEAD_IN = re.compile(r"(?i:theo mẫu|theo quy định|theo mẫu quy định)$")
_ISSUER_CODES = "|".join(sorted((key for key in _ISSUERS if key != "TTG"), key=len, reverse=True))
_AFTER_DOC_NUMBER = re.compile(rf"\d/\d{{4}}/(?:[A-ZĐ]+-)+(?:{_ISSUER_CODES}|QH\d*|TTg)$")  # "...43/2026/NĐ-CP" + file


# places where two non-space characters touch and a file name could start (a fast pre-filter for _glue_points)
_CAPITALS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
_GLUE_CANDIDATE = re.compile(
    rf"(?<=[;)\]:.{_CAPITALS}0-9])(?=\S)|(?<=\S)(?=[{_CAPITALS}0-9MmPpBbTtĐđDd])|(?<=theo mẫu|quy định)(?=\S)"
)


def _is_form_glue(body: str, p: int, before: str, here: str) -> bool:
    """A form file name glued at p: "...CPMau50.docx", "...khoanh nợmẫu số 03", "NĐ-CPBC tom tat", "theo mẫuvăn bản"."""
    if here in _FORM_INITIALS and before not in "([{/\"'_-" and not before.isdigit():
        if _FORM_WORD.match(body, p) and not (before.isalpha() and here.islower()):
            return True
        if _is_lower(before) and _FORM_WORD_LOWER.match(body, p):
            return True
    if here.isalnum() and (before.isupper() or before.isdigit()) and _AFTER_DOC_NUMBER.search(body, max(0, p - 40), p):
        return True
    return _FORM_LEAD_IN.search(body, max(0, p - 20), p) is not None


def _is_lower(ch: str) -> bool:
    return ch.isalpha() and ch.islower()


def _form_start(body: str, lo: int, ext_start: int) -> int | None:
    """Where the attached file name ending at ``ext_start`` begins in the glued "name + file name" text.

    Candidates are places where two words touch without a space, by strength: after a previous file, ";" ")" "]" ":"
    (A); after a sentence dot "lai.31-Mẫu", "BNNMT.Mẫu" (B); a form word "Mẫu", "Mau", "Phụ lục"... glued to the text
    before it, the text right after a document number "NĐ-CPBC tom tat" or after "theo mẫu" (C); a lower-case letter
    followed by a capital or a digit "nuôiBao", "mẫu1.000312" (D).
    """
    # a file name rarely holds ", " "; " ": " ". " or a newline: look first after the last of them
    stop = max(body.rfind(sep, lo, ext_start) for sep in (", ", "; ", ": ", ". ", "\n"))
    window = max(lo, stop + 1, ext_start - 250)
    a, b, c, d = _glue_points(body, lo, window, ext_start)
    for group in (a, sorted(b + c), d):
        if group:
            return group[0]
    a, b, c, d = _glue_points(body, lo, max(lo, ext_start - 250), window)
    for group in (a, b + c, d):
        if group:
            return max(group)
    return None


def _glue_points(body: str, lo: int, start: int, end: int) -> tuple[list[int], list[int], list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    c: list[int] = []
    d: list[int] = []
    candidates = [m.start() for m in _GLUE_CANDIDATE.finditer(body, max(start, 1), end)]
    if lo and start <= lo < end and lo not in candidates:
        candidates.insert(0, lo)
    for p in candidates:
        before, here = body[p - 1], body[p]
        if p == lo or (before in ";)]:" and here not in ".,;:)]-"):
            a.append(p)
        elif before == ".":
            if p >= 2 and (body[p - 2].isalpha() or body[p - 2] == ")") and (here.isupper() or here.isdigit()):
                b.append(p)
            elif _FORM_WORD.match(body, p):
                c.append(p)
        elif _is_form_glue(body, p, before, here):
            c.append(p)
        elif (here.isupper() or here.isdigit()) and _is_lower(before):
            d.append(p)
    return a, b, c, d


def _split_form(body: str) -> tuple[str, list[str], bool]:
    """Split "document name" + glued attachment file names ("...theo mẫuMẫu số 01.docx") -> (name, files, sure)."""
    files: list[str] = []
    end = len(body)
    sure = True
    while (m := _ENDS_WITH_FILE.search(body, max(0, end - 12), end)) is not None:
        ext_start = m.start()
        lo = 0
        window_start = max(0, ext_start - 250)
        for x in _FILE_EXT_RE.finditer(body, window_start, ext_start):
            if _is_file_end(body, x.end()):
                lo = x.end()
        start = _form_start(body, lo, ext_start)
        if start is None:
            if lo and lo < ext_start:
                start = lo
            else:
                sure = False
                break
        files.insert(0, body[start:end])
        end = start
    return body[:end], files, sure


def _is_file_end(body: str, index: int) -> bool:
    return index == len(body) or not body[index].isalpha() or body[index].isupper()


def _parse_dossier(text: str, notes: _Notes) -> list[dict]:
    source = _prep(text).strip()
    if not source or re.fullmatch(r"-*", _squash(source)) or _is_placeholder(source):
        return []
    parts = source.split(_DOSSIER_HEADER)
    if len(parts) == 1:
        notes.warn(
            "dossier.no_table", "the dossier section holds no component table", section="dossier_components", raw=source
        )
        return []
    components = []
    heading = _group_heading(parts[0])
    for number, part in enumerate(parts[1:], start=1):
        last = number == len(parts) - 1
        pos = 0
        for m in _COPIES.finditer(part):
            if _NEXT_COPIES.match(part, m.end()) and re.search(
                r"(?:^|\s)0?$", part[max(0, m.start(1) - 2) : m.start(1)]
            ):
                continue  # "...nhập khẩu: 01 bản chính" + "1 bản chính": the first one is part of the name
            row = part[pos : m.start(1)]
            pos = m.end()
            components.append(_component(heading, row, _squash(m.group(0)), notes, source))
        tail = part[pos:]
        if last:
            if _squash(tail) and not re.fullmatch(r"[-\s]*", tail):
                notes.warn(
                    "dossier.trailing_text",
                    "text after the last component has no number of copies; kept as a component",
                    section="dossier_components",
                    raw=source,
                )
                components.append(_component(heading, tail, "", notes, source))
        else:
            heading = _group_heading(tail)
    return components


def _group_heading(text: str) -> str:
    heading = _squash(text)
    return "" if re.fullmatch(r"-*", heading) else heading


def _component(group: str, row: str, copies: str, notes: _Notes, raw: str) -> dict:
    body = _squash(row)
    name, files, sure = _split_form(body)
    if not sure:
        notes.warn(
            "dossier.form_boundary",
            f"cannot tell where the form file name starts in {body[-80:]!r}; kept in the name",
            section="dossier_components",
            raw=raw,
        )
    name = name.strip()
    if not name:
        notes.warn("dossier.empty_name", "a component has no name", section="dossier_components", raw=raw)
    return {"group": group, "name": name, "form": "; ".join(f.strip() for f in files), "copies": copies}


# ------------------------------------------------------------------------------------------------ legal bases

_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# 23/2023/QH15, 52/2024/NĐ-CP, 601/QĐ-BTC, 09/2015/TTLT-BCA-BYT-BTC, 53/2013/QĐ-TTg, old-style 73-CP
_DOC_NUMBER = re.compile(
    rf"(\d+)(/\d{{2,4}})?(?:/|-(?=CP|HĐBT))((?:[{_CAPITALS}][{_CAPITALS}0-9]*|TTg)(?:(?:-|/(?=[A-ZĐ]))(?:TTg|[{_CAPITALS}0-9]+))*)"
)
_TRAILING_DIGITS = re.compile(r"\d+$")
_SEGMENT_SEP = re.compile(r"[-/]")
_CODE_THEN_CAPS = re.compile(rf"([{_CAPITALS}]+\d+)([{_CAPITALS}]+)")
_YEAR_LEAD = re.compile(r"19[4-9]\d|20[0-4]\d")
_BARE_NUMBER = re.compile(r"(?<![\d/])\d+/\d{4}(?![\d/])")
_CAPS_TITLE_WORDS = ("LUẬT", "NGHỊ", "THÔNG", "QUYẾT", "QUY", "PHÁP", "HƯỚNG", "SỬA", "VỀ", "BAN", "VĂN", "BỘ")
_TITLE_PREFIX = re.compile(
    r"(?:Luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Lệnh|NĐ|TT|QĐ|NQ)(?: số)? ?$"
)
_DATE = re.compile(r"ngày (\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def _cell_prefix(text: str, end: int) -> int | None:
    """Start of a "Nghị định số " written in the number cell and glued to the end of the title ("...tiền mặtNghị định
    52/2024/NĐ-CP"); None when the words start a new title instead ("...NĐ-CPThông tư số 18/2026/TT-BTC ngày...")."""
    m = _TITLE_PREFIX.search(text, max(0, end - 25), end)
    if m is None or m.start() == 0:
        return None
    before = text[m.start() - 1]
    return m.start() if _is_lower(before) or before in ".);" else None


def _known_code(segment: str) -> bool:
    return segment.rstrip("0123456789") in _KNOWN_CODES


def _glued_split(text: str, m: re.Match, digits: str) -> int:
    """End of a number whose suffix digits run into the next number ("QH1354/2014/QH13", "NĐ-CP05/2012/NĐ-CP")."""
    base_end = m.end() - len(digits)
    base = m.group(3)[: -len(digits)]
    for keep in range(len(digits)):  # prefer the split where the next number repeats this one (title = number)
        current = text[m.start() : base_end + keep]
        following = _DOC_NUMBER.match(text, base_end + keep)
        if following and following.group(0).startswith(current):
            return base_end + keep
    last = base.rsplit("-", 1)[-1]
    keep = min(2, len(digits) - 1) if last in ("QH", "UBTVQH") else 0
    return base_end + keep


def _number_token(text: str, start: int) -> tuple[int, int, str] | None:
    """The next document number at or after ``start`` that closes a row of the legal basis table.

    A number closes a row when it touches the next title ("...NĐ-CPLuật", "...NĐ-CPsửa đổi"), ends the text, touches
    the end of its own title ("kinh doanh18/2026/TT-BTC Nghị định") or follows a glued prefix ("trườngNghị định số
    131/2025/NĐ-CP Quy định"). A number with a space on both sides is a quotation inside a title.
    """
    for m in _DOC_NUMBER.finditer(text, start):
        num_start, end = m.start(), m.end()
        if end < len(text) and text[end] == "/" and (digits := _TRAILING_DIGITS.search(m.group(3))):
            end = _glued_split(text, m, digits.group(0))
        suffix = text[m.start(3) : end]
        if not suffix or suffix.endswith("-"):
            continue
        last = _SEGMENT_SEP.split(suffix)[-1]
        for word in _CAPS_TITLE_WORDS:  # "NĐ-CPQUY ĐỊNH", "QH13LUẬT": an all-caps title glued to the number
            if last.endswith(word) and len(last) > len(word) and not _known_code(last):
                end -= len(word)
                break
        else:
            if (m2 := _CODE_THEN_CAPS.fullmatch(last)) and not _known_code(last):
                end -= len(m2.group(2))
        last = _SEGMENT_SEP.split(text[m.start(3) : end])[-1]
        if end < len(text) and _is_lower(text[end]) and len(last) > 1 and last[-1].isupper() and not _known_code(last):
            end -= 1  # "TT-BTCQuy định": the capital starts the next title (but "TT-BCAngày", "QĐ-TTg" stay whole)
        lead = m.group(1)
        if len(lead) >= 5 and _YEAR_LEAD.match(lead):  # "năm 201102/2011/QH13"
            num_start += 4
        before = text[num_start - 1] if num_start > 0 else " "
        after = text[end] if end < len(text) else ""
        closes = (
            not after
            or (not after.isspace() and not text.startswith("ngày", end))
            or before.isalpha()
            or before in ".;:,)"
            or _cell_prefix(text, num_start) is not None
        )
        if closes:
            return _earlier_bare_number(text, start, num_start) or (num_start, end, text[num_start:end])
    return _earlier_bare_number(text, start, len(text))


def _earlier_bare_number(text: str, start: int, limit: int) -> tuple[int, int, str] | None:
    """A number cell without its suffix ("...hải quan46/2020Luật Hải quan"), glued to both titles, before ``limit``."""
    for m in _BARE_NUMBER.finditer(text, start, limit):
        before = text[m.start() - 1] if m.start() else " "
        if (before.isalpha() or before in ".;:)") and (m.end() == len(text) or text[m.end()].isupper()):
            return m.start(), m.end(), m.group(0)
    return None


def _issuer(number: str) -> str:
    """'52/2024/NĐ-CP' -> 'Chính phủ'; '09/2015/TTLT-BCA-BYT-BTC' -> 'Bộ Công an, Bộ Y tế, Bộ Tài chính'; '' if unknown."""
    m = _DOC_NUMBER.fullmatch(number)
    segments = _SEGMENT_SEP.split(m.group(3)) if m else []
    names = []
    for segment in segments if len(segments) == 1 else segments[1:]:  # the first segment is the kind: NĐ, TT, QĐ
        name = _ISSUERS.get(segment.rstrip("0123456789").upper())
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def _issued(title: str, number: str) -> date | None:
    """The issue date written in the title right after the document's own number (or in a title with no number)."""
    numbers = [m.group(0) for m in _DOC_NUMBER.finditer(title)]
    for m in _DATE.finditer(title):
        before = title[: m.start()].rstrip(" ,")
        if not (before.endswith(number) or not any(n != number for n in numbers)):
            continue
        day, month, year = (
            int(g) for g in (m.group(1) or m.group(4), m.group(2) or m.group(5), m.group(3) or m.group(6))
        )
        year_in_number = re.search(r"/(\d{4})/", number)
        if year_in_number and int(year_in_number.group(1)) != year:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def _parse_legal_bases(text: str, notes: _Notes) -> list[dict]:
    source = _prep(text).strip()
    if not source or _is_placeholder(source):
        return []
    body = _squash(source)
    if body.startswith(_LEGAL_HEADER):
        body = body[len(_LEGAL_HEADER) :]
    else:
        notes.warn("legal.no_header", "the legal basis table has no header", section="legal_bases", raw=source)
    rows: list[list[str]] = []
    pos = 0
    while pos < len(body):
        token = _number_token(body, pos)
        if token is None:
            break
        num_start, end, number = token
        prefix = _cell_prefix(body, num_start)  # "...tiền mặtNghị định 52/2024/NĐ-CP": written in the number cell
        title = body[pos : prefix if prefix is not None and prefix > pos else num_start].strip()
        if not title and rows and (rows[-1][1] == number or rows[-1][1].startswith(number + "/")):
            # "Nghị định 05/2012/NĐ-CP" + "05/2012/NĐ-CP": the title ends with the number; keep the fuller number
            rows[-1][0] = f"{rows[-1][0]} {rows[-1][2]}".strip()
        else:
            rows.append([title, number, body[num_start:end]])
        pos = end
    tail = body[pos:].strip()
    if m := re.fullmatch(r"(.*?[^\s\d/])(\d+/\d{4})", tail):  # "...của Chính phủ167/2025": a number without its suffix
        rows.append([m.group(1).strip(), m.group(2), m.group(2)])
        tail = ""
    if re.search(r"\w", tail):
        notes.warn(
            "legal.trailing_text",
            f"legal basis text without a recognisable document number: {tail[:80]!r}",
            section="legal_bases",
            raw=source,
        )
        rows.append([tail, "", ""])
    bases = []
    for title, number, _ in rows:
        if _BARE_NUMBER.fullmatch(number):  # "42/2020" in the number cell, "42/2020/TT-BTC" in the title
            fuller = next((m.group(0) for m in _DOC_NUMBER.finditer(title) if m.group(0).startswith(number + "/")), "")
            number = fuller or number
        shown = title or number
        bases.append({"title": shown, "number": number, "issued": _issued(shown, number), "issuer": _issuer(number)})
    return bases


# ---------------------------------------------------------------------------------------------------- results

_RESULT_CODE = re.compile(r"[A-Za-z0-9._+\-/]+")


def _split_result_code(part: str) -> tuple[str, str]:
    """'KQ.G12.000871Quyết định ...' -> ('KQ.G12.000871', 'Quyết định ...'): the code, then the next result's name.

    A code cell written in words ("Chưa xác định") gives no code: the words come back as the rest.
    """
    m = _RESULT_CODE.match(part)
    run = m.group(0) if m else ""
    if part[len(run) : len(run) + 1].isalpha():  # the run goes on into a word: give the word back
        word = re.search(r"[A-Z]?[a-z]*$", run)  # "...0871Quyết", "utwChứng", "Chưa"
        cut = word.start() if word.group(0) else len(run)
        if word.group(0) and not word.group(0)[0].isupper() and re.search(r"\d", run):
            cut = len(run.rstrip("abcdefghijklmnopqrstuvwxyz"))  # "...000096văn bản"
        run = run[:cut]
    code = run.rstrip("-.+/_")
    return code, part[len(code) :].strip()


_PORTAL_JUNK = re.compile(r"Chọn cơ quan thực hiện|Từ khóa")


def _parse_results(text: str, notes: _Notes) -> list[dict]:
    source = _prep(text).strip()
    if not source or _is_placeholder(source):
        return []
    body = _squash(source)
    junk = _PORTAL_JUNK.search(body)
    items_text = body[: junk.start()] if junk else body
    if junk and junk.group(0) == "Từ khóa":
        m = re.match(r"Từ khóa(.*?)Mô tả(.*?)(?=Chọn cơ quan thực hiện|$)", body[junk.start() :])
        if m is None or any(not _PLACEHOLDER.fullmatch(part.strip()) for part in m.groups()):
            notes.warn(
                "results.extra_text", "the results carry keywords or a description", section="results", raw=source
            )
    parts = items_text.split("Mã:")
    results = []
    name = parts[0].strip()
    code = ""
    for part in parts[1:]:
        part = part.strip()
        code, rest = _split_result_code(part)
        if not code:
            notes.warn(
                "results.no_code", f"no result code, the cell reads {part[:60]!r}", section="results", raw=source
            )
        elif not re.search(r"\d", code):
            notes.warn("results.odd_code", f"result code looks wrong: {code[:40]!r}", section="results", raw=source)
        results.append({"name": name, "code": code})
        name = rest
    if name and len(parts) == 1:
        results.append({"name": name, "code": ""})
    elif name and code:
        notes.warn(
            "results.code_text", f"text after the last result code: {name[:80]!r}", section="results", raw=source
        )
    if not results:
        notes.warn("results.unparsed", "no result found", section="results", raw=source)
    for item in results:
        if not item["name"]:
            notes.warn("results.empty_name", "a result has no name", section="results", raw=source)
    return results


# ---------------------------------------------------------------------------------------------------- records

_CODE_FORMAT = re.compile(r"\d+\.\d{6}(?:\.[A-Za-z0-9]+)?")
_NATIONAL_TEXT_KEYS = (
    "detail_url",
    "so_quyet_dinh",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "linh_vuc",
    "doi_tuong_thuc_hien",
    "co_quan_co_tham_quyen",
    "dia_chi_tiep_nhan",
    "co_quan_duoc_uy_quyen",
    "co_quan_phoi_hop",
    "thu_tuc_lien_quan",
    "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien",
    "thanh_phan_ho_so",
    "can_cu_phap_ly",
    "co_quan_thuc_hien",
    "yeu_cau_dieu_kien",
    "ket_qua_xu_ly",
)
# sections without a slot in ParsedProcedure: kept in raw when they say something
_UNMODELLED = {
    "co_quan_duoc_uy_quyen": "authorized_agency",
    "co_quan_phoi_hop": "coordinating_agency",
    "thu_tuc_lien_quan": "related_procedures",
}


def _text(obj: dict, key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be text, got {type(value).__name__}")
    return value


def _required(obj: dict, key: str, what: str) -> str:
    if key not in obj or obj[key] is None:
        raise RecordError(f"missing {what} ({key!r})")
    value = clean_inline(_text(obj, key))
    if not value:
        raise RecordError(f"blank {what} ({key!r})")
    return value


def _check_code(code: str, notes: _Notes) -> None:
    if not _CODE_FORMAT.fullmatch(code):
        notes.warn("code.unusual", f"procedure code {code!r} does not look like '1.000771'")


def _conditions(text: str) -> str:
    """yeu_cau_dieu_kien with its lines; '' for "Không có thông tin", "Không", "Không quy định"..."""
    cleaned = clean_block(text)
    return "" if len(cleaned) < 40 and _NOTHING.fullmatch(_squash(cleaned)) else cleaned


def parse_national_record(obj: dict) -> ParsedProcedure:
    """One record of the national crawl -> ParsedProcedure; RecordError for a missing/blank code or name, bad types."""
    if not isinstance(obj, dict):
        raise RecordError(f"a record must be a JSON object, got {type(obj).__name__}")
    code = _required(obj, "ma_thu_tuc", "procedure code")
    try:
        name = _required(obj, "ten_thu_tuc", "procedure name")
        text = {key: _text(obj, key) for key in _NATIONAL_TEXT_KEYS}
    except RecordError as exc:
        raise RecordError(f"{code}: {exc}") from None
    notes = _Notes()
    _check_code(code, notes)
    procedure = ParsedProcedure(
        tthc_code=code,
        name=name,
        decision_number=_value(text["so_quyet_dinh"]),
        level=_value(text["cap_thuc_hien"]),
        levels=_parse_levels(text["cap_thuc_hien"], notes),
        procedure_type=_value(text["loai_thu_tuc"]),
        field=_value(text["linh_vuc"]),
        subjects=_value(text["doi_tuong_thuc_hien"]),
        competent_authority=_value(text["co_quan_co_tham_quyen"]),
        implementing_agency=_value(text["co_quan_thuc_hien"]),
        receiving_address=_value(text["dia_chi_tiep_nhan"]),
        steps=_parse_steps(text["trinh_tu_thuc_hien"]),
        channels=_parse_national_channels(text["cach_thuc_thuc_hien"], notes),
        dossier_components=_parse_dossier(text["thanh_phan_ho_so"], notes),
        legal_bases=_parse_legal_bases(text["can_cu_phap_ly"], notes),
        conditions=_conditions(text["yeu_cau_dieu_kien"]),
        results=_parse_results(text["ket_qua_xu_ly"], notes),
        source_url=clean_inline(text["detail_url"]),
    )
    for key, section in _UNMODELLED.items():
        if value := _value(text[key]):
            notes.raw[section] = value
    if not procedure.levels:
        notes.warn("level.missing", "no level (cấp thực hiện)")
    procedure.raw = notes.raw
    procedure.warnings = notes.warnings
    return procedure


# ---------------------------------------------------------------------------------------- dichvucong (87 file)

_DVC_CODE_KEYS = ("Mã thủ tục", "ma_thu_tuc", "Mã số", "tthc_code", "code")
_DVC_KEYS = ("title", "Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ", "Cơ quan thực hiện")
_LABELLED_CODE = re.compile(r"Mã (?:thủ tục|TTHC|số)\s*:?\s*(\d+\.\d{6}(?:\.[A-Za-z0-9]+)?)\b")


def _dvc_code(obj: dict) -> str:
    for key in _DVC_CODE_KEYS:
        if key in obj and obj[key] is not None:
            code = clean_inline(_text(obj, key))
            if code:
                return code
    for key in ("title", "Trình tự thực hiện"):  # a code written with its label, e.g. "Mã thủ tục: 1.000771"
        value = obj.get(key)
        if isinstance(value, str) and (m := _LABELLED_CODE.search(unicodedata.normalize("NFC", value))):
            return m.group(1)
    return ""


def _dvc_list(obj: dict, key: str) -> list[dict]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"field {key!r} must be a list of objects, got {type(value).__name__}")
    for item in value:
        for inner_key, inner in item.items():
            if inner is not None and not isinstance(inner, str):
                raise RecordError(f"field {key!r}: {inner_key!r} must be text, got {type(inner).__name__}")
    return value


def parse_dichvucong_record(obj: dict) -> ParsedProcedure:
    """One record of the structured dichvucong export (Vietnamese keys) -> ParsedProcedure.

    These records usually carry no procedure code: unless one is given under a code key ("Mã thủ tục", "ma_thu_tuc")
    or written with its label in the text ("Mã thủ tục: 1.000771"), tthc_code is "" and the importer matches the
    procedure by its name.
    """
    if not isinstance(obj, dict):
        raise RecordError(f"a record must be a JSON object, got {type(obj).__name__}")
    name = _required(obj, "title", "procedure name")
    code = _dvc_code(obj)  # often absent in this export: the importer then matches the procedure by name
    try:
        steps_text = _text(obj, "Trình tự thực hiện")
        agency = _text(obj, "Cơ quan thực hiện")
        raw_channels = _dvc_list(obj, "Cách thức thực hiện")
        raw_components = _dvc_list(obj, "Thành phần hồ sơ")
    except RecordError as exc:
        raise RecordError(f"{code}: {exc}") from None
    notes = _Notes()
    if code:
        _check_code(code, notes)
    else:
        notes.warn("code.missing", "no procedure code in the record: matched by name on import")
    channels_raw = json.dumps(raw_channels, ensure_ascii=False)
    channels = []
    for item in raw_channels:
        label = clean_inline(item.get("Hình thức nộp") or "")
        if label not in CHANNEL_LABELS:
            notes.warn("channels.unknown_label", f"unknown channel {label!r}", section="channels", raw=channels_raw)
        time_limit = clean_inline(_strip_html(item.get("Thời hạn giải quyết") or ""))
        fee = clean_inline(re.sub(r"Xem chi tiết", " ", item.get("Phí, lệ phí") or ""))
        fee_vnd = _dichvucong_fee(fee, label or "?", notes)
        description = clean_block(_strip_html(item.get("Mô tả") or ""))
        ch = _channel(label, time_limit, fee, fee_vnd, description)
        _check_channel(ch, notes, channels_raw)
        channels.append(ch)
    components = []
    for item in raw_components:
        form = clean_inline(item.get("Mẫu đơn, tờ khai") or "")
        if form.endswith("ma="):  # the portal's download link without a file
            form = ""
        components.append(
            {
                "group": "",
                "name": clean_inline(_strip_html(item.get("Tên giấy tờ") or "")),
                "form": form,
                "copies": clean_inline(item.get("Số lượng - bản chính") or ""),
            }
        )
    procedure = ParsedProcedure(
        tthc_code=code,
        name=name,
        implementing_agency=_value(agency),
        steps=_parse_steps(_strip_html(steps_text)),
        channels=channels,
        dossier_components=components,
    )
    procedure.raw = notes.raw
    procedure.warnings = notes.warnings
    return procedure


def parse_any(obj: dict) -> ParsedProcedure:
    """Parse a record of either format, chosen by its keys."""
    if not isinstance(obj, dict):
        raise RecordError(f"a record must be a JSON object, got {type(obj).__name__}")
    if "ma_thu_tuc" in obj or "ten_thu_tuc" in obj:
        return parse_national_record(obj)
    if any(key in obj for key in _DVC_KEYS):
        return parse_dichvucong_record(obj)
    raise RecordError(f"unknown record format (keys: {', '.join(sorted(map(str, obj))[:8])})")
