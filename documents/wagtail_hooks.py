"""Admin and serving wiring: organisation snippets, visibility on every page and file, change control."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import issue_control
from .models import Agency, Department
from .models.identification import IdentifiedDocument
from .permissions import can_view, can_view_document, viewable_pages
from .services.reviews import documents_due_for_review
from .views import admin as admin_views


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


@hooks.register("before_serve_page")
def enforce_document_visibility(page, request, serve_args, serve_kwargs):
    if isinstance(page, IdentifiedDocument) and not can_view(request.user, page):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied


@hooks.register("before_serve_document")
def enforce_attachment_visibility(document, request):
    """A file is served to whoever may read it (documents.permissions.viewable_documents)."""
    if can_view_document(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@hooks.register("before_delete_page")
def refuse_deleting_documents(request, page):
    specific = page.specific
    holds_documents = isinstance(specific, IdentifiedDocument) or any(
        isinstance(child.specific, IdentifiedDocument) for child in page.get_descendants()[:50]
    )
    if holds_documents:
        messages.error(
            request,
            _("Tài liệu kiểm soát không bao giờ bị xóa: hãy thu hồi tài liệu (báo cáo tài liệu → Thu hồi)."),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# -- Issue only through approval: Wagtail's other roads (documents/issue_control.py) -----------------------


def _selected_pages(request, objects, action):
    """Every page the bulk action names, documents included (their tester already filters them out)."""
    ids = request.GET.getlist("id")
    if "all" in ids:
        listing = action.get_all_objects_in_listing_query(request.GET.get("childOf"))
        ids = [getattr(item, "pk", item) for item in listing]
    else:
        ids = [pk for pk in ids if pk.isdigit()]
    return [*objects, *Page.objects.filter(pk__in=ids)]


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_documents(request, action_type, objects, action):
    if not isinstance(action, PageBulkAction):
        return None
    cleaned = getattr(action.cleaned_form, "cleaned_data", {}) or {}
    refusal = issue_control.bulk_refusal(
        action_type, _selected_pages(request, objects, action), bool(cleaned.get("include_descendants"))
    )
    if refusal:
        messages.error(request, refusal)
        return redirect(action.next_url)
    return None


@hooks.register("before_copy_page")
def copy_documents_one_by_one(request, page):
    """A document is copied on its own, as a draft; a library or section is bound to its agency or department."""
    from .models import AgencyLibraryPage, DepartmentSectionPage

    specific = page.specific_deferred
    if isinstance(specific, IdentifiedDocument):
        return None
    if (
        isinstance(specific, (AgencyLibraryPage, DepartmentSectionPage))
        or issue_control.document_pages([page], descendants=True).exists()
    ):
        messages.error(
            request,
            _(
                "Không sao chép được thư viện cơ quan, khu tài liệu phòng ban hay trang chứa tài liệu kiểm soát: "
                "hãy sao chép từng tài liệu (bản sao là bản nháp)."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("after_copy_page")
def say_document_copies_are_drafts(request, page, new_page):
    if issue_control.document_pages([new_page], descendants=True).exists():
        messages.info(
            request,
            _(
                "Bản sao tài liệu kiểm soát là bản nháp, không mang mã hiệu, mã thủ tục, lần ban hành và ký duyệt "
                "của bản gốc: hãy đặt mã mới rồi trình duyệt."
            ),
        )
    return None


@hooks.register("before_move_page")
def refuse_moving_issued_documents(request, page, destination):
    if destination.pk != page.get_parent().pk and issue_control.holds_issued_documents([page]):
        messages.error(request, issue_control.move_refused_message())
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_unpublish_page")
def unpublish_no_documents(request, page):
    include_descendants = bool(request.POST.get("include_descendants"))
    if issue_control.document_pages([page], descendants=include_descendants, live=True).exists():
        messages.error(request, issue_control.bulk_refusal("unpublish", [page], include_descendants))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("construct_page_action_menu")
def issue_only_through_the_workflow(menu_items, request, context):
    page = context.get("page")
    if page is not None and isinstance(page.specific_deferred, IdentifiedDocument):
        menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]


@hooks.register("register_page_header_buttons")
def document_report_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    if isinstance(page.specific_deferred, IdentifiedDocument):
        yield Button(
            _("Báo cáo tài liệu"), reverse("qms_document_report", args=[page.pk]), icon_name="history", priority=60
        )


@hooks.register("register_admin_urls")
def document_admin_urls():
    return [
        path("tai-lieu/<int:page_id>/bao-cao/", admin_views.document_report, name="qms_document_report"),
        path("tai-lieu/<int:page_id>/thu-hoi/", admin_views.withdraw_document, name="qms_document_withdraw"),
        path("tai-lieu/<int:page_id>/quyen-xem/", admin_views.change_access, name="qms_document_access"),
    ]


@hooks.register("register_log_actions")
def register_document_log_actions(actions):
    actions.register_action("qms.withdraw", _("Thu hồi"), _("Đã thu hồi tài liệu"))
    actions.register_action("qms.acknowledge", _("Xác nhận đã đọc"), _("Đã đọc và hiểu"))
    actions.register_action("qms.permission_change", _("Đổi quyền truy cập"), _("Đã đổi quyền truy cập"))


class ReviewDuePanel(Component):
    name = "qms_review_due"
    order = 90

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        pages = viewable_pages(self.request.user, live=True)
        due = documents_due_for_review(pages=pages)[:20]
        return render_to_string("documents/admin/review_due_panel.html", {"due": due}, request=self.request)


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request))


# -- Word: import, controlled copies, registers, form templates (documents/views/word.py) ------------------

from wagtail.admin.menu import MenuItem  # noqa: E402

from .models import FormTemplate  # noqa: E402
from .views import word as word_views  # noqa: E402


class FormTemplateViewSet(SnippetViewSet):
    model = FormTemplate
    icon = "doc-full"
    menu_label = _("Mẫu biểu mẫu Word")
    list_display = ["code", "name", "agency", "updated_at"]
    list_filter = ["agency"]
    search_fields = ["code", "name"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(FormTemplateViewSet)


@hooks.register("register_admin_urls")
def word_admin_urls():
    return [
        path("word/nhap/", word_views.import_upload, name="qms_word_import"),
        path("word/nhap/xac-nhan/", word_views.import_confirm, name="qms_word_import_confirm"),
        path("word/danh-muc/", word_views.register_download, name="qms_registers"),
        path("tai-lieu/<int:page_id>/ban-kiem-soat/", word_views.issue_copy, name="qms_controlled_copy"),
    ]


class WordImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(word_views.importable_departments(request.user))


@hooks.register("register_admin_menu_item")
def word_import_menu_item():
    return WordImportMenuItem(_("Nhập quy trình từ Word"), reverse("qms_word_import"), icon_name="upload", order=300)


@hooks.register("register_admin_menu_item")
def registers_menu_item():
    return MenuItem(_("Danh mục tài liệu, hồ sơ"), reverse("qms_registers"), icon_name="list-ul", order=305)


@hooks.register("register_page_header_buttons")
def word_buttons(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    if isinstance(page.specific_deferred, IdentifiedDocument):
        yield Button(
            _("Bản kiểm soát (Word)"), reverse("qms_controlled_copy", args=[page.pk]), icon_name="doc-full", priority=70
        )
        if page.live:
            yield Button(
                _("Tải bản Word"), reverse("documents:download_docx", args=[page.pk]), icon_name="download", priority=71
            )


@hooks.register("register_log_actions")
def register_word_log_actions(actions):
    actions.register_action("qms.controlled_copy", _("Phát hành bản kiểm soát"), _("Đã phát hành bản kiểm soát"))


from . import admin_visibility  # noqa: E402, F401  (admin hooks: each user sees only what they may view)
