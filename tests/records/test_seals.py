"""An insider with database access but without QMS_RECORDS_KEY cannot re-seal an edited record, swapped files are
found by default, legacy unkeyed seals are reported as such until an explicit reseal, and old keys still verify."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from records.models import QualityRecord
from records.services import seals
from records.services.integrity import GENESIS, content_hash, create_record, verify_records

REAL_KEY = "the-real-records-key-kept-in-the-app-servers-environment"


@pytest.fixture(autouse=True)
def _real_key(settings):
    settings.QMS_RECORDS_KEY = REAL_KEY
    settings.QMS_RECORDS_KEYS_OLD = []
    settings.QMS_RECORDS_ANCHOR_LOG = ""


def make(org, n, **kwargs):
    return create_record(agency=org.agency, department=org.dept_a, title=f"Phiếu {n}", content={"so": n}, **kwargs)


def raw_update(pk, **fields):
    """What someone with database access does: the ORM's guard on closed records skipped."""
    models.QuerySet.update(QualityRecord.objects.filter(pk=pk), **fields)


def reseal_from(agency, first_sequence, key):
    """The insider re-chains every record from ``first_sequence`` with the app's public functions and ``key``."""
    rows = list(QualityRecord.objects.filter(agency=agency, sequence__isnull=False).order_by("sequence"))
    previous = GENESIS
    for record in rows:
        if record.sequence >= first_sequence:
            record.content_hash = content_hash(record)
            if key is None:  # back to the old unkeyed chain
                record.chain_prev, record.seal_key_id = previous, seals.LEGACY
                record.chain_hash = seals.legacy_chain_hash(previous, record.content_hash)
            else:
                seals.seal_record(record, previous, (seals.key_id(key), key))
            fields = ("content_hash", "chain_prev", "chain_hash", "seal_key_id")
            raw_update(record.pk, **{name: getattr(record, name) for name in fields})
        previous = record.chain_hash


def test_a_correct_chain_verifies_clean(org, capsys):
    for n in range(3):
        make(org, n, file_name=f"{n}.txt", file_bytes=b"noi dung %d" % n)
    assert verify_records(org.agency) == []
    call_command("verify_records")
    assert "verify under the seal key" in capsys.readouterr().out


@pytest.mark.parametrize("insider_key", [None, django_settings.QMS_RECORDS_DEV_KEY, "a guess at the key"])
def test_an_edited_and_resealed_record_is_reported(org, insider_key):
    records = [make(org, n) for n in range(4)]
    raw_update(records[1].pk, title="Phiếu đã sửa")
    reseal_from(org.agency, 2, insider_key)
    found = verify_records(org.agency)
    assert records[1].pk in [p.record_id for p in found if not p.legacy]
    with pytest.raises(CommandError) as raised:
        call_command("verify_records")
    assert raised.value.returncode == 1


def test_a_forged_seal_under_the_real_key_id_is_reported(org):
    records = [make(org, n) for n in range(2)]
    raw_update(records[0].pk, title="sửa")
    record = QualityRecord.objects.get(pk=records[0].pk)
    record.content_hash = content_hash(record)
    seals.seal_record(record, GENESIS, (seals.key_id(REAL_KEY), "not-the-real-key"))
    raw_update(record.pk, content_hash=record.content_hash, chain_hash=record.chain_hash)
    assert [p.message for p in verify_records(org.agency)][0].startswith("seal does not match")


def test_a_swapped_file_is_reported_by_default(org):
    record = make(org, 1, file_name="phieu.txt", file_bytes=b"ban goc")
    with open(record.file.path, "wb") as fh:
        fh.write(b"ban bi thay")
    assert [p.message for p in verify_records(org.agency)] == ["file does not match its digest (missing or replaced)"]
    with pytest.raises(CommandError):
        call_command("verify_records")
    call_command("verify_records", "--no-files")  # skipping is a choice, and says so


def test_a_removed_file_is_reported(org):
    record = make(org, 1, file_name="phieu.txt", file_bytes=b"ban goc")
    os.remove(record.file.path)
    assert len(verify_records(org.agency)) == 1


def test_the_wrong_key_is_reported(org, settings):
    make(org, 1)
    settings.QMS_RECORDS_KEY = "another-key-than-the-one-that-sealed-these"
    [problem] = verify_records(org.agency)
    assert "unknown key" in problem.message
    with pytest.raises(CommandError):
        call_command("verify_records")


def test_records_of_an_old_key_verify_while_it_is_listed_and_reseal_moves_them(org, settings):
    old = make(org, 1)
    settings.QMS_RECORDS_KEYS_OLD = [REAL_KEY]
    settings.QMS_RECORDS_KEY = "the-new-key-after-a-rotation-of-the-records-key"
    new = make(org, 2)
    assert verify_records(org.agency) == []
    call_command("reseal_records")
    settings.QMS_RECORDS_KEYS_OLD = []
    assert verify_records(org.agency) == []
    stored = {r.pk: r.seal_key_id for r in QualityRecord.objects.filter(pk__in=[old.pk, new.pk])}
    assert set(stored.values()) == {seals.key_id(settings.QMS_RECORDS_KEY)}


def test_legacy_seals_are_reported_until_an_explicit_reseal(org, capsys, caplog):
    records = [make(org, n) for n in range(3)]
    reseal_from(org.agency, 1, None)  # as the chain stood before the upgrade
    found = verify_records(org.agency)
    assert [p.record_id for p in found] == [r.pk for r in records] and all(p.legacy for p in found)
    with pytest.raises(CommandError) as raised:
        call_command("verify_records")
    assert raised.value.returncode == 2 and "legacy" in str(raised.value)
    call_command("reseal_records")
    assert "resealed 3 record(s)" in capsys.readouterr().out
    assert any("resealed 3 record(s)" in message for message in caplog.messages)
    assert verify_records(org.agency) == []


def test_reseal_refuses_an_altered_legacy_chain(org):
    records = [make(org, n) for n in range(3)]
    reseal_from(org.agency, 1, None)
    raw_update(records[0].pk, title="sửa trước khi niêm phong lại")
    with pytest.raises(CommandError):
        call_command("reseal_records")
    assert QualityRecord.objects.get(pk=records[2].pk).seal_key_id == seals.LEGACY


def test_a_legacy_link_after_keyed_ones_is_a_downgrade(org):
    records = [make(org, n) for n in range(3)]
    raw_update(records[2].pk, title="sửa")
    reseal_from(org.agency, 3, None)
    found = verify_records(org.agency)
    assert [(p.record_id, p.legacy) for p in found] == [(records[2].pk, False)]
    assert "downgraded" in found[0].message


def test_the_anchor_log_shows_records_removed_from_the_end(org, settings, tmp_path):
    settings.QMS_RECORDS_ANCHOR_LOG = str(tmp_path / "anchors.jsonl")
    records = [make(org, n) for n in range(3)]
    call_command("verify_records", "--anchor")
    line = json.loads((tmp_path / "anchors.jsonl").read_text().splitlines()[-1])
    assert (line["agency"], line["sequence"]) == (org.agency.code, 3)
    assert verify_records(org.agency) == []
    models.QuerySet.delete(QualityRecord.objects.filter(pk=records[2].pk))  # the newest record, by an insider
    assert verify_records(org.agency) == []  # the chain alone cannot tell
    with pytest.raises(CommandError, match="altered"):
        call_command("verify_records")


def test_closing_a_record_needs_the_key(org, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.QMS_RECORDS_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        make(org, 1)
    assert not QualityRecord.objects.exists()


def test_production_refuses_to_start_without_a_records_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QMS_RECORDS_KEY")}
    env |= {"DJANGO_SETTINGS_MODULE": "qms.settings.production", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "x.org"}
    code = "import django; django.setup()"
    done = subprocess.run([sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True)
    assert done.returncode != 0 and b"QMS_RECORDS_KEY must be set" in done.stderr
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env | {"QMS_RECORDS_KEY": "k" * 40},
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
