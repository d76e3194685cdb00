"""Quality records (hồ sơ chất lượng): evidence kept as ISO 9001:2015 clause 7.5.3 asks.

A record type comes from a procedure's "records to keep" table (name, keeper, retention) or is one
of the one-stop shop's forms. A record is open while it is being written; once closed it is frozen:
its content hash is stored and chained to the previous closed record of the same agency under a keyed
seal (records.services.seals: HMAC with a key kept outside the database), so ``manage.py verify_records``
can show that nothing was altered, even by someone who can write to the database but lacks the key. A mistake is corrected by a new
record linked to the old one, with a reason. Records are disposed of only through an approved
disposal decision, which leaves a disposal log; a legal hold blocks disposal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from documents.models import Agency, Department, ImmutableError, ProcedurePage

# What may still change on a closed record, and only through records.services.retention: the legal
# hold, and at disposal the file and content (the hashes stay, so the chain still verifies).
HOLD_FIELDS = frozenset({"legal_hold", "legal_hold_reason"})
LIFECYCLE_FIELDS = HOLD_FIELDS | {"disposed_at", "file", "content"}


class RecordType(models.Model):
    """A kind of record to keep: name, keeper and retention, usually from a procedure's table."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="record_types", verbose_name=_("cơ quan"))
    procedure = models.ForeignKey(
        ProcedurePage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("quy trình")
    )
    code = models.CharField(_("mã"), max_length=64, blank=True, help_text=_("Ví dụ: mã biểu mẫu một cửa."))
    name = models.CharField(_("tên hồ sơ"), max_length=500)
    keeper = models.CharField(_("nơi lưu / người lưu"), max_length=500, blank=True)
    retention = models.CharField(_("thời gian lưu"), max_length=128, blank=True)
    retention_months = models.PositiveIntegerField(
        _("thời gian lưu (tháng)"), null=True, blank=True, help_text=_("Để trống: lưu vĩnh viễn.")
    )

    panels = [
        FieldPanel("agency"),
        FieldPanel("procedure"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("keeper"),
        FieldPanel("retention"),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("loại hồ sơ")
        verbose_name_plural = _("loại hồ sơ")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name


class QualityRecordQuerySet(models.QuerySet):
    """Bulk helpers that cannot bypass immutability: closed rows are neither updated nor deleted in bulk."""

    def update(self, **kwargs):
        if set(kwargs) - HOLD_FIELDS and self.filter(closed_at__isnull=False).exists():
            raise ImmutableError("A closed quality record cannot be changed; record a correction instead.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(closed_at__isnull=False).exists():
            raise ImmutableError("A closed quality record is removed only by an approved disposal.")
        return super().delete()


class QualityRecord(models.Model):
    """One piece of evidence: a filled form, a slip, a register page, with optional file."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("phòng ban"))
    record_type = models.ForeignKey(
        RecordType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("loại hồ sơ"),
    )
    dossier = models.ForeignKey(
        "records.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    reference = models.CharField(_("số, ký hiệu"), max_length=128, blank=True)
    content = models.JSONField(_("nội dung"), default=dict, blank=True)
    file = models.FileField(_("tệp"), upload_to="records/%Y/%m/", blank=True, max_length=255)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("đính chính cho"),
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    # The hash chain: set once when the record is closed.
    sequence = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, blank=True, editable=False)
    chain_prev = models.CharField(max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Which key sealed it (records.services.seals; an id, not the key). Empty: the old unkeyed chain.
    seal_key_id = models.CharField(max_length=16, blank=True, default="", editable=False)
    # Retention and disposal.
    retain_until = models.DateField(_("lưu đến"), null=True, blank=True, editable=False)
    legal_hold = models.BooleanField(_("tạm giữ theo yêu cầu pháp lý"), default=False)
    legal_hold_reason = models.CharField(_("lý do tạm giữ"), max_length=500, blank=True)
    disposed_at = models.DateTimeField(_("đã hủy lúc"), null=True, blank=True, editable=False)

    objects = QualityRecordQuerySet.as_manager()

    panels = [
        FieldPanel("department"),
        FieldPanel("record_type"),
        FieldPanel("title"),
        FieldPanel("reference"),
        FieldPanel("file"),
    ]

    class Meta:
        verbose_name = _("hồ sơ chất lượng")
        verbose_name_plural = _("hồ sơ chất lượng")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "sequence"], name="record_sequence_unique_in_agency"),
        ]
        indexes = [models.Index(fields=["retain_until"], name="record_retain_until")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        lifecycle = kwargs.pop("lifecycle", False)
        if getattr(self, "_stored_closed", False):
            fields = set(kwargs.get("update_fields") or ())
            allowed = lifecycle and fields and fields <= LIFECYCLE_FIELDS
            if allowed and fields - HOLD_FIELDS and self.disposed_at is None:
                allowed = False  # content and file are only ever emptied by a disposal
            if not allowed:
                raise ImmutableError("A closed quality record cannot be changed; record a correction instead.")
        super().save(*args, **kwargs)
        self._stored_closed = self.closed_at is not None

    def delete(self, *args, **kwargs):
        if self.is_closed or getattr(self, "_stored_closed", False):
            raise ImmutableError("A closed quality record is removed only by an approved disposal.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_closed = instance.closed_at is not None
        return instance

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class DisposalDecision(models.Model):
    """A proposal to dispose of records whose retention ended; executed once the quality officer approves."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        APPROVED = "approved", _("Đã duyệt và hủy")
        REJECTED = "rejected", _("Không duyệt")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    records = models.ManyToManyField(QualityRecord, related_name="disposal_decisions", verbose_name=_("hồ sơ"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định hủy hồ sơ")
        verbose_name_plural = _("quyết định hủy hồ sơ")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} – {self.proposed_at:%d/%m/%Y}"


class DisposalLog(models.Model):
    """What was disposed of, when, by whom and why; never edited or deleted."""

    record = models.OneToOneField(QualityRecord, on_delete=models.PROTECT, related_name="disposal_log")
    decision = models.ForeignKey(DisposalDecision, on_delete=models.PROTECT, related_name="log")
    title = models.CharField(_("tiêu đề"), max_length=500)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    disposed_at = models.DateTimeField(_("hủy lúc"))
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("nhật ký hủy hồ sơ")
        verbose_name_plural = _("nhật ký hủy hồ sơ")
        ordering = ["-disposed_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.disposed_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("The disposal log is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("The disposal log is never deleted.")
