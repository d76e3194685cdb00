"""The TTHC parser against the real national crawl (2,642 records), the structured 87-record export and bad input.

Pure Python: no database. Expected values below were read by hand from the raw records of
``national-2642.jsonl.gz``; the corpus-wide figures were measured on the same file, change them only on purpose.
"""

import dataclasses
import gzip
import json
import os
import re
import unicodedata
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.tthc.parsing import (
    ParsedProcedure,
    RecordError,
    parse_any,
    parse_dichvucong_record,
    parse_national_record,
    read_records,
)

DATA_DIR = Path(os.environ.get("QMS_SHARED_DATA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data")
NATIONAL = DATA_DIR / "tthc" / "national-2642.jsonl.gz"
DICHVUCONG = DATA_DIR / "tthc" / "dichvucong-87.json"
HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


@pytest.fixture(scope="module")
def national_rows():
    if not NATIONAL.exists():
        pytest.skip(f"shared data not found: {NATIONAL}")
    return list(read_records(NATIONAL))


@pytest.fixture(scope="module")
def national(national_rows):
    """code -> (raw record, ParsedProcedure), every record parsed once for the whole module."""
    return {obj["ma_thu_tuc"]: (obj, parse_national_record(obj)) for _, obj in national_rows}


@pytest.fixture(scope="module")
def dichvucong():
    if not DICHVUCONG.exists():
        pytest.skip(f"shared data not found: {DICHVUCONG}")
    return list(read_records(DICHVUCONG))


def record(**fields):
    """A minimal national record; keyword arguments override or add fields."""
    base = {"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Thủ tục thử", "cap_thuc_hien": "Cấp xã"}
    base.update(fields)
    return base


def kinds(procedure: ParsedProcedure) -> Counter:
    return Counter(re.match(r"\[([^\]]+)\]", w).group(1) for w in procedure.warnings)


# ----------------------------------------------------------------------------------------------- the whole corpus


def test_every_national_record_parses(national_rows, national):
    assert len(national_rows) == 2642
    assert not [row for row in national_rows if isinstance(row[1], RecordError)]
    assert [n for n, _ in national_rows] == list(range(1, 2643))  # 1-based line numbers
    assert len(national) == 2642  # codes are unique


def test_corpus_figures(national):
    parsed = [p for _, p in national.values()]
    assert sum(1 for p in parsed if p.channels) == 2642
    assert sum(len(p.channels) for p in parsed) == 7120
    assert sum(1 for p in parsed if p.channels_structured) == 1482
    assert sum(1 for p in parsed if p.dossier_components) == 2594
    assert sum(len(p.dossier_components) for p in parsed) == 14462
    assert sum(1 for p in parsed if p.legal_bases) == 2566
    assert sum(1 for p in parsed if p.results) == 2627
    assert all(p.steps for p in parsed)
    assert Counter(ch["channel"] for p in parsed for ch in p.channels) == {"direct": 2615, "post": 2297, "online": 2208}
    assert Counter(lv for p in parsed for lv in p.levels)["ministry"] == 1413
    all_kinds = sum((kinds(p) for p in parsed), Counter())
    assert all_kinds["channels.time_fee_glued"] == 104
    assert all_kinds["channels.fee_implausible"] == 87
    assert all_kinds["dossier.no_table"] == 25


def test_every_text_is_nfc_and_tidy(national):
    def walk(value, where):
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value), where
            assert "  " not in value and value == value.strip(), where
            assert not re.search("[\t\r\u00a0\u00ad\u200b]", value), where
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for inner in value:
                walk(inner, where)

    for code, (obj, parsed) in national.items():
        walk({f.name: getattr(parsed, f.name) for f in dataclasses.fields(parsed) if f.name != "raw"}, code)
        assert parsed.name == " ".join(unicodedata.normalize("NFC", obj["ten_thu_tuc"]).split())  # never cut


def test_channel_values_are_consistent(national):
    for _, parsed in national.values():
        for ch in parsed.channels:
            assert ch["channel"] in {"direct", "online", "post"}
            assert ch["time_unit"] in {"working_day", "day", "hour", "month", "year", None}
            if ch["time_unit"] is not None:
                assert isinstance(ch["time_value"], Decimal) and ch["time_limit"]
            if ch["fee_vnd"] is not None:
                assert ch["fee_vnd"] == 0 or ch["fee_vnd"] >= 1000
        if parsed.channels_structured:
            assert all(ch["time_unit"] for ch in parsed.channels)


# ------------------------------------------------------------------------------------ records checked by hand


def test_complaint_procedure_1_000178(national):
    _, p = national["1.000178"]
    assert p.tthc_code == "1.000178"
    assert p.name == (
        "Giải quyết khiếu nại về quyết định hành chính, hành vi hành chính của công dân đối với lực lượng Công an "
        "nhân dân (thực hiện tại cấp Trung ương)"
    )
    assert (p.decision_number, p.level, p.levels) == ("QĐ/0001-BCA", "Cấp bộ", ["ministry"])
    assert (p.field, p.competent_authority, p.implementing_agency) == (
        "Khiếu nại, tố cáo",
        "Bộ Công an",
        "Thanh tra Bộ",
    )
    assert p.source_url == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-4fc1-768b-9ba3-94be4bca58ee"
    assert [s["title"] for s in p.steps][0] == "Bước 1: Thụ lý giải quyết khiếu nại"
    assert len(p.steps) == 5 and p.steps[4]["title"] == "Bước 5: Ra quyết định giải quyết khiếu nại"
    assert p.steps[0]["detail"].startswith("Nếu khiếu nại thuộc thẩm quyền giải quyết của Bộ Công an")
    assert [(c["channel"], c["time_value"], c["time_unit"], c["fee"], c["fee_vnd"]) for c in p.channels] == [
        ("post", Decimal(60), "working_day", "Không có thông tin", None),
        ("direct", Decimal(60), "working_day", "Không có thông tin", None),
    ]
    assert p.channels[0]["description"].startswith("Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày")
    assert not p.channels_structured
    assert len(p.dossier_components) == 8
    assert p.dossier_components[0] == {
        "group": "",
        "name": "Tài liệu, chứng cứ do các bên cung cấp",
        "form": "",
        "copies": "1 bản chính",
    }
    assert p.dossier_components[-1]["name"] == "Đơn khiếu nại hoặc bản ghi nội dung khiếu nại"
    assert [b["number"] for b in p.legal_bases] == ["68/2013/TT-BCA", "02/2011/QH13", "11/2015/TT-BCA", "05/2012/NĐ-CP"]
    assert p.legal_bases[1]["title"] == "Luật Khiếu nại năm 2011"  # a double space in the source
    assert p.legal_bases[3] == {
        "title": "Nghị định 05/2012/NĐ-CP",
        "number": "05/2012/NĐ-CP",
        "issued": None,
        "issuer": "Chính phủ",
    }
    assert p.results == [{"name": "Quyết định giải quyết khiếu nại lần 1, lần 2", "code": "KQ.G01.00262"}]
    assert p.conditions.startswith("Đảm bảo đúng quy định tại Điều 2, Điều 8 và Điều 11 Luật khiếu nại")
    assert p.conditions.endswith("+ Việc khiếu nại chưa được toà án thụ lý để giải quyết.")
    assert p.raw == {} and kinds(p) == {"channels.fee_unknown": 2}


def test_nfd_record_1_002549_comes_out_nfc(national):
    obj, p = national["1.002549"]
    assert not unicodedata.is_normalized("NFC", obj["ten_thu_tuc"])
    assert p.name == unicodedata.normalize(
        "NFC",
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y (trừ sản xuất thuốc thú y dạng dược phẩm, vắc xin)",
    )
    assert (p.decision_number, p.levels, p.field) == ("1649/QĐ-BNNMT", ["province"], "Thú y")
    assert [(c["channel"], c["time_limit"], c["fee_vnd"]) for c in p.channels] == [
        ("online", "7 Ngày làm việc", 1025000),
        ("post", "7 Ngày làm việc", 1025000),
        ("direct", "7 Ngày làm việc", 1025000),
    ]
    assert p.channels[0]["description"] == "07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, hợp lệ."
    assert p.channels_structured
    assert [(d["form"], d["copies"]) for d in p.dossier_components] == [
        ("Mẫu số 06.QLT.docx", "1 bản chính,1 bản sao"),
        ("Mẫu số 05.QLT.docx", "1 bản chính,1 bản sao"),
        ("", "1 bản chính,1 bản sao"),
    ]
    assert p.dossier_components[1]["name"] == (
        "Đơn đăng ký theo Mẫu số 05.QLT Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CP;"
    )
    assert [(b["number"], b["issued"], b["issuer"]) for b in p.legal_bases] == [
        ("146/2025/QH15", date(2025, 12, 11), "Quốc hội"),
        ("80/2022/NĐ-CP", None, "Chính phủ"),  # the date in its title belongs to 35/2016/NĐ-CP
        ("101/2020/TT-BTC", date(2020, 11, 23), "Bộ Tài chính"),
        ("79/2015/QH13", None, "Quốc hội"),
    ]
    assert p.legal_bases[3]["title"] == "Luật Thú y"  # "Luật Thú yLuật 79/2015/QH13": the cell prefix goes
    assert [r["code"] for r in p.results] == ["KQ.G10.000237", "KQ.G10.001335"]
    assert p.results[0]["name"] == "Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y"


def test_hours_and_free_fee_1_008615(national):
    _, p = national["1.008615"]
    assert p.levels == ["commune"]
    assert p.channels == [
        {
            "channel": "direct",
            "label": "Trực tiếp",
            "time_limit": "8 Giờ",
            "time_value": Decimal(8),
            "time_unit": "hour",
            "fee": "Miễn phí",
            "fee_vnd": 0,
            "description": "",
        }
    ]
    assert p.channels_structured
    assert [d["copies"] for d in p.dossier_components] == ["1 bản chính", "1 bản chính", "0 bản chính,1 bản sao"]
    assert p.dossier_components[1]["name"] == "- Sổ ATA do VCCI cấp theo mẫu; ."
    assert p.legal_bases[0]["number"] == "64/2020/NĐ-CP"
    assert p.legal_bases[0]["issued"] == date(2020, 6, 10)
    assert p.results == [{"name": "Xác nhận hàng hóa tạm xuất trên sổ ATA", "code": "KQ.G12.000385"}]
    assert p.warnings == []


def test_amount_in_dong_and_glued_form_1_003026(national):
    _, p = national["1.003026"]
    assert [(c["channel"], c["time_value"], c["time_unit"], c["fee_vnd"]) for c in p.channels] == [
        ("online", Decimal(28), "working_day", 18_000_000),
        ("post", Decimal(28), "working_day", 18_000_000),
        ("direct", Decimal(28), "working_day", 18_000_000),
    ]
    assert p.channels[0]["fee"] == (
        "18,000,000 VNĐ(Phí thẩm định tiêu chuẩn và điều kiện sản xuất thuốc thú y, thuốc thú y thủy sản "
        "(cơ sở đăng ký GMP))"
    )
    assert p.channels_structured
    assert len(p.dossier_components) == 8
    fifth = p.dossier_components[4]
    assert fifth["name"] == (
        "Đơn gia hạn kiểm tra GMP theo Mẫu số 01.QLT Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CP"
    )
    assert fifth["form"] == "Mẫu số 01.QLT. Gia Hạn.dox.docx"
    assert fifth["copies"] == "1 bản chính,1 bản sao"
    assert [b["number"] for b in p.legal_bases] == [
        "80/2022/NĐ-CP",
        "146/2025/QH15",
        "79/2015/QH13",
        "123/2018/NĐ-CP",
        "101/2020/TT-BTC",
    ]
    assert [r["code"] for r in p.results] == ["KQ.G10.000211", "KQ.G10.001334"]


def test_fee_in_thousands_is_not_trusted_1_002010(national):
    _, p = national["1.002010"]
    assert all(c["time_limit"] == "7 Ngày làm việc" and c["time_unit"] == "working_day" for c in p.channels)
    assert [c["fee_vnd"] for c in p.channels] == [None, None, None]  # "50 VNĐ" with a note of 25.000 đồng
    assert p.channels[0]["fee"].startswith("50 VNĐ((áp dụng mức phí 25.000 đồng/hồ sơ")
    assert kinds(p)["channels.fee_implausible"] == 3 and "channels" in p.raw
    assert p.dossier_components == [
        {"group": "", "name": "Dự thảo Điều lệ của công ty luật", "form": "", "copies": "1 bản chính"},
        {
            "group": "",
            "name": "Giấy tờ chứng minh về trụ sở của tổ chức hành nghề luật sư.",
            "form": "",
            "copies": "0 bản chính,1 bản sao",
        },
        {
            "group": "",
            "name": "Giấy đề nghị đăng ký hoạt động theo mẫu thống nhất",
            "form": "Mẫu TP-LS-02-sđ.docx",
            "copies": "1 bản chính",
        },
    ]
    assert [b["number"] for b in p.legal_bases][:4] == [
        "64/2025/TT-BTC",
        "47/2019/TT-BTC",
        "08/2025/TT-BTP",
        "65/2006/QH11",
    ]
    assert p.legal_bases[2]["issued"] == date(2025, 6, 12)
    assert [r["code"] for r in p.results] == ["KQ.G15.000168", "KQ.G15.000329"]


def test_groups_and_two_results_1_003072(national):
    _, p = national["1.003072"]
    assert [(c["time_value"], c["fee_vnd"]) for c in p.channels] == [(Decimal(21), 0)] * 3
    groups = list(dict.fromkeys(d["group"] for d in p.dossier_components))
    assert len(groups) == 3
    assert groups[0].startswith("* Hồ sơ đề nghị chấp thuận mua bán, chuyển nhượng phần vốn góp cho bên mua")
    assert groups[2].endswith("là chủ sở hữu mới gồm:")
    assert p.dossier_components[0]["name"].startswith("a) Văn bản đề nghị, trong đó tối thiểu bao gồm các nội dung")
    assert p.results == [
        {"name": "Văn bản chấp thuận mua bán, chuyển nhượng phần vốn góp", "code": "KQ.G19.000096"},
        {"name": "văn bản từ chối", "code": "KQ.G19.000560"},
    ]
    assert [b["number"] for b in p.legal_bases] == ["32/2024/QH15", "49/2025/TT-NHNN", "11/2026/TT-NHNN"]
    assert p.legal_bases[0]["title"] == "Luật Các tổ chức tín dụng"  # "...dụngLuật số 32/2024/QH15"


def test_unbalanced_fee_note_and_caps_title_1_004289(national):
    _, p = national["1.004289"]
    assert [(c["channel"], c["time_limit"], c["time_unit"]) for c in p.channels] == [
        ("post", "25 Ngày", "day"),
        ("direct", "25 Ngày", "day"),
    ]
    assert p.channels[0]["description"] == "25 ngày, kể từ ngày nhận được hồ sơ hợp lệ"
    assert p.channels[0]["fee_vnd"] is None  # 1,700,000 VNĐ, but the note also names "Phí: 600,000"
    assert {"channels.fee_note_unbalanced", "channels.fee_note_other_amount"} <= set(kinds(p))
    assert p.dossier_components[-1]["form"] == "1.004289.docx"
    assert p.legal_bases[1]["number"] == "28/2023/TT-BGTVT"  # glued to "LUẬT HÀNG KHÔNG..."
    assert p.legal_bases[2] == {
        "title": "LUẬT HÀNG KHÔNG DÂN DỤNG VIỆT NAM",
        "number": "66/2006/QH11",
        "issued": None,
        "issuer": "Quốc hội",
    }
    assert p.results == [{"name": "Giấy phép, năng định người lái tàu bay", "code": "000.00.00.G04-KQ0345"}]


def test_time_and_fee_run_together_1_000014(national):
    obj, p = national["1.000014"]
    assert (
        obj["cach_thuc_thuc_hien"]
        == f"{HEADER}Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 VNĐ(20.000 vnđ /tờ khai)"
    )
    assert [(c["channel"], c["time_limit"], c["time_value"], c["fee"], c["fee_vnd"]) for c in p.channels] == [
        ("online", "", None, "120 VNĐ(20.000 vnđ /tờ khai)", None),
        ("direct", "", None, "120 VNĐ(20.000 vnđ /tờ khai)", None),
    ]
    assert kinds(p)["channels.time_fee_glued"] == 2
    assert p.raw["channels"] == obj["cach_thuc_thuc_hien"]


def test_foreign_currency_fees_1_003358(national):
    _, p = national["1.003358"]
    assert len(p.channels) == 9  # each channel three times: cards of 2, 5 and 10 years
    assert p.channels[0]["fee"] == "145 USD(Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.)"
    assert p.channels[0]["fee_vnd"] is None and p.channels[0]["time_unit"] == "working_day"
    assert p.channels[2]["fee"].startswith("155 VNĐ(")  # the portal says VNĐ but the note says USD
    assert kinds(p)["channels.fee_implausible"] == 3
    assert not p.channels_structured


def test_free_text_time_1_009824(national):
    _, p = national["1.009824"]
    assert [c["channel"] for c in p.channels] == ["direct", "online", "post"]
    first = p.channels[0]
    assert first["time_limit"] == (
        "Hệ thống giải quyết thủ tục hành chính ngành Thuế thực hiện phản hồi tự động thông qua phương thức điện tử."
    )
    assert first["time_value"] is None and first["fee"] == "Không có thông tin"
    assert first["description"] == "Tại Trung tâm phục vụ hành chính công cấp tỉnh, xã"


def test_legal_basis_details(national):
    _, p = national["1.012518"]
    assert p.legal_bases == [
        {
            "title": "Nghị định quy định về thanh toán không dùng tiền mặt",
            "number": "52/2024/NĐ-CP",
            "issued": None,
            "issuer": "Chính phủ",
        }
    ]
    _, p = national["1.014976"]
    numbers = [(b["number"], b["issued"]) for b in p.legal_bases]
    assert ("19/2021/TT-BTC", date(2021, 3, 18)) in numbers
    assert ("68/2026/NĐ-CP", date(2026, 3, 5)) in numbers
    assert ("18/2026/TT-BTC", date(2026, 3, 5)) in numbers
    assert numbers[-1] == ("118/2025/NĐ-CP", None)
    _, p = national["1.007887"]
    assert [b["number"] for b in p.legal_bases][5:7] == ["73-CP", "119/2014/TT-BTC"]
    assert p.legal_bases[8]["issuer"] == "Thủ tướng Chính phủ"  # 10/2018/QĐ-TTg


# ------------------------------------------------------------------------------------------ the structured export


def test_dichvucong_records_without_a_code_parse_with_a_warning(dichvucong):
    """The export carries no procedure codes: the importer matches these records by name."""
    assert len(dichvucong) == 87
    parsed = [parse_any(obj) for _, obj in dichvucong]
    assert all(p.tthc_code == "" for p in parsed)
    assert all(any(w.startswith("[code.missing]") for w in p.warnings) for p in parsed)
    assert parsed[0].name == "Đăng ký thường trú"


def test_dichvucong_record_with_a_code(dichvucong):
    obj = dict(dichvucong[0][1], **{"Mã thủ tục": " 1.001234 "})
    p = parse_dichvucong_record(obj)
    assert (p.tthc_code, p.name, p.implementing_agency) == ("1.001234", "Đăng ký thường trú", "Công an Xã")
    assert [(c["channel"], c["time_value"], c["time_unit"], c["fee"], c["fee_vnd"]) for c in p.channels] == [
        ("direct", Decimal(7), "working_day", "Phí: Đồng", None),
        ("online", Decimal(7), "working_day", "Phí: Đồng", None),
    ]
    assert p.channels[0]["description"].startswith("- Nộp hồ sơ trực tiếp tại Công an cấp xã.")
    assert p.dossier_components == [
        {
            "group": "",
            "name": "- Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 56/2021/TT-BCA);",
            "form": "https://csdl.dichvucong.gov.vn/web/jsp/download_file.jsp?ma=3fd96e2f8a19e97c",
            "copies": "Bản chính: 1 - Bản sao: 0",
        },
        {
            "group": "",
            "name": "- Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp.",
            "form": "",
            "copies": "Bản chính: 1 - Bản sao: 0",
        },
    ]
    assert [s["title"][:9] for s in p.steps] == ["- Bước 1:", "- Bước 2:", "- Bước 3:", "- Bước 4:", "- Bước 5:"]
    assert all("</p>" not in s["title"] + s["detail"] for s in p.steps)


def test_dichvucong_fees(dichvucong):
    by_fee = {}
    for index, (_, obj) in enumerate(dichvucong):
        p = parse_any(dict(obj, **{"Mã thủ tục": f"9.{index:06d}"}))
        assert p.channels and p.dossier_components
        for ch in p.channels:
            by_fee.setdefault(ch["fee"], ch["fee_vnd"])
    assert by_fee["Lệ phí: 200000 Đồng"] == 200000
    assert by_fee["Lệ phí: 0 Đồng"] == 0
    assert by_fee["Phí: Không Đồng"] == 0
    assert by_fee["Phí: 250.000 Đồng Phí: 500.000 Đồng"] is None  # several amounts
    assert by_fee[""] is None


def test_labelled_code_in_the_title_is_found():
    p = parse_dichvucong_record({"title": "Cấp phép (Mã thủ tục: 2.000123)", "Cách thức thực hiện": []})
    assert p.tthc_code == "2.000123"


# -------------------------------------------------------------------------------------------- hand-made records


def test_channel_table_from_the_brief_is_structured():
    text = f"{HEADER}Trực tuyến5 Ngày làm việc10 USD(/lần)Dịch vụ bưu chính5 Ngày làm việc10 USD(/lần)Trực tiếp5 Ngày làm việc10 USD(/lần)"
    p = parse_national_record(record(cach_thuc_thuc_hien=text))
    assert [(c["channel"], c["label"], c["time_value"], c["fee"], c["fee_vnd"]) for c in p.channels] == [
        ("online", "Trực tuyến", Decimal(5), "10 USD(/lần)", None),
        ("post", "Dịch vụ bưu chính", Decimal(5), "10 USD(/lần)", None),
        ("direct", "Trực tiếp", Decimal(5), "10 USD(/lần)", None),
    ]
    assert p.channels_structured


def test_non_numeric_or_unitless_time_is_not_structured():
    prose = parse_national_record(record(cach_thuc_thuc_hien=f"{HEADER}Trực tiếpTheo quy địnhMiễn phí"))
    assert prose.channels[0]["time_limit"] == "Theo quy định" and prose.channels[0]["time_value"] is None
    assert prose.channels[0]["fee_vnd"] == 0 and not prose.channels_structured
    bare = parse_national_record(record(cach_thuc_thuc_hien=f"{HEADER}Trực tiếp5Miễn phí"))
    assert (bare.channels[0]["time_value"], bare.channels[0]["time_unit"]) == (Decimal(5), None)
    assert not bare.channels_structured and "channels.time_unit_missing" in kinds(bare)
    months = parse_national_record(record(cach_thuc_thuc_hien=f"{HEADER}Trực tiếp3 Tháng0 Đồng"))
    assert (months.channels[0]["time_unit"], months.channels[0]["fee_vnd"]) == ("month", 0)
    assert months.channels_structured
    assert not parse_national_record(record()).channels_structured  # no channel at all


def test_free_fee_with_amounts_in_its_note_is_not_trusted():
    text = f"{HEADER}Trực tiếp5 Ngày làm việcMiễn phí(Phí thẩm định: 50.000 đồng/hồ sơ)"
    p = parse_national_record(record(cach_thuc_thuc_hien=text))
    assert p.channels[0]["fee"] == "Miễn phí(Phí thẩm định: 50.000 đồng/hồ sơ)"
    assert p.channels[0]["fee_vnd"] is None and "channels.fee_free_but_note" in kinds(p)
    for note, expected in [("(Không quy định.)", 0), ("(Không thu lệ phí)", 0), ("(Theo quy định của Luật phí)", None)]:
        text = f"{HEADER}Trực tiếp5 Ngày làm việcMiễn phí{note}"
        assert parse_national_record(record(cach_thuc_thuc_hien=text)).channels[0]["fee_vnd"] == expected, note


def test_placeholders_become_empty():
    p = parse_national_record(
        record(
            yeu_cau_dieu_kien="Không có thông tin",
            co_quan_thuc_hien="Không có thông tin",
            can_cu_phap_ly="Không có thông tin",
            thanh_phan_ho_so="--",
        )
    )
    assert (p.conditions, p.implementing_agency, p.legal_bases, p.dossier_components) == ("", "", [], [])
    for nothing in ("Không", "Không.", "không quy định"):
        assert parse_national_record(record(yeu_cau_dieu_kien=nothing)).conditions == ""
    assert parse_national_record(record(yeu_cau_dieu_kien="Có\n\n  hộ khẩu  ")).conditions == "Có\nhộ khẩu"


def test_steps_without_markers_are_one_item():
    p = parse_national_record(record(trinh_tu_thuc_hien="  Nộp hồ sơ.\n\nNhận kết quả.  "))
    assert p.steps == [{"title": "", "detail": "Nộp hồ sơ.\nNhận kết quả."}]


def test_levels_are_normalised():
    p = parse_national_record(record(cap_thuc_hien="Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác"))
    assert p.levels == ["ministry", "province", "commune", "other"]
    odd = parse_national_record(record(cap_thuc_hien="Cấp huyện"))
    assert odd.levels == ["other"] and "level.unknown" in kinds(odd)


# ----------------------------------------------------------------------------------------------- malformed input


def test_missing_code_blank_name_and_wrong_types():
    with pytest.raises(RecordError, match="missing procedure code"):
        parse_national_record({"ten_thu_tuc": "Tên"})
    with pytest.raises(RecordError, match="blank procedure code"):
        parse_national_record(record(ma_thu_tuc="   "))
    with pytest.raises(RecordError, match=r"1\.000001: blank procedure name"):
        parse_national_record(record(ten_thu_tuc=" \n\t "))
    with pytest.raises(RecordError, match="must be text, got int"):
        parse_national_record(record(ma_thu_tuc=1000771))
    with pytest.raises(RecordError, match="'cach_thuc_thuc_hien' must be text, got list"):
        parse_national_record(record(cach_thuc_thuc_hien=[{"Hình thức nộp": "Trực tiếp"}]))
    with pytest.raises(RecordError, match="must be a list of objects"):
        parse_dichvucong_record({"title": "T", "Mã thủ tục": "1.000001", "Thành phần hồ sơ": "text"})
    with pytest.raises(RecordError, match="JSON object"):
        parse_any(["not", "a", "record"])
    with pytest.raises(RecordError, match="unknown record format"):
        parse_any({"foo": "bar"})
    assert isinstance(RecordError("x"), ValueError)


def test_none_fields_and_unknown_extra_fields_are_accepted():
    p = parse_national_record(record(linh_vuc=None, thanh_phan_ho_so=None, something_new={"nested": [1, 2]}))
    assert p.field == "" and p.dossier_components == []


def test_code_is_stripped_and_unusual_codes_are_flagged():
    assert parse_national_record(record(ma_thu_tuc="  1.000771\n")).tthc_code == "1.000771"
    assert parse_national_record(record(ma_thu_tuc="1.012753.H19")).warnings == []
    assert "code.unusual" in kinds(parse_national_record(record(ma_thu_tuc="TTHC-01")))


def test_nfd_input_comes_out_nfc():
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh  cho trẻ\u00a0em")
    text = unicodedata.normalize("NFD", f"{HEADER}Trực tiếp5 Ngày làm việcMiễn phíNộp tại Ủy ban nhân dân cấp xã")
    p = parse_national_record(record(ten_thu_tuc=nfd, cach_thuc_thuc_hien=text))
    assert p.name == "Đăng ký khai sinh cho trẻ em"
    assert unicodedata.is_normalized("NFC", p.name)
    assert p.channels[0]["time_unit"] == "working_day" and p.channels[0]["fee_vnd"] == 0
    assert p.channels[0]["description"] == "Nộp tại Ủy ban nhân dân cấp xã"


def test_a_long_name_is_kept_whole():
    name = "Thủ tục " + " ".join(f"bước{i} giải quyết hồ sơ" for i in range(40))
    assert len(name) > 255
    assert parse_national_record(record(ten_thu_tuc=name)).name == name


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưyđ AĂÂĐƯ\u0300\u0301\u0303\u0309\u0323\t\n\u00a0", min_size=1, max_size=40))
def test_any_name_comes_out_nfc_and_tidy(name):
    try:
        parsed = parse_national_record(record(ten_thu_tuc=name))
    except RecordError:
        assert not name.split()
        return
    assert unicodedata.is_normalized("NFC", parsed.name)
    assert parsed.name == " ".join(unicodedata.normalize("NFC", name).split())


# --------------------------------------------------------------------------------------------------- reading files


def test_bad_lines_do_not_stop_the_reading(tmp_path):
    path = tmp_path / "records.jsonl"
    lines = [
        json.dumps(record(ma_thu_tuc="1.000001"), ensure_ascii=False),
        "{not json",
        "",
        "[1, 2]",
        json.dumps(record(ma_thu_tuc="1.000002"), ensure_ascii=False),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe broken\n")
    rows = list(read_records(path))
    assert [n for n, _ in rows] == [1, 2, 4, 5, 6]
    assert rows[0][1]["ma_thu_tuc"] == "1.000001" and rows[3][1]["ma_thu_tuc"] == "1.000002"
    assert isinstance(rows[1][1], RecordError) and str(rows[1][1]).startswith("line 2: invalid JSON")
    assert str(rows[2][1]) == "line 4: expected a JSON object, got list"
    assert str(rows[4][1]).startswith("line 6: not valid UTF-8")
    assert [parse_any(obj).tthc_code for _, obj in rows if isinstance(obj, dict)] == ["1.000001", "1.000002"]


def test_gzip_and_json_list_files(tmp_path):
    gz = tmp_path / "records.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(record()) + "\n")
    assert [n for n, _ in read_records(gz)] == [1]
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gz.read_bytes()[:-12])
    last = list(read_records(truncated))[-1][1]
    assert isinstance(last, RecordError) and "truncated or corrupt" in str(last)

    listing = tmp_path / "records.json"
    listing.write_text(json.dumps([record(), "oops", {"title": "T"}]), encoding="utf-8")
    rows = list(read_records(listing))
    assert [n for n, _ in rows] == [0, 1, 2]
    assert str(rows[1][1]) == "item 1: expected a JSON object, got str"
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    ((n, error),) = read_records(broken)
    assert n == 0 and "invalid JSON" in str(error)
