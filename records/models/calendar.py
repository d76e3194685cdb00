"""An agency's own exceptions to the national working calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from documents.models import Agency


class CalendarDay(models.Model):
    """An extra day off (e.g. a local festival) or a make-up working day (làm bù) decided by the agency."""

    class Kind(models.TextChoices):
        OFF = "off", _("Ngày nghỉ thêm")
        WORKING = "working", _("Ngày làm việc bù")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="calendar_days", verbose_name=_("cơ quan")
    )
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    panels = [FieldPanel("agency"), FieldPanel("day"), FieldPanel("kind"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù của cơ quan")
        verbose_name_plural = _("lịch nghỉ / làm bù của cơ quan")
        ordering = ["agency", "day"]
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="one_calendar_exception_per_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"
