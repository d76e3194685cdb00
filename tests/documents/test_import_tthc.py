"""The national procedure importer, on real records: counts, idempotency, bad records, routing."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from documents.models import ProcedurePage
from documents.services.tthc_import import TthcImporter
from tests.conftest import SHARED_DATA

NATIONAL = SHARED_DATA / "tthc" / "national-2642.jsonl.gz"
DICHVUCONG = SHARED_DATA / "tthc" / "dichvucong-87.json"


def real_records(predicate=lambda r: True, limit=None):
    out = []
    with gzip.open(NATIONAL, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if predicate(record):
                out.append(record)
                if limit and len(out) == limit:
                    break
    return out


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def civil_status_records():
    return real_records(lambda r: r["linh_vuc"] in ("Hộ tịch", "Chứng thực", "Đất đai") and "xã" in r["cap_thuc_hien"])


def test_import_routes_by_field_and_counts(tmp_path, agency, justice, land, one_stop, civil_status_records):
    path = write_jsonl(tmp_path / "civil.jsonl", [json.dumps(r, ensure_ascii=False) for r in civil_status_records])
    summary = TthcImporter(agency).import_file(path)
    expected = len({r["ma_thu_tuc"] for r in civil_status_records})
    assert summary.created == expected and not summary.skipped
    pages = ProcedurePage.objects.filter(agency=agency)
    assert pages.count() == expected
    by_field = {field: dept for field, dept in pages.values_list("tthc_field", "department__code").distinct()}
    assert by_field == {"Hộ tịch": "TUPHAP", "Chứng thực": "TUPHAP", "Đất đai": "DIACHINH"}
    assert all(page.live for page in pages)


def test_reimport_updates_and_never_duplicates(tmp_path, agency, justice, one_stop):
    records = real_records(lambda r: r["linh_vuc"] == "Hộ tịch", limit=5)
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps(r, ensure_ascii=False) for r in records])
    first = TthcImporter(agency).import_file(path)
    assert first.created == 5
    second = TthcImporter(agency).import_file(path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)

    records[0]["ten_thu_tuc"] += " (sửa đổi)"
    write_jsonl(path, [json.dumps(r, ensure_ascii=False) for r in records])
    third = TthcImporter(agency).import_file(path)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
    assert ProcedurePage.objects.filter(agency=agency).count() == 5
    page = ProcedurePage.objects.get(tthc_code=records[0]["ma_thu_tuc"].strip())
    assert page.official_name.endswith("(sửa đổi)")
    assert page.revisions.count() == 2


def test_officer_content_survives_a_reimport(tmp_path, agency, justice, one_stop):
    records = real_records(lambda r: r["linh_vuc"] == "Hộ tịch", limit=1)
    path = write_jsonl(tmp_path / "a.jsonl", [json.dumps(records[0], ensure_ascii=False)])
    TthcImporter(agency).import_file(path)
    page = ProcedurePage.objects.get()
    page.purpose = "Quy định trình tự tiếp nhận và giải quyết."
    page.iso_code = "QT 01/CX-HCTP"
    page.change_summary = "Bổ sung mục đích"
    page.save_revision().publish()
    records[0]["linh_vuc"] = "Hộ tịch"
    records[0]["so_quyet_dinh"] = "9999/QĐ-BTP"
    write_jsonl(path, [json.dumps(records[0], ensure_ascii=False)])
    TthcImporter(agency).import_file(path)
    page.refresh_from_db()
    assert page.tthc_decision_number == "9999/QĐ-BTP"
    assert page.purpose.startswith("Quy định") and page.iso_code == "QT 01/CX-HCTP"


def test_bad_records_are_reported_and_the_rest_imported(tmp_path, agency, justice, one_stop):
    good = real_records(lambda r: r["linh_vuc"] == "Hộ tịch", limit=3)
    no_code = dict(good[0], ma_thu_tuc="  ")
    no_name = dict(good[1], ma_thu_tuc="9.999999", ten_thu_tuc="")
    extra_field = dict(good[2], something_new="ignored")
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        "{not json",
        json.dumps(no_code, ensure_ascii=False),
        json.dumps(no_name, ensure_ascii=False),
        json.dumps(good[1], ensure_ascii=False),
        json.dumps(good[0], ensure_ascii=False),  # the same code twice in one file
        json.dumps(extra_field, ensure_ascii=False),
        "[1, 2]",
    ]
    summary = TthcImporter(agency).import_file(write_jsonl(tmp_path / "mixed.jsonl", lines))
    assert summary.created == 3
    reasons = dict(summary.skipped)
    assert set(reasons) == {"mixed.jsonl:2", "mixed.jsonl:3", "mixed.jsonl:4", "mixed.jsonl:6", "mixed.jsonl:8"}
    assert reasons["mixed.jsonl:6"].startswith("duplicate code") and "mixed.jsonl:1" in reasons["mixed.jsonl:6"]
    assert ProcedurePage.objects.count() == 3


def test_a_record_without_a_department_is_skipped_not_half_written(tmp_path, agency, justice):
    # No one-stop department: a land procedure has nowhere to go.
    record = real_records(lambda r: r["linh_vuc"] == "Đất đai", limit=1)[0]
    summary = TthcImporter(agency).import_file(write_jsonl(tmp_path / "x.jsonl", [json.dumps(record)]))
    assert summary.created == 0 and summary.skipped[0][1].startswith("no department")
    assert ProcedurePage.objects.count() == 0


def test_long_official_names_are_kept_whole(tmp_path, agency, one_stop):
    records = real_records(lambda r: len(r["ten_thu_tuc"]) > 255, limit=3)
    assert len(records) == 3
    TthcImporter(agency).import_file(write_jsonl(tmp_path / "long.jsonl", [json.dumps(r) for r in records]))
    for record in records:
        page = ProcedurePage.objects.get(tthc_code=record["ma_thu_tuc"].strip())
        assert len(page.title) <= 255
        assert page.official_name == " ".join(record["ten_thu_tuc"].split())


def test_dichvucong_file_imports(agency, one_stop):
    summary = TthcImporter(agency).import_file(DICHVUCONG)
    assert summary.created + len(summary.skipped) == 87
    assert summary.created >= 80
    page = ProcedurePage.objects.filter(agency=agency).exclude(channels=[]).first()
    assert page is not None and page.channels[0].value["channel"] in ("direct", "online", "post")


def test_command_prints_a_summary(tmp_path, agency, justice, one_stop):
    records = real_records(lambda r: r["linh_vuc"] == "Hộ tịch", limit=4)
    path = write_jsonl(tmp_path / "cmd.jsonl", [json.dumps(r) for r in records] + ["oops"])
    out = io.StringIO()
    call_command("import_tthc", str(path), "--agency", agency.code, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "created 4, updated 0, unchanged 0, skipped 1" in text
    assert "cmd.jsonl:5" in text


def test_command_refuses_an_unknown_agency(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No agency"):
        call_command("import_tthc", str(tmp_path / "x.jsonl"), "--agency", "NOPE")
