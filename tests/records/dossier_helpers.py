"""A published one-stop procedure with a step table and time limit, for dossier tests."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from docx import Document

from documents.models import Department, ProcedurePage
from documents.services.tree import ensure_department_section

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNEL_TEXT = "03 ngày làm việc; hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo"
STEPS = [
    ("1", "Tiếp nhận, kiểm tra hồ sơ", "Bộ phận một cửa", "0,5 ngày"),
    ("2", "Thẩm định hồ sơ", "Công chức Tư pháp - Hộ tịch", "1,5 ngày"),
    ("3", "Ký duyệt", "Lãnh đạo UBND", "0,5 ngày"),
    ("4", "Trả kết quả", "Bộ phận một cửa", "0,5 ngày"),
]


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def one_stop_procedure(org, title="Đăng ký khai sinh", tthc_code="1.001193", department=None) -> ProcedurePage:
    Department.objects.get_or_create(
        agency=org.agency, code="MOTCUA", defaults={"name": "Bộ phận một cửa", "is_one_stop": True}
    )
    page = ProcedurePage(
        title=title,
        visibility="public",
        tthc_code=tthc_code,
        channels=[
            (
                "channel",
                {"channel": "direct", "time_limit": CHANNEL_TEXT, "time_value": "3", "time_unit": "working_day"},
            )
        ],
        steps=[("step", {"order": o, "step": s, "responsible": r, "time": t, "time_alt": ""}) for o, s, r, t in STEPS],
    )
    ensure_department_section(department or org.dept_a).add_child(instance=page)
    page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def docx_text(record) -> str:
    with record.file.open("rb") as fh:
        document = Document(io.BytesIO(fh.read()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
