"""Measures, the tracking book, the staff dashboard and the admin's refusal to edit closed records."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from records.models import QualityRecord, Rating
from records.services import dossiers, measures

from .dossier_helpers import docx_text, local, one_stop_procedure

D = dt.date


@pytest.fixture
def history(org):
    """February: one early (2 days), one late (5). March: two on time (3). Due dates are 3 working days."""
    procedure = one_stop_procedure(org)
    made = []
    for received, finished in [
        (local(2026, 2, 2, 9), local(2026, 2, 4, 9)),  # due 5/2, finished after 2 days
        (local(2026, 2, 3, 9), local(2026, 2, 10, 9)),  # due 6/2, late: 4, 5, 6, 9, 10 = 5 days
        (local(2026, 3, 2, 9), local(2026, 3, 5, 9)),
        (local(2026, 3, 3, 9), local(2026, 3, 6, 9)),
    ]:
        dossier, _ = dossiers.receive(procedure, applicant_name="X", received_at=received)
        dossiers.finish(dossier, at=finished)
        made.append(dossier)
    dossiers.receive(procedure, applicant_name="Y", received_at=local(2026, 3, 20, 9))  # still open
    Rating.objects.create(dossier=made[0], score=5)
    Rating.objects.create(dossier=made[1], score=2)
    return procedure, made


def test_measures_by_month(org, history):
    procedure, _ = history
    by_month = measures.compute(
        measures.staff_dossiers(org.users["officer"]), D(2026, 2, 1), D(2026, 3, 31), ("month",)
    )
    february, march = (by_month[(D(2026, m, 1),)] for m in (2, 3))
    assert (february.received, february.early, february.on_time, february.late) == (2, 1, 0, 1)
    assert (february.mean_days, february.p90_days, february.satisfaction) == (3.5, 5, 3.5)
    assert (march.received, march.on_time, march.mean_days, march.mean_statutory) == (3, 2, 3.0, 3.0)
    by_procedure = measures.compute(
        measures.staff_dossiers(org.users["staff_a"]), D(2026, 3, 1), D(2026, 3, 31), ("procedure",)
    )
    assert by_procedure[(procedure.pk,)].received == 3
    assert measures.staff_dossiers(org.users["staff_b"]).count() == 0


def test_change_against_previous_period():
    assert measures.previous_period(D(2026, 3, 1), D(2026, 3, 31)) == (D(2026, 1, 29), D(2026, 2, 28))
    assert measures.change(2.1, 3.0) == pytest.approx(-0.3)
    assert measures.change(2.0, None) is None


def test_dashboard_and_exports(client, org, history):
    client.force_login(org.users["superuser"])
    period = "?tu=2026-02-01&den=2026-03-31"
    page = client.get(reverse("records_dashboard") + period)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "Đăng ký khai sinh" in body
    assert not re.search(r'src="(https?:)?//', body)  # charts drawn by the app, nothing from a CDN
    xlsx = client.get(reverse("records_tracking_book", args=["xlsx"]) + period)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 2 + 5 and sheet.cell(3, 2).value.endswith(".0001")
    docx = client.post(reverse("records_tracking_book", args=["docx"]), {"tu": "2026-02-01", "den": "2026-03-31"})
    assert docx.status_code == 200
    book = QualityRecord.objects.get(record_type__code="TTHC-07")
    assert "SỔ THEO DÕI HỒ SƠ" in docx_text(book) and book.is_closed
    assert client.get(reverse("records_dashboard") + "?tu=bad").status_code == 404


def test_no_get_files_a_tracking_book_record(client, org, history):
    """A link from another site (or a prefetch) to the export must not file an undeletable record."""
    client.force_login(org.users["superuser"])
    before = QualityRecord.objects.count()
    period = "?tu=2026-02-01&den=2026-03-31"
    for fmt in ("docx", "xlsx"):
        for method in (client.get, client.head):
            assert method(reverse("records_tracking_book", args=[fmt]) + period).status_code in (200, 405)
    assert client.get(reverse("records_tracking_book", args=["docx"]) + period).status_code == 405
    assert QualityRecord.objects.count() == before
    page = client.get(reverse("records_dashboard") + period).content.decode()
    assert f'method="post" action="{reverse("records_tracking_book", args=["docx"])}"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_cross_site_post_files_nothing(org, history):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.users["superuser"])
    before = QualityRecord.objects.count()
    url = reverse("records_tracking_book", args=["docx"])
    assert strict.post(url, {"tu": "2026-02-01", "den": "2026-03-31"}).status_code == 403
    assert QualityRecord.objects.count() == before


@pytest.mark.parametrize(
    "period", ["?tu=0001-01-01&den=0001-01-02", "?tu=2026-01-01&den=99999-01-01", "?den=0001-01-01"]
)
def test_odd_periods_are_refused_clearly(client, org, history, period):
    client.force_login(org.users["superuser"])
    assert client.get(reverse("records_dashboard") + period).status_code == 404
    assert client.get(reverse("records_tracking_book", args=["xlsx"]) + period).status_code == 404


def test_staff_dashboard_is_scoped(client, org, history):
    client.force_login(org.users["staff_b"])
    response = client.get(reverse("records_dashboard") + "?tu=2026-02-01&den=2026-03-31")
    assert response.status_code == 200 and "Đăng ký khai sinh" not in response.content.decode()


def test_admin_refuses_to_edit_or_delete_a_closed_record(client, org, history):
    client.force_login(org.users["superuser"])
    record = QualityRecord.objects.filter(closed_at__isnull=False).first()
    for action in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_records_qualityrecord:{action}", args=[record.pk])
        assert client.get(url).status_code == 302
        client.post(url, {"title": "sửa"})
    assert QualityRecord.objects.get(pk=record.pk).title == record.title
    listing = client.get(reverse("wagtailsnippets_records_qualityrecord:list"))
    assert listing.status_code == 200
