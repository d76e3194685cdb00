"""The desk's screens: receive, transfer, supplements, apology, finish, return, refuse, slips; who may do what."""

import re

import pytest
from django.urls import reverse

from documents.models import Department, RoleKind
from documents.services.roles import assign_role
from records.models import Dossier, DossierEvent, DossierStatus, QualityRecord
from records.services import desk, dossiers
from tests.documents.org import make_user

from .dossier_helpers import local, one_stop_procedure


@pytest.fixture
def procedure(org):
    return one_stop_procedure(org)


@pytest.fixture
def clerk(org, procedure):
    """A staff member of the agency's one-stop desk."""
    user = make_user("motcua")
    assign_role(user, RoleKind.STAFF, org.agency, Department.objects.get(agency=org.agency, code="MOTCUA"))
    return user


@pytest.fixture
def dossier(procedure):
    made, _secret = dossiers.receive(procedure, applicant_name="Phạm Văn D", received_at=local(2026, 3, 2, 9))
    return made


def _form_key(client) -> str:
    page = client.get(reverse("records_receive")).content.decode()
    return re.search(r'name="key" value="([0-9a-f]+)"', page).group(1)


def _refused(response) -> bool:
    """Wagtail turns PermissionDenied in an admin view into a redirect to the dashboard with an error."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def _act(client, dossier, name, **data):
    data.setdefault("version", desk.version(dossier))
    return client.post(reverse("records_dossier_act", args=[dossier.pk, name]), data)


def test_anonymous_users_are_sent_to_the_login(client, dossier):
    record = QualityRecord.objects.filter(dossier=dossier).first()
    urls = [
        reverse("records_queue"),
        reverse("records_receive"),
        reverse("records_dossier", args=[dossier.pk]),
        reverse("records_record_file", args=[record.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    response = client.post(reverse("records_dossier_act", args=[dossier.pk, "transfer"]), {"version": 1})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Dossier.objects.get(pk=dossier.pk).events.count() == 1


def test_desk_receives_once_even_if_the_form_is_sent_twice(client, org, procedure, clerk):
    client.force_login(clerk)
    assert "Tiếp nhận hồ sơ" in client.get(reverse("records_queue")).content.decode()
    key = _form_key(client)
    data = {"procedure": procedure.pk, "applicant_name": "Hoàng Thị E", "channel": "direct", "key": key}
    first = client.post(reverse("records_receive"), data)
    second = client.post(reverse("records_receive"), data)
    made = Dossier.objects.get()
    assert first["Location"] == second["Location"] == reverse("records_dossier", args=[made.pk])
    assert made.receiving_department.code == "MOTCUA" and made.received_by == clerk
    page = client.get(first["Location"]).content.decode()
    assert made.receipt_number in page and "Tiếp nhận, kiểm tra hồ sơ" in page
    receipt = QualityRecord.objects.get(dossier=made)
    download = client.get(reverse("records_record_file", args=[receipt.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # A new form (new key) is a new dossier.
    client.post(reverse("records_receive"), data | {"key": _form_key(client)})
    assert Dossier.objects.count() == 2


def test_full_life_through_the_screens(client, org, dossier):
    staff = org.users["staff_a"]
    client.force_login(staff)
    page = client.get(reverse("records_dossier", args=[dossier.pk])).content.decode()
    assert "Chuyển bước tiếp theo" in page and "Trả kết quả cho người nộp" not in page
    version = desk.version(dossier)
    assert _act(client, dossier, "transfer", version=version, note="Chuyển thẩm định").status_code == 302
    _act(client, dossier, "transfer", version=version)  # the same form again: nothing more happens
    assert list(dossier.events.values_list("kind", flat=True)) == ["received", "transfer"]
    assert dossiers.current_step(dossier).order == 2

    _act(client, dossier, "supplement", reason="Thiếu bản sao CCCD")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WAITING_SUPPLEMENT
    assert _act(client, dossier, "finish").status_code == 302  # not possible while waiting
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WAITING_SUPPLEMENT
    _act(client, dossier, "supplement_received")
    _act(client, dossier, "apology", reason="Chờ xác minh", new_due_on="2026-12-31")
    _act(client, dossier, "finish", note="Đã ký")
    _act(client, dossier, "return")
    done = Dossier.objects.get(pk=dossier.pk)
    assert done.status == DossierStatus.RETURNED and done.promised_on.isoformat() == "2026-12-31"
    kinds = list(done.events.values_list("kind", flat=True))
    assert kinds == ["received", "transfer", "supplement_requested", "supplement_received", "apology", "finished", "returned"]
    codes = list(done.records.order_by("sequence").values_list("record_type__code", flat=True))
    assert codes == ["TTHC-01", "TTHC-02", "TTHC-04", "TTHC-06"]
    page = client.get(reverse("records_dossier", args=[dossier.pk])).content.decode()
    for record in done.records.all():
        assert reverse("records_record_file", args=[record.pk]) in page
        assert client.get(reverse("records_record_file", args=[record.pk])).status_code == 200


def test_refusal_and_stop(client, org, procedure, dossier):
    client.force_login(org.users["head_a"])
    _act(client, dossier, "refuse", reason="Không thuộc thẩm quyền")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.REFUSED
    other, _secret = dossiers.receive(procedure, applicant_name="F", received_at=local(2026, 3, 2, 10))
    _act(client, other, "stop", reason="Người nộp rút hồ sơ")
    assert Dossier.objects.get(pk=other.pk).status == DossierStatus.STOPPED
    assert _act(client, other, "refuse", reason="x").status_code == 302
    assert not DossierEvent.objects.filter(dossier=other, kind="refused").exists()


def test_another_department_is_refused(client, org, procedure, dossier):
    record = QualityRecord.objects.get(dossier=dossier)
    client.force_login(org.users["staff_b"])
    assert _refused(client.get(reverse("records_dossier", args=[dossier.pk])))
    assert _refused(_act(client, dossier, "transfer"))
    assert _refused(client.get(reverse("records_record_file", args=[record.pk])))
    assert dossier.receipt_number not in client.get(reverse("records_queue") + "?hang=all").content.decode()
    response = client.post(
        reverse("records_receive"),
        {"procedure": procedure.pk, "applicant_name": "X", "channel": "direct", "key": "k" * 32},
    )
    assert response.status_code == 400 and Dossier.objects.count() == 1
    assert "Tiếp nhận hồ sơ</a>" not in client.get(reverse("records_queue")).content.decode()
    assert Dossier.objects.get(pk=dossier.pk).events.count() == 1


def test_officer_sees_but_does_not_act(client, org, dossier):
    client.force_login(org.users["officer"])
    page = client.get(reverse("records_dossier", args=[dossier.pk]))
    assert page.status_code == 200 and "Chuyển bước tiếp theo" not in page.content.decode()
    assert _refused(_act(client, dossier, "transfer"))
    assert dossier.events.count() == 1
    assert dossier.receipt_number in client.get(reverse("records_queue")).content.decode()


def test_queue_filters_and_search(client, org, procedure, dossier):
    late, _secret = dossiers.receive(procedure, applicant_name="Quá Hạn", received_at=local(2026, 1, 5, 9))
    dossiers.finish(dossier, at=local(2026, 3, 3, 9))
    client.force_login(org.users["staff_a"])
    body = client.get(reverse("records_queue")).content.decode()
    assert late.receipt_number in body and dossier.receipt_number not in body
    assert dossier.receipt_number in client.get(reverse("records_queue") + "?hang=finished").content.decode()
    found = client.get(reverse("records_queue") + f"?hang=open&q={dossier.receipt_number.lower()}").content.decode()
    assert dossier.receipt_number in found
    by_name = client.get(reverse("records_queue") + "?hang=all&q=quá").content.decode()
    assert late.receipt_number in by_name and dossier.receipt_number not in by_name
    assert client.get(reverse("records_queue") + "?hang=late&trang=x").status_code == 200


def test_perform_acts_once_per_shown_version(org, dossier):
    from django.core.exceptions import PermissionDenied

    staff = org.users["staff_a"]
    shown = desk.version(dossier)
    assert desk.available(dossier) == ["transfer", "supplement", "apology", "finish", "refuse", "stop"]
    desk.perform(dossier.pk, "transfer", user=staff, shown_version=shown)
    with pytest.raises(desk.StaleForm):
        desk.perform(dossier.pk, "transfer", user=staff, shown_version=shown)
    with pytest.raises(PermissionDenied):
        desk.perform(dossier.pk, "finish", user=org.users["staff_b"], shown_version=desk.version(dossier))
    with pytest.raises(dossiers.DossierStateError):
        desk.perform(dossier.pk, "return", user=staff, shown_version=desk.version(dossier))
    assert dossiers.current_step(dossier).order == 2
