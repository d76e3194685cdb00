"""Editions (lần ban hành): what was issued, when, approved by whom, frozen for good.

An edition is recorded each time a controlled document is published. It points at the frozen
revision and keeps its content hash, the change summary and legal basis (the amendment log),
and the sign-offs of the approval chain. Editions are never edited or deleted; a superseded
edition is marked obsolete, a withdrawn document's last edition is marked withdrawn.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision


class EditionState(models.TextChoices):
    CURRENT = "current", _("Đang hiệu lực")
    OBSOLETE = "obsolete", _("Hết hiệu lực")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class ImmutableError(Exception):
    """Raised when code tries to change or delete what ISO 7.5.3 says must be kept as it is."""


class Edition(models.Model):
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="editions", verbose_name=_("tài liệu"))
    number = models.PositiveSmallIntegerField(_("lần ban hành"))
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+", verbose_name=_("phiên bản"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=EditionState.choices, default=EditionState.CURRENT)
    title = models.TextField(_("tên tài liệu"))
    iso_code = models.CharField(_("mã hiệu"), max_length=64, blank=True)
    effective_on = models.DateField(_("ngày hiệu lực"))
    change_summary = models.TextField(_("tóm tắt nội dung sửa đổi"))
    change_legal_basis = models.TextField(_("căn cứ sửa đổi"), blank=True)
    signoffs = models.JSONField(
        _("ký duyệt"),
        default=list,
        help_text=_("Danh sách {role, task, user_id, name, at}: người soạn thảo, xem xét, kiểm tra, phê duyệt."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ban hành"),
        help_text=_(
            "Người phê duyệt bước cuối của quy trình phê duyệt; trống khi tài liệu được nhập, không qua phê duyệt."
        ),
    )
    published_at = models.DateTimeField(_("thời điểm ban hành"))
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    superseded_at = models.DateTimeField(_("thời điểm hết hiệu lực"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần ban hành")
        verbose_name_plural = _("các lần ban hành")
        ordering = ["page_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="edition_number_unique_per_document"),
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(state="current"), name="one_current_edition_per_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – lần {self.number:02d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("allow_state_change", False):
            raise ImmutableError("An edition is frozen once issued; only its state changes, through the service.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Editions are never deleted (TCVN ISO 9001:2015, 7.5.3).")

    @property
    def is_current(self) -> bool:
        return self.state == EditionState.CURRENT

    def signoff(self, role: str) -> dict | None:
        return next((s for s in self.signoffs if s.get("role") == role), None)


class Acknowledgement(models.Model):
    """A staff member confirms having read and understood an edition ("đã đọc và hiểu")."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(_("thời điểm xác nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác nhận đã đọc")
        verbose_name_plural = _("xác nhận đã đọc")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="acknowledge_an_edition_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.edition}"
