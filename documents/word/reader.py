"""A python-docx Document as plain blocks in reading order: paragraphs, and tables as merged-cell grids.

Works on the XML rather than python-docx's objects so that nothing is lost or doubled: runs inside
hyperlinks, tracked insertions, smart tags and content controls are read, deleted text and the VML
fallback copy of text boxes are not, text boxes become blocks of their own, and a vertically or
horizontally merged cell is one ``Cell`` object shared by every grid position it covers (python-docx
would hand back the same text again for each position). Text in legacy Vietnamese fonts is converted
to Unicode run by run, by font.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .errors import WordImportError
from .legacy_encoding import encoding_for_font, guess_encoding, has_legacy_signs, has_unicode_vietnamese, to_unicode
from .textutil import clean

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_IN_PARAGRAPH = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", MC_FALLBACK}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
MAX_DEPTH = 40
MAX_GRID_POSITIONS = 2_000_000  # cells x spans over all tables: far above real documents, far below a memory bomb
MAX_SPAN = 64


@dataclass(eq=False)
class Para:
    text: str
    style: str = ""
    numbered: bool = False


@dataclass(eq=False)
class Cell:
    blocks: list = field(default_factory=list)
    row: int = 0  # the grid row where the cell starts (a vertical merge continues it below)
    col: int = 0

    @cached_property
    def lines(self) -> list[str]:
        out = []
        for block in self.blocks:
            if isinstance(block, Para):
                if clean(block.text):
                    out.append(clean(block.text))
            else:
                out.extend(" | ".join(c.text for c in block.row_cells(r) if c.text) for r in range(len(block.rows)))
        return [line for line in out if line]

    @cached_property
    def text(self) -> str:
        return " ".join(self.lines)

    @cached_property
    def own_text(self) -> str:
        """The cell's own paragraphs, without the tables nested in it."""
        return " ".join(clean(b.text) for b in self.blocks if isinstance(b, Para) and clean(b.text))


@dataclass(eq=False)
class Grid:
    rows: list  # list of rows, each a list of Cell (or None) per grid column

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def row_cells(self, r: int) -> list[Cell]:
        """The distinct cells of row ``r`` left to right (a cell spanning columns is listed once)."""
        out = []
        for cell in self.rows[r]:
            if cell is not None and (not out or out[-1] is not cell):
                out.append(cell)
        return out

    def tables(self):
        """This grid and the grids nested in its cells, in reading order."""
        yield self
        seen = set()
        for row in self.rows:
            for cell in row:
                if cell is not None and id(cell) not in seen:
                    seen.add(id(cell))
                    for block in cell.blocks:
                        if isinstance(block, Grid):
                            yield from block.tables()


class Reader:
    """Reads one python-docx ``Document``; ``legacy`` counts the runs converted from each legacy encoding."""

    def __init__(self, document):
        self.document = document
        self.legacy = Counter()
        self._positions = 0
        self._style_fonts, self._default_style, self._default_font = _style_fonts(document)
        self._trusted = self._trusted_encodings() if _mentions_legacy_font(document) else set()
        self.body = self._blocks(document.element.body, 0)
        self.page_parts = self._page_parts()
        self._guess_unmarked_legacy()

    # -- structure -------------------------------------------------------------------------------

    def _blocks(self, container, depth):
        blocks = []
        if depth > MAX_DEPTH:
            return blocks
        for child in container:
            tag = child.tag
            if tag == W + "p":
                blocks.append(self._para(child))
                for box in _text_boxes(child):
                    blocks.extend(self._blocks(box, depth + 1))
            elif tag == W + "tbl":
                grid = self._grid(child, depth)
                cells = list(dict.fromkeys(c for row in grid.rows for c in row if c is not None))
                if len(cells) == 1:  # a one-cell frame around content: read its content in place
                    blocks.extend(cells[0].blocks)
                elif cells:
                    blocks.append(grid)
            elif tag in _WRAPPERS:
                blocks.extend(self._blocks(child, depth + 1))
        return blocks

    def _grid(self, tbl, depth):
        rows = []
        for r_index, tr in enumerate(_children(tbl, W + "tr")):
            row = [None] * min(_int_attr(tr.find(W + "trPr"), "gridBefore", 0), MAX_SPAN)
            for tc in _children(tr, W + "tc"):
                props = tc.find(W + "tcPr")
                span = max(1, min(_int_attr(props, "gridSpan", 1), MAX_SPAN))
                self._positions += span
                if self._positions > MAX_GRID_POSITIONS:
                    raise WordImportError(
                        "too_complex",
                        "Tài liệu có bảng quá lớn hoặc quá phức tạp để nhập.",
                        f"More than {MAX_GRID_POSITIONS} table cells; refusing to build the grid.",
                    )
                col = len(row)
                above = rows[-1][col] if rows and col < len(rows[-1]) else None
                if _merge_continues(props, "vMerge") and above is not None:
                    cell = above
                    cell.blocks.extend(b for b in self._blocks(tc, depth + 1) if not isinstance(b, Para) or b.text)
                elif _merge_continues(props, "hMerge") and row and row[-1] is not None:
                    cell = row[-1]
                else:
                    cell = Cell(self._blocks(tc, depth + 1), r_index, col)
                row.extend([cell] * span)
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        return Grid([r + [None] * (width - len(r)) for r in rows])

    def _page_parts(self):
        """Blocks of each distinct page header and footer, as (kind, blocks), in section order."""
        parts, seen = [], set()
        related = self.document.part.related_parts
        for sect in self.document.element.body.iter(W + "sectPr"):
            for ref in sect:
                kind = {W + "headerReference": "header", W + "footerReference": "footer"}.get(ref.tag)
                part = related.get(ref.get(R_ID)) if kind else None
                if part is not None and part.partname not in seen:
                    seen.add(part.partname)
                    parts.append((kind, self._blocks(part.element, 0)))
        return parts

    # -- text ------------------------------------------------------------------------------------

    def _para(self, p):
        props = p.find(W + "pPr")
        style = _paragraph_style(p)
        numbered = props is not None and props.find(W + "numPr") is not None
        segments = []  # [text, encoding, uppercase], neighbours of one encoding merged (VNI marks may cross runs)
        for run in _runs(p):
            encoding, upper = self._run_encoding(run, style) if self._trusted else (None, False)
            text = _run_text(run)
            if encoding not in self._trusted or has_unicode_vietnamese(text):
                encoding, upper = None, False
            if encoding and text.strip():
                self.legacy[encoding] += 1
            if segments and segments[-1][1:] == [encoding, upper]:
                segments[-1][0] += text
            else:
                segments.append([text, encoding, upper])
        return Para("".join(to_unicode(*s) for s in segments), style, numbered)

    def _run_encoding(self, run, para_style):
        props = run.find(W + "rPr")
        font = None
        if props is not None:
            fonts = props.find(W + "rFonts")
            if fonts is not None:
                font = fonts.get(W + "hAnsi") or fonts.get(W + "ascii")
            if font is None and props.find(W + "rStyle") is not None:
                font = self._style_font(_val(props.find(W + "rStyle")))
        if font is None:
            font = self._style_font(para_style or self._default_style) or self._default_font
        return encoding_for_font(font)

    def _trusted_encodings(self):
        """Legacy encodings whose runs really hold legacy text.

        A document retyped or converted to Unicode often keeps its old ".VnTime" font name. An encoding
        is applied only when more of its runs look legacy-encoded than hold Unicode-only Vietnamese
        letters; a run holding such letters is never converted.
        """
        votes = defaultdict(int)
        for root in _part_elements(self.document):
            for paragraph in root.iter(W + "p"):
                style = _paragraph_style(paragraph)
                for run in _runs(paragraph):
                    encoding, _ = self._run_encoding(run, style)
                    if encoding:
                        text = _run_text(run)
                        votes[encoding] += has_legacy_signs(text, encoding) - has_unicode_vietnamese(text)
        return {encoding for encoding, vote in votes.items() if vote > 0}

    def _style_font(self, style_id):
        for _ in range(20):  # follow basedOn, guarding against cycles
            if not style_id or style_id not in self._style_fonts:
                return None
            font, based_on = self._style_fonts[style_id]
            if font:
                return font
            style_id = based_on
        return None

    def all_paras(self):
        def walk(blocks):
            for block in blocks:
                if isinstance(block, Para):
                    yield block
                else:
                    for row in block.rows:
                        for cell in dict.fromkeys(c for c in row if c is not None):
                            yield from walk(cell.blocks)

        yield from walk(self.body)
        for _, blocks in self.page_parts:
            yield from walk(blocks)

    def _guess_unmarked_legacy(self):
        """Convert a whole document typed in a legacy encoding whose fonts were replaced (no .Vn/VNI font left)."""
        if self.legacy:
            return
        paras = list(self.all_paras())
        encoding = guess_encoding("\n".join(p.text for p in paras))
        if encoding:
            for para in paras:
                para.text = to_unicode(para.text, encoding)
            self.legacy[encoding + "-guessed"] += len(paras)


def _children(element, tag):
    """Children with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _runs(element):
    for child in element:
        if child.tag == W + "r":
            yield child
        elif child.tag not in _SKIP_IN_PARAGRAPH:
            yield from _runs(child)


def _run_text(run):
    out = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = int(child.get(W + "char", "0"), 16) if _is_hex(child.get(W + "char", "")) else 0
            out.append(chr(code) if 0x20 <= code < 0xF000 else "")
    return "".join(out)


def _text_boxes(paragraph):
    """The outermost text boxes anchored in a paragraph, skipping the VML fallback copies."""
    boxes = []
    for box in paragraph.iter(W + "txbxContent"):
        ancestors = []
        for ancestor in box.iterancestors():
            if ancestor is paragraph:
                break
            ancestors.append(ancestor.tag)
        if MC_FALLBACK not in ancestors and W + "txbxContent" not in ancestors:
            boxes.append(box)
    return boxes


def _style_fonts(document):
    """{style id: (font, based-on id)}, the default paragraph style id, and the document default font."""
    fonts, default_style, default_font = {}, "", None
    styles = document.styles.element
    for style in styles.iter(W + "style"):
        rfonts = style.find(f"{W}rPr/{W}rFonts")
        font = (rfonts.get(W + "hAnsi") or rfonts.get(W + "ascii")) if rfonts is not None else None
        based = style.find(W + "basedOn")
        fonts[style.get(W + "styleId")] = (font, _val(based) if based is not None else None)
        if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
            default_style = style.get(W + "styleId")
    rfonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    if rfonts is not None:
        default_font = rfonts.get(W + "hAnsi") or rfonts.get(W + "ascii")
    return fonts, default_style, default_font


def _part_elements(document):
    """The root elements of the document body and of its page headers and footers."""
    return [document.element] + [
        part.element
        for part in document.part.related_parts.values()
        if part.content_type.endswith(("header+xml", "footer+xml"))
    ]


def _paragraph_style(paragraph):
    props = paragraph.find(W + "pPr")
    style = props.find(W + "pStyle") if props is not None else None
    return _val(style) or ""


def _mentions_legacy_font(document) -> bool:
    """Whether any font named in the document, its styles, page headers or footers is a legacy Vietnamese one."""
    for element in [*_part_elements(document), document.styles.element]:
        for fonts in element.iter(W + "rFonts"):
            if any(encoding_for_font(value)[0] for value in fonts.attrib.values()):
                return True
    return False


def _val(element):
    return element.get(W + "val") if element is not None else None


def _int_attr(props, tag, default):
    value = _val(props.find(W + tag)) if props is not None else None
    return int(value) if value and value.isdigit() else default


def _merge_continues(props, tag):
    element = props.find(W + tag) if props is not None else None
    return element is not None and _val(element) in (None, "continue")


def _is_hex(text):
    return bool(text) and all(ch in "0123456789abcdefABCDEF" for ch in text)
