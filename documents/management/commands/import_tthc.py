"""python manage.py import_tthc FILE --agency CODE [--department CODE] [--level commune] [--limit N]"""

import sys
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from documents.models import Agency, Department
from documents.services.tthc_import import ImportSummary, TthcImporter

LEVEL_CODES = ("ministry", "province", "commune", "other")


class Command(BaseCommand):
    help = "Import national administrative procedures (.jsonl, .jsonl.gz or .json) as procedure pages."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="code of the agency that receives the procedures")
        parser.add_argument("--department", help="put every procedure in this department (default: by field)")
        parser.add_argument("--level", choices=LEVEL_CODES, help="only procedures carried out at this level")
        parser.add_argument("--limit", type=int, help="stop after this many records of the file")
        parser.add_argument("--draft", action="store_true", help="create drafts instead of publishing")

    def handle(self, *args, **options):
        try:
            agency = Agency.objects.get(code=options["agency"])
        except Agency.DoesNotExist as exc:
            raise CommandError(f"No agency with code {options['agency']!r}") from exc
        department = None
        if options["department"]:
            department = Department.objects.filter(agency=agency, code=options["department"]).first()
            if department is None:
                raise CommandError(f"No department {options['department']!r} in agency {agency.code}")
        level = options["level"]
        importer = TthcImporter(agency, department, publish=not options["draft"])
        limit = options["limit"]

        def progress(records):
            records = islice(records, limit) if limit else records
            return tqdm(records, desc="import_tthc", unit=" record", disable=None, file=sys.stderr)

        summary = importer.import_file(
            options["file"],
            only=(lambda parsed: level in parsed.levels) if level else None,
            progress=progress,
        )
        self.report(summary, options["verbosity"])

    def report(self, summary: ImportSummary, verbosity: int) -> None:
        out = self.stdout
        out.write(
            f"created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged}, "
            f"skipped {len(summary.skipped)} in {summary.seconds:.1f} s"
        )
        if summary.with_channels:
            share = summary.channels_structured / summary.with_channels
            out.write(
                f"channels parsed into structure (time limit and fee of every channel): "
                f"{summary.channels_structured}/{summary.with_channels} ({share:.1%})"
            )
        for reason, count in summary.skip_reasons().most_common():
            out.write(f"skipped, {reason}: {count}")
        shown = summary.skipped if verbosity > 1 else [s for s in summary.skipped if not s[1].startswith("filtered")]
        for where, why in shown[:200]:
            out.write(f"  {where}: {why}")
        if len(shown) > 200:
            out.write(f"  … and {len(shown) - 200} more (use -v 2 to list all)")
