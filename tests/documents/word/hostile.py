"""Hostile Word files written byte by byte, for the safety tests and bench/word_hostile.py.

``zipfile`` always writes honest archives, so this module writes the local headers, the central
directory and its end record itself: each member's declared sizes, CRC, method and flags can lie.
"""

import zlib
from dataclasses import dataclass, replace
from struct import pack

from .docx_factory import DOCUMENT_XML, procedure, read_part, to_bytes

MIB = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCTYPE = b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


@dataclass
class Member:
    """One entry: ``stored`` is what the archive holds (deflated when ``method`` is 8); the rest is declared."""

    name: str
    stored: bytes
    crc: int
    size: int
    method: int = 8
    flags: int = 0
    compress_size: int | None = None  # declared; len(stored) unless it lies


def deflate(content: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(content) + compressor.flush()


def member(name: str, content: bytes, method: int = 8) -> Member:
    """An honest member holding ``content``."""
    stored = deflate(content) if method == 8 else content
    return Member(name, stored, zlib.crc32(content), len(content), method)


def zeros_deflate(mib: int) -> bytes:
    """A deflate stream of ``mib`` MiB of zeros, built in milliseconds: one fully flushed block, repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    compressor.compress(b"\0" * MIB)
    compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b"\0" * MIB) + compressor.flush(zlib.Z_FULL_FLUSH)  # same bytes every MiB
    return block * mib + compressor.flush()


def build(members: list[Member]) -> bytes:
    """The archive, exactly as declared."""
    out, directory = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        flags = m.flags | (0x800 if not m.name.isascii() else 0)
        compress_size = len(m.stored) if m.compress_size is None else m.compress_size
        fields = pack("<HHHHHLLL", 20, flags, m.method, 0, 0x21, m.crc, compress_size, m.size)
        directory += b"PK\x01\x02" + pack("<H", 20) + fields + pack("<HHHHHLL", len(name), 0, 0, 0, 0, 0, len(out))
        directory += name
        out += b"PK\x03\x04" + fields + pack("<HH", len(name), 0) + name + m.stored
    end = pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(out), 0)
    return bytes(out + directory + end)


def members_of(data: bytes) -> list[Member]:
    """The members of an honest archive (re-deflated)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [member(info.filename, archive.read(info)) for info in archive.infolist()]


def good() -> bytes:
    return to_bytes(procedure())


def edited(data: bytes, replaced: dict | None = None, extra: list | None = None) -> bytes:
    """``data`` with members replaced by name (a Member, or None to drop it), plus ``extra`` members."""
    replaced = replaced or {}
    members = []
    for m in members_of(data):
        if m.name not in replaced:
            members.append(m)
        elif replaced[m.name] is not None:
            members.append(replaced[m.name])
    return build(members + list(extra or []))


def lying_sizes(data: bytes, mib: int = 1024, part: str = DOCUMENT_XML) -> bytes:
    """``part`` declared as 1 kB (with the CRC of its first kB) but inflating to ``mib`` MiB of zeros."""
    return edited(data, {part: Member(part, zeros_deflate(mib), zlib.crc32(b"\0" * 1000), 1000)})


def deflate_bomb(data: bytes, mib: int = 200) -> bytes:
    """An image of ``mib`` MiB of zeros, honestly declared."""
    name, crc, block = "word/media/image9.png", 0, b"\0" * MIB
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return edited(data, extra=[Member(name, zeros_deflate(mib), crc, MIB * mib)])


def many_parts(data: bytes, count: int = 10_000) -> bytes:
    return edited(data, extra=[member(f"word/media/p{i}.bin", b"x", method=0) for i in range(count)])


def huge_xml(data: bytes, mb: int = 48, declared: int | None = None) -> bytes:
    """document.xml grown to ``mb`` MB of paragraphs; ``declared`` makes the directory claim that size instead."""
    body = read_part(data, DOCUMENT_XML)
    paragraph = "<w:p><w:r><w:t>Tiếp nhận hồ sơ và kiểm tra tính đầy đủ</w:t></w:r></w:p>".encode()
    at = body.index(b"</w:body>")
    big = body[:at] + paragraph * (mb * 1_000_000 // len(paragraph)) + body[at:]
    grown = member(DOCUMENT_XML, big)
    if declared is not None:
        grown = replace(grown, size=declared)
    return edited(data, {DOCUMENT_XML: grown})


def bad_crc(data: bytes) -> bytes:
    document = member(DOCUMENT_XML, read_part(data, DOCUMENT_XML))
    return edited(data, {DOCUMENT_XML: replace(document, crc=document.crc ^ 0x5A5A)})


def truncated_deflate(data: bytes) -> bytes:
    """document.xml's deflate stream cut in half, its directory entry matching the cut."""
    document = member(DOCUMENT_XML, read_part(data, DOCUMENT_XML))
    return edited(data, {DOCUMENT_XML: replace(document, stored=document.stored[: len(document.stored) // 2])})


def garbage_deflate(data: bytes) -> bytes:
    """document.xml whose deflate stream is random bytes (an invalid block type)."""
    document = member(DOCUMENT_XML, read_part(data, DOCUMENT_XML))
    return edited(data, {DOCUMENT_XML: replace(document, stored=b"\xff" * 64 + document.stored)})


def unknown_method(data: bytes, method: int = 99) -> bytes:
    document = member(DOCUMENT_XML, read_part(data, DOCUMENT_XML))
    return edited(data, {DOCUMENT_XML: replace(document, method=method)})


def renamed_main_part(data: bytes, name: str, prolog: bytes = b"") -> bytes:
    """The main document moved to ``name`` ([Content_Types].xml and _rels/.rels follow), ``prolog`` before it."""
    body = read_part(data, DOCUMENT_XML)
    body = body[body.index(b"<w:document") :]
    types = read_part(data, CONTENT_TYPES).replace(b'PartName="/word/document.xml"', f'PartName="/{name}"'.encode())
    rels = read_part(data, "_rels/.rels").replace(b'Target="word/document.xml"', f'Target="{name}"'.encode())
    folder, _, base = name.rpartition("/")
    return edited(
        data,
        {
            DOCUMENT_XML: member(name, prolog + body),
            CONTENT_TYPES: member(CONTENT_TYPES, types),
            "_rels/.rels": member("_rels/.rels", rels),
            DOCUMENT_RELS: member(f"{folder}/_rels/{base}.rels", read_part(data, DOCUMENT_RELS)),
        },
    )


def doctype_in_rels(data: bytes) -> bytes:
    rels = read_part(data, DOCUMENT_RELS)
    rels = rels[rels.index(b"<Relationships") :]
    prolog = b'<?xml version="1.0"?><!DOCTYPE Relationships [<!ENTITY x "x">]>'
    return edited(data, {DOCUMENT_RELS: member(DOCUMENT_RELS, prolog + rels)})


def extra_part(data: bytes, name: str, content: bytes = b"<x/>") -> bytes:
    return edited(data, extra=[member(name, content)])


def duplicate_main_part(data: bytes) -> bytes:
    """A second word/document.xml after the first (zipfile and python-docx read the last one)."""
    body = read_part(data, DOCUMENT_XML)
    return edited(data, extra=[member(DOCUMENT_XML, DOCTYPE + body[body.index(b"<w:document") :])])


# Each hostile file (built from a good one) and the refusal code it must get.
CASES = {
    "central directory lies: 1 kB declared, 1 GiB inside": (lying_sizes, "zip_bomb"),
    "sizes lie within the caps": (lambda g: lying_sizes(g, mib=2), "corrupt"),
    "deflate bomb: 200 MB of zeros": (deflate_bomb, "zip_bomb"),
    "deflate bomb in an image declared small": (
        lambda g: lying_sizes(g, mib=200, part="docProps/thumbnail.jpeg"),
        "zip_bomb",
    ),
    "10,000 parts": (many_parts, "zip_bomb"),
    "48 MB XML part": (huge_xml, "zip_bomb"),
    "48 MB XML part declared as 1 kB": (lambda g: huge_xml(g, declared=1000), "zip_bomb"),
    "bad CRC": (bad_crc, "corrupt"),
    "truncated deflate stream": (truncated_deflate, "corrupt"),
    "broken deflate stream": (garbage_deflate, "corrupt"),
    "unknown compression method 99": (unknown_method, "unsupported"),
    "bzip2 compression": (lambda g: unknown_method(g, 12), "unsupported"),
    "lzma compression": (lambda g: unknown_method(g, 14), "unsupported"),
    "DOCTYPE in a main part named word/xyz.xml": (
        lambda g: renamed_main_part(g, "word/xyz.xml", DOCTYPE),
        "unsafe_xml",
    ),
    "DOCTYPE in a main part named word/main.dat": (
        lambda g: renamed_main_part(g, "word/main.dat", DOCTYPE),
        "unsafe_xml",
    ),
    "DOCTYPE in a main part without extension": (
        lambda g: renamed_main_part(g, "word/document", DOCTYPE),
        "unsafe_xml",
    ),
    "DOCTYPE in a .rels part": (doctype_in_rels, "unsafe_xml"),
    "DOCTYPE in a part of unknown type": (
        lambda g: extra_part(g, "word/extra.bin", DOCTYPE + b"<x/>"),
        "unsafe_xml",
    ),
    "XML part in UTF-32": (
        lambda g: extra_part(g, "customXml/item9.xml", "<?xml version='1.0'?><x/>".encode("utf-32")),
        "corrupt",
    ),
    "part name with ../": (lambda g: extra_part(g, "../evil.xml"), "unsafe_name"),
    "part name with word/../../": (lambda g: extra_part(g, "word/../../evil.xml"), "unsafe_name"),
    "absolute part name": (lambda g: extra_part(g, "/etc/evil.xml"), "unsafe_name"),
    "drive letter part name": (lambda g: extra_part(g, "C:/evil.xml"), "unsafe_name"),
    "backslash part name": (lambda g: extra_part(g, "word\\..\\evil.xml"), "unsafe_name"),
    "main part twice, the second with a DOCTYPE": (duplicate_main_part, "corrupt"),
    "zip cut short": (lambda g: g[: len(g) - 10], "corrupt"),
    "not a zip": (lambda g: b"Just some text renamed to .docx", "not_docx"),
    "empty file": (lambda g: b"", "empty"),
}
