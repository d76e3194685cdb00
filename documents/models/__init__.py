"""Controlled documents: the organisation and the page types that hold ISO documents."""

from .editions import Acknowledgement, Edition, EditionState, ImmutableError
from .identification import Visibility
from .organisation import Agency, Department
from .pages import (
    AgencyLibraryPage,
    ControlledDocumentPage,
    DepartmentSectionPage,
    PortalHomePage,
    ProcedurePage,
)
from .roles import RoleGroup, RoleKind
from .workflow_tasks import ApprovalRefused, DepartmentApprovalTask, SignoffRole

__all__ = [
    "Acknowledgement",
    "ApprovalRefused",
    "DepartmentApprovalTask",
    "Edition",
    "EditionState",
    "ImmutableError",
    "RoleGroup",
    "RoleKind",
    "SignoffRole",
    "Visibility",
    "Agency",
    "AgencyLibraryPage",
    "ControlledDocumentPage",
    "Department",
    "DepartmentSectionPage",
    "PortalHomePage",
    "ProcedurePage",
]

from .forms_templates import ControlledCopy, FormTemplate  # noqa: E402

__all__ += ["ControlledCopy", "FormTemplate"]
