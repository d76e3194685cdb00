from django.core.management.base import BaseCommand, CommandError

from documents.models import Agency
from records.services.integrity import verify_records


class Command(BaseCommand):
    help = "Recompute the content hashes and hash chain of closed quality records; exit 1 if anything was altered."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code (default: every agency)")
        parser.add_argument("--files", action="store_true", help="also re-read every file and compare its digest")

    def handle(self, *args, agency=None, files=False, **options):
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"unknown agency {agency}")
        problems = verify_records(target, check_files=files)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s): quality records were altered")
        self.stdout.write(self.style.SUCCESS("All closed quality records verify."))
