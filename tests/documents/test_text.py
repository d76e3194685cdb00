import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from documents.text import clean_text, fold, short_title, vietnamese_slug


def test_fold_strips_every_mark_and_maps_d():
    assert fold("Đăng ký hộ tịch") == "Dang ky ho tich"
    assert fold("đường thủy nội địa") == "duong thuy noi dia"
    assert fold("Hòa giải") == fold("Hoà giải") == "Hoa giai"


def test_fold_is_the_same_for_nfc_and_nfd():
    text = "Xác nhận tình trạng hôn nhân"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_clean_text_folds_whitespace_and_normalises():
    assert clean_text("  Đăng\u00a0ký \n khai   sinh ") == "Đăng ký khai sinh"
    assert clean_text(unicodedata.normalize("NFD", "hộ tịch")) == "hộ tịch"


def test_vietnamese_slug_keeps_d():
    assert vietnamese_slug("1.000893 Đăng ký khai sinh") == "1000893-dang-ky-khai-sinh"


def test_short_title_cuts_at_a_word_with_an_ellipsis():
    long = "Thủ tục " * 60
    cut = short_title(long)
    assert len(cut) <= 255
    assert cut.endswith("…")
    assert not cut[:-1].endswith(" ")
    assert short_title("Ngắn gọn") == "Ngắn gọn"
