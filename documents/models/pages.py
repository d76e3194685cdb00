"""The page tree of controlled documents.

site root → PortalHomePage (public) → AgencyLibraryPage (one per agency)
→ DepartmentSectionPage (one per department) → ProcedurePage / ControlledDocumentPage.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import blocks
from .identification import IdentifiedDocument
from .organisation import Agency, Department


class PortalHomePage(Page):
    """The public home of the deployment: search box and posted procedures of every agency."""

    intro = RichTextField(_("lời giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["documents.AgencyLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ cổng thông tin")


class AgencyLibraryPage(Page):
    """All controlled documents of one agency."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="library", verbose_name=_("cơ quan"))
    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]

    parent_page_types = ["documents.PortalHomePage"]
    subpage_types = ["documents.DepartmentSectionPage"]

    class Meta:
        verbose_name = _("thư viện tài liệu cơ quan")


class DepartmentSectionPage(Page):
    """The documents one department owns; carries that department's page permissions and workflow."""

    department = models.OneToOneField(
        Department, on_delete=models.PROTECT, related_name="section", verbose_name=_("phòng ban")
    )
    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("department"), FieldPanel("intro")]

    parent_page_types = ["documents.AgencyLibraryPage"]
    subpage_types = ["documents.ProcedurePage", "documents.ControlledDocumentPage"]

    class Meta:
        verbose_name = _("khu tài liệu phòng ban")

    def get_context(self, request, *args, **kwargs):
        """The documents of this section the visitor may open (document visibility included)."""
        from ..permissions import viewable_pages

        context = super().get_context(request, *args, **kwargs)
        children = viewable_pages(request.user).child_of(self).specific().order_by("title")
        context["documents"] = [
            {
                "code": getattr(doc, "iso_code", "") or getattr(doc, "tthc_code", ""),
                "title": getattr(doc, "display_name", doc.title),
                "url": doc.url,
            }
            for doc in children
        ]
        return context


IDENTIFICATION_PANELS = [
    FieldPanel("title", heading=_("Tiêu đề")),
    FieldPanel("official_name"),
    FieldRowPanel([FieldPanel("iso_code"), FieldPanel("series")]),
    FieldRowPanel([FieldPanel("edition"), FieldPanel("issued_on"), FieldPanel("effective_on")]),
    FieldRowPanel([FieldPanel("review_period_months"), FieldPanel("review_due_on")]),
    FieldPanel("visibility"),
    FieldPanel("department", read_only=True, heading=_("Phòng ban chủ trì")),
]

CHANGE_PANELS = [FieldPanel("change_summary"), FieldPanel("change_legal_basis")]
APPROVAL_PANELS = [
    MultiFieldPanel(CHANGE_PANELS, heading=_("Lần sửa đổi này")),
    FieldPanel("approvals"),
    FieldPanel("amendments"),
]


def document_edit_handler(*content_tabs: ObjectList) -> TabbedInterface:
    """Every controlled document's tabs: its own content, then change and sign-off, then Wagtail's own."""
    return TabbedInterface(
        [
            *content_tabs,
            ObjectList(APPROVAL_PANELS, heading=_("Ký duyệt & sửa đổi")),
            ObjectList(Page.promote_panels, heading=_("Đường dẫn & SEO")),
            ObjectList(Page.settings_panels, heading=_("Cài đặt"), classname="settings"),
        ]
    )


def iso_code_unique_in_agency_series(name: str) -> models.UniqueConstraint:
    """A code is never reused within an agency and series (blank codes aside)."""
    return models.UniqueConstraint(fields=["agency", "series", "iso_code"], condition=~models.Q(iso_code=""), name=name)

IDENTIFICATION_SEARCH_FIELDS = [
    index.SearchField("official_name"),
    index.SearchField("iso_code"),
    index.AutocompleteField("iso_code"),
    index.FilterField("agency"),
    index.FilterField("department"),
    index.FilterField("visibility"),
]


class LevelChoices(models.TextChoices):
    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


class ProcedurePage(IdentifiedDocument):
    """A procedure (quy trình): the ISO document, optionally with its public administrative-procedure data."""

    # The sections of a real procedure.
    purpose = models.TextField(_("1. Mục đích"), blank=True)
    scope = models.TextField(_("2. Phạm vi"), blank=True)
    references = models.TextField(_("3. Tài liệu viện dẫn"), blank=True)
    definitions = models.TextField(_("4. Định nghĩa, viết tắt"), blank=True)
    dossier_components = StreamField(
        [("component", blocks.DossierComponentBlock())], blank=True, verbose_name=_("a. Thành phần hồ sơ")
    )
    time_limit = models.TextField(_("b. Thời hạn giải quyết"), blank=True)
    place = models.TextField(_("c. Địa điểm thực hiện"), blank=True)
    fees = models.TextField(_("d. Phí, lệ phí"), blank=True)
    legal_bases = StreamField(
        [("legal_basis", blocks.LegalBasisBlock())], blank=True, verbose_name=_("đ. Căn cứ pháp lý")
    )
    steps = StreamField([("step", blocks.StepBlock())], blank=True, verbose_name=_("e. Các bước thực hiện"))
    step_time_label = models.CharField(_("tiêu đề cột thời gian"), max_length=255, blank=True)
    step_time_alt_label = models.CharField(_("tiêu đề cột thời gian thứ hai"), max_length=255, blank=True)
    forms = StreamField([("form", blocks.FormBlock())], blank=True, verbose_name=_("6. Biểu mẫu"))
    records_to_keep = StreamField(
        [("record", blocks.RecordToKeepBlock())], blank=True, verbose_name=_("7. Hồ sơ cần lưu")
    )

    # Public administrative-procedure data (thủ tục hành chính), as posted on the national portal.
    tthc_code = models.CharField(
        _("mã thủ tục (quốc gia)"), max_length=64, blank=True, db_index=True, help_text=_("Ví dụ: 1.000893.")
    )
    tthc_decision_number = models.CharField(_("số quyết định công bố"), max_length=255, blank=True)
    tthc_field = models.CharField(_("lĩnh vực"), max_length=255, blank=True, db_index=True)
    tthc_level = models.CharField(_("cấp thực hiện"), max_length=255, blank=True)
    tthc_levels = models.CharField(
        _("cấp thực hiện (mã)"), max_length=64, blank=True, editable=False, help_text=_("ministry province commune other")
    )
    tthc_procedure_type = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    tthc_subjects = models.TextField(_("đối tượng thực hiện"), blank=True)
    tthc_competent_authority = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    tthc_implementing_agency = models.TextField(_("cơ quan thực hiện"), blank=True)
    tthc_receiving_address = models.TextField(_("địa chỉ tiếp nhận hồ sơ"), blank=True)
    public_steps = StreamField(
        [("step", blocks.PublicStepBlock())], blank=True, verbose_name=_("trình tự thực hiện (công khai)")
    )
    channels = StreamField([("channel", blocks.ChannelBlock())], blank=True, verbose_name=_("cách thức thực hiện"))
    tthc_conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    results = StreamField([("result", blocks.ResultBlock())], blank=True, verbose_name=_("kết quả thực hiện"))
    tthc_source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    tthc_raw = models.JSONField(
        _("dữ liệu gốc chưa phân tích chắc chắn"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Văn bản gốc của các mục mà bộ nhập không chắc chắn, giữ lại để không mất thông tin."),
    )
    tthc_source_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = [
        MultiFieldPanel(IDENTIFICATION_PANELS, heading=_("Nhận diện tài liệu")),
        MultiFieldPanel(
            [FieldPanel("purpose"), FieldPanel("scope"), FieldPanel("references"), FieldPanel("definitions")],
            heading=_("Mục 1–4"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("dossier_components"),
                FieldPanel("time_limit"),
                FieldPanel("place"),
                FieldPanel("fees"),
                FieldPanel("legal_bases"),
            ],
            heading=_("Mục 5: Nội dung quy trình"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("step_time_label"), FieldPanel("step_time_alt_label")]), FieldPanel("steps")],
            heading=_("Bảng các bước"),
        ),
        FieldPanel("forms"),
        FieldPanel("records_to_keep"),
    ]
    tthc_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("tthc_code"), FieldPanel("tthc_decision_number")]),
                FieldRowPanel([FieldPanel("tthc_field"), FieldPanel("tthc_level")]),
                FieldPanel("tthc_procedure_type"),
                FieldPanel("tthc_subjects"),
                FieldPanel("tthc_competent_authority"),
                FieldPanel("tthc_implementing_agency"),
                FieldPanel("tthc_receiving_address"),
                FieldPanel("tthc_source_url"),
            ],
            heading=_("Thông tin thủ tục hành chính"),
        ),
        FieldPanel("public_steps"),
        FieldPanel("channels"),
        FieldPanel("tthc_conditions"),
        FieldPanel("results"),
    ]

    edit_handler = document_edit_handler(
        ObjectList(content_panels, heading=_("Quy trình")),
        ObjectList(tthc_panels, heading=_("Thủ tục hành chính")),
    )

    search_fields = [
        *Page.search_fields,
        *IDENTIFICATION_SEARCH_FIELDS,
        index.SearchField("tthc_code"),
        index.SearchField("tthc_field"),
        index.SearchField("purpose"),
        index.SearchField("scope"),
        index.FilterField("tthc_field"),
        index.FilterField("tthc_code"),
    ]

    class Meta:
        verbose_name = _("quy trình")
        verbose_name_plural = _("quy trình")
        constraints = [
            iso_code_unique_in_agency_series("procedure_iso_code_unique_in_agency_series"),
            models.UniqueConstraint(
                fields=["agency", "tthc_code"],
                condition=~models.Q(tthc_code=""),
                name="procedure_tthc_code_unique_in_agency",
            ),
        ]

    @property
    def level_codes(self) -> list[str]:
        return self.tthc_levels.split()

    @property
    def has_public_data(self) -> bool:
        return bool(self.tthc_code)


class DocumentType(models.TextChoices):
    POLICY = "policy", _("Chính sách chất lượng")
    OBJECTIVES = "objectives", _("Mục tiêu chất lượng")
    MANUAL = "manual", _("Sổ tay chất lượng")
    INSTRUCTION = "instruction", _("Hướng dẫn công việc")
    FORM = "form", _("Biểu mẫu")
    EXTERNAL = "external", _("Tài liệu bên ngoài")
    OTHER = "other", _("Tài liệu khác")


class ControlledDocumentPage(IdentifiedDocument):
    """Any other controlled document: policy, objectives, manual, work instruction, form, external document."""

    document_type = models.CharField(_("loại tài liệu"), max_length=16, choices=DocumentType.choices)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tệp đính kèm"),
    )
    external_number = models.CharField(
        _("số, ký hiệu văn bản"), max_length=128, blank=True, help_text=_("Với tài liệu bên ngoài, ví dụ 118/2025/NĐ-CP.")
    )
    external_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)

    content_panels = [
        MultiFieldPanel([FieldPanel("document_type"), *IDENTIFICATION_PANELS], heading=_("Nhận diện tài liệu")),
        MultiFieldPanel([FieldPanel("external_number"), FieldPanel("external_issuer")], heading=_("Văn bản bên ngoài")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachment"),
    ]
    edit_handler = document_edit_handler(ObjectList(content_panels, heading=_("Tài liệu")))

    search_fields = [
        *Page.search_fields,
        *IDENTIFICATION_SEARCH_FIELDS,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("external_number"),
        index.FilterField("document_type"),
    ]

    class Meta:
        verbose_name = _("tài liệu kiểm soát")
        verbose_name_plural = _("tài liệu kiểm soát")
        constraints = [
            iso_code_unique_in_agency_series("document_iso_code_unique_in_agency_series"),
        ]
