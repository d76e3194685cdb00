"""Text typed in TCVN3 (.VnTime) and VNI (VNI-Times) fonts comes out as Unicode, with a warning."""

import unicodedata

import docx
import pytest

from documents.word.legacy_encoding import (
    _TCVN3_BYTES,
    TCVN3,
    VNI,
    encoding_for_font,
    guess_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from documents.word.procedure_parser import parse_procedure

from .docx_factory import procedure, to_bytes

_TO_TCVN3 = {char: bytes([byte]).decode("cp1252") for byte, char in _TCVN3_BYTES.items()}


def tcvn3(text: str) -> str | None:
    """``text`` as Word stores it when typed in a .VnTime font; None if TCVN3 cannot write it (toned capitals)."""
    out = []
    for char in text:
        if char in _TO_TCVN3:
            out.append(_TO_TCVN3[char])
        elif ord(char) < 0x80:
            out.append(char)
        else:
            return None
    return "".join(out)


# -- the tables ------------------------------------------------------------------------------------


def test_tcvn3_reference_sentence():
    assert tcvn3_to_unicode("Céng hßa x· héi chñ nghÜa ViÖt Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert tcvn3_to_unicode("M\xadêng Kh\xad¬ng, B¶o Th¾ng") == "Mường Khương, Bảo Thắng"  # ư is byte 0xAD


def test_tcvn3_table_covers_every_lowercase_letter_once():
    toned = [base + tone for base in "aăâeêioôơuưy" for tone in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")]
    expected = {unicodedata.normalize("NFC", letter) for letter in toned} | set("ăâêôơưđ") | set("ĂÂÊÔƠƯĐ")
    assert set(_TCVN3_BYTES.values()) == expected
    assert len(_TCVN3_BYTES) == len(expected) == 74  # 60 toned + 7 plain lowercase letters, 7 capitals
    assert all(0xA1 <= byte <= 0xFE for byte in _TCVN3_BYTES)


def test_tcvn3_capital_fonts_draw_capitals():
    assert tcvn3_to_unicode("céng hßa x· héi chñ nghÜa", uppercase=True) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"


def test_tcvn3_symbol_area_characters_are_read_as_bytes():
    assert tcvn3_to_unicode("\uf043\uf0e9ng") == "Cộng"


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("ngöôøi, Ñöôøng, thöôøng tröïc, Uûy ban nhaân daân", "người, Đường, thường trực, Ủy ban nhân dân"),
        ("aêm, aén, aèn, aún, aün, aën; yù, yø, yû, yõ, î", "ăm, ắn, ằn, ẳn, ẵn, ặn; ý, ỳ, ỷ, ỹ, ỵ"),
        ("í ì æ ó ò; ôù ôø ôû ôõ ôï; öù öø öû öõ öï", "í ì ỉ ĩ ị; ớ ờ ở ỡ ợ; ứ ừ ử ữ ự"),
        ("eâ eá eà eå eã eä; oâ oá oà oå oã oä", "ê ế ề ể ễ ệ; ô ố ồ ổ ỗ ộ"),
    ],
)
def test_vni_samples(vni, unicode):
    assert vni_to_unicode(vni) == unicode


def test_fonts_name_their_encoding():
    assert encoding_for_font(".VnTime") == (TCVN3, False)
    assert encoding_for_font(".VnTimeH") == (TCVN3, True)
    assert encoding_for_font(".VnArial Narrow") == (TCVN3, False)
    assert encoding_for_font("VNI-Times") == (VNI, False)
    assert encoding_for_font("Times New Roman") == (None, False)
    assert encoding_for_font(None) == (None, False)


def test_guessing_needs_enough_evidence():
    assert guess_encoding("Céng hßa x· héi chñ nghÜa ViÖt Nam. " * 3) == TCVN3
    assert guess_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. " * 3) == VNI
    assert guess_encoding("Cộng hòa xã hội chủ nghĩa Việt Nam. " * 3) is None
    assert guess_encoding("Café déjà vu à Paris, naïve façade.") is None


# -- in Word files ---------------------------------------------------------------------------------


def test_runs_in_vntime_font_are_converted_with_a_warning():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Céng hßa x· héi chñ nghÜa ViÖt Nam").font.name = ".VnTime"
    paragraph.add_run(" – Cộng hòa (Unicode run left alone)")
    document.add_paragraph().add_run("®éc lËp").font.name = ".VnTimeH"
    vni = document.add_paragraph()
    vni.add_run("Coäng hoø").font.name = "VNI-Times"
    vni.add_run("a").font.name = "VNI-Times"  # a VNI letter split over two runs
    data = parse_procedure(to_bytes(document))
    assert any("TCVN3" in w for w in data["warnings"])
    assert any("VNI" in w for w in data["warnings"])

    from documents.word.reader import Reader
    from documents.word.safety import open_docx

    texts = [p.text for p in Reader(open_docx(to_bytes(document))).body]
    assert texts == ["Cộng hòa xã hội chủ nghĩa Việt Nam – Cộng hòa (Unicode run left alone)", "ĐỘC LẬP", "Cộng hòa"]


def test_font_inherited_from_the_paragraph_style():
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph("Thñ tôc hµnh chÝnh")
    from documents.word.reader import Reader
    from documents.word.safety import open_docx

    assert Reader(open_docx(to_bytes(document))).body[0].text == "Thủ tục hành chính"


def _encode_document(document, font=".VnTime", lossy=False):
    """Rewrite every run TCVN3 can write as TCVN3 text in ``font``; capitals go to the "H" font.

    ``lossy`` lowercases the toned capitals TCVN3 cannot write, so that no Unicode text is left at all.
    """
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    unique = {id(p._p): p for p in paragraphs}  # python-docx lists a merged cell once per grid column it covers
    for paragraph in unique.values():
        for run in paragraph.runs:
            if lossy and tcvn3(run.text) is None:
                run.text = "".join(ch if tcvn3(ch) is not None else ch.lower() for ch in run.text)
            if run.text.isupper() and tcvn3(run.text.lower()) is not None:
                run.text, run.font.name = tcvn3(run.text.lower()), font + "H"
            elif tcvn3(run.text) is not None:
                run.text, run.font.name = tcvn3(run.text), font


def test_whole_procedure_typed_in_tcvn3_parses_like_unicode():
    unicode_data = parse_procedure(to_bytes(procedure()))
    document = procedure()
    _encode_document(document)
    legacy_bytes = to_bytes(document)
    assert "Mã hiệu".encode() not in legacy_bytes  # the labels really are in TCVN3 now
    legacy_data = parse_procedure(legacy_bytes)
    for name in ("code", "title", "edition", "issued", "approvals", "steps", "records", "purpose", "legal_bases"):
        assert legacy_data[name] == unicode_data[name], name
    assert any("TCVN3" in w and "phông" in w for w in legacy_data["warnings"])


def test_tcvn3_text_whose_font_was_lost_is_guessed():
    document = procedure()
    _encode_document(document, font="Times New Roman", lossy=True)
    document.styles["Normal"].font.name = "Times New Roman"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.name = "Times New Roman"
    data = parse_procedure(to_bytes(document))
    assert data["code"] == "QT 05/CX-HCTP"
    assert data["title"] == "Đăng ký nhận cha, mẹ, con"
    assert any("đoán" in w for w in data["warnings"])


def test_unicode_text_still_tagged_with_a_legacy_font_is_left_alone():
    """Documents converted to Unicode often keep their .VnTime font names: their text must not be "converted"."""
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    for line in ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Cá nhân, tổ chức", "Áp dụng tại UBND xã"):
        document.add_paragraph(line)
    from documents.word.reader import Reader
    from documents.word.safety import open_docx

    reader = Reader(open_docx(to_bytes(document)))
    assert [p.text for p in reader.body] == [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Cá nhân, tổ chức",
        "Áp dụng tại UBND xã",
    ]
    assert not reader.legacy
