"""Admin wiring of search: the synonym table as a snippet the quality officer edits."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym
from .views import admin_search_page


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Từ đồng nghĩa")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["everyday", "official", "two_way", "active"]
    list_filter = ["two_way", "active"]
    search_fields = ["everyday", "official"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_search_admin_url():
    """Staff search inside the admin (Wagtail wraps admin URLs with its login and admin-access checks)."""
    return [path("tim-kiem/", admin_search_page, name="qms_search_admin")]


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    """Staff search: what a logged-in user may open, public, internal and granted restricted documents."""
    return MenuItem(_("Tìm tài liệu"), reverse("qms_search_admin"), icon_name="search", order=50)
