"""Admin forms for controlled documents."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class IdentifiedDocumentForm(WagtailAdminPageForm):
    """Refuses a code that the agency already uses in the same series, with a message that names the holder."""

    def clean(self):
        cleaned = super().clean()
        iso_code = " ".join((cleaned.get("iso_code") or "").split())
        series = " ".join((cleaned.get("series") or "").split())
        if not iso_code:
            return cleaned
        section = self.instance.find_department_section(parent=self.parent_page if not self.instance.pk else None)
        if section is None:
            return cleaned
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
        return cleaned
