"""Controlled documents: the organisation and the page types that hold ISO documents."""

from .organisation import Agency, Department
from .pages import (
    AgencyLibraryPage,
    ControlledDocumentPage,
    DepartmentSectionPage,
    PortalHomePage,
    ProcedurePage,
)

__all__ = [
    "Agency",
    "AgencyLibraryPage",
    "ControlledDocumentPage",
    "Department",
    "DepartmentSectionPage",
    "PortalHomePage",
    "ProcedurePage",
]
