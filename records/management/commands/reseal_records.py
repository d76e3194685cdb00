import getpass

from django.core.management.base import BaseCommand, CommandError

from documents.models import Agency
from records.services.reseal import reseal_agency


class Command(BaseCommand):
    help = (
        "Re-seal closed quality records with the current QMS_RECORDS_KEY (legacy unkeyed seals after the upgrade, "
        "records of an old key after a rotation), after verifying each agency's chain; logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code (default: every agency)")
        parser.add_argument("--dry-run", action="store_true", help="verify and count, change nothing")

    def handle(self, *args, agency=None, dry_run=False, **options):
        agencies = Agency.objects.order_by("code")
        if agency:
            agencies = agencies.filter(code=agency)
            if not agencies.exists():
                raise CommandError(f"unknown agency {agency}")
        refused = 0
        for current in agencies:
            outcome = reseal_agency(current, dry_run=dry_run, by=getpass.getuser())
            for problem in outcome.refused:
                self.stderr.write(str(problem))
            if outcome.refused:
                refused += 1
                self.stderr.write(f"{current.code}: nothing resealed, the chain does not verify")
                continue
            verb = "would reseal" if dry_run else "resealed"
            self.stdout.write(f"{current.code}: {verb} {outcome.resealed} record(s); head {outcome.head}")
        if refused:
            raise CommandError(f"{refused} agency(ies) not resealed: their records were altered")
