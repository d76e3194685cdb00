"""Staff screens of the one-stop desk (in the admin): the work queue, receiving a dossier, a dossier's
page with its steps, events and slips, the acts on it, and downloading a slip. Logic lives in
records.services.desk; every act is a POST with CSRF, followed by a redirect.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import ACT_FORMS, ReceiveForm
from ..models import Dossier, QualityRecord
from ..permissions import can_act, can_view_record, receivable_procedures, viewable_dossiers
from ..services import desk
from ..services.dossiers import DossierStateError
from ..services.procedures import NoTimeLimit

PAGE_SIZE = 50
MAX_PAGE = 100_000  # past it the database's OFFSET overflows (a 500); no queue is that long


def queue(request):
    name = request.GET.get("hang", "open")
    name = name if name in desk.QUEUES else "open"
    text = request.GET.get("q", "")[:100].replace("\x00", "")  # PostgreSQL text holds no NUL (a 500)
    try:
        page = min(max(int(request.GET.get("trang", 1)), 1), MAX_PAGE)
    except ValueError:
        page = 1
    found = list(desk.queue(request.user, name, text)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    rows, more = found[:PAGE_SIZE], len(found) > PAGE_SIZE
    steps = desk.current_steps([d.pk for d in rows])
    context = {
        "queues": desk.QUEUES,
        "queue": name,
        "text": text,
        "rows": [(dossier, steps.get(dossier.pk)) for dossier in rows],
        "page": page,
        "more": more,
        "today": timezone.localdate(),
        "can_receive": receivable_procedures(request.user).exists(),
    }
    return TemplateResponse(request, "records/desk/queue.html", context)


@require_http_methods(["GET", "POST"])
def receive(request):
    procedures = receivable_procedures(request.user)
    if request.method == "GET":
        initial = {"key": uuid.uuid4().hex, "procedure": request.GET.get("thu_tuc")}
        form = ReceiveForm(initial=initial, procedures=procedures)
        return TemplateResponse(request, "records/desk/receive.html", {"form": form})
    form = ReceiveForm(request.POST, procedures=procedures)
    if not form.is_valid():
        return TemplateResponse(request, "records/desk/receive.html", {"form": form}, status=400)
    data = form.cleaned_data
    fields = {name: data[name] for name in ("applicant_name", "applicant_contact", "applicant_address", "channel")}
    lookup_url = request.build_absolute_uri("/tra-cuu-ho-so/")
    try:
        dossier, created = desk.receive_once(
            data["procedure"], user=request.user, key=data["key"], lookup_url=lookup_url, **fields
        )
    except (DossierStateError, NoTimeLimit):
        form.add_error("procedure", _("Thủ tục này chưa nhận được hồ sơ (chưa công bố hoặc chưa có thời hạn)."))
        return TemplateResponse(request, "records/desk/receive.html", {"form": form}, status=400)
    if created:
        messages.success(request, _("Đã tiếp nhận hồ sơ %(number)s.") % {"number": dossier.receipt_number})
    else:
        messages.info(request, _("Hồ sơ này đã được tiếp nhận (số %(number)s).") % {"number": dossier.receipt_number})
    return redirect("records_dossier", pk=dossier.pk)


def _viewable(request, pk: int) -> Dossier:
    dossier = viewable_dossiers(request.user).filter(pk=pk).select_related("procedure", "department").first()
    if dossier is None:
        if Dossier.objects.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return dossier


def detail(request, pk: int):
    dossier = _viewable(request, pk)
    acting = can_act(request.user, dossier)
    version = desk.version(dossier)
    acts = []
    if acting:
        for name in desk.available(dossier):
            act = desk.ACTS[name]
            acts.append({"name": name, "label": act.label, "form": ACT_FORMS[act.form](initial={"version": version})})
    context = {
        "dossier": dossier,
        "steps": dossier.steps.select_related("department", "handled_by").order_by("order"),
        "events": dossier.events.select_related("by", "from_department", "to_department"),
        "slips": dossier.records.select_related("record_type").order_by("sequence", "pk"),
        "acts": acts,
        "can_act": acting,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "records/desk/dossier.html", context)


@require_POST
def act(request, pk: int, name: str):
    dossier = _viewable(request, pk)
    if name not in desk.ACTS:
        raise Http404
    form = ACT_FORMS[desk.ACTS[name].form](request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng điền đủ thông tin: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("records_dossier", pk=dossier.pk)
    data = {key: value for key, value in form.cleaned_data.items() if key != "version"}
    try:
        desk.perform(dossier.pk, name, user=request.user, shown_version=form.cleaned_data["version"], **data)
    except desk.StaleForm:
        messages.warning(request, _("Hồ sơ đã thay đổi trước khi gửi (có thể đã bấm hai lần); xem lại rồi thao tác."))
    except DossierStateError as exc:
        messages.error(request, _("Không thực hiện được: %(reason)s") % {"reason": exc})
    else:
        messages.success(request, _("Đã ghi nhận: %(act)s.") % {"act": desk.ACTS[name].label})
    return redirect("records_dossier", pk=dossier.pk)


def record_file(request, pk: int):
    """Download a slip (or any record's file) the user may see."""
    record = get_object_or_404(QualityRecord, pk=pk)
    if not can_view_record(request.user, record):
        raise PermissionDenied
    if not record.file:
        raise Http404
    name = record.file.name.rsplit("/", 1)[-1]
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=name)
