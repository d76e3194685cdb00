"""No draft, internal, restricted, login-only or withdrawn procedure reaches an anonymous visitor, by any road."""

import pytest

from .site import SECRET_WORDS

pytestmark = pytest.mark.django_db


def assert_no_secret(text: str, where: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"{word} leaked through {where}"
    for code in ("9.000001", "9.000002", "9.000003", "9.000004", "9.000005"):
        assert code not in text, f"{code} leaked through {where}"


def test_hidden_pages_are_not_served(client, portal):
    for name, page in portal.hidden.items():
        url = page.url or f"{page.get_parent().url}{page.slug}/"
        response = client.get(url)
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert "/login/" in response["Location"], name
        assert client.get(f"/ban-in/{page.pk}/").status_code == 404, name
        assert client.get(f"/thu-tuc/{page.tthc_code}/").status_code == 404, name
        assert client.get(f"/api/v1/procedures/{page.tthc_code}/").status_code == 404, name


def test_lists_home_sitemap_search_and_api_leak_nothing(client, portal):
    roads = {
        "home": "/",
        "list": "/thu-tuc/",
        "list filtered": "/thu-tuc/?field=H%E1%BB%99+t%E1%BB%8Bch&sort=recent",
        "section": portal.birth.get_parent().url,
        "sitemap": "/sitemap.xml",
        "search page": "/tim-kiem/?q=khai+sinh",
        "search api": "/api/v1/search/?q=khai+sinh&limit=50",
        "autocomplete": "/api/v1/search/autocomplete/?q=quy+trinh",
        "api list": "/api/v1/procedures/?page_size=100",
    }
    for where, url in roads.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_no_secret(response.content.decode(), where)


def test_api_exposes_no_internal_field(client, portal):
    body = client.get("/api/v1/procedures/1.001193/", {"agency": "XA-TEST"}).content.decode()
    for internal in ("RAW-INTERNAL-DATA", "tthc_raw", "visibility", "change_summary", "approvals", "records_to_keep"):
        assert internal not in body


def test_logged_in_staff_still_get_only_public_data_from_the_api(client, portal, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid", "pw"))
    assert client.get(portal.hidden["internal"].url).status_code == 200  # staff may open it on the site...
    assert_no_secret(client.get("/api/v1/procedures/", {"page_size": 100}).content.decode(), "api as staff")
    assert client.get("/api/v1/procedures/9.000001/").status_code == 404  # ...but open data stays public-only
