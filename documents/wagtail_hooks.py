"""Admin wiring for the organisation: agencies and departments as snippets with Vietnamese menus."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Agency, Department


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "home"
    menu_label = _("Cơ quan")
    list_display = ["name", "code", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Phòng ban")
    list_display = ["name", "code", "agency", "head", "is_one_stop"]
    list_filter = ["agency", "is_one_stop"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return Department.objects.select_related("agency", "head")


class OrganisationGroup(SnippetViewSetGroup):
    items = (AgencyViewSet, DepartmentViewSet)
    menu_icon = "site"
    menu_label = _("Tổ chức")
    menu_name = "organisation"


register_snippet(OrganisationGroup)
