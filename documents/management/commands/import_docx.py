"""python manage.py import_docx FILE... --agency CODE --department CODE [--dry-run] [--json] [--series S] [--force]

Each file becomes (or updates) a draft procedure of the department. With --json the parsed structure
is printed on stdout as JSON (one object, or a list for several files) and nothing else is written to
stdout; progress and warnings go to stderr.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.models import Department
from documents.services.word_import import CodeClash, WordImportError, import_procedure


class Command(BaseCommand):
    help = "Import ISO procedures written in Word (.docx) as draft procedure pages."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--agency", required=True, help="code of the agency")
        parser.add_argument("--department", required=True, help="code of the department that owns the procedures")
        parser.add_argument("--dry-run", action="store_true", help="parse and check only; write nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed structure as JSON on stdout")
        parser.add_argument("--series", help="series (bộ tài liệu) of the codes, instead of the one read or guessed")
        parser.add_argument("--force", action="store_true", help="update the procedure holding the code anyway")

    def handle(self, *args, **options):
        department = (
            Department.objects.select_related("agency")
            .filter(agency__code=options["agency"], code=options["department"])
            .first()
        )
        if department is None:
            raise CommandError(f"No department {options['department']!r} in agency {options['agency']!r}")
        outputs, failed = [], 0
        for name in options["files"]:
            output = self.import_one(name, department, options)
            failed += "error" in output
            outputs.append(output)
        if options["json"]:
            payload = outputs[0] if len(outputs) == 1 else outputs
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        if failed:
            raise CommandError(f"{failed} of {len(outputs)} file(s) not imported")

    def import_one(self, name: str, department: Department, options) -> dict:
        err = sys.stderr
        try:
            result = import_procedure(
                Path(name),
                department,
                filename=Path(name).name,
                series=options["series"],
                force=options["force"],
                dry_run=options["dry_run"],
            )
        except WordImportError as exc:
            err.write(f"{name}: {exc.message}\n")
            return {"file": Path(name).name, "error": exc.message, "error_code": exc.code}
        except CodeClash as exc:
            hint = " (--force to confirm)" if exc.confirmable else ""
            err.write(f"{name}: {exc}{hint}\n")
            read = exc.result.as_json() if exc.result is not None else {"file": Path(name).name}
            return {**read, "error": str(exc), "error_code": "code_clash"}
        for warning in result.warnings:
            err.write(f"{name}: {warning}\n")
        if not options["json"]:
            where = f" (page {result.page.pk})" if result.page is not None else ""
            self.stdout.write(f"{name}: {result.outcome} {result.parsed.get('code') or '—'}{where}")
        return result.as_json()
