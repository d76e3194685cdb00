"""Every refusal of the Word safety checks: a WordImportError with the Vietnamese text for the user.

Kept in one place so each kind of hostile or broken file says the same thing wherever it is caught.
"""

import logging
from contextlib import contextmanager

from django.utils.translation import gettext as _
from lxml import etree

from .errors import WordImportError

MB = 1024 * 1024
logger = logging.getLogger("qms.word")

# What python-docx and docxtpl raise on a package of unexpected shape (a part of the wrong type, a root element
# of another namespace, a missing relationship target): after the safety checks, a broken file rather than a bug.
BROKEN_FILE_ERRORS = (AttributeError, KeyError, IndexError, TypeError, ValueError, LookupError, etree.LxmlError)


def too_big(size: int, max_size: int) -> WordImportError:
    return WordImportError(
        "too_large",
        _("Tệp quá lớn (%(size).1f MB); giới hạn là %(limit)d MB.") % {"size": size / MB, "limit": max_size // MB},
        f"File too large ({size} bytes); the limit is {max_size} bytes.",
    )


def empty() -> WordImportError:
    return WordImportError("empty", _("Tệp tải lên rỗng."), "The file is empty.")


def unreadable(exc: Exception) -> WordImportError:
    return WordImportError("unreadable", _("Không đọc được tệp tải lên."), f"Cannot read the file: {exc}")


def encrypted(detail: str = "") -> WordImportError:
    return WordImportError(
        "encrypted",
        _("Tệp Word được đặt mật khẩu (đã mã hóa). Vui lòng gỡ mật khẩu trong Word rồi tải lên lại."),
        detail or "The Word file is password-protected (encrypted OOXML package); remove the password first.",
    )


def legacy_doc() -> WordImportError:
    return WordImportError(
        "legacy_doc",
        _(
            "Đây là tệp Word 97-2003 (.doc). Vui lòng mở tệp bằng Word hoặc LibreOffice, "
            "chọn Lưu thành (Save As) định dạng .docx rồi tải lên lại."
        ),
        "Legacy Word 97-2003 .doc file; convert it to .docx first "
        "(Word: Save As .docx; LibreOffice: soffice --headless --convert-to docx FILE).",
    )


def old_office() -> WordImportError:
    return WordImportError(
        "not_docx",
        _("Tệp là tài liệu Office đời cũ, không phải tệp Word .docx."),
        "An old-format (OLE2) Office file that is not a Word document; only .docx is accepted.",
    )


def not_word_file(kind: str = "") -> WordImportError:
    detail = f" ({kind})" if kind else ""
    return WordImportError(
        "not_docx",
        _("Tệp không phải là tệp Word .docx%(kind)s. Vui lòng lưu tài liệu dưới định dạng .docx rồi tải lên lại.")
        % {"kind": detail},
        f"Not a Word .docx file{detail}; save the document as .docx.",
    )


def odt() -> WordImportError:
    return WordImportError(
        "not_docx",
        _("Tệp là văn bản OpenDocument (.odt). Vui lòng lưu lại dưới định dạng .docx."),
        "An OpenDocument (.odt) file; save it as .docx.",
    )


def not_word_package(english: str, kind: str = "") -> WordImportError:
    """A zip that is not a Word document; ``kind`` names what it is (Excel, PowerPoint...) when known."""
    detail = " (" + _("tệp %(kind)s") % {"kind": kind} + ")" if kind else ""
    return WordImportError("not_docx", _("Tệp không phải là tài liệu Word .docx%(kind)s.") % {"kind": detail}, english)


def macro() -> WordImportError:
    return WordImportError(
        "macro",
        _("Tệp Word có chứa macro (.docm) và đã bị từ chối. Vui lòng lưu lại dưới định dạng .docx (không macro)."),
        "Macro-enabled Word file (.docm / vbaProject.bin); save it as a macro-free .docx.",
    )


def bomb(detail: str) -> WordImportError:
    return WordImportError(
        "zip_bomb",
        _("Tệp có dung lượng giải nén bất thường (vượt giới hạn cho phép) và đã bị từ chối."),
        f"Suspicious compression (possible zip bomb): {detail}.",
    )


def corrupt(detail: str) -> WordImportError:
    return WordImportError(
        "corrupt",
        _(
            "Tệp Word bị hỏng hoặc không đọc được. Vui lòng mở tệp bằng Word, "
            "lưu lại dưới định dạng .docx rồi tải lên lại."
        ),
        f"Corrupt Word file: {detail}.",
    )


def unsupported(detail: str) -> WordImportError:
    return WordImportError(
        "unsupported",
        _(
            "Tệp Word được nén theo cách không được hỗ trợ. Vui lòng mở tệp bằng Word, "
            "lưu lại dưới định dạng .docx rồi tải lên lại."
        ),
        f"Unsupported zip feature: {detail}.",
    )


def unsafe_name(detail: str) -> WordImportError:
    return WordImportError(
        "unsafe_name",
        _("Tệp chứa tên thành phần không hợp lệ (đường dẫn tuyệt đối hoặc “..”) và đã bị từ chối."),
        f"Unsafe part name: {detail}.",
    )


def timeout(detail: str) -> WordImportError:
    return WordImportError(
        "timeout",
        _("Tệp Word quá phức tạp để kiểm tra trong thời gian cho phép và đã bị từ chối."),
        f"Checking the file took too long: {detail}.",
    )


def unsafe_xml(name: str) -> WordImportError:
    return WordImportError(
        "unsafe_xml",
        _("Tệp chứa khai báo XML không an toàn (DOCTYPE hoặc thực thể) và đã bị từ chối."),
        f"Part {name!r} has a DOCTYPE (entity declarations and external references are refused).",
    )


ZIP_REFUSALS = {
    "corrupt": corrupt,
    "too_many": bomb,
    "too_big": bomb,
    "encrypted": encrypted,
    "unsupported": unsupported,
    "bad_name": unsafe_name,
    "timeout": timeout,
}


def from_zip(exc) -> WordImportError:
    """The refusal for a ``zipstream.ZipRefused``."""
    return ZIP_REFUSALS[exc.kind](str(exc))


@contextmanager
def broken_file_refused(what: str):
    """Turn the errors of a library reading a checked but oddly shaped package into a ``corrupt`` refusal."""
    try:
        yield
    except WordImportError:
        raise
    except BROKEN_FILE_ERRORS as exc:
        logger.warning("word: %s failed on a checked file: %r", what, exc, exc_info=True)
        raise corrupt(f"{what}: {exc!r}") from exc
