"""Build a provisioned organisation with one user per role, for workflow and permission tests."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from documents.models import Agency, Department, ProcedurePage, RoleKind
from documents.services.roles import assign_role
from documents.services.tree import ensure_department_section


@dataclass
class Org:
    agency: Agency
    dept_a: Department
    dept_b: Department
    users: dict


def make_user(username, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.invalid", "pw")
    return User.objects.create_user(username, f"{username}@example.invalid", "pw", first_name=username.title())


def build_org() -> Org:
    agency = Agency.objects.create(code="XA-ORG", name="UBND xã Tổ Chức")
    dept_a = Department.objects.create(agency=agency, code="TUPHAP", name="Tư pháp - Hộ tịch", tthc_fields="Hộ tịch")
    dept_b = Department.objects.create(agency=agency, code="DIACHINH", name="Địa chính", tthc_fields="Đất đai")
    users = {
        "staff_a": (RoleKind.STAFF, dept_a),
        "staff_b": (RoleKind.STAFF, dept_b),
        "head_a": (RoleKind.HEAD, dept_a),
        "head_b": (RoleKind.HEAD, dept_b),
        "officer": (RoleKind.QUALITY_OFFICER, None),
        "leader": (RoleKind.LEADER, None),
    }
    made = {}
    for username, (kind, dept) in users.items():
        made[username] = make_user(username)
        assign_role(made[username], kind, agency, dept)
    made["superuser"] = make_user("root", superuser=True)
    return Org(agency, dept_a, dept_b, made)


def new_procedure(department, title, author, **fields) -> ProcedurePage:
    """A draft procedure written by `author` in the department's section."""
    page = ProcedurePage(title=title, live=False, **fields)
    ensure_department_section(department).add_child(instance=page)
    page.save_revision(user=author)
    return page


def run_workflow(page, submitter, approvers) -> None:
    """Submit the latest revision and approve every step with the given users, in order."""
    page = ProcedurePage.objects.get(pk=page.pk)
    page.get_workflow().start(page, submitter)
    for approver in approvers:
        page = ProcedurePage.objects.get(pk=page.pk)
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, approver, "approve")


def revise(page, author, summary, **changes) -> ProcedurePage:
    page = ProcedurePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.change_summary = summary
    page.save_revision(user=author)
    return page
