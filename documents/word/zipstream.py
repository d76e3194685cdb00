"""Read every member of an untrusted zip once, counting the bytes that really come out.

The central directory and the local headers only say where a member starts: its sizes and CRC are
claims, checked after the member was read, never used to decide how much to read or allocate.
Deflate is inflated in small steps (``OUT_STEP`` bytes at most per call), so a member declared as
1 kB that inflates to 1 GiB stops at the cap with at most one step of waste, and a clock is looked
at between steps. Only the two methods Word writes (stored, deflate) are read.
"""

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
CENTRAL_SIGNATURE = b"PK\x01\x02"
IN_STEP = 64 * 1024
OUT_STEP = 256 * 1024
ENCRYPTED_FLAGS = 0x1 | 0x40  # traditional and strong encryption


class ZipRefused(Exception):
    """``kind`` says why: corrupt, too_many, too_big, encrypted, unsupported, bad_name, timeout."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


@dataclass
class Budget:
    """What is left to spend on one archive: decompressed bytes and time."""

    total: int
    deadline: float

    def spend(self, count: int) -> None:
        self.total -= count
        if self.total < 0:
            raise ZipRefused("too_big", "more bytes once decompressed than the total cap")
        if time.monotonic() > self.deadline:
            raise ZipRefused("timeout", "reading the archive took longer than the time cap")


def list_members(data: bytes, max_entries: int) -> list[zipfile.ZipInfo]:
    """The central directory's entries, refused before parsing when it holds more than ``max_entries``.

    Every entry starts with the central signature, so counting signatures bounds the entries without
    building a ZipInfo for each (a 20 MB directory could otherwise describe 400,000 of them).
    """
    if data.count(CENTRAL_SIGNATURE) > max_entries:
        raise ZipRefused("too_many", f"more than {max_entries} entries")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise ZipRefused("corrupt", f"not a readable zip container: {exc!r}") from exc
    except (KeyError, IndexError, OverflowError, NotImplementedError) as exc:
        raise ZipRefused("corrupt", f"malformed zip directory: {exc!r}") from exc
    if len(infos) > max_entries:
        raise ZipRefused("too_many", f"{len(infos)} entries (limit {max_entries})")
    seen = set()
    for info in infos:
        check_name(info.filename)
        key = info.filename.lower()
        if key in seen:
            raise ZipRefused("corrupt", f"entry {info.filename!r} appears twice")
        seen.add(key)
        if info.flag_bits & ENCRYPTED_FLAGS:
            raise ZipRefused("encrypted", f"encrypted entry {info.filename!r}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused("unsupported", f"entry {info.filename!r} uses compression method {info.compress_type}")
    return infos


def check_name(name: str) -> None:
    """Refuse part names that climb out of the package or name an absolute path."""
    segments = name.rstrip("/").split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\0" in name
        or (len(name) > 1 and name[1] == ":")
        or any(segment in ("", ".", "..") for segment in segments)
    ):
        raise ZipRefused("bad_name", f"part name {name!r} is not a relative path inside the package")


def read_member(data: bytes, info: zipfile.ZipInfo, cap: int, budget: Budget) -> bytes:
    """The member's bytes, refused past ``cap`` or the budget, or when they disagree with the directory."""
    start = _payload_start(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        payload, consumed = _stored(data, start, info, cap, budget)
    else:
        payload, consumed = _inflate(data, start, info.filename, cap, budget.spend)
    if consumed != info.compress_size or len(payload) != info.file_size:
        raise ZipRefused(
            "corrupt",
            f"entry {info.filename!r} declares {info.compress_size} -> {info.file_size} bytes "
            f"but holds {consumed} -> {len(payload)}",
        )
    if zlib.crc32(payload) != info.CRC:
        raise ZipRefused("corrupt", f"bad CRC-32 for entry {info.filename!r}")
    return payload


def _payload_start(data: bytes, info: zipfile.ZipInfo) -> int:
    offset = info.header_offset
    header = data[offset : offset + LOCAL_HEADER.size]
    if len(header) < LOCAL_HEADER.size or header[:4] != LOCAL_SIGNATURE:
        raise ZipRefused("corrupt", f"no local header for entry {info.filename!r}")
    *_, name_length, extra_length = LOCAL_HEADER.unpack(header)
    return offset + LOCAL_HEADER.size + name_length + extra_length


def _stored(data, start, info, cap, budget):
    size = info.compress_size  # a stored member is its own bytes: bounded by the upload itself
    if size > cap:
        raise ZipRefused("too_big", f"entry {info.filename!r} holds more than {cap} bytes")
    payload = data[start : start + size]
    budget.spend(len(payload))
    return payload, len(payload)


def _inflate(data: bytes, start: int, name: str, cap: int, spend: Callable[[int], None]) -> tuple[bytes, int]:
    """Inflate the raw deflate stream at ``start`` until it ends; return the bytes and the compressed length."""
    view = memoryview(data)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    chunks, size, position, pending = [], 0, start, b""
    try:
        while not inflater.eof:
            if not pending:
                pending = view[position : position + IN_STEP]
                position += len(pending)
                if not pending:
                    raise ZipRefused("corrupt", f"deflate stream of entry {name!r} is truncated")
            chunk = inflater.decompress(pending, OUT_STEP)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > cap:
                raise ZipRefused("too_big", f"entry {name!r} inflates past {cap} bytes")
            spend(len(chunk))
            chunks.append(chunk)
    except zlib.error as exc:
        raise ZipRefused("corrupt", f"broken deflate stream in entry {name!r}: {exc}") from exc
    consumed = position - start - len(inflater.unused_data)  # at the end, the unread input is all in unused_data
    return b"".join(chunks), consumed


def rebuild(parts: list[tuple[str, bytes]]) -> bytes:
    """A fresh stored archive of the checked parts: what python-docx and docxtpl open instead of the upload."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, payload in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), payload)
    return out.getvalue()
