"""Security issue 11, class 7 (a): a random extra parameter, another order or spelling never misses the page cache.

The key holds only the parameters a view declared, sorted and normalised, and the view sees only those, so what
is stored under the key is what every spelling of the URL would have got.
"""

import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse

from documents.models import ProcedurePage
from portal import middleware
from qms.http_cache import anonymous_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_learned():
    middleware.forget_params()
    yield
    middleware.forget_params()


def refuse(*_args, **_kwargs):
    raise AssertionError("the view ran although an equivalent URL was cached")


def test_an_unknown_parameter_is_served_from_the_entry_without_it(client, portal, monkeypatch):
    assert client.get("/tim-kiem/?q=khai+sinh")["X-Portal-Cache"] == "miss"
    monkeypatch.setattr("search.views.search", refuse)
    for junk in ("nocache=1", "nocache=2&x=%ff", "utm_source=a&_=9", "Q=other"):
        response = client.get(f"/tim-kiem/?q=khai+sinh&{junk}")
        assert response["X-Portal-Cache"] == "hit", junk


def test_order_spacing_and_unicode_form_do_not_make_another_entry(client, portal, monkeypatch):
    assert client.get("/tim-kiem/", {"q": "đăng ký khai sinh", "field": "Hộ tịch"})["X-Portal-Cache"] == "miss"
    monkeypatch.setattr("search.views.search", refuse)
    nfd = unicodedata.normalize("NFD", "đăng ký khai sinh")
    for params in (
        {"field": "Hộ tịch", "q": "đăng ký khai sinh"},
        {"q": "  đăng  ký   khai sinh ", "field": "Hộ tịch "},
        {"q": nfd, "field": unicodedata.normalize("NFD", "Hộ tịch")},
        {"q": "đăng ký khai sinh", "field": "Hộ tịch", "page": ""},
    ):
        assert client.get("/tim-kiem/", params)["X-Portal-Cache"] == "hit", params


def test_declared_parameters_still_make_different_pages(client, portal):
    assert client.get("/tim-kiem/?q=khai+sinh")["X-Portal-Cache"] == "miss"
    assert client.get("/tim-kiem/?q=kết+hôn")["X-Portal-Cache"] == "miss"
    assert client.get("/tim-kiem/?q=khai+sinh&page=2")["X-Portal-Cache"] == "miss"
    assert client.get("/tim-kiem/?q=khai+sinh&field=H%E1%BB%99+t%E1%BB%8Bch")["X-Portal-Cache"] == "miss"


def test_the_view_never_sees_the_unknown_parameter(client, portal):
    html = client.get("/tim-kiem/", {"q": "khai sinh", "tracker": "SECRET-TOKEN"}).content.decode()
    assert "SECRET-TOKEN" not in html  # facet and page links are built from the declared parameters only
    body = client.get("/api/v1/procedures/", {"page_size": 1, "tracker": "SECRET-TOKEN"}).json()
    assert body["next"] and "SECRET-TOKEN" not in body["next"]


def test_every_cacheable_road_ignores_unknown_parameters(client, portal, monkeypatch):
    urls = [
        "/api/v1/search/?q=khai+sinh",
        "/api/v1/search/autocomplete/?q=dang+ky",
        "/thu-tuc/?field=H%E1%BB%99+t%E1%BB%8Bch",
        "/api/v1/procedures/?page_size=5",
        f"/api/v1/procedures/{portal.birth.tthc_code}/?agency=XA-TEST",
        f"/ban-in/{portal.birth.pk}/",
        "/sitemap.xml",
        portal.birth.url,
        "/",
    ]
    for url in urls:
        assert client.get(url)["X-Portal-Cache"] == "miss", url
    monkeypatch.setattr("search.views.search", refuse)
    monkeypatch.setattr("search.views.autocomplete", refuse)
    monkeypatch.setattr("portal.queries.procedures_for", refuse)
    monkeypatch.setattr("portal.views.viewable_pages", refuse)
    monkeypatch.setattr(ProcedurePage, "serve", refuse)
    for url in urls:
        joined = "&" if "?" in url else "?"
        assert client.get(f"{url}{joined}cb=12345")["X-Portal-Cache"] == "hit", url


def test_a_fresh_worker_learns_a_path_s_parameters_from_its_first_answer(client, portal):
    """Until a worker has answered a path once it keys by the whole query string: one miss, then one entry."""
    assert client.get("/tim-kiem/?q=khai+sinh&cb=1")["X-Portal-Cache"] == "miss"
    middleware.forget_params()  # another worker, which has not answered this path yet
    assert client.get("/tim-kiem/?q=khai+sinh&cb=2")["X-Portal-Cache"] == "miss"
    assert client.get("/tim-kiem/?q=khai+sinh&cb=3")["X-Portal-Cache"] == "hit"
    assert client.get("/tim-kiem/?q=khai+sinh")["X-Portal-Cache"] == "hit"


def test_a_view_that_declares_nothing_keeps_the_whole_query_in_its_key(rf):
    """Views marked without params (the plain decorator form) are keyed as before: nothing is assumed of them."""

    @anonymous_cache
    def view(request):
        return HttpResponse(request.GET.get("x", ""))

    request = rf.get("/p/?x=1&y=2")
    request.user = AnonymousUser()
    response = view(request)
    assert response.content == b"1"
    assert response.portal_cacheable["params"] is None
    assert middleware.cache_key(request, "vi") != middleware.cache_key(rf.get("/p/?x=1"), "vi")
