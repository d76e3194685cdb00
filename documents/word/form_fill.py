"""Fill a form template (a .docx written in Word with ``{{ placeholders }}``) with docxtpl.

Templates come from officers' uploads, so each is opened through the same safety checks as an
import (size, zip bomb, macros, XXE) and rendered with autoescaping, so a value such as
``A & B <x>`` lands in the form as text and can never break or inject WordprocessingML. Jinja runs
in a sandbox: a template can format values, not reach into Python objects.
"""

import io
import os

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import WordImportError
from .safety import Limits, check_container, read_upload


def _template_bytes(template) -> bytes:
    """Bytes of a FormTemplate, a Wagtail Document, a path, bytes or a binary file."""
    document = getattr(template, "document", None) or template
    if hasattr(document, "file") and hasattr(document.file, "open"):
        with document.file.open("rb") as fh:
            return read_upload(fh, Limits.max_size)
    if isinstance(document, (str, os.PathLike, bytes, bytearray)) or hasattr(document, "read"):
        return read_upload(document, Limits.max_size)
    raise TypeError(f"not a form template: {type(template).__name__}")


def check_template(template) -> set[str]:
    """Refuse an unsafe or broken template (WordImportError); return the placeholders it uses."""
    data = _template_bytes(template)
    check_container(data)
    try:
        return DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(SandboxedEnvironment())
    except TemplateError as exc:
        raise WordImportError(
            "template_syntax",
            f"Mẫu Word có chỗ điền sai cú pháp: {exc.message}",
            f"Template syntax error: {exc}",
        ) from exc


def fill_form_template(template, context: dict) -> bytes:
    """The .docx bytes of ``template`` with ``context`` filled in (missing placeholders stay empty)."""
    data = _template_bytes(template)
    check_container(data)
    document = DocxTemplate(io.BytesIO(data))
    try:
        document.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except TemplateError as exc:
        raise WordImportError(
            "template_syntax", f"Không điền được mẫu Word: {exc.message}", f"Cannot render the template: {exc}"
        ) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
