"""StreamField blocks for the structured parts of a procedure.

Each block mirrors one table of a real procedure (step table, forms, records to keep,
approval table, amendment log) or of the national procedure record (channels, dossier
components, legal bases, results), so Word import/export and the public portal read
the same structure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class StepBlock(blocks.StructBlock):
    """One row of the step table: TT · Trình tự các bước · Trách nhiệm · Thời gian."""

    order = blocks.CharBlock(label=_("TT"), max_length=16, required=False)
    step = blocks.TextBlock(label=_("Trình tự các bước"))
    responsible = blocks.TextBlock(label=_("Trách nhiệm"), required=False)
    time = blocks.CharBlock(label=_("Thời gian"), max_length=255, required=False)
    time_alt = blocks.CharBlock(
        label=_("Thời gian (cột thứ hai)"),
        max_length=255,
        required=False,
        help_text=_("Khi bảng có hai cột thời gian, ví dụ: có / không phải xác minh."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Bước thực hiện")


class PublicStepBlock(blocks.StructBlock):
    """A step of the procedure as posted to the public (trình tự thực hiện)."""

    title = blocks.TextBlock(label=_("Bước"))
    detail = blocks.TextBlock(label=_("Chi tiết"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Bước (công khai)")


class FormBlock(blocks.StructBlock):
    """A form (biểu mẫu) used by the procedure, with its own BM code and optional file."""

    code = blocks.CharBlock(label=_("Mã biểu mẫu"), max_length=64, required=False)
    name = blocks.TextBlock(label=_("Tên biểu mẫu"))
    document = DocumentChooserBlock(label=_("Tệp mẫu"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Biểu mẫu")


class RecordToKeepBlock(blocks.StructBlock):
    """A quality record the procedure produces: what, who keeps it, how long."""

    name = blocks.TextBlock(label=_("Tên hồ sơ"))
    keeper = blocks.TextBlock(label=_("Nơi lưu / người lưu"), required=False)
    retention = blocks.CharBlock(label=_("Thời gian lưu"), max_length=128, required=False)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Hồ sơ cần lưu")


class ApprovalBlock(blocks.StructBlock):
    """One column of the approval table (Soạn thảo / Xem xét / Phê duyệt)."""

    role = blocks.ChoiceBlock(
        label=_("Vai trò"),
        choices=[("drafted", _("Soạn thảo")), ("reviewed", _("Xem xét")), ("approved", _("Phê duyệt"))],
    )
    name = blocks.CharBlock(label=_("Họ tên"), max_length=255, required=False)
    title = blocks.CharBlock(label=_("Chức vụ"), max_length=255, required=False)

    class Meta:
        icon = "user"
        label = _("Người ký")


class AmendmentBlock(blocks.StructBlock):
    """A row of the amendment log (trang theo dõi sửa đổi)."""

    number = blocks.CharBlock(label=_("Lần sửa đổi"), max_length=32, required=False)
    summary = blocks.TextBlock(label=_("Tóm tắt nội dung sửa đổi"))
    legal_basis = blocks.TextBlock(label=_("Căn cứ sửa đổi"), required=False)
    date = blocks.CharBlock(label=_("Ngày"), max_length=32, required=False)

    class Meta:
        icon = "history"
        label = _("Sửa đổi")


class FilingChannel(models.TextChoices):
    """How a citizen files a dossier: the portal's channels and the one-stop shop's receipts share these."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Dịch vụ bưu chính")


class ChannelBlock(blocks.StructBlock):
    """How a citizen can file (direct / online / post), with its time limit and fee."""

    channel = blocks.ChoiceBlock(
        label=_("Hình thức nộp"),
        choices=FilingChannel.choices,
    )
    time_limit = blocks.CharBlock(label=_("Thời hạn giải quyết"), max_length=255, required=False)
    time_value = blocks.DecimalBlock(label=_("Số lượng thời gian"), required=False, decimal_places=2)
    time_unit = blocks.ChoiceBlock(
        label=_("Đơn vị thời gian"),
        required=False,
        choices=[
            ("working_day", _("ngày làm việc")),
            ("day", _("ngày")),
            ("hour", _("giờ")),
            ("month", _("tháng")),
            ("year", _("năm")),
        ],
    )
    fee = blocks.TextBlock(label=_("Phí, lệ phí"), required=False)
    fee_vnd = blocks.IntegerBlock(label=_("Phí (đồng)"), required=False, min_value=0)
    description = blocks.TextBlock(label=_("Mô tả"), required=False)

    class Meta:
        icon = "site"
        label = _("Cách thức thực hiện")


class DossierComponentBlock(blocks.StructBlock):
    """A document the applicant brings (thành phần hồ sơ)."""

    group = blocks.CharBlock(label=_("Trường hợp"), max_length=1000, required=False)
    name = blocks.TextBlock(label=_("Tên giấy tờ"))
    form = blocks.TextBlock(label=_("Mẫu đơn, tờ khai"), required=False)
    copies = blocks.CharBlock(label=_("Số lượng"), max_length=255, required=False)

    class Meta:
        icon = "doc-empty"
        label = _("Thành phần hồ sơ")


class LegalBasisBlock(blocks.StructBlock):
    """A legal basis (căn cứ pháp lý): law, decree, circular, decision."""

    number = blocks.CharBlock(label=_("Số, ký hiệu"), max_length=128, required=False)
    title = blocks.TextBlock(label=_("Tên văn bản"))
    issued = blocks.DateBlock(label=_("Ngày ban hành"), required=False)
    issuer = blocks.CharBlock(label=_("Cơ quan ban hành"), max_length=255, required=False)

    class Meta:
        icon = "link"
        label = _("Căn cứ pháp lý")


class ResultBlock(blocks.StructBlock):
    """A result document the citizen receives (kết quả thực hiện)."""

    name = blocks.TextBlock(label=_("Tên kết quả"))
    code = blocks.CharBlock(label=_("Mã kết quả"), max_length=64, required=False)

    class Meta:
        icon = "tick"
        label = _("Kết quả")
