"""ISO identification shared by every controlled document page (clause 7.5.2).

A document is identified by its code (mã hiệu) within its agency and series, its title, its
owning department, its edition (lần ban hành) and its dates. The owning department is the
department section the page sits in, so the page tree and the ownership can never disagree.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import Page

from .. import blocks, issue_control
from ..forms import IdentifiedDocumentForm
from .organisation import Agency, Department


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ cơ quan")
    RESTRICTED = "restricted", _("Hạn chế (người, nhóm được chỉ định)")


_prevalidated = ContextVar("prevalidated_document_writes", default=False)


@contextmanager
def prevalidated_writes() -> Iterator[None]:
    """Within this block, saving a document skips Wagtail's full_clean (run on each of the several saves that
    creating and publishing a page takes). Only for importers that validated their data themselves; the
    database constraints still guard every write."""
    token = _prevalidated.set(True)
    try:
        yield
    finally:
        _prevalidated.reset(token)


class IdentifiedDocument(Page):
    """Abstract base of procedure and controlled-document pages."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, editable=False, related_name="+", verbose_name=_("cơ quan")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("phòng ban chủ trì"),
    )
    iso_code = models.CharField(
        _("mã hiệu"), max_length=64, blank=True, db_index=True, help_text=_("Ví dụ: QT 11/CX-HCTP.")
    )
    series = models.CharField(
        _("bộ tài liệu"),
        max_length=128,
        blank=True,
        help_text=_("Nhóm tài liệu dùng chung dãy mã, ví dụ: Hộ tịch, Chứng thực. Mã hiệu là duy nhất trong mỗi bộ."),
    )
    official_name = models.TextField(
        _("tên đầy đủ"),
        blank=True,
        help_text=_("Tên chính thức, không giới hạn độ dài. Để trống nếu giống tiêu đề."),
    )
    edition = models.PositiveSmallIntegerField(_("lần ban hành"), default=1)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    review_due_on = models.DateField(_("ngày soát xét tiếp theo"), null=True, blank=True)
    review_period_months = models.PositiveSmallIntegerField(
        _("chu kỳ soát xét (tháng)"), default=12, help_text=_("Ngày soát xét tiếp theo tính từ ngày hiệu lực.")
    )
    visibility = models.CharField(
        _("phạm vi truy cập"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL, db_index=True
    )
    change_summary = models.TextField(
        _("tóm tắt nội dung sửa đổi"),
        blank=True,
        help_text=_("Bắt buộc khi trình hoặc ban hành lần sửa đổi; ghi vào trang theo dõi sửa đổi."),
    )
    change_legal_basis = models.TextField(_("căn cứ sửa đổi"), blank=True)
    approvals = StreamField([("approval", blocks.ApprovalBlock())], blank=True, verbose_name=_("Ký duyệt"))
    amendments = StreamField([("amendment", blocks.AmendmentBlock())], blank=True, verbose_name=_("Theo dõi sửa đổi"))

    base_form_class = IdentifiedDocumentForm
    parent_page_types = ["documents.DepartmentSectionPage"]
    subpage_types: list[str] = []
    # Issue only through approval (documents/issue_control.py): a copy is a new draft with codes of its own.
    copy_form_class = issue_control.DocumentCopyForm
    exclude_fields_in_copy = issue_control.FIELDS_NOT_COPIED

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """The live page shows its current edition; staff also see the list of editions and can acknowledge."""
        from .editions import Acknowledgement, Edition

        context = super().get_context(request, *args, **kwargs)
        editions = list(Edition.objects.filter(page_id=self.pk).order_by("-number"))
        current = next((e for e in editions if e.is_current), None)
        context.update(edition=current, current_edition=current, live_page=self, editions=editions)
        if current is not None and request.user.is_authenticated:
            context["acknowledged"] = Acknowledgement.objects.filter(edition=current, user=request.user).exists()
        return context

    @property
    def display_name(self) -> str:
        """The full official name; the page title may be shortened to fit 255 characters."""
        return self.official_name or self.title

    def find_department_section(self, parent: Page | None = None):
        """The department section this document sits in (or would sit in, under `parent`)."""
        from .pages import DepartmentSectionPage

        anchor = parent or (self.get_parent() if self.pk or self.path else None)
        if anchor is None:
            return None
        return (
            DepartmentSectionPage.objects.filter(path__in=[anchor.path[:i] for i in range(4, len(anchor.path) + 1, 4)])
            .select_related("department__agency")
            .order_by("-depth")
            .first()
        )

    def code_conflict(self, agency_id: int, series: str, iso_code: str):
        """Another document of the same agency and series already holding this code, if any.

        Codes are never reused, so withdrawn or unpublished documents count too.
        """
        from .pages import ControlledDocumentPage, ProcedurePage

        if not iso_code:
            return None
        for model in (ProcedurePage, ControlledDocumentPage):
            clash = (
                model.objects.filter(agency_id=agency_id, series__iexact=series, iso_code__iexact=iso_code)
                .exclude(pk=self.pk)
                .first()
            )
            if clash:
                return clash
        return None

    def publish(self, revision, *args, **kwargs):
        """Issue a revision as the next edition, all or nothing: an edition that cannot be recorded
        (no change summary for a revision after the first) leaves the page exactly as it was."""
        from django.db import transaction

        from .editions import Edition

        issued = revision.as_object()
        if not (issued.change_summary or "").strip() and Edition.objects.filter(page_id=self.pk).exists():
            from ..services.editions import EditionRefused

            raise EditionRefused(_("Thiếu tóm tắt nội dung sửa đổi: không thể ban hành lần sửa đổi."))
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def permissions_for_user(self, user):
        return issue_control.DocumentPermissionTester(user, self)

    def save(self, *args, **kwargs):
        issue_control.as_draft_if_copied(self)
        if _prevalidated.get():
            kwargs["clean"] = False
        section = self.find_department_section()
        if section is not None:
            self.department = section.department
            self.agency = section.department.agency
        self.iso_code = " ".join(self.iso_code.split())
        self.series = " ".join(self.series.split())
        return super().save(*args, **kwargs)
