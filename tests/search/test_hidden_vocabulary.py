"""Security issue 11, class 4: "did you mean", autocomplete and facets tell no one of words they may not see.

The attacker knows nothing of the restricted document but types near its made-up title word: a one-letter
typo of "Quytrinhbimat" must not be corrected to it, typing its start must not complete it, and facet counts
must not count it, for an anonymous visitor and for staff of another department alike.
"""

import pytest

from documents.models import ProcedurePage
from documents.services.tree import ensure_department_section
from search import autocomplete, search
from tests.documents.org import build_org

pytestmark = pytest.mark.django_db
SECRET = "quytrinhbimat"
TYPO = "Quytrinhbimst"  # one letter off
RESTRICTED_TITLE = "Quytrinhbimat lưu trữ hồ sơ khai sinh"


def publish(department, title, visibility, **fields) -> ProcedurePage:
    page = ProcedurePage(title=title, visibility=visibility, tthc_levels="commune", **fields)
    ensure_department_section(department).add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def org():
    org = build_org()
    publish(org.dept_a, "Đăng ký khai sinh", "public", tthc_code="1.001193", tthc_field="Hộ tịch")
    publish(org.dept_b, "Hòa giải tranh chấp đất đai", "public", tthc_code="1.000002", tthc_field="Đất đai")
    org.secret = publish(org.dept_a, RESTRICTED_TITLE, "restricted", tthc_code="9.000009", tthc_field="Mật")
    return org


def leaks(user) -> list[str]:
    """Every way the secret word could come back to this user from the search service."""
    found = []
    response = search(TYPO, user=user)
    if SECRET in response.did_you_mean:
        found.append("did you mean")
    if any(SECRET in hit.title.lower() for hit in response.results):
        found.append("results")
    if any(SECRET in row["title"].lower() for row in autocomplete("quytrinhbi", user=user)):
        found.append("autocomplete")
    facets = search("khai sinh", user=user).facets
    if any(value["value"] == "Mật" for value in facets["field"]):
        found.append("field facet")
    if sum(value["count"] for value in facets["department"]) != len(search("khai sinh", user=user).results):
        found.append("department count")
    return found


def test_anonymous_visitor_learns_nothing_of_the_restricted_word(org):
    assert leaks(None) == []


def test_staff_of_another_department_learn_nothing(org):
    assert leaks(org.users["staff_b"]) == []
    assert leaks(org.users["head_b"]) == []


def test_the_owning_department_gets_the_correction(org):
    for role in ("staff_a", "head_a", "officer", "superuser"):
        user = org.users[role]
        assert SECRET in search(TYPO, user=user).did_you_mean, role
        assert [row["title"] for row in autocomplete("quytrinhbi", user=user)] == [RESTRICTED_TITLE], role


def test_a_grant_opens_the_vocabulary_and_a_revoke_closes_it(org):
    from documents.permissions import grant_view, revoke_view

    staff_b = org.users["staff_b"]
    grant_view(org.secret, staff_b)
    assert SECRET in search(TYPO, user=staff_b).did_you_mean
    revoke_view(org.secret, staff_b)
    assert SECRET not in search(TYPO, user=staff_b).did_you_mean


def test_the_search_api_and_page_say_nothing_either(org, client):
    body = client.get("/api/v1/search/", {"q": TYPO}).json()
    assert SECRET not in (body["did_you_mean"] or "")
    assert SECRET not in client.get("/api/v1/search/autocomplete/", {"q": "quytrinhbi"}).content.decode().lower()
    page = client.get("/tim-kiem/", {"q": TYPO}).content.decode().lower()
    assert SECRET not in page
    client.force_login(org.users["staff_b"])
    assert SECRET not in (client.get("/api/v1/search/", {"q": TYPO}).json()["did_you_mean"] or "")
    client.force_login(org.users["staff_a"])
    assert SECRET in client.get("/api/v1/search/", {"q": TYPO}).json()["did_you_mean"]


def test_a_word_once_restricted_leaves_the_vocabulary_when_unpublished(org):
    """Unpublishing (or re-titling) takes the words out of the counts, so nothing stale is left to suggest."""
    officer = org.users["officer"]
    org.secret.unpublish()
    assert SECRET not in search(TYPO, user=officer).did_you_mean
    assert SECRET not in search(TYPO).did_you_mean


def test_a_public_document_made_restricted_takes_its_word_out_of_the_public_vocabulary(org):
    page = publish(org.dept_b, "Thủ tục Congkhaitam về đất", "public", tthc_code="1.000777")
    assert "congkhaitam" in search("Congkhaitsm").did_you_mean
    page = ProcedurePage.objects.get(pk=page.pk)
    page.visibility = "restricted"
    page.change_summary = "Chuyển sang hạn chế"
    page.save_revision().publish()
    assert "congkhaitam" not in search("Congkhaitsm").did_you_mean
    assert "congkhaitam" in search("Congkhaitsm", user=org.users["staff_b"]).did_you_mean


def test_a_retitled_page_leaves_no_word_behind_and_counts_stay_exact(org):
    """The counts kept on every publish, unpublish and re-title equal those a full reindex computes."""
    from search.indexing import reindex_all
    from search.models import SearchTerm
    from search.vocabulary import VERSION_TERM

    page = ProcedurePage.objects.get(pk=org.secret.pk)
    page.title = "Lưu trữ hồ sơ khai sinh"
    page.change_summary = "Đổi tên"
    page.save_revision().publish()
    assert not SearchTerm.objects.filter(term=SECRET).exists()
    assert SECRET not in search(TYPO, user=org.users["officer"]).did_you_mean
    publish(org.dept_b, "Đăng ký đất đai lần đầu", "public", tthc_code="1.000555").unpublish()

    def counts():
        rows = SearchTerm.objects.exclude(term=VERSION_TERM).values_list("term", "df", "df_body")
        return {term: (df, df_body) for term, df, df_body in rows}

    kept = counts()
    reindex_all()
    assert kept == counts()


def test_counts_and_hidden_entries_of_different_versions_are_never_combined(org, monkeypatch):
    """Another worker may publish between the two readings: then both are read again, never mixed."""
    from search import vocabulary

    real = vocabulary.read_counts
    monkeypatch.setattr(vocabulary, "read_counts", lambda terms: (real(terms)[0], {123456789}))
    assert vocabulary.Vocabulary().counts([SECRET]) == {}  # never agreeing: nothing known rather than too much
    assert SECRET not in search(TYPO).did_you_mean


def test_a_publish_between_the_two_readings_is_read_again(org, monkeypatch):
    from search import vocabulary

    real, calls = vocabulary.read_counts, []

    def then_a_publish(terms):
        found = real(terms)
        if terms and not calls:
            calls.append(terms)
            vocabulary.bump()  # the index moved on right after the counts were read
        return found

    monkeypatch.setattr(vocabulary, "read_counts", then_a_publish)
    assert vocabulary.Vocabulary().counts([SECRET]) == {SECRET: (0, 0)}
    assert calls
