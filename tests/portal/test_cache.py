"""Anonymous pages come from the cache until something is published; staff always get fresh pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_invalidated_on_publish(client, portal):
    url = portal.marriage.url
    assert client.get(url)["X-Portal-Cache"] == "miss"
    cached = client.get(url)
    assert cached["X-Portal-Cache"] == "hit" and "public" in cached["Cache-Control"]
    assert "Cookie" in cached["Vary"]
    page = portal.marriage.get_latest_revision_as_object()
    page.tthc_conditions = "Điều kiện mới công bố"
    page.change_summary = "Bổ sung điều kiện"
    page.save_revision().publish()
    fresh = client.get(url)
    assert fresh["X-Portal-Cache"] == "miss" and "Điều kiện mới công bố" in fresh.content.decode()
    assert "Điều kiện mới công bố" in client.get("/api/v1/procedures/1.000894/").content.decode()


def test_unpublish_drops_the_page_from_every_cached_view(client, portal):
    for url in ("/", "/thu-tuc/", "/sitemap.xml", portal.land.url):
        client.get(url)
    portal.land.unpublish()
    assert client.get(portal.land.url).status_code == 404
    for url in ("/thu-tuc/", "/sitemap.xml"):
        assert "1.000002" not in client.get(url).content.decode() or url == "/sitemap.xml"
    assert portal.land.url is None or portal.land.url not in client.get("/sitemap.xml").content.decode()


def test_conditional_get_answers_not_modified(client, portal):
    client.get(portal.marriage.url)
    etag = client.get(portal.marriage.url)["ETag"]
    assert client.get(portal.marriage.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_languages_are_cached_apart(client, portal):
    url = portal.marriage.url
    client.get(url)
    assert '<html lang="en">' in client.get(f"/en{url}").content.decode()
    assert '<html lang="vi">' in client.get(url).content.decode()


def test_staff_are_never_served_from_the_cache(client, portal, django_user_model):
    client.get("/")
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid", "pw"))
    response = client.get("/")
    assert "X-Portal-Cache" not in response and "private" in response["Cache-Control"]
