from django.core.management.base import BaseCommand, CommandError

from documents.models import Agency
from records.services import anchors
from records.services.integrity import verify_records

LEGACY_EXIT = 2


class Command(BaseCommand):
    help = (
        "Recompute the content hashes, chain and keyed seals of closed quality records and re-read their files; "
        "exit 1 if anything was altered, 2 if some records still carry the old unkeyed (legacy) seal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code (default: every agency)")
        parser.add_argument("--no-files", action="store_true", help="skip re-reading every file (faster, weaker)")
        parser.add_argument("--files", action="store_true", help="(the default; kept for old scripts)")
        parser.add_argument(
            "--anchor", action="store_true", help="after a clean run, append the chain heads to QMS_RECORDS_ANCHOR_LOG"
        )

    def handle(self, *args, agency=None, no_files=False, anchor=False, **options):
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"unknown agency {agency}")
        problems = verify_records(target, check_files=not no_files)
        problems += anchors.check(target)
        altered = [p for p in problems if not p.legacy]
        legacy = [p for p in problems if p.legacy]
        for problem in problems:
            self.stderr.write(str(problem))
        if altered:
            raise CommandError(f"{len(altered)} problem(s): quality records were altered")
        if legacy:
            raise CommandError(
                f"{len(legacy)} record(s) carry a legacy unkeyed seal, which proves nothing against someone with "
                "database access: check them, then run manage.py reseal_records",
                returncode=LEGACY_EXIT,
            )
        if anchor:
            path = anchors.write(target)
            self.stdout.write(f"Chain heads appended to {path}.")
        files = "" if no_files else " and their files"
        self.stdout.write(self.style.SUCCESS(f"All closed quality records{files} verify under the seal key."))
