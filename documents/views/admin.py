"""Admin views for a controlled document: its report (editions, audit trail, who has read it) and withdrawal."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page, PageLogEntry

from ..models import Acknowledgement, Edition, RoleKind
from ..models.identification import IdentifiedDocument
from ..permissions import can_withdraw, grant_view, revoke_view
from ..services.editions import EditionRefused, withdraw


def _document_for(request, page_id: int) -> IdentifiedDocument:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, IdentifiedDocument):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit() and not request.user.is_superuser:
        raise PermissionDenied
    return page


def readers_expected(page: IdentifiedDocument):
    """Who must acknowledge an edition: the owning department's staff and head."""
    return (
        get_user_model()
        .objects.filter(groups__qms_role__department_id=page.department_id, is_active=True)
        .filter(groups__qms_role__kind__in=[RoleKind.STAFF, RoleKind.HEAD])
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def document_report(request, page_id: int):
    page = _document_for(request, page_id)
    editions = list(Edition.objects.filter(page=page).select_related("published_by").order_by("-number"))
    current = next((e for e in editions if e.is_current), None)
    readers = list(readers_expected(page))
    read_ids = set(Acknowledgement.objects.filter(edition=current).values_list("user_id", flat=True)) if current else set()
    log_entries = PageLogEntry.objects.filter(page=page).select_related("user").order_by("-timestamp")[:500]
    return TemplateResponse(
        request,
        "documents/admin/document_report.html",
        {
            "document": page,
            "editions": editions,
            "current": current,
            "read": [u for u in readers if u.pk in read_ids],
            "unread": [u for u in readers if u.pk not in read_ids],
            "log_entries": log_entries,
        },
    )


@require_POST
def withdraw_document(request, page_id: int):
    page = _document_for(request, page_id)
    if not can_withdraw(request.user, page):
        raise PermissionDenied
    try:
        edition = withdraw(page, request.user, request.POST.get("reason", ""))
    except EditionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã thu hồi tài liệu; lần ban hành %(n)02d được lưu lại.") % {"n": edition.number})
    return redirect("qms_document_report", page_id=page.pk)


@require_POST
def change_access(request, page_id: int):
    """Grant or revoke a named user's or group's access to a restricted document (quality officer only)."""
    page = _document_for(request, page_id)
    if not can_withdraw(request.user, page):
        raise PermissionDenied
    principal = None
    if name := request.POST.get("username", "").strip():
        principal = get_user_model().objects.filter(username=name, is_active=True).first()
    elif name := request.POST.get("group", "").strip():
        principal = Group.objects.filter(name=name).first()
    if principal is None:
        messages.error(request, _("Không tìm thấy người dùng hoặc nhóm “%(name)s”.") % {"name": name})
    elif request.POST.get("action") == "revoke":
        revoke_view(page, principal, by=request.user)
        messages.success(request, _("Đã thu hồi quyền xem của %(who)s.") % {"who": principal})
    else:
        grant_view(page, principal, by=request.user)
        messages.success(request, _("Đã cấp quyền xem cho %(who)s.") % {"who": principal})
    return redirect("qms_document_report", page_id=page.pk)
