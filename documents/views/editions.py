"""Editions on the site: a stable URL per edition, the obsolete stamp, comparison and acknowledgement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from ..models import Acknowledgement, Edition
from ..permissions import can_view_obsolete_editions
from ..services.editions import compare_editions


def _document_and_edition(request, page_id: int, number: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_view_obsolete_editions(request.user, page):
        raise Http404
    edition = get_object_or_404(Edition.objects.select_related("revision"), page=page, number=number)
    return page, edition


@login_required
def edition_detail(request, page_id: int, number: int):
    """An edition as it was issued, rendered from its frozen revision, stamped when it is no longer current."""
    page, edition = _document_and_edition(request, page_id, number)
    frozen = edition.revision.as_object()
    current = Edition.objects.filter(page=page, state="current").first()
    acknowledged = Acknowledgement.objects.filter(edition=edition, user=request.user).exists()
    context = {
        "page": frozen,
        "self": frozen,
        "edition": edition,
        "current_edition": current,
        "live_page": page,
        "editions": Edition.objects.filter(page=page).order_by("-number"),
        "acknowledged": acknowledged,
        "request": request,
    }
    return TemplateResponse(request, frozen.get_template(request), context)


@login_required
def edition_compare(request, page_id: int, older: int, newer: int):
    page, first = _document_and_edition(request, page_id, older)
    _, second = _document_and_edition(request, page_id, newer)
    return TemplateResponse(
        request,
        "documents/edition_compare.html",
        {"document": page, "older": first, "newer": second, "rows": compare_editions(first, second)},
    )


@login_required
@require_POST
def acknowledge(request, page_id: int, number: int):
    """The reader confirms "đã đọc và hiểu"; pressing twice records it once."""
    page, edition = _document_and_edition(request, page_id, number)
    try:
        with transaction.atomic():
            Acknowledgement.objects.create(edition=edition, user=request.user)
            log(instance=page, action="qms.acknowledge", user=request.user, data={"edition": edition.number})
        messages.success(request, _("Đã ghi nhận: bạn đã đọc và hiểu lần ban hành %(n)02d.") % {"n": edition.number})
    except IntegrityError:
        messages.info(request, _("Bạn đã xác nhận lần ban hành này trước đó."))
    return redirect("documents:edition", page_id=page.pk, number=edition.number)
