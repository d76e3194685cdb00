"""Public pages of the document tree render in Vietnamese, with English switchable."""

from documents.services.tree import ensure_portal_home


def test_portal_pages_render(client, justice_section, make_procedure):
    procedure = make_procedure(
        justice_section,
        iso_code="QT 01/CX-HCTP",
        tthc_code="1.000893",
        official_name="Đăng ký khai sinh",
        issued_on="2025-07-07",
        channels=[("channel", {"channel": "online", "time_limit": "3 Ngày làm việc", "fee": "Miễn lệ phí"})],
        records_to_keep=[("record", {"name": "Sổ đăng ký khai sinh", "keeper": "Công chức tư pháp", "retention": "Vĩnh viễn"})],
    )
    home = ensure_portal_home()
    for url in (home.url, justice_section.get_parent().url, justice_section.url):
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(procedure.url).content.decode()
    assert '<html lang="vi">' in body
    assert "07/07/2025" in body
    assert "Trực tuyến" in body and "Vĩnh viễn" in body
    assert "QT 01/CX-HCTP" in client.get(justice_section.url).content.decode()


def test_unpublished_procedures_are_not_served(client, justice_section, make_procedure):
    procedure = make_procedure(justice_section, "Bản nháp")
    procedure.unpublish()
    assert client.get(procedure.url or f"{justice_section.url}{procedure.slug}/").status_code == 404
    assert "Bản nháp" not in client.get(justice_section.url).content.decode()


def test_english_is_switchable(client, justice_section):
    response = client.post("/i18n/setlang/", {"language": "en", "next": justice_section.url})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/")
    body = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in body
