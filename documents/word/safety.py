"""Open an uploaded Word file safely, before python-docx touches it.

Checks, in order: size cap; the file's real type from its first bytes (legacy .doc, an encrypted
OOXML file, RTF, PDF... are refused whatever the file is called); the zip container (entry count,
total decompressed size, compression ratio, encrypted entries); macros (``vbaProject.bin`` or a
``macroEnabled`` content type); that the main part is a Word document; and every XML part is parsed
with a parser that neither loads DTDs, resolves entities nor touches the network, and any part
carrying a DOCTYPE (the only place entities can be declared) is refused.
"""

import io
import os
import zipfile
from dataclasses import dataclass

from lxml import etree

from .errors import WordImportError

MB = 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
XML_SUFFIXES = (".xml", ".rels", ".vml")
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT_REL = "/officeDocument"


@dataclass(frozen=True)
class Limits:
    """Caps for one upload; the defaults suit procedures of a few dozen pages with some images."""

    max_size: int = 20 * MB  # the upload itself
    max_uncompressed: int = 100 * MB  # sum of all parts once decompressed
    max_xml: int = 50 * MB  # sum of the XML parts once decompressed (what python-docx holds as trees)
    max_ratio: int = 100  # decompressed / compressed, for any part over ratio_floor
    ratio_floor: int = 1 * MB
    max_entries: int = 5000


def _error(code, message, english):
    return WordImportError(code, message, english)


def read_upload(source, max_size: int = Limits.max_size) -> bytes:
    """Return the bytes of ``source`` (path, bytes or binary file object), refusing more than ``max_size``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
            if size > max_size:
                raise _too_big(size, max_size)
            with open(source, "rb") as fh:
                data = fh.read(max_size + 1)
        except OSError as exc:
            raise _error("unreadable", "Không đọc được tệp tải lên.", f"Cannot read the file: {exc}") from exc
    elif hasattr(source, "read"):
        data = source.read(max_size + 1)
    else:
        raise TypeError(f"expected a path, bytes or a binary file, got {type(source).__name__}")
    if len(data) > max_size:
        raise _too_big(len(data), max_size)
    if not data:
        raise _error("empty", "Tệp tải lên rỗng.", "The file is empty.")
    return data


def _too_big(size, max_size):
    return _error(
        "too_large",
        f"Tệp quá lớn ({size / MB:.1f} MB); giới hạn là {max_size / MB:.0f} MB.",
        f"File too large ({size} bytes); the limit is {max_size} bytes.",
    )


def sniff(data: bytes) -> None:
    """Refuse anything whose first bytes are not a zip container, naming what it is when we can tell."""
    head = data[:8]
    if head == OLE2_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _error(
                "encrypted",
                "Tệp Word được đặt mật khẩu (đã mã hóa). Vui lòng gỡ mật khẩu trong Word rồi tải lên lại.",
                "The Word file is password-protected (encrypted OOXML package); remove the password first.",
            )
        if "WordDocument".encode("utf-16-le") in data:
            raise _error(
                "legacy_doc",
                "Đây là tệp Word 97-2003 (.doc). Vui lòng mở tệp bằng Word hoặc LibreOffice, "
                "chọn Lưu thành (Save As) định dạng .docx rồi tải lên lại.",
                "Legacy Word 97-2003 .doc file; convert it to .docx first "
                "(Word: Save As .docx; LibreOffice: soffice --headless --convert-to docx FILE).",
            )
        raise _error(
            "not_docx",
            "Tệp là tài liệu Office đời cũ, không phải tệp Word .docx.",
            "An old-format (OLE2) Office file that is not a Word document; only .docx is accepted.",
        )
    if head[:4] in ZIP_MAGICS:
        return
    kinds = {b"{\\rtf": "RTF", b"%PDF": "PDF"}
    kind = next((name for magic, name in kinds.items() if data.startswith(magic)), "")
    if not kind and (b"<w:wordDocument" in data[:4096] or b"MIME-Version" in data[:4096]):
        kind = "Word XML/HTML"
    detail = f" ({kind})" if kind else ""
    raise _error(
        "not_docx",
        f"Tệp không phải là tệp Word .docx{detail}. Vui lòng lưu tài liệu dưới định dạng .docx rồi tải lên lại.",
        f"Not a Word .docx file{detail}; save the document as .docx.",
    )


def check_container(data: bytes, limits: Limits | None = None) -> None:
    """Check the zip container and every XML part of an OOXML file, without decompressing more than allowed."""
    limits = limits or Limits()
    sniff(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _corrupt(f"not a readable zip container: {exc}") from exc
    with zf:
        _check_entries(infos, limits)
        names = {info.filename.lower(): info.filename for info in infos}
        if "mimetype" in names and b"opendocument" in zf.read(names["mimetype"])[:100]:
            raise _error(
                "not_docx",
                "Tệp là văn bản OpenDocument (.odt). Vui lòng lưu lại dưới định dạng .docx.",
                "An OpenDocument (.odt) file; save it as .docx.",
            )
        if any(name.endswith(("vbaproject.bin", "vbadata.xml")) for name in names):
            raise _macro()
        if "[content_types].xml" not in names or "_rels/.rels" not in names:
            raise _error(
                "not_docx",
                "Tệp nén không phải là tài liệu Word .docx.",
                "A zip archive that is not a Word .docx document (no [Content_Types].xml or _rels/.rels).",
            )
        roots = {
            info.filename.lower(): _check_xml(info.filename, zf.read(info))
            for info in infos
            if info.filename.lower().endswith(XML_SUFFIXES)
        }
        _check_main_part(roots["[content_types].xml"], roots["_rels/.rels"])


def _check_entries(infos, limits):
    if len(infos) > limits.max_entries:
        raise _bomb(f"{len(infos)} entries (limit {limits.max_entries})")
    total = xml_total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _error(
                "encrypted",
                "Tệp được mã hóa. Vui lòng gỡ mật khẩu rồi tải lên lại.",
                f"Encrypted zip entry {info.filename!r}.",
            )
        total += info.file_size
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _bomb(f"entry {info.filename!r} expands {info.file_size} / {info.compress_size} bytes")
        if total > limits.max_uncompressed:
            raise _bomb(f"more than {limits.max_uncompressed} bytes once decompressed")
        if info.filename.lower().endswith(XML_SUFFIXES):
            xml_total += info.file_size
            if xml_total > limits.max_xml:
                raise _bomb(f"more than {limits.max_xml} bytes of XML once decompressed")


def _check_xml(name, payload):
    """Parse one part without DTD loading, entity expansion or network access; refuse any DOCTYPE."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(payload, parser)  # noqa: S320 - parser hardened above, DOCTYPE refused below
    except etree.XMLSyntaxError as exc:
        if any(marker in payload for marker in _DOCTYPE_MARKERS):
            raise _unsafe_xml(name) from exc
        raise _corrupt(f"part {name!r} is not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _unsafe_xml(name)
    return root


_DOCTYPE_MARKERS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _unsafe_xml(name):
    return _error(
        "unsafe_xml",
        "Tệp chứa khai báo XML không an toàn (DOCTYPE hoặc thực thể) và đã bị từ chối.",
        f"Part {name!r} has a DOCTYPE (entity declarations and external references are refused).",
    )


def _check_main_part(types_root, rels_root):
    overrides, defaults = {}, {}
    for el in types_root:
        content_type = el.get("ContentType", "")
        if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
            raise _macro()
        if el.tag == CONTENT_TYPES_NS + "Override":
            overrides[el.get("PartName", "").lower()] = content_type
        elif el.tag == CONTENT_TYPES_NS + "Default":
            defaults[el.get("Extension", "").lower()] = content_type
    targets = [
        rel.get("Target", "")
        for rel in rels_root.iter(RELS_NS + "Relationship")
        if rel.get("Type", "").endswith(OFFICE_DOCUMENT_REL)
    ]
    main_part = "/" + targets[0].lstrip("/").lower() if targets else ""
    main_type = overrides.get(main_part) or defaults.get(main_part.rpartition(".")[2], "") if main_part else ""
    if main_type not in WORD_MAIN_TYPES:
        kinds = {"spreadsheetml": "Excel", "presentationml": "PowerPoint", "template": "mẫu Word .dotx"}
        kind = next((name for marker, name in kinds.items() if marker in main_type), "")
        detail = f" (tệp {kind})" if kind else ""
        raise _error(
            "not_docx",
            f"Tệp không phải là tài liệu Word .docx{detail}.",
            f"The main part is not a Word document (content type {main_type or 'missing'!r}).",
        )


def _macro():
    return _error(
        "macro",
        "Tệp Word có chứa macro (.docm) và đã bị từ chối. Vui lòng lưu lại dưới định dạng .docx (không macro).",
        "Macro-enabled Word file (.docm / vbaProject.bin); save it as a macro-free .docx.",
    )


def _bomb(detail):
    return _error(
        "zip_bomb",
        "Tệp có dung lượng giải nén bất thường và đã bị từ chối.",
        f"Suspicious compression (possible zip bomb): {detail}.",
    )


def _corrupt(detail):
    return _error("corrupt", "Tệp Word bị hỏng hoặc không đọc được.", f"Corrupt Word file: {detail}.")


def open_docx(source, max_size: int | None = None, limits: Limits | None = None):
    """Read ``source`` (path, bytes or binary file), check it, and return a python-docx ``Document``.

    ``max_size`` overrides the upload cap of ``limits`` (default 20 MB).
    """
    import docx  # python-docx, imported late so that checks alone stay cheap

    limits = limits or Limits()
    if max_size is not None:
        limits = Limits(**{**limits.__dict__, "max_size": max_size})
    data = read_upload(source, limits.max_size)
    check_container(data, limits)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on broken packages
        raise _corrupt(f"python-docx cannot open it: {exc!r}") from exc
