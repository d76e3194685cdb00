"""The parser finds a procedure's parts by structure, wherever and however they are laid out."""

import docx
from docx.shared import Cm

from documents.word.procedure_parser import parse_procedure
from documents.word.textutil import parse_date

from .docx_factory import APPROVALS, add_table, procedure, raw_paragraph, to_bytes


def parse(document) -> dict:
    return parse_procedure(to_bytes(document))


def names_by_role(data):
    return [(a["role"], a["name"]) for a in data["approvals"]]


def test_complete_procedure_in_the_body():
    data = parse(procedure())
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT 05/CX-HCTP",
        "Đăng ký nhận cha, mẹ, con",
        "02",
        "2024-03-15",
    )
    assert data["agency"] == "UBND XÃ AN BÌNH"
    assert names_by_role(data) == [
        ("drafted", "Lê Văn An"),
        ("reviewed", "Trần Thị Bình"),
        ("approved", "Phạm Quốc Cường"),
    ]
    assert data["approvals"][2]["title"] == "Chủ tịch UBND xã"
    assert data["purpose"] == "Quy định trình tự đăng ký nhận cha, mẹ, con."
    assert data["references"] == ["Tiêu chuẩn TCVN ISO 9001:2015", "Luật Hộ tịch năm 2014"]
    assert data["definitions"] == ["UBND: Ủy ban nhân dân"]
    assert data["dossier_components"] == ["Tờ khai đăng ký nhận cha, mẹ, con (BM.01)"]
    assert data["dossier_quantity"] == "01 bộ"
    assert data["time_limit"] == "03 ngày làm việc."
    assert data["place"] == "UBND cấp xã."
    assert data["fees"] == "Miễn lệ phí."
    assert data["legal_bases"] == ["Luật Hộ tịch năm 2014;", "Nghị định số 123/2015/NĐ-CP;"]
    assert data["step_time_headers"] == ["Thời gian không xác minh", "Thời gian có xác minh"]
    assert data["steps"][1] == {
        "order": "B2",
        "step": "Thẩm tra hồ sơ",
        "responsible": "Công chức Tư pháp - Hộ tịch",
        "time": "01 ngày",
        "time_alt": "05 ngày",
    }
    assert data["forms"] == [
        {"code": "BM.01", "name": "Tờ khai đăng ký nhận cha, mẹ, con"},
        {"code": "BM.02", "name": "Sổ theo dõi hồ sơ"},
    ]
    assert [r["retention"] for r in data["records"]] == ["Vĩnh viễn", "05 năm"]
    assert data["records"][1]["keeper"] == "Bộ phận một cửa"
    assert data["warnings"] == []


def test_header_table_in_the_page_header():
    data = parse(procedure(header_in_page_header=True, code="QT 11/CX-HCTP", issued="07/7/2025"))
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT 11/CX-HCTP",
        "Đăng ký nhận cha, mẹ, con",
        "02",
        "2025-07-07",
    )
    assert data["warnings"] == []


def test_header_nested_in_a_layout_table():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Logo"
    inner = outer.cell(0, 1).add_table(rows=3, cols=2)
    for r, (left, right) in enumerate(
        [("QUY TRÌNH", "Mã số: QT.HT-07"), ("CẤP BẢN SAO TRÍCH LỤC", "Phiên bản: 3"), ("", "Ngày ban hành: 1-2-2024")]
    ):
        inner.cell(r, 0).text, inner.cell(r, 1).text = left, right
    data = parse(document)
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT.HT-07",
        "CẤP BẢN SAO TRÍCH LỤC",
        "3",
        "2024-02-01",
    )


def test_header_written_as_paragraphs_with_labels_on_one_line():
    document = docx.Document()
    for line in (
        "ỦY BAN NHÂN DÂN PHƯỜNG 3",
        "QUY TRÌNH",
        "Chứng thực chữ ký",
        "Mã hiệu: QT-CT-02\tLần ban hành: 01\tNgày ban hành: ngày 9 tháng 12 năm 2024",
        "1. MỤC ĐÍCH",
        "Hướng dẫn chứng thực chữ ký.",
    ):
        document.add_paragraph(line)
    data = parse(document)
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT-CT-02",
        "Chứng thực chữ ký",
        "01",
        "2024-12-09",
    )
    assert data["purpose"] == "Hướng dẫn chứng thực chữ ký."


def test_title_split_across_runs_and_lines():
    document = procedure()
    title_cell = document.tables[0].cell(1, 1)
    paragraph = title_cell.paragraphs[0]
    paragraph.text = ""
    for piece in ("Đăng ký ", "nhận cha, ", "mẹ, con"):
        paragraph.add_run(piece).bold = True
    title_cell.add_paragraph("có yếu tố nước ngoài")
    assert parse(document)["title"] == "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài"


def test_value_in_the_cell_next_to_its_label_and_old_style_code():
    document = docx.Document()
    add_table(
        document,
        [
            ["SỞ TƯ PHÁP", "QUY TRÌNH ĐĂNG KÝ KHAI TỬ", "Ký hiệu:", "QT 15/HT"],
            ["", "", "Lần ban hành:", "01"],
            ["", "", "Ngày ban hành:", "31/12/2023"],
        ],
    )
    data = parse(document)
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT 15/HT",
        "ĐĂNG KÝ KHAI TỬ",
        "01",
        "2023-12-31",
    )
    assert data["agency"] == "SỞ TƯ PHÁP"


def test_two_approver_columns_give_two_approved_entries_in_column_order():
    approvals = [
        ["Trách nhiệm", "Soạn thảo", "Xem xét", "Phê duyệt", None],
        ["Họ và tên", "Lê Văn An", ["Trần Thị", "Bình"], "Phạm Quốc Cường", "Ngô Thị Dung"],
        ["Chữ ký", "", "", "(Đã ký)", ""],
        ["Chức vụ", "Công chức", "Phó Chủ tịch", "Chủ tịch", "Phó Chủ tịch"],
    ]
    document = procedure(approvals=approvals)
    table = document.tables[1]
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Phê duyệt"
    data = parse(document)
    assert names_by_role(data) == [
        ("drafted", "Lê Văn An"),
        ("reviewed", "Trần Thị Bình"),
        ("approved", "Phạm Quốc Cường"),
        ("approved", "Ngô Thị Dung"),
    ]
    assert [a["title"] for a in data["approvals"]] == ["Công chức", "Phó Chủ tịch", "Chủ tịch", "Phó Chủ tịch"]


def test_approvals_laid_out_in_rows_and_as_signature_blocks():
    rows = [["", "Họ tên", "Chức vụ"]] + [[row[0], row[1], row[3]] for row in zip(*APPROVALS, strict=True)][1:]
    data = parse(procedure(approvals=rows))
    assert names_by_role(data) == [
        ("drafted", "Lê Văn An"),
        ("reviewed", "Trần Thị Bình"),
        ("approved", "Phạm Quốc Cường"),
    ]

    blocks = [
        ["NGƯỜI SOẠN THẢO", "NGƯỜI KIỂM TRA", "NGƯỜI PHÊ DUYỆT"],
        [["Công chức", "(Đã ký)", "Lê Văn An"], ["PHÓ CHỦ TỊCH", "Trần Thị Bình"], ["CHỦ TỊCH", "Phạm Quốc Cường"]],
    ]
    data = parse(procedure(approvals=blocks))
    assert names_by_role(data) == [
        ("drafted", "Lê Văn An"),
        ("reviewed", "Trần Thị Bình"),
        ("approved", "Phạm Quốc Cường"),
    ]
    assert data["approvals"][1]["title"] == "PHÓ CHỦ TỊCH"


def test_step_table_with_merged_time_repeated_header_and_step_words():
    steps = [
        ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian"],
        ["Bước 1", "Tiếp nhận", "Một cửa", "01 ngày"],
        ["Bước 2", "Thẩm định", "Chuyên viên", None],
        ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian"],  # header repeated after a page break
        ["Bước 3", "Trả kết quả", "Một cửa", "½ ngày"],
    ]
    document = procedure(steps=steps)
    table = document.tables[2]
    table.cell(1, 3).merge(table.cell(2, 3)).text = "01 ngày"
    data = parse(document)
    assert [(s["order"], s["step"], s["responsible"], s["time"]) for s in data["steps"]] == [
        ("B1", "Tiếp nhận", "Một cửa", "01 ngày"),
        ("B2", "Thẩm định", "Chuyên viên", ""),  # the merged time cell belongs to the first step of the group
        ("B3", "Trả kết quả", "Một cửa", "½ ngày"),
    ]
    assert data["step_time_headers"] == ["Thời gian"]


def test_two_level_step_header():
    steps = [
        ["TT", "Trình tự thực hiện", "Trách nhiệm", "Thời gian", None],
        [None, None, None, "Không xác minh", "Có xác minh"],
        ["", "Tiếp nhận", "Một cửa", "½ ngày", "01 ngày"],
        ["", "Giải quyết", "Công chức", "02 ngày", "09 ngày"],
    ]
    document = procedure(steps=steps)
    table = document.tables[2]
    for col in range(3):
        table.cell(0, col).merge(table.cell(1, col))
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Thời gian"
    data = parse(document)
    assert data["step_time_headers"] == ["Thời gian / Không xác minh", "Thời gian / Có xác minh"]
    assert [(s["order"], s["time"], s["time_alt"]) for s in data["steps"]] == [
        ("B1", "½ ngày", "01 ngày"),
        ("B2", "02 ngày", "09 ngày"),
    ]


def test_records_with_numbering_row_and_extra_code_column():
    records = [
        ["TT", "Tên hồ sơ", "Mã hiệu", "Bộ phận lưu", "Thời gian lưu"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Phiếu kiểm soát quá trình", "BM.06", "Một cửa", "Đến khi có thay đổi"],
        ["2", "Sổ theo dõi", "BM.07", "Văn thư", "Lâu dài"],
    ]
    data = parse(procedure(records=records))
    assert data["records"] == [
        {"name": "Phiếu kiểm soát quá trình", "keeper": "Một cửa", "retention": "Đến khi có thay đổi", "code": "BM.06"},
        {"name": "Sổ theo dõi", "keeper": "Văn thư", "retention": "Lâu dài", "code": "BM.07"},
    ]


def test_records_listed_as_text_when_there_is_no_table():
    document = procedure(records=None)
    document.add_paragraph("- Sổ theo dõi hồ sơ: lưu 05 năm tại Bộ phận một cửa")
    document.add_paragraph("- Hồ sơ giải quyết: lưu vĩnh viễn")
    data = parse(document)
    assert [(r["name"][:18], r["retention"]) for r in data["records"]] == [
        ("Sổ theo dõi hồ sơ:", "05 năm"),
        ("Hồ sơ giải quyết: ", "vĩnh viễn"),
    ]


def test_table_of_contents_and_inline_headings():
    document = docx.Document()
    add_table(document, [["UBND", "QUY TRÌNH", "Mã hiệu: QT 01"], ["", "Khai sinh", "Lần ban hành: 01"]])
    for line in ("MỤC LỤC", "1. Mục đích\t3", "2. Phạm vi\t3", "3. Hồ sơ cần lưu\t4"):
        document.add_paragraph(line)
    document.add_paragraph("1. Mục đích: Quy định cách đăng ký khai sinh.")
    document.add_paragraph("2. Phạm vi áp dụng")
    document.add_paragraph("Các xã, phường.")
    data = parse(document)
    assert data["purpose"] == "Quy định cách đăng ký khai sinh."
    assert data["scope"] == "Các xã, phường."
    assert "Không tìm thấy ngày ban hành." in data["warnings"]


def test_tracked_changes_and_invisible_marks():
    document = procedure()
    raw_paragraph(document, "<w:r><w:t>1. MỤC ĐÍCH</w:t></w:r>")
    raw_paragraph(
        document,
        "<w:r><w:t xml:space='preserve'>Quy định </w:t></w:r>"
        "<w:del w:id='1' w:author='x' w:date='2024-01-01T00:00:00Z'><w:r><w:delText>cũ </w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='x' w:date='2024-01-01T00:00:00Z'><w:r><w:t>mới\u200e</w:t></w:r></w:ins>",
    )
    # the first "MỤC ĐÍCH" has content, so it wins; the second is read the same way on its own:
    from documents.word.reader import Reader
    from documents.word.safety import open_docx

    texts = [p.text for p in Reader(open_docx(to_bytes(document))).body if hasattr(p, "text")]
    assert texts[-1] == "Quy định mới\u200e"
    assert parse(document)["purpose"] == "Quy định trình tự đăng ký nhận cha, mẹ, con."


def test_document_without_header_gives_what_it_can_and_warnings():
    document = docx.Document()
    document.add_paragraph("MỤC ĐÍCH")
    document.add_paragraph("Hướng dẫn tiếp nhận hồ sơ.")
    add_table(document, [["STT", "Tên hồ sơ", "Nơi lưu", "Thời gian lưu"], ["1", "Sổ tiếp nhận", "Một cửa", "2 năm"]])
    data = parse(document)
    assert data["purpose"] == "Hướng dẫn tiếp nhận hồ sơ."
    assert data["records"] == [{"name": "Sổ tiếp nhận", "keeper": "Một cửa", "retention": "2 năm"}]
    assert (data["code"], data["title"], data["issued"]) == ("", "", None)
    for field in ("mã hiệu", "tên quy trình", "lần ban hành", "ngày ban hành"):
        assert f"Không tìm thấy {field}." in data["warnings"]
    assert any("phê duyệt" in w for w in data["warnings"])


def test_edition_in_footer_is_used_with_a_warning_and_conflicts_are_reported():
    document = procedure()
    document.tables[0].cell(1, 2).text = ""
    footer = document.sections[0].footer
    add_table(footer, [["Ngày hiệu lực: 01/4/2024", "Trang: 1/9", "Lần ban hành: 3"]], width=Cm(16))
    data = parse(document)
    assert data["edition"] == "3"
    assert data["effective"] == "2024-04-01"
    assert any("chân trang" in w for w in data["warnings"])

    document = procedure()
    add_table(document.sections[0].footer, [["Lần ban hành: 4"]], width=Cm(16))
    data = parse(document)
    assert data["edition"] == "02"
    assert any("(4)" in w and "(02)" in w for w in data["warnings"])


def test_parse_date_variants():
    assert parse_date("Ngày ban hành: 07/7/2025") == "2025-07-07"
    assert parse_date("7-7-25") == "2025-07-07"
    assert parse_date("07.07.2025") == "2025-07-07"
    assert parse_date("ngày 09 tháng 7 năm 2025") == "2025-07-09"
    assert parse_date("Ngay ban hanh: 2025-07-09") == "2025-07-09"
    assert parse_date("31/02/2025") is None
    assert parse_date("") is None


def test_result_is_json_serialisable():
    import json

    data = parse(procedure())
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_title_to_the_right_of_quy_trinh_and_code_without_label():
    document = docx.Document()
    add_table(
        document,
        [
            ["UBND PHƯỜNG 5", "QUY TRÌNH", "Giải quyết khiếu nại lần đầu", "QT.TD-03"],
            ["", "", "Lần ban hành: 01", "Ngày ban hành: 02/01/2025"],
        ],
    )
    data = parse(document)
    assert (data["code"], data["title"], data["agency"]) == (
        "QT.TD-03",
        "Giải quyết khiếu nại lần đầu",
        "UBND PHƯỜNG 5",
    )


def test_amendment_log_and_dossier_table():
    document = procedure()
    amendments = document.tables[1]._tbl  # insert the log after the approval table
    log = add_table(
        document,
        [
            ["STT", "Tóm lược nội dung sửa đổi", "Cơ sở pháp lý", "Lần sửa đổi", "Ngày sửa đổi"],
            ["1", "Cập nhật thời hạn giải quyết", "Nghị định 07/2025/NĐ-CP", "01", "01/3/2025"],
            ["", "", "", "", ""],
        ],
    )
    amendments.addnext(log._tbl)
    dossier = add_table(
        document,
        [
            ["TT", "Tên giấy tờ", "Bản chính", "Bản sao"],
            ["1", "Tờ khai", "01", ""],
            ["2", "Giấy chứng sinh", "01", "01"],
        ],
    )
    [anchor] = [p for p in document.paragraphs if p.text.startswith("a. Thành phần")]
    anchor._p.addnext(dossier._tbl)
    data = parse(document)
    assert data["amendments"] == [
        {
            "number": "01",
            "summary": "Cập nhật thời hạn giải quyết",
            "legal_basis": "Nghị định 07/2025/NĐ-CP",
            "date": "01/3/2025",
        }
    ]
    assert data["dossier_components"][:2] == [
        {"name": "Tờ khai", "copies": "Bản chính: 01"},
        {"name": "Giấy chứng sinh", "copies": "Bản chính: 01; Bản sao: 01"},
    ]


def test_step_table_with_a_caption_row_and_an_order_column_left_empty():
    steps = [
        ["BẢNG TRÌNH TỰ GIẢI QUYẾT", None, None, None],
        ["STT", "Các bước thực hiện", "Người thực hiện", "Thời hạn"],
        ["", "Tiếp nhận", "Một cửa", "4 giờ"],
        ["", "Phê duyệt", "Chủ tịch", "1 ngày"],
    ]
    document = procedure(steps=steps)
    table = document.tables[2]
    table.cell(0, 0).merge(table.cell(0, 3)).text = "BẢNG TRÌNH TỰ GIẢI QUYẾT"
    data = parse(document)
    assert [(s["order"], s["step"], s["responsible"], s["time"]) for s in data["steps"]] == [
        ("B1", "Tiếp nhận", "Một cửa", "4 giờ"),
        ("B2", "Phê duyệt", "Chủ tịch", "1 ngày"),
    ]


def test_layout_of_the_101_model_with_header_in_page_header_and_records_note():
    """The layout of the QĐ 101/QĐ-BKHCN model: numbered 5.x items, "B1" steps, a forms table, a records note."""
    document = docx.Document()
    page_header = document.sections[0].header
    header = add_table(
        page_header,
        [
            ["UBND TỈNH AN GIANG SỞ TƯ PHÁP", ["QUY TRÌNH", "CẤP PHIẾU LÝ LỊCH TƯ PHÁP"], "Mã số: QT.LLTP.01"],
            [None, None, ["Lần ban hành: 02", "Ngày ban hành: 05/01/2024", "Trang: 1/6"]],
        ],
        width=Cm(17),
    )
    header.cell(0, 0).merge(header.cell(1, 0))
    header.cell(0, 1).merge(header.cell(1, 1))
    add_table(
        document,
        [
            ["", "Người soạn thảo", "Người kiểm tra", "Người phê duyệt"],
            ["Họ và tên", "Đỗ Minh Khoa", "Vũ Thị Lan", "Hoàng Văn Mạnh"],
            ["Chữ ký", "", "", ""],
            ["Chức vụ", "Chuyên viên", "Trưởng phòng", "Giám đốc"],
        ],
    )
    for line in (
        "1. MỤC ĐÍCH",
        "Quy định trình tự cấp phiếu lý lịch tư pháp.",
        "2. PHẠM VI ÁP DỤNG",
        "Áp dụng đối với Phòng Hành chính tư pháp.",
        "3. TÀI LIỆU VIỆN DẪN",
        "- Luật Lý lịch tư pháp năm 2009.",
        "4. ĐỊNH NGHĨA, VIẾT TẮT",
        "- LLTP: Lý lịch tư pháp",
        "5. NỘI DUNG QUY TRÌNH",
        "5.1 Cơ sở pháp lý",
        "- Luật Lý lịch tư pháp năm 2009;",
        "5.2 Thành phần hồ sơ",
        "- Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP);",
        "5.3 Số lượng hồ sơ: 01 bộ",
        "5.4 Thời gian xử lý: 10 ngày làm việc",
        "5.5 Nơi tiếp nhận và trả kết quả: Trung tâm Phục vụ hành chính công tỉnh",
        "5.6 Lệ phí: 200.000 đồng/lần/người",
        "5.7 Quy trình xử lý công việc",
    ):
        document.add_paragraph(line)
    add_table(
        document,
        [
            ["TT", "Trình tự", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"],
            ["B1", "Tiếp nhận hồ sơ", "Bộ phận một cửa", "½ ngày", "Giấy tiếp nhận hồ sơ"],
            ["B2", "Tra cứu, xác minh", "Phòng HCTP", "08 ngày", ""],
            ["B3", "Ký phiếu", "Lãnh đạo Sở", "1 ngày", "Phiếu LLTP"],
        ],
    )
    document.add_paragraph("6. BIỂU MẪU")
    add_table(
        document,
        [
            ["TT", "Mã hiệu", "Tên biểu mẫu"],
            ["1", "Mẫu 01", "Giấy tiếp nhận hồ sơ"],
            ["2", "BM.LLTP.02", "Sổ theo dõi"],
        ],
    )
    document.add_paragraph("7. HỒ SƠ CẦN LƯU")
    add_table(document, [["TT", "Hồ sơ lưu"], ["1", "Hồ sơ đề nghị cấp phiếu"], ["2", "Sổ theo dõi"]])
    document.add_paragraph("Hồ sơ được lưu tại Phòng Hành chính tư pháp, thời gian lưu 05 năm.")
    data = parse(document)
    assert (data["code"], data["title"], data["edition"], data["issued"]) == (
        "QT.LLTP.01",
        "CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        "02",
        "2024-01-05",
    )
    assert data["agency"] == "UBND TỈNH AN GIANG SỞ TƯ PHÁP"
    assert names_by_role(data) == [
        ("drafted", "Đỗ Minh Khoa"),
        ("reviewed", "Vũ Thị Lan"),
        ("approved", "Hoàng Văn Mạnh"),
    ]
    assert data["scope"] == "Áp dụng đối với Phòng Hành chính tư pháp."
    assert data["definitions"] == ["LLTP: Lý lịch tư pháp"]
    assert data["legal_bases"] == ["Luật Lý lịch tư pháp năm 2009;"]
    assert data["dossier_quantity"] == "01 bộ"
    assert (data["time_limit"], data["fees"]) == ("10 ngày làm việc", "200.000 đồng/lần/người")
    assert data["place"] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert data["steps"][0] == {
        "order": "B1",
        "step": "Tiếp nhận hồ sơ",
        "responsible": "Bộ phận một cửa",
        "time": "½ ngày",
        "time_alt": "",
        "extra": {"Biểu mẫu/Kết quả": "Giấy tiếp nhận hồ sơ"},
    }
    assert data["forms"] == [
        {"code": "Mẫu 01", "name": "Giấy tiếp nhận hồ sơ"},
        {"code": "BM.LLTP.02", "name": "Sổ theo dõi"},
    ]
    assert data["records"] == [
        {"name": "Hồ sơ đề nghị cấp phiếu", "keeper": "Phòng Hành chính tư pháp", "retention": "05 năm"},
        {"name": "Sổ theo dõi", "keeper": "Phòng Hành chính tư pháp", "retention": "05 năm"},
    ]
    assert data["warnings"] == []


def test_effective_date_stands_in_for_a_missing_issue_date():
    document = docx.Document()
    add_table(document, [["SỞ NỘI VỤ", "QUY TRÌNH", "Mã hiệu: QT-07"], ["", "Tuyển dụng", "Ngày hiệu lực: 3/4/2023"]])
    data = parse(document)
    assert (data["issued"], data["effective"]) == ("2023-04-03", "2023-04-03")
    assert any("ngày hiệu lực" in w for w in data["warnings"])


def test_title_and_labels_in_one_cell():
    document = docx.Document()
    add_table(
        document,
        [
            [
                "PHÒNG TƯ PHÁP",
                ["QUY TRÌNH ĐĂNG KÝ GIÁM HỘ", "Mã hiệu: QT-GH", "Lần ban hành: 01", "Ngày ban hành: 2/1/2024"],
            ]
        ],
    )
    data = parse(document)
    assert (data["code"], data["title"], data["edition"], data["issued"], data["agency"]) == (
        "QT-GH",
        "ĐĂNG KÝ GIÁM HỘ",
        "01",
        "2024-01-02",
        "PHÒNG TƯ PHÁP",
    )
