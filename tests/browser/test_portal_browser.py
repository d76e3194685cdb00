"""A citizen's way through the portal in a real browser, plus axe-core accessibility checks and screenshots."""

import re

import pytest

from .conftest import WIDTHS, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_open_download_print_and_switch_language(site, live_server, new_page):
    page = new_page("desktop")
    page.goto(live_server.url + "/")
    page.get_by_label(re.compile("Tìm thủ tục")).fill("dang ky khai sinh")  # typed without diacritics
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q="))
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).first.click()
    page.wait_for_url(re.compile(re.escape(site.birth.url) + "$|" + re.escape(site.province_birth.url)))
    assert "Đăng ký khai sinh" in page.get_by_role("heading", level=1).inner_text()

    if page.url.endswith(site.province_birth.url):  # both agencies post 1.001193: open the commune's page
        page.goto(live_server.url + site.birth.url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tờ khai đăng ký khai sinh").click()
    assert download_info.value.suggested_filename.endswith(".docx")

    page.get_by_role("link", name="Bản in (A4)").click()
    page.wait_for_url(re.compile(r"/ban-in/\d+/"))
    assert page.get_by_text("THỦ TỤC HÀNH CHÍNH").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".print-tools").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Quay lại trang thủ tục").click()

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Print version (A4)").is_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_list_filters_in_the_browser(site, live_server, new_page):
    page = new_page("phone")
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_label("Lĩnh vực").select_option("Đất đai")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"field="))
    rows = page.locator("table.doc-list tbody tr")
    assert rows.count() == 1 and "Hòa giải tranh chấp đất đai" in rows.first.inner_text()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_accessibility_and_screenshots(site, live_server, new_page, width):
    page = new_page(width)
    pages = {
        "home": "/",
        "list": "/thu-tuc/",
        "detail": site.birth.url,
        "search": "/tim-kiem/?q=khai+sinh",
        "print": f"/ban-in/{site.birth.pk}/",
        "not-found": "/khong-co-trang-nay/",
    }
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        screenshot(page, f"{name}-{width}")
        found = axe_violations(page)
        if found:
            problems[name] = found
    assert not problems, problems


def test_nothing_overflows_a_phone_screen(site, live_server, new_page):
    page = new_page("phone")
    for path in ("/", "/thu-tuc/", site.birth.url):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
