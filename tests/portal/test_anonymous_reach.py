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


def test_files_copies_and_editions_of_hidden_documents_stay_closed(client, portal):
    from .site import form_file

    secret_form = form_file("Biểu mẫu NỘI BỘ")
    internal = portal.hidden["internal"].get_latest_revision_as_object()
    internal.forms = [("form", {"code": "NB-01", "name": "Biểu mẫu NỘI BỘ", "document": secret_form})]
    internal.change_summary = "Thêm biểu mẫu"
    internal.save_revision().publish()
    assert client.get(secret_form.url).status_code == 302  # to the login page, never the file
    for name, page in portal.hidden.items():
        assert client.get(f"/tai-lieu/{page.pk}/word/").status_code == 404, name
        response = client.get(f"/lan-ban-hanh/{page.pk}/1/")
        assert response.status_code == 302 and "/login/" in response["Location"], name
        assert client.head(page.url or f"{page.get_parent().url}{page.slug}/").status_code in (302, 404), name
    assert client.get(f"/tai-lieu/{portal.birth.pk}/word/").status_code == 200  # the public one is there


def test_a_draft_of_a_published_procedure_reaches_no_visitor(client, portal):
    """The published text stays what the public sees while a new draft (not approved yet) waits."""
    import io
    import zipfile

    draft = portal.marriage.get_latest_revision_as_object()
    draft.title = "Đăng ký kết hôn NHÁP"
    draft.tthc_conditions = "Điều kiện NHÁP chưa duyệt"
    draft.save_revision()
    roads = [
        portal.marriage.url, "/", "/thu-tuc/", "/thu-tuc/?sort=recent", f"/ban-in/{portal.marriage.pk}/",
        "/sitemap.xml", "/tim-kiem/?q=ket+hon", "/api/v1/search/?q=ket+hon", "/api/v1/procedures/?page_size=100",
        "/api/v1/procedures/1.000894/", f"/en{portal.marriage.url}", "/en/thu-tuc/",
    ]
    for url in roads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "NHÁP" not in response.content.decode(), url
    word = client.get(f"/tai-lieu/{portal.marriage.pk}/word/")
    with zipfile.ZipFile(io.BytesIO(word.content)) as package:
        xml = "".join(package.read(name).decode() for name in package.namelist() if name.startswith("word/"))
    assert "kết hôn" in xml and "NHÁP" not in xml


def test_what_staff_opened_is_never_served_to_the_public(client, portal, django_user_model):
    """Staff see internal documents in lists and pages; none of it may stay in the page cache for the public."""
    roads = ["/", "/thu-tuc/", "/sitemap.xml", portal.birth.get_parent().url, "/api/v1/procedures/?page_size=100"]
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.invalid", "pw"))
    assert "NỘI BỘ" in client.get("/thu-tuc/").content.decode()
    for url in roads + [page.url for page in portal.hidden.values() if page.url]:
        client.get(url)
    client.logout()
    client.cookies.clear()
    for url in roads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response.content.decode(), f"{url} after a staff visit")
