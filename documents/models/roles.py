"""Roles as groups bound to an agency or a department.

Each department has a staff group and a head group; each agency a quality-officer group and a
leader group. Wagtail page permissions, workflow tasks and our own visibility rules all read
these bindings, so "who is the head of Tư pháp" has one answer.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Agency, Department


class RoleKind(models.TextChoices):
    STAFF = "staff", _("Cán bộ, công chức")
    HEAD = "head", _("Trưởng phòng")
    QUALITY_OFFICER = "quality_officer", _("Thư ký ISO")
    LEADER = "leader", _("Lãnh đạo")


AGENCY_ROLES = (RoleKind.QUALITY_OFFICER, RoleKind.LEADER)
DEPARTMENT_ROLES = (RoleKind.STAFF, RoleKind.HEAD)


class RoleGroup(models.Model):
    """Binds a Django group to a role in an agency (quality officer, leader) or in a department (staff, head)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="qms_role")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_groups")
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="role_groups"
    )
    kind = models.CharField(max_length=32, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("nhóm vai trò")
        verbose_name_plural = _("nhóm vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "department", "kind"], name="one_group_per_department_role"
            ),
            models.UniqueConstraint(
                fields=["agency", "kind"],
                condition=models.Q(department__isnull=True),
                name="one_group_per_agency_role",
            ),
        ]

    def __str__(self) -> str:
        return self.group.name
