"""Word in the admin and on the site: import upload with preview, downloads, controlled copies, registers.

Thin views: they check the form and the permission, then call documents.services.word_import,
word_export and registers.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from ..models import Agency, ControlledCopy, Department, DepartmentSectionPage, RoleGroup
from ..models.identification import IdentifiedDocument
from ..permissions import viewable_pages
from ..services import registers, word_export
from ..services.editions import EditionRefused
from ..services.word_import import MAX_UPLOAD, CodeClash, WordImportError, import_procedure, parse_upload

STASH = "word-imports"
STASH_SALT = "qms.word-import"
STASH_MAX_AGE = 3600


def importable_departments(user) -> list[Department]:
    """Departments whose section this user may add pages to (Wagtail's own page permissions)."""
    sections = DepartmentSectionPage.objects.select_related("department__agency").order_by("department__name")
    return [s.department for s in sections if s.permissions_for_user(user).can_add_subpage()]


class DepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.agency.short_name or obj.agency.name}"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Word (.docx)"))
    department = DepartmentField(queryset=Department.objects.none(), label=gettext_lazy("Phòng ban chủ trì"))
    series = forms.CharField(
        label=gettext_lazy("Bộ tài liệu"),
        required=False,
        max_length=128,
        help_text=gettext_lazy("Để trống để dùng lĩnh vực đọc được trong tệp."),
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(pk__in=[d.pk for d in departments])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size).1f MB); giới hạn là %(limit)d MB.")
                % {"size": upload.size / 2**20, "limit": MAX_UPLOAD // 2**20}
            )
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Word .docx."))
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    department = forms.ModelChoiceField(queryset=Department.objects.none(), widget=forms.HiddenInput)
    series = forms.CharField(required=False, max_length=128, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        required=False, label=gettext_lazy("Tôi xác nhận tệp này là phiên bản mới của quy trình đang giữ mã hiệu này")
    )

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(pk__in=[d.pk for d in departments])


def _stash(request, upload) -> str:
    """Keep the upload between preview and confirmation (shared storage: any worker can finish it)."""
    _sweep()
    name = default_storage.save(f"{STASH}/{uuid.uuid4().hex}.docx", ContentFile(upload.read()))
    return signing.dumps({"name": name, "user": request.user.pk, "filename": upload.name}, salt=STASH_SALT)


def _unstash(request, token: str) -> dict:
    try:
        data = signing.loads(token, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    except signing.BadSignature as exc:
        raise PermissionDenied from exc
    if data.get("user") != request.user.pk or not default_storage.exists(data["name"]):
        raise PermissionDenied
    return data


def _sweep() -> None:
    """Forget uploads never confirmed (older than the token lifetime)."""
    limit = timezone.now() - timedelta(seconds=STASH_MAX_AGE)
    for path in _stashed_files():
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)


def _stashed_files(folder: str = STASH, depth: int = 2):
    """The stashed uploads, each in the random folder the storage gives every stored name."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    yield from (f"{folder}/{name}" for name in files)
    if depth:
        for name in folders:
            yield from _stashed_files(f"{folder}/{name}", depth - 1)


def _check_can_update(request, result) -> None:
    if result.page is not None and not result.page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied


class UploadCap(FileUploadHandler):
    """Stop reading an upload once it passes MAX_UPLOAD, instead of spooling a 100 MB file to disk first."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_UPLOAD:
            self.request.qms_upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # CSRF is checked by _import_upload, after the size cap is in place (Django's documented pattern)
def import_upload(request):
    request.upload_handlers.insert(0, UploadCap(request))
    return _import_upload(request)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_upload(request):
    departments = importable_departments(request.user)
    if not departments:
        raise PermissionDenied
    data, files = request.POST, request.FILES  # parse the body now, through UploadCap
    too_large = getattr(request, "qms_upload_too_large", False)
    form = UploadForm(None if too_large else data or None, files or None, departments=departments)
    context = {"form": form, "max_mb": MAX_UPLOAD // 2**20}
    if too_large:
        context["upload_error"] = _("Tệp quá lớn; giới hạn là %(limit)d MB.") % {"limit": MAX_UPLOAD // 2**20}
    elif request.method == "POST" and form.is_valid():
        upload, department = form.cleaned_data["file"], form.cleaned_data["department"]
        series = form.cleaned_data["series"] or None
        try:
            parsed = parse_upload(upload)
        except WordImportError as exc:
            form.add_error("file", exc.message)
        else:
            upload.seek(0)
            token = _stash(request, upload)
            initial = {"token": token, "department": department.pk, "series": series or ""}
            return _preview(request, parsed, upload.name, department, series, ConfirmForm(initial=initial))
    return TemplateResponse(request, "documents/word/import_upload.html", context)


def _preview(request, parsed, filename, department, series, confirm_form, clash=None):
    result = None
    if clash is None:
        try:
            result = import_procedure(
                None, department, parsed=parsed, filename=filename, series=series, dry_run=True, viewer=request.user
            )
        except CodeClash as exc:
            clash = exc
    context = {
        "parsed": result.parsed if result else {**parsed, **({"series": series} if series else {})},
        "warnings": result.warnings if result else parsed.get("warnings", []),
        "existing": result.page if result else None,
        "clash": clash,
        "filename": filename,
        "department": department,
        "form": confirm_form,
    }
    return TemplateResponse(request, "documents/word/import_preview.html", context)


@require_http_methods(["POST"])
def import_confirm(request):
    form = ConfirmForm(request.POST, departments=importable_departments(request.user))
    if not form.is_valid():
        raise PermissionDenied
    stash = _unstash(request, form.cleaned_data["token"])
    department, series = form.cleaned_data["department"], form.cleaned_data["series"] or None
    with default_storage.open(stash["name"], "rb") as fh:
        data = fh.read()
    try:
        parsed = parse_upload(data)
        probe = import_procedure(
            None, department, parsed=parsed, series=series, dry_run=True, force=form.cleaned_data["confirm"],
            viewer=request.user,
        )  # fmt: skip
        _check_can_update(request, probe)
        result = import_procedure(
            None, department, parsed=parsed, filename=stash["filename"], series=series,
            force=form.cleaned_data["confirm"], user=request.user, viewer=request.user,
        )  # fmt: skip
    except CodeClash as exc:
        return _preview(request, parsed, stash["filename"], department, series, form, clash=exc)
    except WordImportError as exc:
        messages.error(request, exc.message)
        default_storage.delete(stash["name"])
        return redirect("qms_word_import")
    default_storage.delete(stash["name"])
    done = (
        _("Đã lưu bản nháp quy trình «%(title)s».")
        if result.outcome == "created"
        else _("Đã cập nhật bản nháp quy trình «%(title)s» (phiên bản mới).")
    )
    messages.success(request, done % {"title": result.page.title})
    return redirect("wagtailadmin_pages:edit", result.page.pk)


def _document(page_id: int) -> IdentifiedDocument:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, IdentifiedDocument):
        raise Http404
    return page


def _file_response(export) -> HttpResponse:
    response = HttpResponse(export.data, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download_docx(request, page_id: int):
    """A reading copy ("Bản không kiểm soát khi in"), or an edition (?lan=N), for whoever may see it."""
    document = _document(page_id)
    number = request.GET.get("lan")
    try:
        export = word_export.download(request.user, document, int(number) if number else None)
    except ValueError as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise Http404 from exc  # do not reveal that a document exists
    return _file_response(export)


class CopyForm(forms.Form):
    recipient = forms.CharField(label=gettext_lazy("Nơi nhận (phòng ban, người nhận)"), max_length=255)


@require_http_methods(["GET", "POST"])
def issue_copy(request, page_id: int):
    document = _document(page_id)
    if not (request.user.is_superuser or document.permissions_for_user(request.user).can_edit()):
        raise PermissionDenied
    form = CopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _copy, export = word_export.issue_controlled_copy(document, form.cleaned_data["recipient"], request.user)
        except EditionRefused as exc:
            form.add_error(None, str(exc))
        else:
            return _file_response(export)
    copies = ControlledCopy.objects.filter(edition__page=document).select_related("edition", "issued_by")
    context = {"document": document, "form": form, "copies": copies.order_by("-issued_at")[:200]}
    return TemplateResponse(request, "documents/word/controlled_copy.html", context)


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Danh mục"),
        choices=[
            ("internal", gettext_lazy("Tài liệu nội bộ")),
            ("external", gettext_lazy("Tài liệu bên ngoài")),
            ("records", gettext_lazy("Hồ sơ cần lưu")),
        ],
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Cơ quan"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=gettext_lazy("Phòng ban (để trống: cả cơ quan)")
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("docx", "Word (.docx)")]
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.all()
        if not user.is_superuser:
            agencies = agencies.filter(pk__in=RoleGroup.objects.filter(group__user=user).values("agency_id"))
        self.fields["agency"].queryset = agencies
        self.fields["department"].queryset = Department.objects.filter(agency__in=agencies).select_related("agency")

    def clean(self):
        data = super().clean()
        if data.get("department") and data.get("agency") and data["department"].agency_id != data["agency"].pk:
            self.add_error("department", _("Phòng ban không thuộc cơ quan đã chọn."))
        return data


def register_download(request):
    form = RegisterForm(request.GET or None, user=request.user)
    if not form.fields["agency"].queryset.exists():
        raise PermissionDenied
    if request.GET and form.is_valid():
        data = form.cleaned_data
        register = registers.build_register(
            data["kind"], data["agency"], data["department"], pages=viewable_pages(request.user, live=False)
        )
        writer = registers.register_xlsx if data["format"] == "xlsx" else registers.register_docx
        content_type = {
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "docx": word_export.Export(b"", "").content_type,
        }[data["format"]]
        scope = data["department"].code if data["department"] else data["agency"].code
        export = word_export.Export(writer(register), f"danh-muc-{data['kind']}-{scope}.{data['format']}", content_type)
        return _file_response(export)
    return TemplateResponse(request, "documents/word/registers.html", {"form": form})
