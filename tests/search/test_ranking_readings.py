"""Ranking by query readings, word runs, distinct-word precision and the derived-procedure prior.

Each corpus below holds titles that differ only in what a ranking rule looks at, so a rule that stops
working makes its test fail.
"""

import pytest

from search.models import Synonym
from search.query import parse
from search.ranking import is_derived, longest_run
from search.service import search

from .conftest import build_corpus, codes

pytestmark = pytest.mark.django_db

BUSINESS = [
    ("Đăng ký thành lập hộ kinh doanh", "9.000001", "Thành lập và hoạt động của hộ kinh doanh", {}),
    ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "9.000002", "Thành lập và hoạt động của hộ kinh doanh", {}),
    ("Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "9.000003", "Thành lập và hoạt động của hộ kinh doanh", {}),
    ("Dừng thực hiện thủ tục đăng ký hộ kinh doanh", "9.000004", "Thành lập và hoạt động của hộ kinh doanh", {}),
]
LAND = [
    (
        "Đăng ký biến động quyền sử dụng đất trong các trường hợp chuyển nhượng, thừa kế, tặng cho",
        "9.000011",
        "Đất đai",
        {},
    ),
    ("Cấp giấy chứng nhận quyền sử dụng đất cho tổ chức kinh tế", "9.000012", "Đất đai", {}),
    ("Chứng thực bản sao từ bản chính", "9.000013", "Chứng thực", {}),
    ("Cấp bản sao có chứng thực từ bản chính hợp đồng đã được chứng thực", "9.000014", "Chứng thực", {}),
]


@pytest.fixture
def business(justice_section):
    return build_corpus(justice_section, BUSINESS)


@pytest.fixture
def land(justice_section):
    return build_corpus(justice_section, LAND)


def test_base_procedure_above_derived_ones_when_none_is_asked(business):
    assert codes(search("dang ky ho kinh doanh"))[0] == "9.000001"


def test_derived_procedure_first_when_the_query_names_it(business):
    assert codes(search("cấp lại giấy chứng nhận hộ kinh doanh"))[0] == "9.000003"
    assert codes(search("thay doi noi dung dang ky ho kinh doanh"))[0] == "9.000002"


def test_repeated_words_in_a_title_do_not_count_twice(business):
    # "Đăng ký … đăng ký hộ kinh doanh" repeats the query; the base title explains more of itself.
    ranked = codes(search("đăng ký hộ kinh doanh"))
    assert ranked.index("9.000001") < ranked.index("9.000002")


def test_synonym_alternatives_are_each_a_reading(land):
    Synonym.objects.create(everyday="sang tên đất", official="đăng ký biến động; chuyển nhượng quyền sử dụng đất")
    assert codes(search("sang tên đất"))[0] == "9.000011"


def test_longer_run_of_query_words_ranks_first(land):
    assert codes(search("chứng thực bản sao"))[0] == "9.000013"


def test_correction_is_a_reading_of_its_own(land):
    response = search("chứng thực bản xao")
    assert codes(response)[0] == "9.000013"
    assert response.did_you_mean == "chung thuc ban sao"


def test_readings_cover_every_alternative_and_typed_words(db):
    Synonym.objects.create(everyday="sổ đỏ", official="giấy chứng nhận quyền sử dụng đất; quyền sử dụng đất")
    parsed = parse("sang tên sổ đỏ", correct=False)
    readings = {" ".join(t.folded for t in r.words) for r in parsed.readings()}
    assert "sang ten so do" in readings
    assert "sang ten giay chung nhan quyen su dung dat" in readings
    assert "sang ten quyen su dung dat" in readings
    first = parsed.readings()[0]
    assert first.factor == 1.0 and [t.folded for t in first.words] == ["sang", "ten", "so", "do"]


def test_derived_titles_are_recognised_at_the_head_or_in_parentheses():
    assert is_derived("Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh")
    assert is_derived("Thủ tục gia hạn giấy phép xây dựng")
    assert is_derived("Đăng ký cấp Giấy chứng nhận đăng ký hành nghề kiểm toán (điều chỉnh)")
    assert not is_derived("Đăng ký thành lập hộ kinh doanh")
    # "sử dụng" folds like "dừng", but titles are compared with their marks.
    assert not is_derived("Cấp giấy chứng nhận quyền sử dụng đất")


def test_longest_run():
    assert longest_run(["chung", "thuc", "ban", "sao"], "chung thuc ban sao tu ban chinh".split()) == 4
    assert longest_run(["chung", "thuc", "ban", "sao"], "cap ban sao co chung thuc".split()) == 2
    assert longest_run(["a"], []) == 0


def test_everyday_words_are_found_through_a_typo(land):
    Synonym.objects.create(everyday="sang tên đất", official="đăng ký biến động; chuyển nhượng quyền sử dụng đất")
    response = search("snag tên đất")
    assert response.did_you_mean == "sang ten dat"
    assert codes(response)[0] == "9.000011"


def test_readings_stay_bounded_with_many_synonyms(db):
    from search.query import MAX_READINGS

    words = ["một", "hai", "ba", "bốn", "năm", "sáu"]
    for word in words:
        Synonym.objects.create(everyday=word, official="; ".join(f"{word} {n}" for n in "abcde"))
    readings = parse(" ".join(words), correct=False).readings()
    assert len(readings) == MAX_READINGS
    assert readings[0].factor == 1.0 and [t.folded for t in readings[0].words] == ["mot", "hai", "ba", "bon", "nam", "sau"]
