"""Ranking on a small fixed corpus: exact above folded, phrase above scattered, every way citizens type."""

import unicodedata

import pytest

from search.models import Synonym
from search.service import search

from .conftest import codes

pytestmark = pytest.mark.django_db


def test_phrase_ranks_above_scattered_words(corpus):
    assert codes(search("đăng ký khai sinh"))[0] == "1.001193"


def test_query_without_diacritics_finds_the_procedure(corpus):
    assert codes(search("dang ky khai sinh"))[0] == "1.001193"
    assert codes(search("xac nhan tinh trang hon nhan"))[0] == "1.004873"


def test_exact_diacritics_rank_above_folded_match(corpus):
    assert codes(search("hòa giải"))[0] == "1.000002"
    assert codes(search("hóa giải"))[0] == "1.000003"


def test_old_tone_placement_and_nfd_input(corpus):
    assert codes(search("hoà giải"))[0] == "1.000002"
    assert codes(search(unicodedata.normalize("NFD", "đăng ký thường trú")))[0] == "1.004222"


def test_full_question_still_matches(corpus):
    response = search("Tôi muốn hỏi đăng ký kết hôn thì cần những giấy tờ gì vậy?")
    assert codes(response)[0] == "1.000894"


def test_seeded_synonyms_map_everyday_words(corpus):
    assert codes(search("xin giấy xác nhận độc thân"))[0] == "1.004873"
    assert codes(search("làm sổ đỏ"))[0] == "1.013978"


def test_officer_added_synonym_takes_effect(corpus):
    assert "1.004222" not in codes(search("nhập khẩu thành phố"))[:1]
    Synonym.objects.create(everyday="nhập khẩu thành phố", official="đăng ký thường trú")
    assert codes(search("nhập khẩu thành phố"))[0] == "1.004222"


def test_one_letter_typo_is_corrected(corpus):
    response = search("dang ky khia sinh")
    assert codes(response)[0] == "1.001193"
    assert response.did_you_mean == "dang ky khai sinh"


def test_regional_spelling_typo_in_a_known_word(corpus):
    response = search("đăng ký thường chú")
    assert codes(response)[0] == "1.004222"
    assert "thuong tru" in response.did_you_mean


def test_national_code_finds_its_procedure(corpus):
    assert codes(search("1.004873"))[0] == "1.004873"
