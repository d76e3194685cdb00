"""Find or create the pages that organise the document tree: portal home → agency library → department section."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ..models import Agency, AgencyLibraryPage, Department, DepartmentSectionPage, PortalHomePage
from ..text import vietnamese_slug


@transaction.atomic
def ensure_portal_home() -> PortalHomePage:
    """The portal home, made the default site's root (replacing Wagtail's placeholder welcome page)."""
    home = PortalHomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(instance=PortalHomePage(title=_("Cổng thông tin thủ tục và tài liệu ISO"), slug="cong-thong-tin"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="QMS")
    else:
        placeholder = site.root_page
        site.root_page = home
        site.save()
        if placeholder.specific_class is Page and placeholder.depth == 2 and not placeholder.get_children().exists():
            placeholder.delete()
    return home


@transaction.atomic
def ensure_agency_library(agency: Agency) -> AgencyLibraryPage:
    existing = AgencyLibraryPage.objects.filter(agency=agency).first()
    if existing is not None:
        return existing
    home = ensure_portal_home()
    return home.add_child(
        instance=AgencyLibraryPage(title=agency.name, slug=vietnamese_slug(agency.code, 50), agency=agency)
    )


@transaction.atomic
def ensure_department_section(department: Department) -> DepartmentSectionPage:
    existing = DepartmentSectionPage.objects.filter(department=department).first()
    if existing is not None:
        return existing
    library = ensure_agency_library(department.agency)
    return library.add_child(
        instance=DepartmentSectionPage(
            title=department.name, slug=vietnamese_slug(department.code, 50), department=department
        )
    )
