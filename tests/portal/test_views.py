"""Portal pages: home overview, lists, stable URL by code, print view, language links, sitemap, robots, errors."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_home_groups_procedures_by_field_level_and_agency(client, portal):
    body = client.get("/").content.decode()
    assert "Hộ tịch" in body and "Đất đai" in body
    assert re.search(r"Hộ tịch</a> <span class=\"count\">3</span>", body)
    assert "?level=commune" in body and "?level=province" in body
    assert 'role="search"' in body and "data-autocomplete" in body


def test_home_links_published_quality_policy(client, portal, justice_section):
    from documents.models import ControlledDocumentPage

    policy = ControlledDocumentPage(title="Chính sách chất lượng 2025", document_type="policy", visibility="public")
    justice_section.add_child(instance=policy)
    policy.save_revision().publish()
    assert policy.url in client.get("/").content.decode()


def test_most_viewed_procedures_on_home(client, portal, settings):
    settings.QMS_PORTAL_VIEW_BATCH = 1
    settings.QMS_PORTAL_VIEW_FLUSH_INTERVAL = 0
    for _ in range(3):
        client.get(portal.land.url)
    client.get(portal.birth.url)
    body = client.get("/").content.decode()
    section = body.split('id="most-viewed"')[1]
    assert section.index(portal.land.url) < section.index(portal.birth.url)


def test_list_filters_sorts_and_paginates(client, portal):
    body = client.get("/thu-tuc/", {"field": "Đất đai"}).content.decode()
    assert "Hòa giải tranh chấp đất đai" in body and "Đăng ký kết hôn" not in body
    body = client.get("/thu-tuc/", {"level": "province"}).content.decode()
    assert "có yếu tố nước ngoài" in body and "Đăng ký kết hôn" not in body
    body = client.get("/thu-tuc/", {"agency": "xa-test", "sort": "code"}).content.decode()
    assert body.index("1.000002") < body.index("1.000894") < body.index("1.001193")
    assert "có yếu tố nước ngoài" not in body
    assert client.get("/thu-tuc/", {"page": "999", "sort": "bogus", "level": "x"}).status_code == 200


def test_list_pages_by_twenty(client, portal, make_procedure, justice_section):
    for number in range(20):
        make_procedure(justice_section, f"Thủ tục thử {number:02d}", tthc_code=f"3.0000{number:02d}")
    first = client.get("/thu-tuc/").content.decode()
    assert 'rel="next"' in first and "Trang 1/2" in first
    assert 'rel="prev"' in client.get("/thu-tuc/", {"page": 2}).content.decode()


def test_stable_url_by_code(client, portal):
    response = client.get("/thu-tuc/1.000894/")
    assert response.status_code == 302 and response["Location"] == portal.marriage.url
    assert client.get("/thu-tuc/1.001193/").status_code == 300  # two agencies post it: choose
    response = client.get("/thu-tuc/1.001193/", {"agency": "STP-TEST"})
    assert response["Location"] == portal.province_birth.url
    assert client.get("/thu-tuc/0.000000/").status_code == 404


def test_procedure_page_shows_public_data_forms_and_print_link(client, portal):
    body = client.get(portal.birth.url).content.decode()
    assert "Ngay trong ngày" in body and "Miễn lệ phí" in body and "Giấy khai sinh" in body
    assert "to-khai-khai-sinh" in body and " download>" in body
    assert f"/ban-in/{portal.birth.pk}/" in body and "/thu-tuc/1.001193/" in body
    assert "RAW-INTERNAL-DATA" not in body


def test_print_view_is_an_a4_sheet(client, portal):
    response = client.get(f"/ban-in/{portal.birth.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "print.css" in body and "THỦ TỤC HÀNH CHÍNH" in body and "Ủy ban nhân dân xã Thử Nghiệm" in body
    assert "http://testserver/thu-tuc/1.001193/" in body
    assert "Tờ khai đăng ký khai sinh" in body and "site-header" not in body


def test_recent_change_notice(client, portal):
    page = portal.marriage.get_latest_revision_as_object()
    page.change_summary = "Giảm thời hạn giải quyết còn 3 ngày"
    page.save_revision().publish()
    body = client.get(portal.marriage.url).content.decode()
    assert "vừa được sửa đổi" in body and "Giảm thời hạn giải quyết còn 3 ngày" in body
    assert "vừa được sửa đổi" not in client.get(portal.land.url).content.decode()


def test_language_links_switch_to_english_and_back(client, portal):
    url = portal.birth.url
    body = client.get(url).content.decode()
    assert 'hreflang="en"' in body and "<form class=\"language-switch\"" not in body
    response = client.get("/ngon-ngu/en/", {"next": url})
    assert response.status_code == 302 and response["Location"] == f"/en{url}"
    assert response.cookies["django_language"].value == "en"
    english = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in english
    assert client.get("/ngon-ngu/en/", {"next": "/thu-tuc/?field=H"})["Location"] == "/en/thu-tuc/?field=H"
    assert '<html lang="en">' in client.get("/en/thu-tuc/").content.decode()
    back = client.get("/ngon-ngu/vi/", {"next": f"/en{url}"})
    assert back["Location"] == url
    assert client.get("/ngon-ngu/en/", {"next": "https://evil.example/"})["Location"] == "/en/"
    assert client.get("/ngon-ngu/xx/").status_code == 404


def test_sitemap_and_robots(client, portal):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    assert f"http://testserver{portal.birth.url}" in body and "<lastmod>" in body
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_not_found_page_is_the_portal_s_own(client, portal):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body and 'href="/thu-tuc/"' in body


@override_settings(DEBUG=False)
def test_server_error_page_stands_alone():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in body and "{%" not in body and "<link" not in body


def test_no_third_party_assets(client, portal):
    for url in ("/", "/thu-tuc/", portal.birth.url, f"/ban-in/{portal.birth.pk}/", "/tim-kiem/?q=khai+sinh"):
        body = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', body)
        assert [link for link in external if "testserver" not in link] == [], url


def test_static_files_are_served_by_the_app(client):
    response = client.get("/static/qms/site.css")
    assert response.status_code == 200 and b"--accent" in b"".join(response.streaming_content)
