"""Admin forms for controlled documents: identification, change control and visibility rules."""

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

ISSUING_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")
_PAGE_LINK = re.compile(r'linktype=\\?"page\\?" id=\\?"(\d+)\\?"')


class IdentifiedDocumentForm(WagtailAdminPageForm):
    """Refuses a reused code (ISO code per series, national procedure code per agency), an issue without a change
    summary, a direct publish that skips the approval workflow, and a public document that links to one the
    public may not open. A refusal names another document only to a user who may open it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Edition

        # The summary of the last issued edition stays in the revision; a new change needs its own.
        summary = self.initial.get("change_summary")
        if (
            self.instance.pk
            and summary
            and Edition.objects.filter(page_id=self.instance.pk, change_summary=summary).exists()
        ):
            self.initial["change_summary"] = ""
            self.initial["change_legal_basis"] = ""

    def clean(self):
        cleaned = super().clean()
        self._check_code(cleaned)
        self._check_issue(cleaned)
        self._check_links(cleaned)
        return cleaned

    def _check_code(self, cleaned):
        iso_code = " ".join((cleaned.get("iso_code") or "").split())
        series = " ".join((cleaned.get("series") or "").split())
        tthc_code = (cleaned.get("tthc_code") or "").strip()
        if not (iso_code or tthc_code):
            return
        section = self.instance.find_department_section(parent=self.parent_page if not self.instance.pk else None)
        if section is None:
            return
        agency_id = section.department.agency_id
        clash = self.instance.code_conflict(agency_id, series, iso_code)
        if clash is not None:
            self.add_error("iso_code", self._code_taken(iso_code, clash))
        if tthc_code:
            self._check_tthc_code(agency_id, tthc_code)

    def _check_tthc_code(self, agency_id: int, tthc_code: str) -> None:
        """A national procedure code is carried out once per agency (the database refuses a second one)."""
        from .models import ProcedurePage

        clash = ProcedurePage.objects.filter(agency_id=agency_id, tthc_code=tthc_code).exclude(pk=self.instance.pk)
        if clash := clash.first():
            self.add_error("tthc_code", self._code_taken(tthc_code, clash, national=True))

    def _code_taken(self, code: str, holder, *, national: bool = False) -> forms.ValidationError:
        """The code is taken: whose it is only for a user who may open that document (no oracle of hidden ones)."""
        from .permissions import holder_name

        name = holder_name(self.for_user, holder)
        if national:
            message = (
                _("Mã thủ tục “%(code)s” đã được dùng cho “%(title)s” trong cùng cơ quan.")
                if name
                else _("Mã thủ tục “%(code)s” đã được dùng trong cơ quan này; hãy kiểm tra lại mã.")
            )
        else:
            message = (
                _("Mã hiệu “%(code)s” đã được dùng cho “%(title)s” trong cùng cơ quan và bộ tài liệu.")
                if name
                else _("Mã hiệu “%(code)s” đã được dùng trong cùng cơ quan và bộ tài liệu; hãy chọn mã khác.")
            )
        return forms.ValidationError(message, params={"code": code, "title": name}, code="code_in_use")

    def _check_issue(self, cleaned):
        from .models import Edition

        if "action-publish" in self.data:
            raise forms.ValidationError(
                _("Tài liệu kiểm soát chỉ được ban hành qua quy trình phê duyệt: hãy trình duyệt thay vì xuất bản."),
                code="publish_through_workflow",
            )
        issuing = any(action in self.data for action in ISSUING_ACTIONS)
        has_edition = self.instance.pk and Edition.objects.filter(page_id=self.instance.pk).exists()
        if issuing and has_edition and not (cleaned.get("change_summary") or "").strip():
            self.add_error(
                "change_summary",
                forms.ValidationError(
                    _("Cần tóm tắt nội dung sửa đổi trước khi trình ban hành lần mới."), code="required"
                ),
            )

    def _check_links(self, cleaned):
        """A public document links only to public pages. A link the author may not follow (a page that does not
        exist or that they may not view) is refused with the same words whichever it is: no oracle."""
        from .models import Visibility
        from .permissions import DOCUMENT_MODELS, viewable_pages

        if cleaned.get("visibility") != Visibility.PUBLIC:
            return
        linked: set[int] = set()
        for value in cleaned.values():
            text = value if isinstance(value, str) else _stream_json(value)
            linked.update(int(pk) for pk in _PAGE_LINK.findall(text or "") if len(pk) < 19)
        followable = set(viewable_pages(self.for_user, live=False).filter(pk__in=linked).values_list("pk", flat=True))
        if unknown := sorted(linked - followable):
            self.add_error(
                "visibility",
                forms.ValidationError(
                    _("Tài liệu công khai không được liên kết tới trang số %(id)s (không có hoặc bạn không được xem)."),
                    params={"id": unknown[0]},
                    code="links_to_hidden",
                ),
            )
            return
        for model in DOCUMENT_MODELS:
            hidden = model.objects.filter(pk__in=followable).exclude(visibility=Visibility.PUBLIC).first()
            if hidden is not None:
                self.add_error(
                    "visibility",
                    forms.ValidationError(
                        _("Tài liệu công khai không được liên kết tới “%(title)s” (không công khai)."),
                        params={"title": hidden.title},
                        code="links_to_hidden",
                    ),
                )
                return


def _stream_json(value) -> str:
    raw = getattr(value, "raw_data", None)
    if raw is None:
        return ""
    try:
        return json.dumps(list(raw), ensure_ascii=False, default=str)
    except TypeError:
        return ""
