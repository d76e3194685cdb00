"""Write the default one-stop form templates (.docx with docxtpl placeholders).

Run ``python -m records.word_templates.build`` to regenerate them. Officers replace any of them by
uploading their own Word file as a form template (documents.FormTemplate) with the same code
(TTHC-01 … TTHC-07); the placeholders available are listed in records/services/slips.py.
"""

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

COMMON_TOP = [
    ("{{ agency_parent }}", False),
    ("{{ agency_name }}", True),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", True),
]

APPLICANT = [
    "Số biên nhận: {{ receipt_number }}",
    "Người nộp hồ sơ: {{ applicant_name }}",
    "Địa chỉ: {{ applicant_address }}    Liên hệ: {{ applicant_contact }}",
    "Thủ tục: {{ procedure_name }} (mã {{ tthc_code }})",
    "Tiếp nhận lúc: {{ received_at }}",
]

SLIPS = {
    "receipt": (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        [
            *APPLICANT,
            "Hình thức nộp: {{ channel }}",
            "Thời hạn giải quyết: {{ statutory_days }} ngày làm việc",
            "Ngày hẹn trả kết quả: {{ due_on }}",
            "Mã tra cứu (giữ bí mật): {{ secret }}",
            "Tra cứu tình trạng hồ sơ tại: {{ lookup_url }}",
            "Người tiếp nhận: {{ staff_name }}",
        ],
        None,
    ),
    "supplement": (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        [
            *APPLICANT,
            "Nội dung yêu cầu bổ sung: {{ reason }}",
            "Người hướng dẫn: {{ staff_name }}",
            "Ngày: {{ today }}",
        ],
        None,
    ),
    "refusal": (
        "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
        [*APPLICANT, "Lý do từ chối: {{ reason }}", "Người lập phiếu: {{ staff_name }}", "Ngày: {{ today }}"],
        None,
    ),
    "apology": (
        "VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        [
            *APPLICANT,
            "Ngày hẹn trả ban đầu: {{ due_on }}",
            "Lý do chậm: {{ reason }}",
            "{{ agency_name }} xin lỗi ông/bà vì sự chậm trễ và hẹn trả kết quả vào ngày {{ new_due_on }}.",
            "Ngày: {{ today }}",
        ],
        None,
    ),
    "stop": (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        [*APPLICANT, "Lý do dừng giải quyết: {{ reason }}", "Người lập: {{ staff_name }}", "Ngày: {{ today }}"],
        None,
    ),
    "control": (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        [*APPLICANT, "Ngày hẹn trả kết quả: {{ due_on }}", "Kết quả: {{ outcome }}"],
        (
            "events",
            ["Thời điểm", "Việc", "Từ", "Đến", "Người thực hiện", "Ghi chú"],
            ["at", "kind", "from", "to", "by", "note"],
        ),
    ),
    "book": (
        "SỔ THEO DÕI HỒ SƠ",
        ["Từ ngày {{ date_from }} đến ngày {{ date_to }}", "Số hồ sơ: {{ count }}"],
        (
            "rows",
            ["STT", "Số biên nhận", "Người nộp", "Thủ tục", "Tiếp nhận", "Hẹn trả", "Có kết quả", "Trả", "Kết quả"],
            ["n", "receipt_number", "applicant", "procedure", "received", "due", "finished", "returned", "outcome"],
        ),
    ),
}


def _loop_table(document, name, headers, keys):
    table = document.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = f"{{%tr for r in {name} %}}"
    for cell, key in zip(table.rows[2].cells, keys, strict=True):
        cell.text = f"{{{{ r.{key} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"


def build(kind: str) -> Path:
    title, lines, table = SLIPS[kind]
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for text, bold in COMMON_TOP:
        document.add_paragraph().add_run(text).bold = bold
    heading = document.add_paragraph()
    heading.add_run(title).bold = True
    for line in lines:
        document.add_paragraph(line)
    if table:
        _loop_table(document, *table)
    path = HERE / f"{kind}.docx"
    document.save(path)
    return path


if __name__ == "__main__":
    for kind in SLIPS:
        print(build(kind))
