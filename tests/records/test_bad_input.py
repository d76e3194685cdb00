"""Bad input on the records' admin roads gets a 4xx or a clear admin message, never a 500; closed records are
deleted by no road (Wagtail's bulk delete included)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from documents.models import ImmutableError
from records.models import QualityRecord
from records.services import dossiers
from records.services.integrity import create_record

from .dossier_helpers import local, one_stop_procedure

HUGE = str(10**30)
BIGINT_PAST = str(2**63)


@pytest.fixture
def admin(client, org):
    client.raise_request_exception = False  # a 500 shows as a status, so every case is checked
    client.force_login(org.users["superuser"])
    return client


@pytest.fixture
def closed(org):
    return create_record(agency=org.agency, department=org.dept_a, title="Phiếu đã đóng", content={"so": 1})


@pytest.mark.parametrize("pk", [HUGE, BIGINT_PAST, "9" * 5000])
def test_ids_past_the_integer_range_are_not_found(admin, org, pk):
    assert admin.get(f"/admin/mot-cua/{pk}/").status_code == 404
    assert admin.get(f"/admin/ho-so/ban-ghi/{pk}/tep/").status_code == 404
    assert admin.post(f"/admin/mot-cua/{pk}/finish/", {"version": "1"}).status_code == 404


@pytest.mark.parametrize("action", ["edit", "delete", "inspect", "history", "usage"])
@pytest.mark.parametrize("pk", [HUGE, BIGINT_PAST, "abc", "%F0%9F%98%80"])
def test_snippet_views_with_odd_ids_are_not_found(admin, org, action, pk):
    url = reverse(f"wagtailsnippets_records_qualityrecord:{action}", args=["1"]).replace("/1/", f"/{pk}/")
    assert admin.get(url).status_code in (302, 404)


@pytest.mark.parametrize("page", [HUGE, BIGINT_PAST, "-5", "abc", "١٢", "9" * 5000, "1e9"])
def test_huge_and_odd_page_numbers_in_the_desk_queue(admin, org, page):
    dossiers.receive(one_stop_procedure(org), applicant_name="Phạm Văn D", received_at=local(2026, 3, 2, 9))
    response = admin.get(reverse("records_queue"), {"trang": page})
    assert response.status_code in (200, 404)


def test_queue_search_with_huge_and_odd_text(admin, org):
    for text in ("x" * 100_000, "\x00", "😀\u202e", "%", "_"):
        assert admin.get(reverse("records_queue"), {"q": text, "hang": "\x00"}).status_code == 200


def test_act_with_odd_version_is_a_message(admin, org):
    dossier, _secret = dossiers.receive(one_stop_procedure(org), applicant_name="D", received_at=local(2026, 3, 2, 9))
    for version in (HUGE, "-1", "abc", ""):
        response = admin.post(reverse("records_dossier_act", args=[dossier.pk, "transfer"]), {"version": version})
        assert response.status_code == 302


def _bulk_delete_url(*pks):
    url = reverse("wagtail_bulk_action", args=["records", "qualityrecord", "delete"])
    return url + "?" + "&".join(f"id={pk}" for pk in pks)


def test_bulk_delete_of_a_closed_record_is_a_clear_message(admin, org, closed):
    still_open = create_record(agency=org.agency, department=org.dept_a, title="Nháp", close=False)
    url = _bulk_delete_url(closed.pk, still_open.pk)
    for send in (admin.get, admin.post):
        response = send(url)
        assert response.status_code == 302
        assert any("đã đóng" in str(m) for m in get_messages(response.wsgi_request))
    assert QualityRecord.objects.filter(pk__in=[closed.pk, still_open.pk]).count() == 2


def test_bulk_delete_of_open_records_still_works(admin, org):
    drafts = [create_record(agency=org.agency, department=org.dept_a, title=f"Nháp {n}", close=False) for n in range(2)]
    response = admin.post(_bulk_delete_url(*(d.pk for d in drafts)))
    assert response.status_code == 302
    assert not QualityRecord.objects.filter(pk__in=[d.pk for d in drafts]).exists()


@pytest.mark.parametrize("pk", [HUGE, "abc"])
def test_bulk_delete_with_odd_ids(admin, org, pk):
    assert admin.get(_bulk_delete_url(pk)).status_code in (200, 302, 400, 404)
    assert admin.post(_bulk_delete_url(pk)).status_code in (200, 302, 400, 404)


def test_single_delete_of_a_closed_record_is_a_clear_message(admin, closed):
    url = reverse("wagtailsnippets_records_qualityrecord:delete", args=[closed.pk])
    for send in (admin.get, admin.post):
        assert send(url).status_code == 302
    assert QualityRecord.objects.filter(pk=closed.pk).exists()


def test_no_orm_road_deletes_a_closed_record(closed):
    with pytest.raises(ImmutableError):
        QualityRecord.objects.filter(pk=closed.pk).delete()
    with pytest.raises(ImmutableError):
        QualityRecord.objects.all().delete()
    with pytest.raises(ImmutableError):
        QualityRecord.objects.get(pk=closed.pk).delete()
    assert QualityRecord.objects.filter(pk=closed.pk).exists()
