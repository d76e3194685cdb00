"""Build the demo world: agencies, departments, users per role, and real national procedures.

Safe to run twice: everything is looked up by its code or username before it is created.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from documents.models import Agency, Department, RoleKind
from documents.services.roles import assign_role
from documents.services.tree import ensure_department_section, ensure_portal_home
from documents.services.tthc_import import DepartmentRouter, ImportSummary, TthcImporter
from documents.text import fold

from .organisation import AGENCIES, COMMUNE_CODE, DEMO_PASSWORD, PROVINCE_JUSTICE_CODE, USERS

ROLE_KINDS = {
    "quality_officer": RoleKind.QUALITY_OFFICER,
    "department_head": RoleKind.HEAD,
    "leader": RoleKind.LEADER,
    "staff": RoleKind.STAFF,
}

NATIONAL_FILE = "tthc/national-2642.jsonl.gz"


@transaction.atomic
def seed_organisation() -> list[Agency]:
    ensure_portal_home()
    agencies = []
    for spec in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("name", "short_name", "level", "address")},
        )
        for dept in spec["departments"]:
            department, _ = Department.objects.update_or_create(
                agency=agency,
                code=dept["code"],
                defaults={
                    "name": dept["name"],
                    "is_one_stop": dept.get("is_one_stop", False),
                    "tthc_fields": "\n".join(dept["fields"]),
                },
            )
            ensure_department_section(department)
        agencies.append(agency)
    return agencies


@transaction.atomic
def seed_users() -> list:
    User = get_user_model()
    users = []
    for spec in USERS:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{spec['username']}@example.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = bool(spec.get("superuser"))
        user.save()
        role = spec.get("role")
        if role:
            department = Department.objects.select_related("agency").get(
                agency__code=spec["agency"], code=spec["department"]
            )
            assign_role(user, ROLE_KINDS[role], department.agency, department)
        users.append(user)
    return users


def import_demo_procedures(data_dir: Path, progress: Callable = lambda it: it) -> dict[str, ImportSummary]:
    """Import the national procedures each demo agency carries out, into the department of their field."""
    path = Path(data_dir) / NATIONAL_FILE
    if not path.exists():
        return {}
    summaries = {}
    for code, level in ((COMMUNE_CODE, "commune"), (PROVINCE_JUSTICE_CODE, "province")):
        agency = Agency.objects.get(code=code)
        router = DepartmentRouter(agency)
        handled = set(router.by_field)

        def belongs(parsed, level=level, handled=handled):
            return level in parsed.levels and fold(parsed.field).casefold() in handled

        summaries[code] = TthcImporter(agency).import_file(path, only=belongs, progress=progress)
    return summaries


def seed_demo(data_dir: Path, progress: Callable = lambda it: it) -> dict[str, ImportSummary]:
    seed_organisation()
    seed_users()
    return import_demo_procedures(data_dir, progress)
