"""Admin forms for controlled documents: identification, change control and visibility rules."""

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

ISSUING_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")
_PAGE_LINK = re.compile(r'linktype=\\?"page\\?" id=\\?"(\d+)\\?"')


class IdentifiedDocumentForm(WagtailAdminPageForm):
    """Refuses a reused code, an issue without a change summary, a direct publish that skips the approval
    workflow, and a public document that links to one the public may not open."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Edition

        # The summary of the last issued edition stays in the revision; a new change needs its own.
        summary = self.initial.get("change_summary")
        if self.instance.pk and summary and Edition.objects.filter(page_id=self.instance.pk, change_summary=summary).exists():
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
        if not iso_code:
            return
        section = self.instance.find_department_section(parent=self.parent_page if not self.instance.pk else None)
        if section is None:
            return
        clash = self.instance.code_conflict(section.department.agency_id, series, iso_code)
        if clash is not None:
            self.add_error(
                "iso_code",
                forms.ValidationError(
                    _("Mã hiệu “%(code)s” đã được dùng cho “%(title)s” trong cùng cơ quan và bộ tài liệu."),
                    params={"code": iso_code, "title": clash.title},
                    code="code_in_use",
                ),
            )

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
                forms.ValidationError(_("Cần tóm tắt nội dung sửa đổi trước khi trình ban hành lần mới."), code="required"),
            )

    def _check_links(self, cleaned):
        from .models import Visibility
        from .permissions import DOCUMENT_MODELS

        if cleaned.get("visibility") != Visibility.PUBLIC:
            return
        linked: set[int] = set()
        for value in cleaned.values():
            text = value if isinstance(value, str) else _stream_json(value)
            linked.update(int(pk) for pk in _PAGE_LINK.findall(text or ""))
        for model in DOCUMENT_MODELS:
            hidden = model.objects.filter(pk__in=linked).exclude(visibility=Visibility.PUBLIC).first()
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
