"""A small portal: public procedures of two agencies, plus every kind of content the public must never reach.

Shared by the view tests (tests/portal) and the browser tests (tests/browser).
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from documents.models import Department, ProcedurePage
from documents.services.tree import ensure_department_section, ensure_portal_home

SECRET_WORDS = ("NHÁP", "NỘI BỘ", "HẠN CHẾ", "ĐÃ GỠ")


@dataclass
class Portal:
    home: object
    birth: ProcedurePage
    marriage: ProcedurePage
    land: ProcedurePage
    province_birth: ProcedurePage
    hidden: dict


def form_file(title="Tờ khai đăng ký khai sinh"):
    document = get_document_model()(title=title)
    document.file.save("to-khai-khai-sinh.docx", ContentFile(b"PK\x03\x04 test form"), save=False)
    document.save()
    return document


def make_procedure(section, title, **fields) -> ProcedurePage:
    fields.setdefault("visibility", "public")
    page = ProcedurePage(title=title, **fields)
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_portal(agency, justice, land, other_agency) -> Portal:
    home = ensure_portal_home()
    section = ensure_department_section(justice)
    birth = make_procedure(
        section,
        "Đăng ký khai sinh",
        tthc_code="1.001193",
        tthc_field="Hộ tịch",
        tthc_level="Cấp Xã",
        tthc_levels="commune",
        tthc_decision_number="QĐ 1/2025",
        channels=[("channel", {"channel": "direct", "time_limit": "Ngay trong ngày", "fee": "Miễn lệ phí"})],
        dossier_components=[("component", {"name": "Tờ khai đăng ký khai sinh", "form": "Mẫu TK-01", "copies": "1"})],
        forms=[("form", {"code": "TK-01", "name": "Tờ khai đăng ký khai sinh", "document": form_file()})],
        public_steps=[("step", {"title": "Nộp hồ sơ", "detail": "Tại bộ phận một cửa"})],
        results=[("result", {"name": "Giấy khai sinh", "code": ""})],
        tthc_raw={"secret": "RAW-INTERNAL-DATA"},
        change_summary="",
    )
    marriage = make_procedure(section, "Đăng ký kết hôn", tthc_code="1.000894", tthc_field="Hộ tịch", tthc_levels="commune")
    land_page = make_procedure(
        ensure_department_section(land), "Hòa giải tranh chấp đất đai", tthc_code="1.000002", tthc_field="Đất đai",
        tthc_levels="commune",
    )
    province = Department.objects.create(agency=other_agency, code="HCTP", name="Phòng Hành chính tư pháp")
    province_birth = make_procedure(
        ensure_department_section(province), "Đăng ký khai sinh có yếu tố nước ngoài", tthc_code="1.001193",
        tthc_field="Hộ tịch", tthc_levels="province",
    )
    hidden = {
        "internal": make_procedure(section, "Quy trình NỘI BỘ khai sinh", tthc_code="9.000001", visibility="internal"),
        "restricted": make_procedure(section, "Quy trình HẠN CHẾ khai sinh", tthc_code="9.000002", visibility="restricted"),
        "unpublished": make_procedure(section, "Thủ tục ĐÃ GỠ khai sinh", tthc_code="9.000003"),
    }
    hidden["unpublished"].unpublish()
    closed = ensure_department_section(Department.objects.create(agency=agency, code="KIN", name="Phòng kín"))
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    hidden["login_only"] = make_procedure(closed, "Thủ tục NỘI BỘ đăng nhập khai sinh", tthc_code="9.000005")
    draft = ProcedurePage(title="Thủ tục NHÁP khai sinh", tthc_code="9.000004", visibility="public", live=False)
    section.add_child(instance=draft)
    draft.save_revision()
    hidden["draft"] = draft
    return Portal(home, birth, marriage, land_page, province_birth, hidden)
