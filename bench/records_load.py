"""One-stop shop under load: 1,000,000 synthetic dossiers over 3 years on PostgreSQL.

Usage: .venv/bin/python bench/records_load.py [--dossiers 1000000] [--database-url postgres://postgres@127.0.0.1:5432/qms_records_bench] [--reuse]
Recreates the database (unless --reuse finds it filled), migrates, builds an agency with 20 procedures, loads the
dossiers (and 30% ratings) with COPY and rebuilds the monthly summaries (rebuild_measures), then times: the staff
dashboard (12 months, officer and department staff), the measures over 3 years (checked once against a live
recomputation from the dossiers), the tracking book of more than 10,000 rows as .xlsx and .docx, the receipt of one
new dossier (service and desk form), and the desk's screens (queues, search, a dossier's page, an act).
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
    from django.test.utils import setup_test_environment

    from documents.models import Agency
    from records.models import Dossier, MonthlySummary, QualityRecord
    from tests.documents.org import Org, build_org
    from tests.records.dossier_helpers import one_stop_procedure

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
    if not args.reuse or not MonthlySummary.objects.exists():
        timed("rebuild the monthly summaries (rebuild_measures)", lambda: call_command("rebuild_measures"), repeat=1)
    print(f"dossiers: {Dossier.objects.count():,}; monthly summary rows: {MonthlySummary.objects.count():,}")
    bench_measures(org, first_day, last_day)
    bench_book(org)
    bench_desk(org, procedure)
    print(f"quality records: {QualityRecord.objects.count():,}")


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def ok(response):
    assert response.status_code in (200, 302), response.status_code
    return response


def bench_measures(org, first_day, last_day):
    from django.urls import reverse

    from records.services import measures

    year = f"?tu={last_day.replace(day=1) - dt.timedelta(days=334):%Y-%m-01}&den={last_day:%Y-%m-%d}"
    for who in ("officer", "staff_a"):
        client = client_for(org.users[who])
        timed(f"dashboard page, 12 months ({who})", lambda c=client: ok(c.get(reverse("records_dashboard") + year)))
    officer = org.users["officer"]
    figures = timed(
        "measures by procedure and month, 3 years (summaries)",
        lambda: measures.summarised(officer, first_day, last_day, ("procedure", "month")),
    )
    odd_from, odd_to = dt.date(2024, 2, 17), dt.date(2026, 8, 12)
    timed(
        "measures by procedure, 17/02/2024-12/08/2026 (summaries + edges)",
        lambda: measures.summarised(officer, odd_from, odd_to, ("procedure",)),
    )
    live = timed(
        "  reference: the same 3 years recomputed from the dossiers",
        lambda: measures.compute(measures.staff_dossiers(officer), first_day, last_day, ("procedure", "month")),
        repeat=1,
    )
    assert figures == live, "summaries differ from the dossiers"
    print("  summaries equal the live recomputation")


def bench_book(org):
    from django.urls import reverse

    from records.services import measures

    client = client_for(org.users["officer"])
    book_from, book_to = dt.date(2025, 3, 3), dt.date(2025, 3, 12)
    rows = measures.staff_dossiers(org.users["officer"]).filter(received_on__range=(book_from, book_to)).count()
    assert rows >= 10_000, rows
    period = f"?tu={book_from}&den={book_to}"
    data = {"tu": str(book_from), "den": str(book_to)}
    for fmt, note, send in (
        ("xlsx", "HTTP", lambda url: client.get(url + period)),
        ("docx", "HTTP POST, kept as a record", lambda url: client.post(url, data)),
    ):
        response = timed(
            f"tracking book .{fmt}, {rows:,} rows ({note})",
            lambda fmt=fmt, send=send: ok(send(reverse("records_tracking_book", args=[fmt]))),
        )
        print(f"  .{fmt} size {len(response.content) / 1024:.0f} KiB")


def bench_desk(org, procedure):
    import uuid

    from django.urls import reverse

    from records.models import Dossier
    from records.services import desk, dossiers
    from tests.records.dossier_helpers import local

    counter = iter(range(10**6))
    timed(
        "receive one new dossier (number, due date, steps, .docx slip)",
        lambda: dossiers.receive(procedure, applicant_name=f"Mới {next(counter)}", received_at=local(2026, 10, 30, 9)),
        repeat=5,
    )
    staff = client_for(org.users["staff_a"])
    form = {"procedure": procedure.pk, "applicant_name": "Người nộp mới", "channel": "direct"}
    timed(
        "receive one new dossier through the desk form (HTTP POST)",
        lambda: ok(staff.post(reverse("records_receive"), form | {"key": uuid.uuid4().hex})),
        repeat=5,
    )
    officer = client_for(org.users["officer"])
    for label, client, query in (
        ("officer", officer, "?hang=open"),
        ("staff", staff, "?hang=open"),
        ("officer, late", officer, "?hang=late"),
        ("officer, all, page 3", officer, "?hang=all&trang=3"),
        ("staff, name search", staff, "?hang=all&q=n%E1%BB%99p%20999"),
        ("staff, receipt number", staff, "?hang=open&q=B000500000"),
    ):
        timed(f"desk queue page ({label})", lambda c=client, q=query: ok(c.get(reverse("records_queue") + q)))
    newest = Dossier.objects.filter(procedure=procedure, received_by=org.users["staff_a"]).order_by("-pk").first()
    timed(
        "dossier page (steps, events, slips, act forms)",
        lambda: ok(staff.get(reverse("records_dossier", args=[newest.pk]))),
    )
    timed(
        "receipt slip download", lambda: ok(staff.get(reverse("records_record_file", args=[newest.records.first().pk])))
    )
    url = reverse("records_dossier_act", args=[newest.pk, "transfer"])
    timed(
        "hand a dossier to its next step (HTTP POST)",
        lambda: ok(staff.post(url, {"version": desk.version(newest), "note": ""})),
        repeat=3,
    )


if __name__ == "__main__":
    main()
