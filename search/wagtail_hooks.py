"""Admin wiring of search: the synonym table as a snippet the quality officer edits."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


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


@hooks.register("register_admin_menu_item")
def register_search_menu_item():
    """Staff search: the same search page, which shows a logged-in user what they may open."""
    return MenuItem(_("Tìm tài liệu"), reverse("qms_search:search"), icon_name="search", order=50)
