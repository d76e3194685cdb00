"""Fill a form template (a .docx written in Word with ``{{ placeholders }}``) with docxtpl.

Templates come from officers' uploads, so each is opened through the same safety checks as an
import (size, zip bomb, macros, XXE), and docxtpl only ever opens the re-packed archive those checks
return, never the stored file itself. Templates are rendered with autoescaping, so a value such as
``A & B <x>`` lands in the form as text and can never break or inject WordprocessingML. Jinja runs
in a sandbox: a template can format values, not reach into Python objects.
"""

import io
import os

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import WordImportError
from .refusals import broken_file_refused
from .safety import safe_package


def _template_bytes(template) -> bytes:
    """The checked, re-packed archive of a FormTemplate, a Wagtail Document, a path, bytes or a binary file."""
    document = getattr(template, "document", None) or template
    if hasattr(document, "file") and hasattr(document.file, "open"):
        with document.file.open("rb") as fh:
            return safe_package(fh)
    if isinstance(document, (str, os.PathLike, bytes, bytearray)) or hasattr(document, "read"):
        return safe_package(document)
    raise TypeError(f"not a form template: {type(template).__name__}")


def check_template(template) -> set[str]:
    """Refuse an unsafe or broken template (WordImportError); return the placeholders it uses."""
    data = _template_bytes(template)
    try:
        with broken_file_refused("docxtpl cannot read the template"):
            return DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(SandboxedEnvironment())
    except TemplateError as exc:
        raise WordImportError(
            "template_syntax",
            f"Mẫu Word có chỗ điền sai cú pháp: {exc.message}",
            f"Template syntax error: {exc}",
        ) from exc


def fill_form_template(template, context: dict) -> bytes:
    """The .docx bytes of ``template`` with ``context`` filled in (missing placeholders stay empty)."""
    document = DocxTemplate(io.BytesIO(_template_bytes(template)))
    try:
        with broken_file_refused("docxtpl cannot fill the template"):
            document.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except TemplateError as exc:
        raise WordImportError(
            "template_syntax", f"Không điền được mẫu Word: {exc.message}", f"Cannot render the template: {exc}"
        ) from exc
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
