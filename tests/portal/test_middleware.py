"""The page-cache middleware: hits skip the views and Wagtail's routing; nothing personal is ever cached or served."""

import pytest
from django.test import override_settings

from documents.models import ProcedurePage
from portal import caching
from portal.models import CacheGeneration

from . import cookie_urls

pytestmark = pytest.mark.django_db


def refuse(*_args, **_kwargs):
    raise AssertionError("the view ran although the page was cached")


def test_a_hit_skips_routing_and_the_view(client, portal, monkeypatch, django_assert_num_queries):
    url = portal.birth.url
    miss = client.get(url)
    assert miss["X-Portal-Cache"] == "miss"
    monkeypatch.setattr(ProcedurePage, "serve", refuse)
    monkeypatch.setattr("portal.queries.procedures_for", refuse)
    with django_assert_num_queries(0):  # no site lookup, no page routing, no generation query
        hit = client.get(url)
    assert hit.status_code == 200 and hit["X-Portal-Cache"] == "hit"
    assert hit.content == miss.content
    for header in ("Content-Type", "Content-Language", "ETag", "Cache-Control", "X-Frame-Options"):
        assert hit[header] == miss[header], header
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in hit["Vary"].split(",")}


def test_portal_views_are_served_by_the_middleware_too(client, portal, monkeypatch):
    for url in ("/thu-tuc/?field=H%E1%BB%99+t%E1%BB%8Bch", f"/ban-in/{portal.birth.pk}/", "/sitemap.xml"):
        assert client.get(url)["X-Portal-Cache"] == "miss", url
    monkeypatch.setattr("portal.queries.procedures_for", refuse)
    monkeypatch.setattr("portal.views.viewable_pages", refuse)
    for url in ("/thu-tuc/?field=H%E1%BB%99+t%E1%BB%8Bch", f"/ban-in/{portal.birth.pk}/", "/sitemap.xml"):
        assert client.get(url)["X-Portal-Cache"] == "hit", url
    with pytest.raises(AssertionError, match="the view ran"):
        client.get("/thu-tuc/?field=%C4%90%E1%BA%A5t+%C4%91ai")  # another query string is another page


def test_head_is_answered_from_the_cached_get(client, portal, monkeypatch):
    client.get(portal.birth.url)
    monkeypatch.setattr(ProcedurePage, "serve", refuse)
    response = client.head(portal.birth.url)
    assert response.status_code == 200 and response["X-Portal-Cache"] == "hit"


def test_hosts_are_cached_apart(client, portal):
    assert client.get("/", HTTP_HOST="localhost")["X-Portal-Cache"] == "miss"
    assert client.get("/", HTTP_HOST="127.0.0.1")["X-Portal-Cache"] == "miss"
    assert client.get("/", HTTP_HOST="localhost")["X-Portal-Cache"] == "hit"
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400  # still refused, never cached


def test_logged_in_users_bypass_the_cache_both_ways(client, portal, django_user_model):
    url = portal.birth.url
    client.get(url)
    assert client.get(url)["X-Portal-Cache"] == "hit"
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid", "pw"))
    for _ in range(2):
        response = client.get(url)
        assert "X-Portal-Cache" not in response and "private" in response["Cache-Control"]
    assert client.get(portal.hidden["internal"].url).status_code == 200
    client.logout()
    client.cookies.clear()
    assert client.get(portal.hidden["internal"].url).status_code == 302  # what staff saw was not stored


def test_a_session_or_message_cookie_bypasses_the_cache(client, portal, settings):
    client.get("/")
    assert client.get("/")["X-Portal-Cache"] == "hit"
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        client.cookies.clear()
        client.cookies[cookie] = "anything"
        response = client.get("/")
        assert "X-Portal-Cache" not in response and "private" in response["Cache-Control"], cookie
    client.cookies.clear()
    assert "X-Portal-Cache" not in client.get("/", HTTP_AUTHORIZATION="Basic eDp5")


@pytest.mark.urls("tests.portal.cookie_urls")
@pytest.mark.parametrize("kind", ["csrf", "session", "cookie"])
def test_a_response_that_sets_a_cookie_is_never_cached(client, kind):
    url = f"/__test__/{kind}/"
    before = cookie_urls.calls[kind]
    for _ in range(2):
        client.cookies.clear()
        response = client.get(url)
        assert response.cookies and "X-Portal-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    assert cookie_urls.calls[kind] == before + 2


@pytest.mark.urls("tests.portal.cookie_urls")
def test_the_key_language_is_the_one_locale_middleware_picks(client):
    assert client.get("/__test__/plain/")["Content-Language"] == "vi"
    # LocaleMiddleware keeps the default language on unprefixed paths whatever the visitor asks: so does the key.
    response = client.get("/__test__/plain/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["X-Portal-Cache"] == "hit" and response["Content-Language"] == "vi"
    client.cookies["django_language"] = "en"
    assert client.get("/__test__/plain/")["Content-Language"] == "vi"


def test_publish_invalidates_every_worker(client, portal):
    """A worker trusts the generation it read for GENERATION_TTL seconds, then sees another worker's publish."""
    url = portal.marriage.url
    client.get(url)
    assert client.get(url)["X-Portal-Cache"] == "hit"
    read_before = caching._memo
    page = portal.marriage.get_latest_revision_as_object()
    page.tthc_conditions = "Điều kiện công bố ở máy chủ khác"
    page.change_summary = "Bổ sung điều kiện"
    page.save_revision().publish()
    caching._memo = read_before  # this worker read the generation just before the other one published
    assert CacheGeneration.objects.get().value != read_before[0]
    assert client.get(url)["X-Portal-Cache"] == "hit"  # within the TTL: the old page, at most that long
    caching._memo = (read_before[0], 0.0)  # the TTL has passed
    fresh = client.get(url)
    assert fresh["X-Portal-Cache"] == "miss" and "Điều kiện công bố ở máy chủ khác" in fresh.content.decode()


def test_a_bump_in_this_process_is_seen_at_once(client, portal):
    client.get("/")
    assert client.get("/")["X-Portal-Cache"] == "hit"
    caching.bump()
    assert client.get("/")["X-Portal-Cache"] == "miss"


def test_errors_and_redirects_are_not_cached(client, portal):
    for _ in range(2):
        assert "X-Portal-Cache" not in client.get("/khong-co-trang-nay/")
        assert "X-Portal-Cache" not in client.get(portal.hidden["internal"].url)  # login redirect
        assert "X-Portal-Cache" not in client.get("/thu-tuc/1.000894/")  # redirect to the page


def test_views_are_counted_on_hits(client, portal, settings):
    from portal.models import ViewCount

    settings.QMS_PORTAL_VIEW_BATCH = 1
    settings.QMS_PORTAL_VIEW_FLUSH_INTERVAL = 0
    for _ in range(3):
        client.get(portal.land.url)
    assert ViewCount.objects.get(page_id=portal.land.pk).count == 3


def test_views_are_written_in_batches(client, portal, settings, django_assert_num_queries):
    from portal.models import ViewCount

    settings.QMS_PORTAL_VIEW_BATCH = 5
    settings.QMS_PORTAL_VIEW_FLUSH_INTERVAL = 0
    client.get(portal.land.url)
    client.get(portal.birth.url)
    with django_assert_num_queries(0):
        client.get(portal.land.url)
        client.get(portal.land.url)
    client.get(portal.birth.url)  # the fifth view writes both pages' counts
    assert dict(ViewCount.objects.values_list("page_id", "count")) == {portal.land.pk: 3, portal.birth.pk: 2}


@override_settings(QMS_PORTAL_GENERATION_TTL=0)
def test_without_a_generation_ttl_every_request_checks_the_database(client, portal, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(1):
        assert client.get("/")["X-Portal-Cache"] == "hit"


def test_system_check_wants_the_middleware_early(settings):
    from portal.checks import page_cache_middleware

    assert page_cache_middleware(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "portal.middleware.PortalCacheMiddleware"]
    assert [w.id for w in page_cache_middleware(None)] == ["portal.W001"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "portal.middleware.PortalCacheMiddleware"]
    assert [w.id for w in page_cache_middleware(None)] == ["portal.W002"]


@pytest.mark.urls("tests.portal.cookie_urls")
def test_a_response_varying_on_what_the_key_ignores_is_not_cached(client):
    assert client.get("/__test__/varies/", HTTP_USER_AGENT="A").content == b"A"
    response = client.get("/__test__/varies/", HTTP_USER_AGENT="B")
    assert response.content == b"B" and "X-Portal-Cache" not in response


def test_every_portal_road_is_cached(client, portal):
    roads = ["/", "/thu-tuc/", portal.birth.url, f"/ban-in/{portal.birth.pk}/", "/sitemap.xml",
             "/api/v1/procedures/", "/api/v1/procedures/1.000894/", f"/en{portal.birth.url}"]
    for url in roads:
        assert client.get(url)["X-Portal-Cache"] == "miss", url
        assert client.get(url)["X-Portal-Cache"] == "hit", url


def test_views_of_a_page_that_is_gone_are_dropped_not_written(portal, settings):
    settings.QMS_PORTAL_VIEW_BATCH = 2
    settings.QMS_PORTAL_VIEW_FLUSH_INTERVAL = 0
    from portal.models import ViewCount

    caching.record_view(portal.birth.pk)
    caching.record_view(999_999)  # no such page: its count must not reach the table (foreign key)
    assert list(ViewCount.objects.values_list("page_id", "count")) == [(portal.birth.pk, 1)]
