"""The open-data API: list with filters and pages, detail by code, OpenAPI description."""

import pytest

pytestmark = pytest.mark.django_db


def test_list_filters_and_paginates(client, portal):
    body = client.get("/api/v1/procedures/", {"page_size": 2, "sort": "code"}).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["previous"] is None
    assert [r["code"] for r in body["results"]] == ["1.000002", "1.000894"]
    second = client.get(body["next"]).json()
    assert second["page"] == 2 and second["next"] is None
    assert client.get("/api/v1/procedures/", {"field": "Đất đai"}).json()["count"] == 1
    assert client.get("/api/v1/procedures/", {"level": "province"}).json()["results"][0]["agency"]["code"] == "STP-TEST"
    assert client.get("/api/v1/procedures/", {"agency": "XA-TEST"}).json()["count"] == 3
    assert client.get("/api/v1/procedures/", {"page_size": 10_000}).json()["page_size"] == 100


def test_detail_by_code(client, portal):
    response = client.get("/api/v1/procedures/1.000894/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == "Đăng ký kết hôn"
    assert "Đăng ký kết hôn".encode() in response.content  # readable UTF-8, not \\u escapes
    ambiguous = client.get("/api/v1/procedures/1.001193/")
    assert ambiguous.status_code == 300 and len(ambiguous.json()["choices"]) == 2
    detail = client.get(ambiguous.json()["choices"][0].replace("http://testserver", "")).json()
    assert detail["channels"][0] == {"channel": "direct", "time_limit": "Ngay trong ngày", "fee": "Miễn lệ phí", "description": ""}
    assert detail["forms"][0]["url"].startswith("http://testserver/documents/")
    assert detail["steps"] == [{"title": "Nộp hồ sơ", "detail": "Tại bộ phận một cửa"}]
    assert client.get("/api/v1/procedures/0.0/").status_code == 404


def test_openapi_description(client, portal):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/procedures/", "/api/v1/procedures/{code}/"} <= set(spec["paths"])
    detail = spec["components"]["schemas"]["ProcedureDetail"]["properties"]
    assert "tthc_raw" not in detail and "visibility" not in detail and "channels" in detail
    assert client.get("/api/v1/docs/").status_code == 404  # no Swagger UI from a third-party CDN
