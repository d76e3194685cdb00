"""python manage.py seed_demo: demo agencies, departments, users per role and real procedures. Safe to re-run."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from documents.demo.seed import seed_demo
from documents.models import Agency


class Command(BaseCommand):
    help = "Create the demo agencies, departments and users, and import their real national procedures."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when an agency already exists")
        parser.add_argument("--data-dir", default=str(settings.QMS_SHARED_DATA_DIR), help="the shared data folder")

    def handle(self, *args, **options):
        if options["if_empty"] and Agency.objects.exists():
            self.stdout.write("Agencies already exist: demo data left as it is.")
            return
        data_dir = Path(options["data_dir"])

        def progress(records):
            return tqdm(records, desc="seed_demo", unit=" record", disable=None, file=sys.stderr)

        summaries = seed_demo(data_dir, progress)
        if not summaries:
            self.stdout.write(self.style.WARNING(f"No national data found under {data_dir}: organisation and users only."))
        for code, s in summaries.items():
            self.stdout.write(
                f"{code}: created {s.created}, updated {s.updated}, unchanged {s.unchanged} in {s.seconds:.1f} s"
            )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins are listed in README.md."))
