"""Queries per admin page view for a department head, with 50 and 500 documents in the department.

Usage: .venv/bin/python bench/admin_queries.py [--docs 500] [--database-url sqlite:////tmp/bench-admin.sqlite3]
Builds a fresh database (migrate), a provisioned agency and department, N published procedures, then counts
the SQL queries of the head's admin views. The count must not grow with the number of documents.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--database-url", default="sqlite:////tmp/qms-bench-admin.sqlite3")
    args = parser.parse_args()
    if args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from documents.models import Agency, Department, ProcedurePage, RoleKind
    from documents.services.bulk import bulk_page_writes
    from documents.services.roles import assign_role
    from documents.services.tree import ensure_department_section
    from tests.documents.org import make_user

    setup_test_environment()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="BENCH", name="UBND xã Đo Lường")
    dept = Department.objects.create(agency=agency, code="TUPHAP", name="Tư pháp")
    head = make_user("bench_head")
    assign_role(head, RoleKind.HEAD, agency, dept)
    section = ensure_department_section(dept)
    client = Client()
    client.force_login(head)
    made = 0
    print("| documents | view | queries | ms |")
    print("|---|---|---|---|")
    for target in sorted(args.docs):
        with bulk_page_writes(ProcedurePage):
            while made < target:
                page = ProcedurePage(
                    title=f"Quy trình {made:04d}",
                    iso_code=f"QT {made:03d}",
                    visibility="internal",
                    change_summary="Ban hành",
                )
                section.add_child(instance=page)
                page.save_revision().publish(skip_permission_checks=True)
                made += 1
        sample = ProcedurePage.objects.filter(agency=agency).order_by("pk").first()
        views = {
            "dashboard": reverse("wagtailadmin_home"),
            "explorer (section)": reverse("wagtailadmin_explore", args=[section.pk]),
            "edit procedure": reverse("wagtailadmin_pages:edit", args=[sample.pk]),
            "document report": reverse("qms_document_report", args=[sample.pk]),
        }
        for name, url in views.items():
            client.get(url)  # warm caches the way a real session would
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (name, response.status_code)
            print(f"| {target} | {name} | {len(ctx.captured_queries)} | {elapsed:.0f} |")


if __name__ == "__main__":
    main()
