"""Open an uploaded Word file safely: nothing downstream ever decompresses or parses the upload itself.

Checks, in order: size cap; the file's real type from its first bytes (legacy .doc, an encrypted
OOXML file, RTF, PDF... are refused whatever the file is called); the zip directory (entry count,
part names, encryption, compression method); then every member is read once through a capped stream
(``zipstream``: decompressed bytes counted as they come out, caps per part, per XML part, for all XML,
in total, and on time; the sizes and CRC the archive declares are checked, never believed); every
part that is XML by its name, its content type or its first bytes is checked with a streaming parser
that refuses any DOCTYPE or entity (``xmlcheck``); macros are refused; the main part must be a Word
document. What passed is re-packed into a fresh archive in memory, and that is what python-docx and
docxtpl open. Every way a file can be hostile or broken ends in a WordImportError (``refusals``).
"""

import dataclasses
import io
import os
import posixpath
import time
from dataclasses import dataclass

from . import refusals, zipstream
from .refusals import MB
from .xmlcheck import BadXml, UnsafeXml, check_xml

__all__ = ["MB", "OLE2_MAGIC", "Limits", "check_container", "default_limits", "open_docx", "safe_package"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
XML_SUFFIXES = (".xml", ".rels", ".vml")
CONTENT_TYPES = "[content_types].xml"
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types "
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships "
OFFICE_DOCUMENT_REL = "/officeDocument"


@dataclass(frozen=True)
class Limits:
    """Caps for one Word file; override any of them with ``settings.QMS_WORD_LIMITS`` (a dict of these names).

    The 43 real procedures are at most 0.8 MB decompressed, 0.55 MB in their largest part, 28 parts.
    Reading a document costs about 25 bytes of memory and 0.5-0.9 s per MB of XML (python-docx's trees,
    then the reader's pass over every paragraph; bench/word_hostile.py), so XML is capped at 5 MB a part
    and 8 MB in all, ten times the largest real file, which bounds a worker near 200 MB and a few
    seconds. Images barely compress, so a part may hold the whole upload; the total (60 MB, three
    uploads' worth) only stops inflation tricks. Reading and checking the archive of a real file takes
    about 10 ms; the time cap stops whatever slips between the byte caps.
    """

    max_size: int = 20 * MB  # the upload itself
    max_entries: int = 2000  # members of the zip
    max_part: int = 20 * MB  # any one part once decompressed
    max_xml_part: int = 5 * MB  # any one XML part once decompressed
    max_xml: int = 8 * MB  # all XML parts once decompressed (what python-docx holds as trees)
    max_uncompressed: int = 60 * MB  # all parts once decompressed
    max_seconds: float = 10.0  # reading and checking the archive


def default_limits(**overrides) -> Limits:
    """The defaults above, then ``settings.QMS_WORD_LIMITS``, then ``overrides``."""
    configured = {}
    try:
        from django.conf import settings

        configured = dict(getattr(settings, "QMS_WORD_LIMITS", None) or {})
    except Exception:  # noqa: BLE001,S110 - settings not configured (a script without Django): the defaults
        pass
    return Limits(**{**configured, **overrides})


def read_upload(source, max_size: int = Limits.max_size) -> bytes:
    """Return the bytes of ``source`` (path, bytes or binary file object), refusing more than ``max_size``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
            if size > max_size:
                raise refusals.too_big(size, max_size)
            with open(source, "rb") as fh:
                data = fh.read(max_size + 1)
        except OSError as exc:
            raise refusals.unreadable(exc) from exc
    elif hasattr(source, "read"):
        data = source.read(max_size + 1)
    else:
        raise TypeError(f"expected a path, bytes or a binary file, got {type(source).__name__}")
    if len(data) > max_size:
        raise refusals.too_big(len(data), max_size)
    if not data:
        raise refusals.empty()
    return data


def sniff(data: bytes) -> None:
    """Refuse anything whose first bytes are not a zip container, naming what it is when we can tell."""
    head = data[:8]
    if head == OLE2_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise refusals.encrypted()
        if "WordDocument".encode("utf-16-le") in data:
            raise refusals.legacy_doc()
        raise refusals.old_office()
    if head[:4] in ZIP_MAGICS:
        return
    kinds = {b"{\\rtf": "RTF", b"%PDF": "PDF"}
    kind = next((name for magic, name in kinds.items() if data.startswith(magic)), "")
    if not kind and (b"<w:wordDocument" in data[:4096] or b"MIME-Version" in data[:4096]):
        kind = "Word XML/HTML"
    raise refusals.not_word_file(kind)


def check_container(data: bytes, limits: Limits | None = None) -> bytes:
    """Check the OOXML file ``data`` as described above; return the re-packed archive of its checked parts."""
    limits = limits or default_limits()
    sniff(data)
    try:
        return _Package(data, limits).check()
    except zipstream.ZipRefused as exc:
        raise refusals.from_zip(exc) from exc


class _Package:
    def __init__(self, data: bytes, limits: Limits):
        self.data, self.limits = data, limits
        self.budget = zipstream.Budget(limits.max_uncompressed, time.monotonic() + limits.max_seconds)
        self.xml_left = limits.max_xml
        self.overrides: dict[str, str] = {}
        self.defaults: dict[str, str] = {}

    def check(self) -> bytes:
        infos = [i for i in zipstream.list_members(self.data, self.limits.max_entries) if not i.is_dir()]
        names = {info.filename.lower(): info for info in infos}
        self._check_declared(infos)
        if any(name.endswith(("vbaproject.bin", "vbadata.xml")) for name in names):
            raise refusals.macro()
        if "mimetype" in names and b"opendocument" in self._read(names["mimetype"])[:100]:
            raise refusals.odt()
        if CONTENT_TYPES not in names or PACKAGE_RELS not in names:
            raise refusals.not_word_package(
                "A zip archive that is not a Word .docx document (no [Content_Types].xml or _rels/.rels)."
            )
        parts = {CONTENT_TYPES: self._read_content_types(names[CONTENT_TYPES])}
        relationships = []
        for info in infos:
            key = info.filename.lower()
            if key != CONTENT_TYPES:
                collect = {"Relationship"} if key == PACKAGE_RELS else frozenset()
                parts[key] = self._read(info, collect, relationships)
        self._check_main_part(relationships, names)
        return zipstream.rebuild([(info.filename, parts[info.filename.lower()]) for info in infos])

    def _check_declared(self, infos) -> None:
        """Refuse at once what the directory itself admits is too big (what it hides is caught while reading)."""
        declared = 0
        for info in infos:
            declared += info.file_size
            if info.file_size > self.limits.max_part or declared > self.limits.max_uncompressed:
                raise refusals.bomb(f"entry {info.filename!r} declares {info.file_size} bytes once decompressed")

    def _content_type(self, name: str) -> str | None:
        """The part's content type, looked up as python-docx does (override by part name, else by extension)."""
        partname = "/" + name.lower()
        return self.overrides.get(partname) or self.defaults.get(posixpath.splitext(partname)[1][1:])

    def _read_content_types(self, info) -> bytes:
        entries = []
        payload = self._read(info, {"Default", "Override"}, entries)
        for tag, attributes in entries:
            content_type = attributes.get("ContentType", "").lower()
            if "macroenabled" in content_type or "vbaproject" in content_type:
                raise refusals.macro()
            if tag == CONTENT_TYPES_NS + "Override":
                self.overrides[attributes.get("PartName", "").lower()] = content_type
            elif tag == CONTENT_TYPES_NS + "Default":
                self.defaults[attributes.get("Extension", "").lower()] = content_type
        return payload

    def _read(self, info, collect=frozenset(), found: list | None = None) -> bytes:
        """One member through the capped stream; checked as XML when its name, type or first bytes say XML."""
        name = info.filename
        content_type = self._content_type(name)
        xml = name.lower().endswith(XML_SUFFIXES) or _is_xml_type(content_type)
        cap = self.limits.max_xml_part if xml else self.limits.max_part
        payload = zipstream.read_member(self.data, info, cap, self.budget)
        if xml or (content_type is None and _looks_like_xml(payload[:64])):
            self._check_xml(name, payload, collect, found)
        return payload

    def _check_xml(self, name, payload, collect, found) -> None:
        self.xml_left -= len(payload)
        if len(payload) > self.limits.max_xml_part:
            raise refusals.bomb(f"XML part {name!r} holds more than {self.limits.max_xml_part} bytes")
        if self.xml_left < 0:
            raise refusals.bomb(f"more than {self.limits.max_xml} bytes of XML once decompressed")
        try:
            entries = check_xml(payload, collect, self.limits.max_entries)
        except UnsafeXml as exc:
            raise refusals.unsafe_xml(name) from exc
        except BadXml as exc:
            raise refusals.corrupt(f"part {name!r} is not well-formed XML: {exc}") from exc
        self.budget.spend(0)  # looks at the clock after the parse
        if found is not None:
            found.extend(entries)

    def _check_main_part(self, relationships, names) -> None:
        targets = [
            attributes.get("Target", "")
            for tag, attributes in relationships
            if tag == RELS_NS + "Relationship" and attributes.get("Type", "").endswith(OFFICE_DOCUMENT_REL)
        ]
        main_part = posixpath.normpath("/" + targets[0]).lower() if targets else ""
        main_type = (self._content_type(main_part[1:]) or "") if main_part else ""
        if main_type not in WORD_MAIN_TYPES:
            kinds = {"spreadsheetml": "Excel", "presentationml": "PowerPoint", "template": "mẫu Word .dotx"}
            kind = next((name for marker, name in kinds.items() if marker in main_type), "")
            english = f"The main part is not a Word document (content type {main_type or 'missing'!r})."
            raise refusals.not_word_package(english, kind)
        if main_part[1:] not in names:
            raise refusals.corrupt(f"the main part {main_part!r} is missing")


def _is_xml_type(content_type: str | None) -> bool:
    """``...+xml``, ``application/xml``, ``text/xml``: what python-docx would parse (not ``openxmlformats`` zips)."""
    return bool(content_type) and content_type.split(";")[0].strip().endswith(("+xml", "/xml"))


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part of unknown type starts like XML in any encoding a parser might detect."""
    return head.lstrip(b" \t\r\n\0\xef\xbb\xbf\xfe\xff").startswith(b"<") or head.startswith(b"\x4c\x6f\xa7\x94")


def safe_package(source, max_size: int | None = None, limits: Limits | None = None) -> bytes:
    """Read ``source`` (path, bytes or binary file) and check it; the re-packed archive to open instead."""
    limits = limits or default_limits()
    if max_size is not None:
        limits = dataclasses.replace(limits, max_size=max_size)
    return check_container(read_upload(source, limits.max_size), limits)


def open_docx(source, max_size: int | None = None, limits: Limits | None = None):
    """Read ``source`` (path, bytes or binary file), check it, and return a python-docx ``Document``.

    ``max_size`` overrides the upload cap of ``limits`` (default 20 MB).
    """
    import docx  # python-docx, imported late so that checks alone stay cheap

    package = safe_package(source, max_size, limits)
    with refusals.broken_file_refused("python-docx cannot open it"):
        return docx.Document(io.BytesIO(package))
