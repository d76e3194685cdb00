"""Build small Word files for the importer tests: procedures of known content, and hostile containers."""

import io
import zipfile

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

DOCUMENT_XML = "word/document.xml"


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fill_table(table, rows):
    """Write ``rows`` (lists of str, or of lists of str for several paragraphs) into a python-docx table."""
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            cell = table.cell(r, c)
            lines = value if isinstance(value, list) else [value]
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    return table


def add_table(container, rows, width=None):
    """A table holding ``rows`` in the body (``container`` a Document) or a header (``width`` needed)."""
    n_cols = max(len(r) for r in rows)
    if width is None:
        table = container.add_table(rows=len(rows), cols=n_cols)
    else:
        table = container.add_table(rows=len(rows), cols=n_cols, width=width)
    return fill_table(table, rows)


def header_rows(code="QT 05/CX-HCTP", title="Đăng ký nhận cha, mẹ, con", edition="02", issued="15/3/2024"):
    """The usual 3-row header table: agency | QUY TRÌNH + title | code / edition / date (merged later)."""
    return [
        ["UBND XÃ AN BÌNH", "QUY TRÌNH", f"Mã hiệu: {code}"],
        [None, title, f"Lần ban hành: {edition}"],
        [None, None, f"Ngày ban hành: {issued}"],
    ]


def merge_header(table):
    """Merge the agency column and the title cell the way real header tables do."""
    table.cell(0, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    return table


APPROVALS = [
    ["Trách nhiệm", "Soạn thảo", "Xem xét", "Phê duyệt"],
    ["Họ tên", "Lê Văn An", "Trần Thị Bình", "Phạm Quốc Cường"],
    ["Chữ ký", "", "", ""],
    ["Chức vụ", "Công chức", "Phó Chủ tịch", "Chủ tịch UBND xã"],
]

STEPS = [
    ["TT", "Trình tự các bước công việc", "Trách nhiệm", "Thời gian không xác minh", "Thời gian có xác minh"],
    ["1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "½ ngày", "01 ngày"],
    ["2", "Thẩm tra hồ sơ", "Công chức Tư pháp - Hộ tịch", "01 ngày", "05 ngày"],
    ["3", "Ký duyệt", "Lãnh đạo UBND", "½ ngày", "01 ngày"],
]

RECORDS = [
    ["STT", "Tên hồ sơ", "Nơi lưu/người lưu", "Thời gian lưu trữ"],
    ["01", "Bộ hồ sơ theo mục 5.a", "Công chức Tư pháp - Hộ tịch", "Vĩnh viễn"],
    ["02", "Sổ theo dõi hồ sơ", "Bộ phận một cửa", "05 năm"],
]


def procedure(header_in_page_header=False, approvals=APPROVALS, steps=STEPS, records=RECORDS, **header):
    """A complete small procedure; its header table in the body, or in the page header."""
    document = docx.Document()
    if header_in_page_header:
        page_header = document.sections[0].header
        merge_header(add_table(page_header, header_rows(**header), width=document.sections[0].page_width))
    else:
        merge_header(add_table(document, header_rows(**header)))
    add_table(document, approvals)
    for heading, lines in (
        ("1. MỤC ĐÍCH", ["Quy định trình tự đăng ký nhận cha, mẹ, con."]),
        ("2. PHẠM VI", ["Áp dụng tại UBND xã."]),
        ("3. TÀI LIỆU VIỆN DẪN", ["- Tiêu chuẩn TCVN ISO 9001:2015", "- Luật Hộ tịch năm 2014"]),
        ("4. ĐỊNH NGHĨA/VIẾT TẮT", ["UBND\t:\tỦy ban nhân dân"]),
        ("5. NỘI DUNG QUY TRÌNH", []),
        ("a. Thành phần, số lượng hồ sơ:", ["- Tờ khai đăng ký nhận cha, mẹ, con (BM.01)", "Số lượng hồ sơ: 01 bộ"]),
        ("b. Thời hạn giải quyết: 03 ngày làm việc.", []),
        ("c. Cơ quan thực hiện: UBND cấp xã.", []),
        ("d. Phí, lệ phí: Miễn lệ phí.", []),
        ("đ. Căn cứ pháp lý:", ["- Luật Hộ tịch năm 2014;", "- Nghị định số 123/2015/NĐ-CP;"]),
        ("e. Quy trình các bước xử lý công việc:", []),
    ):
        document.add_paragraph(heading)
        for line in lines:
            document.add_paragraph(line)
    if steps:
        add_table(document, steps)
    document.add_paragraph("6. BIỂU MẪU")
    document.add_paragraph("- BM.01: Tờ khai đăng ký nhận cha, mẹ, con")
    document.add_paragraph("- BM.02 - Sổ theo dõi hồ sơ")
    document.add_paragraph("7. HỒ SƠ CẦN LƯU")
    if records:
        add_table(document, records)
    return document


def replace_part(data: bytes, name: str, payload: bytes | None, extra: dict | None = None) -> bytes:
    """A copy of the zip ``data`` with part ``name`` replaced (or dropped when ``payload`` is None), plus ``extra``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == name:
                if payload is not None:
                    dst.writestr(name, payload)
            else:
                dst.writestr(info, src.read(info))
        for extra_name, extra_payload in (extra or {}).items():
            dst.writestr(extra_name, extra_payload)
    return out.getvalue()


def read_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def raw_paragraph(document, inner_xml: str):
    """Append a paragraph written as raw WordprocessingML (tracked changes, fonts...)."""
    paragraph = parse_xml(f"<w:p {nsdecls('w')}>{inner_xml}</w:p>")
    document.element.body.insert(len(document.element.body) - 1, paragraph)
    return paragraph
