"""Monthly summaries of the one-stop shop, so the measures never scan a million dossiers.

One row per (agency, procedure, handling department, receiving desk, month). It is kept in step in
the same transaction as the act it counts (records.services.summary): a dossier received counts in
the month it was received; a dossier finished counts, with its outcome, its statutory limit and its
processing time, in the month it was finished; a rating counts in the month its dossier was
finished. The processing time is kept as a histogram (working days → dossiers): working days are
small integers, so mean and p90 come from the summaries exactly. ``manage.py rebuild_measures``
recomputes every row from the dossiers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import Agency, Department, ProcedurePage


class MonthlySummary(models.Model):
    """One month of one procedure's dossiers at one desk and department: what the measures and dashboard read.

    Kept in the same transaction as each receipt, finish and rating (records.services); `rebuild_measures`
    recomputes it from the dossiers. Processing days are kept as a histogram so p90 is exact.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan"))
    procedure = models.ForeignKey(ProcedurePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("thủ tục"))
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("phòng ban giải quyết")
    )
    receiving_department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("bộ phận tiếp nhận")
    )
    month = models.DateField(_("tháng"))  # the first day of the month
    received = models.PositiveIntegerField(default=0)
    finished = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    statutory_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    # {"<working days>": dossiers finished in that many working days}
    days_histogram = models.JSONField(default=dict)
    ratings = models.PositiveIntegerField(default=0)
    score_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp tháng")
        verbose_name_plural = _("tổng hợp tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "department", "receiving_department", "month"],
                name="monthly_summary_key",
            )
        ]
        indexes = [models.Index(fields=["agency", "month"], name="summary_agency_month")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} #{self.procedure_id}"
