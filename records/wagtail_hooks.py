"""Admin wiring of the records app: viewsets for record types, records and the agency calendar, the desk's
screens for dossiers (records.views.desk: never edited as raw rows, so every change goes through the
services, their slips and the measures' summaries) and the measures dashboard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from .models import CalendarDay, QualityRecord, RecordType
from .permissions import viewable_records
from .views import dashboard, desk


class FrozenRecordMixin:
    """A closed record is never edited or deleted through the admin: corrections are new records."""

    def dispatch(self, request, *args, **kwargs):
        if self.object is not None and self.object.is_closed:
            messages.error(request, _("Hồ sơ đã đóng, không thể sửa hoặc xóa; hãy lập hồ sơ đính chính."))
            return redirect(reverse(self.index_url_name))
        return super().dispatch(request, *args, **kwargs)


@hooks.register("before_delete_snippet")
def refuse_deleting_closed_records(request, instances):
    """Wagtail's bulk delete (and the single delete) of snippets: a closed record is removed only by a disposal.

    The model refuses anyway (QualityRecord.delete and its queryset's delete raise ImmutableError); this turns
    that refusal into the admin's message instead of a server error.
    """
    closed = [obj for obj in instances if isinstance(obj, QualityRecord) and obj.is_closed]
    if not closed:
        return None
    message = _("%(count)d hồ sơ đã đóng, không thể xóa (chỉ hủy theo quyết định hủy hồ sơ); không xóa hồ sơ nào.")
    messages.error(request, message % {"count": len(closed)})
    return redirect(reverse("wagtailsnippets_records_qualityrecord:list"))


class RecordEditView(FrozenRecordMixin, EditView):
    pass


class RecordDeleteView(FrozenRecordMixin, DeleteView):
    pass


class QualityRecordViewSet(SnippetViewSet):
    model = QualityRecord
    icon = "folder-open-inverse"
    menu_label = _("Hồ sơ chất lượng")
    list_display = ["title", "department", "record_type", "closed_at", "legal_hold"]
    list_filter = ["department", "legal_hold"]
    search_fields = ["title", "reference"]
    inspect_view_enabled = True
    edit_view_class = RecordEditView
    delete_view_class = RecordDeleteView

    def get_queryset(self, request):
        return viewable_records(request.user).select_related("department", "record_type")


class RecordTypeViewSet(SnippetViewSet):
    model = RecordType
    icon = "folder-inverse"
    menu_label = _("Loại hồ sơ")
    list_display = ["name", "agency", "procedure", "retention"]
    list_filter = ["agency"]
    search_fields = ["name"]


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("Lịch nghỉ / làm bù")
    list_display = ["day", "kind", "agency", "reason"]
    list_filter = ["agency", "kind"]


class RecordsGroup(SnippetViewSetGroup):
    items = (QualityRecordViewSet, RecordTypeViewSet, CalendarDayViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Hồ sơ & một cửa")
    menu_order = 320


register_snippet(RecordsGroup)


@hooks.register("register_admin_urls")
def records_admin_urls():
    return [
        path("ho-so/bang-dieu-khien/", dashboard.dashboard, name="records_dashboard"),
        path("ho-so/so-theo-doi.<str:fmt>", dashboard.tracking_book_export, name="records_tracking_book"),
        path("mot-cua/", desk.queue, name="records_queue"),
        path("mot-cua/tiep-nhan/", desk.receive, name="records_receive"),
        path("mot-cua/<int:pk>/", desk.detail, name="records_dossier"),
        path("mot-cua/<int:pk>/<slug:name>/", desk.act, name="records_dossier_act"),
        path("ho-so/ban-ghi/<int:pk>/tep/", desk.record_file, name="records_record_file"),
    ]


@hooks.register("register_admin_menu_item")
def desk_menu_item():
    return MenuItem(_("Hồ sơ một cửa"), reverse("records_queue"), icon_name="clipboard-list", order=319)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return MenuItem(_("Kết quả giải quyết TTHC"), reverse("records_dashboard"), icon_name="table", order=321)
