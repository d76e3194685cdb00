"""Who owns documents: agencies (cơ quan) and their departments (phòng ban).

Levels are data, not code: since July 2025 local government has two tiers, and one
deployment may serve a provincial department and many communes at once.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."),
)


class AgencyLevel(models.TextChoices):
    MINISTRY = "ministry", _("Cấp bộ / trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã / phường")
    OTHER = "other", _("Cơ quan khác")


class Agency(index.Indexed, models.Model):
    """A public body that runs its own quality management system (a Sở, a UBND xã/phường...)."""

    code = models.CharField(_("mã cơ quan"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=AgencyLevel.choices, default=AgencyLevel.COMMUNE)
    parent_name = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, help_text=_("Ví dụ: UBND tỉnh Kon Tum.")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=64, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("name"), FieldPanel("short_name"), FieldPanel("level")],
            heading=_("Nhận diện"),
        ),
        MultiFieldPanel(
            [FieldPanel("parent_name"), FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Liên hệ"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("code")]

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(index.Indexed, models.Model):
    """A department (phòng, ban, bộ phận) of an agency: owns documents and runs their approval chain."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("cơ quan"))
    code = models.CharField(_("mã phòng ban"), max_length=32, validators=[code_validator])
    name = models.CharField(_("tên phòng ban"), max_length=255)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("trưởng phòng"),
    )
    is_one_stop = models.BooleanField(
        _("bộ phận một cửa"), default=False, help_text=_("Bộ phận tiếp nhận và trả kết quả của cơ quan.")
    )
    tthc_fields = models.TextField(
        _("lĩnh vực thủ tục phụ trách"),
        blank=True,
        help_text=_("Mỗi dòng một lĩnh vực (ví dụ: Hộ tịch). Dùng để xếp thủ tục khi nhập dữ liệu quốc gia."),
    )

    panels = [
        FieldPanel("agency"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("head"),
        FieldPanel("is_one_stop"),
        FieldPanel("tthc_fields"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("code")]

    class Meta:
        verbose_name = _("phòng ban")
        verbose_name_plural = _("phòng ban")
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique_in_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.short_name or self.agency.code})"

    @property
    def field_names(self) -> list[str]:
        """The procedure fields (lĩnh vực) this department handles, one per line in tthc_fields."""
        return [line.strip() for line in self.tthc_fields.splitlines() if line.strip()]
