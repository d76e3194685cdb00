"""python manage.py export_registers --agency CODE [--department CODE] [--kind internal|external|records] [--output DIR]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.models import Agency
from documents.services.registers import KINDS, build_register, register_docx, register_xlsx


class Command(BaseCommand):
    help = "Write the document and records registers of an agency (or one department) as .xlsx and .docx."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True)
        parser.add_argument("--department", help="only this department")
        parser.add_argument("--kind", choices=KINDS, action="append", help="register(s) to write (default: all)")
        parser.add_argument("--output", default=".", help="folder to write into")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency with code {options['agency']!r}")
        department = None
        if options["department"]:
            department = agency.departments.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"No department {options['department']!r} in agency {agency.code}")
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        scope = department.code if department else agency.code
        for kind in options["kind"] or KINDS:
            register = build_register(kind, agency, department)
            for extension, writer in (("xlsx", register_xlsx), ("docx", register_docx)):
                path = folder / f"danh-muc-{kind}-{scope}.{extension}"
                path.write_bytes(writer(register))
                self.stdout.write(f"{path}: {len(register.rows)} rows")
