"""What the Word features keep: form templates (biểu mẫu) officers edit in Word, and controlled copies issued.

A form template is a .docx the quality officer writes in Word with ``{{ placeholders }}`` (docxtpl);
the system fills it where it produces a form (appointment slips, registers...). A controlled copy
(bản kiểm soát) is a numbered printed copy of an edition handed to a named recipient; ISO 7.5.3
asks to know who holds which copy so it can be withdrawn when the edition is superseded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .editions import Edition
from .organisation import Agency


class FormTemplate(models.Model):
    """A form (BM) kept as a Word template; placeholders like ``{{ ho_ten }}`` are filled by docxtpl."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="form_templates", verbose_name=_("cơ quan")
    )
    code = models.CharField(_("mã biểu mẫu"), max_length=64, help_text=_("Ví dụ: BM.01."))
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp mẫu Word (.docx)"),
        help_text=_("Soạn trong Word; chỗ cần điền ghi dạng {{ ten_truong }}."),
    )
    description = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    panels = [
        FieldPanel("agency"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("document"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("mẫu biểu mẫu Word")
        verbose_name_plural = _("mẫu biểu mẫu Word")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="form_template_code_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self):
        from ..word.errors import WordImportError
        from ..word.form_fill import check_template

        if self.document_id:
            try:
                check_template(self.document)
            except WordImportError as exc:
                raise ValidationError({"document": exc.message}) from exc


class ControlledCopy(models.Model):
    """A numbered controlled copy of an edition, issued to a recipient; never edited or deleted."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="controlled_copies", verbose_name=_("lần ban hành")
    )
    number = models.PositiveIntegerField(_("số bản"))
    recipient = models.CharField(_("nơi nhận"), max_length=255)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("thời điểm phát hành"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản kiểm soát")
        verbose_name_plural = _("bản kiểm soát")
        ordering = ["edition", "number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="controlled_copy_number_unique")]

    def __str__(self) -> str:
        return f"{self.edition} – bản số {self.number:02d}"
