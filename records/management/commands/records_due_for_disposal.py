import datetime as dt

from django.core.management.base import BaseCommand

from records.services.retention import due_for_disposal


class Command(BaseCommand):
    help = "List closed quality records whose retention has ended (records under legal hold are left out)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="as of this day (YYYY-MM-DD); default today")

    def handle(self, *args, date=None, **options):
        records = due_for_disposal(today=date).select_related("agency", "department", "record_type")
        count = 0
        for record in records.order_by("agency__code", "retain_until").iterator():
            count += 1
            self.stdout.write(
                f"{record.agency.code}\t{record.pk}\t{record.retain_until:%d/%m/%Y}\t{record.department.code}\t{record.title}"
            )
        self.stdout.write(f"{count} record(s) due for disposal")
