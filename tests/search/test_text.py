"""Vietnamese normalisation and tokens: folding, NFC/NFD, old and new tone placement (property tests)."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from documents.text import fold
from search.text import bigrams, canonical_syllable, exact_tokens, fold_token, folded_tokens, normalize

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
LETTERS = VIETNAMESE + VIETNAMESE.upper() + "bcdghklmnpqrstvx"
text = st.text(alphabet=LETTERS + " .,/-0123456789\u0301\u0300", max_size=60)
words = st.text(alphabet=LETTERS, min_size=1, max_size=7)


@given(text)
def test_folding_is_idempotent(value):
    assert fold_token(fold_token(value)) == fold_token(value)


@given(text)
def test_fast_folding_matches_documents_fold(value):
    assert fold_token(value) == fold(value).lower()


@given(text)
def test_nfc_and_nfd_give_the_same_tokens(value):
    nfd = unicodedata.normalize("NFD", value)
    assert exact_tokens(nfd) == exact_tokens(value)
    assert folded_tokens(nfd) == folded_tokens(value)


@given(text)
def test_normalize_is_idempotent(value):
    assert normalize(normalize(value)) == normalize(value)


@given(words)
def test_tone_placement_never_changes_the_folded_form(word):
    assert fold_token(canonical_syllable(word)) == fold_token(word)


def test_old_and_new_tone_placement_are_the_same_token():
    for old, new in [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("qúy", "quý"), ("tuỳ", "tùy")]:
        assert exact_tokens(old) == exact_tokens(new)


def test_placement_keeps_marked_vowels_and_closed_syllables():
    assert normalize("hoàng ngoài thuyết người già quả") == "hoàng ngoài thuyết người già quả"


def test_d_bar_folds_to_d():
    assert folded_tokens("Đăng ký đất đai") == ["dang", "ky", "dat", "dai"]


def test_codes_are_kept_whole_and_in_parts():
    assert exact_tokens("1.000893") == ["1000893", "1", "000893"]


def test_bigrams():
    assert bigrams(["dang", "ky", "khai"]) == ["dang ky", "ky khai"]
