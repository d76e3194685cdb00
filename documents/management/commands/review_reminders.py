"""python manage.py review_reminders [--today YYYY-MM-DD] — run daily by a scheduler."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from documents.services.reviews import documents_due_for_review, send_review_reminders


class Command(BaseCommand):
    help = "List documents due for review within 30 days or overdue, and e-mail their owners."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list only, send nothing")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError("--today must be YYYY-MM-DD") from exc
        due = documents_due_for_review(today)
        for item in due:
            state = "OVERDUE" if item.overdue else "due"
            self.stdout.write(f"{state} {item.due_on:%d/%m/%Y} {item.page.pk} {item.page.display_name}")
        if options["dry_run"]:
            self.stdout.write(f"{len(due)} document(s) due; nothing sent (dry run)")
            return
        sent = send_review_reminders(today)
        self.stdout.write(f"{len(due)} document(s) due; reminders sent to {len(sent)} owner(s)")
