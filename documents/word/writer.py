"""Small python-docx helpers to write the Word files the system issues: fonts, tables, fields, stamps.

Shared by the controlled-copy export (a procedure in its real layout) and the registers (one
landscape table). Everything here is layout; what to write is decided by the services.
"""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)


def new_document(landscape: bool = False, size: float = 13):
    """An A4 document in Times New Roman, the font of Vietnamese administrative documents."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    return document


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def usable_width(document):
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def paragraph(container, text: str = "", *, bold=False, italic=False, size=None, align=None, color=None):
    """A paragraph of ``container`` (document, cell, header); "\\n" in ``text`` becomes line breaks."""
    para = container.add_paragraph()
    if text:
        run = para.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        para.alignment = align
    return para


def heading(document, text: str):
    return paragraph(document, text, bold=True)


def table(container, rows: int, cols: int, width=None, widths=None):
    """A bordered table ("Table Grid"); ``widths`` are column widths in Cm."""
    if width is None:
        grid = container.add_table(rows=rows, cols=cols)
    else:
        grid = container.add_table(rows=rows, cols=cols, width=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths:
        for column, cm in zip(grid.columns, widths, strict=False):
            for cell in column.cells:
                cell.width = Cm(cm)
    return grid


def set_cell(cell, value, *, bold=False, align=None, size=None):
    """Write ``value`` (str, or list of lines: one paragraph each) into an empty cell."""
    lines = value if isinstance(value, list) else str(value or "").split("\n")
    first = True
    for line in lines or [""]:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if line:
            run = para.add_run(line)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            para.alignment = align
    return cell


def fill_row(row, values, **kwargs):
    for cell, value in zip(row.cells, values, strict=False):
        set_cell(cell, value, **kwargs)


def repeat_header_row(row) -> None:
    """Repeat this row at the top of every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def add_field(para, instruction: str, shown: str = "1", size=None, bold=False):
    """A Word field (PAGE, NUMPAGES...) whose cached text is ``shown`` until Word updates it."""

    def run_with(element):
        run = para.add_run()
        if size:
            run.font.size = Pt(size)
        run.bold = bold or None
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    result = para.add_run(shown)
    result.bold = bold or None
    if size:
        result.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    dirty = OxmlElement("w:updateFields")  # ask Word to refresh fields when the file opens
    settings = para.part.package.main_document_part.settings.element
    if settings.find(qn("w:updateFields")) is None:
        dirty.set(qn("w:val"), "true")
        settings.append(dirty)


def page_x_of_y(para, size=None, bold=False):
    """ "Trang X/Y" with live PAGE and NUMPAGES fields."""
    para.add_run("Trang: ").bold = bold or None
    add_field(para, "PAGE", size=size, bold=bold)
    para.add_run("/").bold = bold or None
    add_field(para, "NUMPAGES", size=size, bold=bold)


def stamp(container, lines: list[str], size: float = 12):
    """A red, bold, boxed stamp (one paragraph per line) aligned right."""
    for text in lines:
        para = paragraph(container, text, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.RIGHT, color=RED)
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            for attribute, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "C00000")):
                edge.set(qn(attribute), value)
            borders.append(edge)
        para._p.get_or_add_pPr().append(borders)


CENTER = WD_ALIGN_PARAGRAPH.CENTER
