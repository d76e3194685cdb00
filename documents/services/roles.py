"""Provision the groups, page permissions and approval workflow of agencies and departments.

Called when an agency or department is created (signals) and safe to call again: the seed, the
admin and the tests all get the same structure.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from ..models import Agency, Department, DepartmentApprovalTask, RoleGroup, RoleKind, SignoffRole
from .tree import ensure_agency_library, ensure_department_section

# Wagtail page permissions each role holds on its subtree. Nobody holds "publish": documents are
# issued only by the approval workflow (ISO 7.5.2: approved before issue).
PAGE_PERMISSIONS = {
    RoleKind.STAFF: ("add", "change"),
    RoleKind.HEAD: ("add", "change", "lock"),
    RoleKind.QUALITY_OFFICER: ("add", "change", "lock", "unlock"),
    RoleKind.LEADER: ("change",),
}

GROUP_NAME = {
    RoleKind.STAFF: "{agency} · {department} · Cán bộ",
    RoleKind.HEAD: "{agency} · {department} · Trưởng phòng",
    RoleKind.QUALITY_OFFICER: "{agency} · Thư ký ISO",
    RoleKind.LEADER: "{agency} · Lãnh đạo",
}


def role_group(agency: Agency, kind: str, department: Department | None = None) -> Group:
    binding = RoleGroup.objects.filter(agency=agency, department=department, kind=kind).select_related("group").first()
    if binding is not None:
        return binding.group
    name = GROUP_NAME[kind].format(agency=agency.code, department=department.code if department else "")
    group, _created = Group.objects.get_or_create(name=name[:150])
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    RoleGroup.objects.create(group=group, agency=agency, department=department, kind=kind)
    return group


def grant_page_permissions(group: Group, page, kind: str) -> None:
    for permission_type in PAGE_PERMISSIONS[kind]:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def provision_agency(agency: Agency) -> None:
    library = ensure_agency_library(agency)
    for kind in (RoleKind.QUALITY_OFFICER, RoleKind.LEADER):
        grant_page_permissions(role_group(agency, kind), library, kind)


@transaction.atomic
def provision_department(department: Department) -> Workflow:
    agency = department.agency
    provision_agency(agency)
    section = ensure_department_section(department)
    for kind in (RoleKind.STAFF, RoleKind.HEAD):
        grant_page_permissions(role_group(agency, kind, department), section, kind)
    return ensure_department_workflow(department, section)


def ensure_department_workflow(department: Department, section) -> Workflow:
    """Head review → quality officer check → leader approval, bound to this department's section."""
    existing = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if existing is not None:
        return existing.workflow
    agency = department.agency
    workflow = Workflow.objects.create(name=_("Phê duyệt tài liệu – %(department)s") % {"department": str(department)[:200]})
    steps = [
        (SignoffRole.REVIEWED, _("Trưởng phòng xem xét"), role_group(agency, RoleKind.HEAD, department)),
        (SignoffRole.CHECKED, _("Thư ký ISO kiểm tra"), role_group(agency, RoleKind.QUALITY_OFFICER)),
        (SignoffRole.APPROVED, _("Lãnh đạo phê duyệt"), role_group(agency, RoleKind.LEADER)),
    ]
    for order, (role, label, group) in enumerate(steps):
        task = DepartmentApprovalTask.objects.create(
            name=f"{label} – {department.code} ({agency.code})"[:255], signoff_role=role
        )
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.create(page=section, workflow=workflow)
    return workflow


def assign_role(user, kind: str, agency: Agency, department: Department | None = None) -> None:
    """Put a user in a role; a department head also becomes the department's recorded head."""
    user.groups.add(role_group(agency, kind, department if kind in (RoleKind.STAFF, RoleKind.HEAD) else None))
    if kind == RoleKind.HEAD and department is not None and department.head_id is None:
        Department.objects.filter(pk=department.pk).update(head=user)
