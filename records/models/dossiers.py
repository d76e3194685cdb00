"""One-stop dossiers (hồ sơ thủ tục hành chính): received, handled step by step, finished and returned.

Dates are kept as dates of the agency's working calendar (records.workdays) so the measures group
and count them without recomputing the calendar for a million rows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.blocks import FilingChannel as Channel
from documents.models import Agency, Department, ProcedurePage


class DossierStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Chờ bổ sung hồ sơ")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    STOPPED = "stopped", _("Dừng giải quyết")
    FINISHED = "finished", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")


OPEN_STATUSES = (DossierStatus.IN_PROGRESS.value, DossierStatus.WAITING_SUPPLEMENT.value)


class Outcome(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Dossier(models.Model):
    """A citizen's dossier for one published procedure, with its receipt number, secret and due date."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    procedure = models.ForeignKey(ProcedurePage, on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("phòng ban giải quyết")
    )
    receiving_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ phận tiếp nhận")
    )
    receipt_number = models.CharField(_("số biên nhận"), max_length=32, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    applicant_name = models.CharField(_("người nộp"), max_length=255)
    applicant_contact = models.CharField(_("liên hệ"), max_length=255, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=Channel.choices, default=Channel.DIRECT)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("ngày tiếp nhận"), db_index=True)
    start_on = models.DateField(_("ngày bắt đầu tính hạn"))
    cutoff_rule = models.BooleanField(_("nhận sau 15 giờ tính từ ngày làm việc tiếp theo"), default=False)
    statutory_days = models.DecimalField(_("thời hạn (ngày làm việc)"), max_digits=6, decimal_places=2)
    due_on = models.DateField(_("ngày hẹn trả"))
    promised_on = models.DateField(
        _("ngày hẹn lại"), null=True, blank=True, help_text=_("Ngày hẹn mới trong văn bản xin lỗi khi trễ hạn.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=24, choices=DossierStatus.choices, default=DossierStatus.IN_PROGRESS
    )
    paused_on = models.DateField(_("tạm dừng từ"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("số ngày tạm dừng"), default=0)
    finished_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trả kết quả"), null=True, blank=True)
    processing_days = models.PositiveIntegerField(_("thời gian giải quyết (ngày làm việc)"), null=True, blank=True)
    outcome = models.CharField(_("kết quả về thời hạn"), max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # The receipt form's one-time key: a second submission of the same form finds this dossier.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("hồ sơ thủ tục hành chính")
        verbose_name_plural = _("hồ sơ thủ tục hành chính")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="dossier_agency_received"),
            models.Index(fields=["agency", "finished_on"], name="dossier_agency_finished"),
            models.Index(fields=["agency", "status", "due_on"], name="dossier_agency_status_due"),
            # The staff work queue: the (few) open dossiers by due date, among a million closed ones.
            models.Index(fields=["due_on"], condition=models.Q(status__in=OPEN_STATUSES), name="dossier_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} – {self.applicant_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DossierStep(models.Model):
    """One row of the procedure's step table, as this dossier goes through it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.TextField(_("bước"))
    responsible = models.TextField(_("trách nhiệm"), blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("phòng ban")
    )
    days = models.DecimalField(_("thời gian (ngày làm việc)"), max_digits=6, decimal_places=2, null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title[:60]}"


class DossierEvent(models.Model):
    """What happened to a dossier, in order: the content of the process control slip (phiếu kiểm soát)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận")
        TRANSFER = "transfer", _("Chuyển xử lý")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận bổ sung")
        REFUSED = "refused", _("Từ chối")
        STOPPED = "stopped", _("Dừng giải quyết")
        APOLOGY = "apology", _("Xin lỗi, hẹn lại")
        FINISHED = "finished", _("Có kết quả")
        RETURNED = "returned", _("Trả kết quả")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    from_department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    to_department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    new_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class Rating(models.Model):
    """The citizen's rating of a finished dossier: once, 1–5 with an optional comment."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("mức hài lòng"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("góp ý"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.receipt_number}: {self.score}/5"
