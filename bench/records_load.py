"""One-stop shop under load: 1,000,000 synthetic dossiers over 3 years on PostgreSQL.

Usage: .venv/bin/python bench/records_load.py [--dossiers 1000000] [--database-url postgres://postgres@127.0.0.1:5432/qms_records_bench] [--reuse]
Recreates the database (unless --reuse finds it filled), migrates, builds an agency with 20 procedures, loads the
dossiers (and 30% ratings) with COPY, then times: the staff dashboard (12 months), the measures over 3 years,
the tracking book of about 10,000 rows as .xlsx and .docx, and the receipt of one new dossier.
Goals: every staff page under 1 s, export under 5 s.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROCEDURES = 20


def recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(label, fn, repeat=3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<58} median {statistics.median(times) * 1000:8.0f} ms  (min {min(times) * 1000:.0f})")
    return result


def working_days(start: dt.date, end: dt.date):
    from records.workdays import NATIONAL

    days, day = [], start
    while day <= end:
        if NATIONAL.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def load(n: int, org, procedures, first_day: dt.date, last_day: dt.date) -> None:
    """COPY n dossiers whose dates follow the national calendar, finished ones with a measured outcome."""
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(7)  # noqa: S311 (synthetic data)
    days = working_days(first_day, last_day + dt.timedelta(days=120))
    index = {day: i for i, day in enumerate(days)}
    span = index[max(d for d in days if d <= last_day)]
    tz = timezone.get_current_timezone()
    desk = org.agency.departments.get(is_one_stop=True)
    columns = (
        "agency_id, procedure_id, department_id, receiving_department_id, receipt_number, secret_hash, applicant_name,"
        " applicant_contact, applicant_address, channel, received_at, received_on, start_on, cutoff_rule, statutory_days,"
        " due_on, status, paused_days, finished_on, returned_on, processing_days, outcome, note"
    )
    today = last_day
    start = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY records_dossier ({columns}) FROM STDIN") as copy:
        for number in range(n):
            procedure = procedures[number % len(procedures)]
            i = rng.randrange(span)
            received = dt.datetime.combine(days[i], dt.time(rng.randrange(7, 17), rng.randrange(60)), tzinfo=tz)
            start_i = i + 1 if received.hour >= 15 else i
            limit = procedure.bench_days
            due = days[start_i + limit]
            took = max(0, int(rng.gauss(limit * 0.8, limit * 0.4)))
            finished = days[start_i + took] if days[start_i + took] <= today else None
            outcome = (
                "" if finished is None else ("early" if finished < due else "on_time" if finished == due else "late")
            )
            copy.write_row(
                (
                    org.agency.pk,
                    procedure.pk,
                    procedure.department_id,
                    desk.pk,
                    f"B{number:09d}",
                    "0" * 64,
                    f"Người nộp {number}",
                    "",
                    "",
                    "direct",
                    received,
                    days[i],
                    days[start_i],
                    True,
                    limit,
                    due,
                    "returned" if finished else "in_progress",
                    0,
                    finished,
                    finished,
                    took if finished else None,
                    outcome,
                    "",
                )
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO records_rating (dossier_id, score, comment, created_at)"
            " SELECT id, 1 + (id * 7919) % 5, '', now() FROM records_dossier WHERE finished_on IS NOT NULL AND id % 3 = 0"
        )
        cursor.execute("ANALYZE")
    print(f"loaded {n:,} dossiers in {time.perf_counter() - start:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/qms_records_bench")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    args = parser.parse_args()
    if not args.reuse:
        recreate(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from documents.models import Agency
    from records.models import Dossier, QualityRecord
    from records.services import dossiers, measures
    from tests.documents.org import Org, build_org
    from tests.records.dossier_helpers import local, one_stop_procedure

    setup_test_environment()
    call_command("migrate", verbosity=0)
    last_day, first_day = dt.date(2026, 10, 30), dt.date(2023, 11, 1)
    if args.reuse and Dossier.objects.exists():
        from django.contrib.auth import get_user_model

        agency = Agency.objects.get(code="XA-ORG")
        departments = {d.code: d for d in agency.departments.all()}
        users = {u.username: u for u in get_user_model().objects.all()}
        org = Org(agency, departments["TUPHAP"], departments["DIACHINH"], users | {"superuser": users["root"]})
        procedure = Dossier.objects.filter(agency=agency).first().procedure
    else:
        org = build_org()
        procedures = [one_stop_procedure(org, f"Thủ tục thử {n:02d}", f"1.{n:06d}") for n in range(PROCEDURES)]
        for n, page in enumerate(procedures):
            page.bench_days = 1 + n % 15
        load(args.dossiers, org, procedures, first_day, last_day)
        procedure = procedures[0]
    print(f"dossiers: {Dossier.objects.count():,}")

    client = Client()
    client.force_login(org.users["officer"])
    year = f"?tu={last_day.replace(day=1) - dt.timedelta(days=334):%Y-%m-01}&den={last_day:%Y-%m-%d}"
    page = timed("dashboard page, 12 months (officer)", lambda: client.get(reverse("records_dashboard") + year))
    assert page.status_code == 200
    officer_dossiers = measures.staff_dossiers(org.users["officer"])
    timed(
        "measures by procedure and month, 3 years",
        lambda: measures.compute(officer_dossiers, first_day, last_day, ("procedure", "month")),
    )
    book_from, book_to = dt.date(2025, 3, 3), dt.date(2025, 3, 10)
    rows = officer_dossiers.filter(received_on__range=(book_from, book_to)).count()
    period = f"?tu={book_from}&den={book_to}"
    xlsx = timed(
        f"tracking book .xlsx, {rows:,} rows (HTTP)",
        lambda: client.get(reverse("records_tracking_book", args=["xlsx"]) + period),
    )
    print(f"  .xlsx size {len(xlsx.content) / 1024:.0f} KiB")
    docx = timed(
        f"tracking book .docx, {rows:,} rows (HTTP, kept as a record)",
        lambda: client.get(reverse("records_tracking_book", args=["docx"]) + period),
        repeat=1,
    )
    print(f"  .docx size {len(docx.content) / 1024:.0f} KiB")
    counter = iter(range(10**6))
    timed(
        "receive one new dossier (number, due date, steps, .docx slip)",
        lambda: dossiers.receive(procedure, applicant_name=f"Mới {next(counter)}", received_at=local(2026, 10, 30, 9)),
        repeat=5,
    )
    print(f"quality records: {QualityRecord.objects.count():,}")


if __name__ == "__main__":
    main()
