"""Recompute the monthly summaries of the measures from the dossiers (after an import, or to check)."""

import time

from django.core.management.base import BaseCommand, CommandError

from documents.models import Agency
from records.services import summary


class Command(BaseCommand):
    help = "Rebuild the monthly summaries behind the one-stop measures (or --check them) from the dossiers."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code (default: every agency)")
        parser.add_argument("--check", action="store_true", help="only report summaries that differ")

    def handle(self, *args, agency=None, check=False, **options):
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"no agency with code {agency}")
        start = time.perf_counter()
        if check:
            differing = summary.differences(target)
            for key in differing[:20]:
                self.stdout.write(f"differs: agency, procedure, department, desk, month = {key}")
            if differing:
                raise CommandError(f"{len(differing)} summary row(s) differ from the dossiers; run without --check")
            self.stdout.write("the monthly summaries match the dossiers")
            return
        rows = summary.rebuild(target)
        self.stdout.write(f"rebuilt {rows} monthly summary row(s) in {time.perf_counter() - start:.1f} s")
