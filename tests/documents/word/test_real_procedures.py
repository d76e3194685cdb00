"""The parser on the 43 real procedures of ../shared/data/iso-procedures, scored like shared/eval/docx_eval.py.

Skipped when the shared folder is not there. Values in the hand-checked tests were read from the
Word files themselves, not from the parser's output.
"""

import functools
import importlib.util
import json
import time
from pathlib import Path

import pytest

from documents.word.procedure_parser import parse_procedure

SHARED = Path(__file__).resolve().parents[4] / "shared"
FOLDER = SHARED / "data" / "iso-procedures"
EVAL_SCRIPT = SHARED / "eval" / "docx_eval.py"

pytestmark = pytest.mark.skipif(not (FOLDER / "expected.jsonl").exists(), reason="shared procedures not available")


def _expected():
    if not (FOLDER / "expected.jsonl").exists():
        return []
    return [json.loads(line) for line in (FOLDER / "expected.jsonl").read_text(encoding="utf-8").splitlines()]


@functools.cache
def _eval_check():
    """``check(got, expected)`` of the shared evaluation script, so the test scores exactly as it does."""
    spec = importlib.util.spec_from_file_location("docx_eval", EVAL_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


DURATIONS: dict[str, float] = {}


@functools.cache
def parsed(name: str) -> dict:
    """Each file is parsed once per test run; the time it took is kept for ``test_all_files_parse_fast``."""
    start = time.perf_counter()
    data = parse_procedure(FOLDER / name)
    DURATIONS[name] = time.perf_counter() - start
    return data


@pytest.mark.parametrize("expected", _expected(), ids=lambda e: e["file"][:40])
def test_fields_match_expected(expected):
    got = parsed(expected["file"])
    wrong = [field for field, ok in _eval_check()(got, expected).items() if not ok]
    assert wrong == [], {f: got.get(f) for f in ("code", "title", "edition", "issued", "approvals", "records")}


def test_all_files_parse_fast():
    for path in sorted(FOLDER.glob("*.docx")):
        parsed(path.name)
    assert len(DURATIONS) == 44
    assert sum(DURATIONS.values()) < 20, DURATIONS  # about 4 s on a quiet laptop-class machine


def test_birth_registration_by_hand():
    data = parsed("01. Đăng ký khai sinh.docx")
    assert data["agency"] == "SỞ TƯ PHÁP"
    assert [a["title"] for a in data["approvals"]] == ["Chuyên viên", "Trưởng phòng", "Phó Giám đốc Sở Tư pháp"]
    assert data["amendments"] == []  # the amendment log is an empty 10-row table
    assert data["purpose"].startswith("Quy định thành phần hồ sơ, lệ phí (nếu có), trình tự")
    assert data["scope"].startswith("Áp dụng đối với các tổ chức, cá nhân có nhu cầu")
    assert data["references"][0] == "Tiêu chuẩn quốc gia TCVN ISO 9001:2015."
    assert data["definitions"][0] == "UBND: Ủy ban nhân dân" and len(data["definitions"]) == 16
    assert data["dossier_quantity"] == "01 bộ"
    assert data["time_limit"].startswith("Ngay trong ngày tiếp nhận yêu cầu, trường hợp nhận hồ sơ sau 15 giờ")
    assert data["place"].startswith("- Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ")
    assert "8.000 đồng" in data["fees"]
    assert data["legal_bases"][:2] == ["Luật Hôn nhân và gia đình năm 2014;", "Luật Hộ tịch năm 2014;"]
    assert data["step_time_headers"] == ["Thời gian (01 ngày làm việc)"]
    steps = data["steps"]
    assert [s["order"] for s in steps] == ["B1", "B2", "B3", "B4", "B5"]
    assert [s["responsible"] for s in steps] == [
        "Cán bộ tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công",
        "Công chức Tư pháp - Hộ tịch",
        "Lãnh đạo UBND",
        "Văn thư UBND",
        "Cán bộ tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công",
    ]
    assert steps[0]["step"].startswith("Tiếp nhận hồ sơ kiểm tra tính pháp lý và nội dung hồ sơ:\n- Phù hợp")
    assert steps[3]["step"] == "Đóng dấu văn bản"
    assert [s["time"] for s in steps] == ["1 ngày", "", "", "", ""]  # one cell merged over all five steps
    assert [f["name"] for f in data["forms"]] == [
        "Mẫu sổ theo dõi hồ sơ",
        "Tờ khai đăng ký khai sinh (nếu nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)",
        "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh (nếu nộp hồ sơ theo hình thức trực tuyến)",
    ]
    assert [(r["name"], r["retention"]) for r in data["records"]] == [
        ("Bộ hồ sơ theo Mục 5.a", "Vĩnh viễn"),
        ("Sổ đăng ký khai sinh", "Vĩnh viễn"),
        ("Kết quả giải quyết thủ tục hành chính: Giấy khai sinh (bản photo)", "Vĩnh viễn"),
    ]
    assert data["records"][0]["keeper"] == "Ủy ban nhân dân cấp xã/Công chức Tư pháp-Hộ tịch"
    assert data["series"] == "Hộ tịch"


def test_late_birth_registration_two_time_columns_by_hand():
    data = parsed("03. Đăng ký lại khai sinh.docx")
    assert data["step_time_headers"] == ["Thời gian không xác minh: 05 ngày làm việc", "Thời gian có xác minh: 25 ngày"]
    assert [(s["order"], s["time"], s["time_alt"]) for s in data["steps"]] == [
        ("B1", "½ ngày", "01 ngày"),
        ("B2", "03 ngày", "22 ngày"),
        ("B3", "½ ngày", "01 ngày"),
        ("B4", "½ ngày", "½ ngày"),
        ("B5", "½ ngày", "½ ngày"),
    ]
    assert data["steps"][1]["responsible"] == "Công chức Tư pháp - Hộ tịch"  # "Tư  pháp" with two spaces in the file


def test_changes_of_civil_status_three_time_columns_by_hand():
    data = parsed("25. Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc.docx")
    assert data["step_time_headers"] == [
        "Thời gian / Thủ tục bổ sung hộ tịch: 01 ngày làm việc",
        "Thời gian / Thủ tục thay đổi, cải chính, xác định lại dân tộc / Trường hợp không xác minh: 03 ngày làm việc",
        "Thời gian / Thủ tục thay đổi, cải chính, xác định lại dân tộc / Trường hợp có xác minh: 06 ngày làm việc",
    ]
    assert [s["times"] for s in data["steps"]] == [
        ["01 ngày", "½ ngày", "01 ngày"],
        ["", "01 ngày", "03 ngày"],
        ["", "½ ngày", "01 ngày"],
        ["", "½ ngày", "½ ngày"],
        ["", "½ ngày", "½ ngày"],
    ]
    assert data["steps"][3]["step"] == "- Đóng dấu"


def test_adoption_title_in_the_quy_trinh_cell_and_name_on_two_lines_by_hand():
    data = parsed("2. Cấp xã - Đăng ký lại việc nuôi con nuôi trong nước.docx")
    assert data["title"] == "Đăng ký lại việc nuôi con nuôi trong nước"
    assert data["issued"] == "2025-07-09"
    assert data["approvals"][1]["name"] == "Nguyễn Thị Phương Thu"  # "Nguyễn Thị" / "Phương Thu" in the cell
    assert [s["order"] for s in data["steps"]] == ["B1", "B2", "B3", "B4", "B5"]  # typed "1." ... " 5."
    assert [s["time"] for s in data["steps"]] == ["½ ngày", "2.5 ngày", "01", "½ ngày", "½ ngày"]
    assert data["steps"][2]["responsible"] == "Lãnh đạo Ủy ban nhân dân cấp xã"
    assert data["time_limit"] == "Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ."
    assert data["series"] == "Nuôi con nuôi"


def test_will_certification_empty_extra_column_by_hand():
    data = parsed("2.Thủ tục chứng thực di chúc.docx")
    assert [(s["responsible"], s["time"]) for s in data["steps"]] == [
        ("Công chức tiếp nhận tại Trung tâm hành chính công cấp xã", "½ ngày"),
        ("Văn phòng HĐND và UBND cấp xã", "01 ngày"),
        ("Lãnh đạo UBND cấp xã", ""),
        ("Văn thư", "½ ngày"),
        ("Công chức tiếp nhận tại Trung tâm hành chính công cấp xã", ""),
    ]
    assert data["records"] == [
        {"name": "Sổ theo dõi hồ sơ", "keeper": "UBND cấp xã/Công chức Tư pháp - Hộ tịch", "retention": "1 năm"}
    ]
    assert data["series"] == "Chứng thực"


def test_same_code_for_three_procedures_of_different_series():
    names = ("02. ĐKKS có yếu tố nước ngoài.docx", "2. Cấp xã - Đăng ký lại việc nuôi con nuôi trong nước.docx")
    names += ("2.Thủ tục chứng thực di chúc.docx",)
    found = [parsed(name) for name in names]
    assert {data["code"] for data in found} == {"QT 02/CX-HCTP"}
    assert [data["series"] for data in found] == ["Hộ tịch", "Nuôi con nuôi", "Chứng thực"]
    assert {data["series_source"] for data in found} == {"inferred"}


def test_a_form_is_not_a_procedure():
    data = parsed("form_dang_ky_khai_sinh.docx")
    assert (data["code"], data["title"], data["steps"], data["records"]) == ("", "", [], [])
    assert any("không giống một quy trình" in w for w in data["warnings"])
