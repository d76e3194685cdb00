"""Hostile and unsupported uploads: each is refused with a WordImportError that says why, in both languages."""

import io
import tracemalloc
import zipfile

import pytest

from documents.word.errors import WordImportError
from documents.word.procedure_parser import parse_procedure
from documents.word.safety import OLE2_MAGIC, Limits, check_container, default_limits, open_docx

from . import hostile
from .docx_factory import DOCUMENT_XML, procedure, read_part, replace_part, to_bytes

CONTENT_TYPES = "[Content_Types].xml"


@pytest.fixture(scope="module")
def good_docx() -> bytes:
    return to_bytes(procedure())


def refused(source, code, **kwargs) -> WordImportError:
    with pytest.raises(WordImportError) as caught:
        parse_procedure(source, **kwargs)
    error = caught.value
    assert error.code == code, (error.code, str(error))
    assert isinstance(error, ValueError)
    assert error.message and error.message != str(error)  # Vietnamese for the user, English for the log
    return error


def ole2(*stream_names: str) -> bytes:
    """A minimal OLE2 compound file: magic bytes, padding, and directory entries named in UTF-16LE."""
    names = b"".join(name.encode("utf-16-le") + b"\0" * (64 - 2 * len(name)) for name in stream_names)
    return OLE2_MAGIC + b"\0" * 504 + names + b"\0" * 1024


def test_a_good_docx_passes_the_checks(good_docx, tmp_path):
    path = tmp_path / "ok.docx"
    path.write_bytes(good_docx)
    for source in (good_docx, path, str(path), io.BytesIO(good_docx)):
        assert parse_procedure(source)["code"] == "QT 05/CX-HCTP"


def test_legacy_doc_is_refused_with_conversion_advice(tmp_path):
    path = tmp_path / "quy-trinh.docx"  # the name lies: the bytes are Word 97-2003
    path.write_bytes(ole2("Root Entry", "WordDocument", "1Table"))
    error = refused(path, "legacy_doc")
    assert ".docx" in error.message and "Word 97-2003" in error.message
    assert "convert" in str(error)


def test_encrypted_docx_is_refused():
    error = refused(ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), "encrypted")
    assert "mật khẩu" in error.message


def test_other_ole2_file_is_not_word():
    refused(ole2("Root Entry", "Workbook"), "not_docx")


@pytest.mark.parametrize(
    "payload",
    [b"Just some text renamed to .docx", b"%PDF-1.7\n%...", b"{\\rtf1\\ansi Hello}", b"<html><body>Word</body></html>"],
)
def test_non_word_bytes_are_refused(payload):
    error = refused(payload, "not_docx")
    assert ".docx" in error.message


def test_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hello")
    refused(buffer.getvalue(), "not_docx")


def test_excel_package_renamed_docx_is_refused(good_docx):
    types = read_part(good_docx, CONTENT_TYPES).replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    error = refused(replace_part(good_docx, CONTENT_TYPES, types), "not_docx")
    assert "Excel" in error.message


def test_macro_enabled_docm_is_refused(good_docx):
    types = read_part(good_docx, CONTENT_TYPES).replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    error = refused(replace_part(good_docx, CONTENT_TYPES, types), "macro")
    assert "macro" in error.message


def test_vba_project_part_is_refused_even_with_docx_content_type(good_docx):
    with_vba = replace_part(good_docx, "unused", None, extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"})
    refused(with_vba, "macro")


def test_zip_bomb_declared_in_the_directory_is_refused(good_docx):
    bomb = replace_part(good_docx, "unused", None, extra={"word/media/image9.png": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # 30 MB of zeros compress to a few dozen kB
    error = refused(bomb, "zip_bomb")
    assert "zip bomb" in str(error)


def test_total_decompressed_size_and_entry_count_are_capped(good_docx):
    with pytest.raises(WordImportError, match="decompressed") as caught:
        check_container(good_docx, Limits(max_uncompressed=10_000))
    assert caught.value.code == "zip_bomb"
    with pytest.raises(WordImportError, match="entries"):
        check_container(good_docx, Limits(max_entries=3))
    with pytest.raises(WordImportError, match="bytes of XML"):
        check_container(good_docx, Limits(max_xml=20_000))
    with pytest.raises(WordImportError, match="'word/styles.xml' inflates past 20000 bytes"):
        check_container(good_docx, Limits(max_xml_part=20_000))


def test_huge_tables_are_refused_before_they_eat_memory(good_docx, monkeypatch):
    from documents.word import reader

    monkeypatch.setattr(reader, "MAX_GRID_POSITIONS", 20)
    refused(good_docx, "too_complex")


def test_encrypted_zip_entry_is_refused(good_docx):
    data = bytearray(replace_part(good_docx, "unused", None, extra={"word/secret.xml": b"<x/>"}))
    name = b"word/secret.xml"
    central = data.rindex(name) - 46  # central directory record: signature, ..., flags at +8, name at +46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 8] |= 0x1  # "encrypted" bit of the general purpose flags
    refused(bytes(data), "encrypted")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY a "ha">\n'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
)
EXTERNAL = b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY c SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize(
    "prolog", [BILLION_LAUGHS, EXTERNAL, b'<!DOCTYPE w:document SYSTEM "http://example.com/x.dtd">']
)
def test_doctype_and_entities_are_refused(good_docx, prolog):
    body = read_part(good_docx, DOCUMENT_XML)
    body = body[body.index(b"<w:document") :]
    error = refused(
        replace_part(good_docx, DOCUMENT_XML, prolog + body.replace(b"<w:t>", b"<w:t>&c;", 1)), "unsafe_xml"
    )
    assert "DOCTYPE" in str(error)


def test_doctype_in_a_minor_part_and_in_utf16_is_refused(good_docx):
    core = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'.encode("utf-16")
    refused(replace_part(good_docx, "docProps/core.xml", core), "unsafe_xml")


def test_file_over_the_size_cap_is_refused(good_docx, tmp_path):
    error = refused(good_docx, "too_large", max_size=len(good_docx) - 1)
    assert "MB" in error.message
    path = tmp_path / "big.docx"
    path.write_bytes(good_docx + b"\0" * 100)
    refused(path, "too_large", max_size=len(good_docx))
    assert open_docx(good_docx, max_size=len(good_docx)) is not None


def test_default_size_cap_is_20_mb():
    assert Limits().max_size == 20 * 1024 * 1024
    refused(b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024), "too_large")


def test_empty_and_truncated_files_are_refused(good_docx):
    refused(b"", "empty")
    refused(good_docx[: len(good_docx) // 2], "corrupt")


def test_malformed_xml_is_reported_as_corrupt(good_docx):
    refused(replace_part(good_docx, DOCUMENT_XML, b"<w:document><w:body>"), "corrupt")


def test_error_pickles_and_keeps_both_messages():
    import pickle

    error = pickle.loads(pickle.dumps(WordImportError("macro", "Có macro", "Has macros")))  # noqa: S301
    assert (error.code, error.message, str(error)) == ("macro", "Có macro", "Has macros")


# -- hostile archives that keep within the upload cap (issue 11, class 6) ------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(good_docx) -> dict:
    return {name: make(good_docx) for name, (make, _code) in hostile.CASES.items()}


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_hostile_file_is_refused_with_a_clear_message(hostile_files, name):
    data = hostile_files[name]
    assert len(data) < 2 * 1024 * 1024  # each one passes the 20 MB upload cap by far
    error = refused(data, hostile.CASES[name][1])
    assert any(word in error.message for word in ("Tệp", "tệp"))


def test_a_lying_gib_is_never_allocated(good_docx):
    """The 1 MB file that inflates to 1 GiB: memory stays near the cap of one part, not the claimed or real size."""
    data = hostile.lying_sizes(good_docx, mib=1024)
    tracemalloc.start()
    try:
        refused(data, "zip_bomb")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < Limits().max_xml_part + 16 * 1024 * 1024, peak


def test_a_main_part_with_an_unusual_name_still_imports(good_docx):
    """The checks follow content types, not names: a clean main part called word/main.dat reads as usual."""
    assert parse_procedure(hostile.renamed_main_part(good_docx, "word/main.dat"))["code"] == "QT 05/CX-HCTP"


def test_python_docx_opens_the_repacked_archive_never_the_upload(good_docx, monkeypatch):
    import docx

    opened = []
    monkeypatch.setattr(docx, "Document", lambda stream: opened.append(stream.getvalue()) or "doc")
    assert open_docx(good_docx) == "doc"
    with zipfile.ZipFile(io.BytesIO(opened[0])) as rebuilt, zipfile.ZipFile(io.BytesIO(good_docx)) as upload:
        assert {i.compress_type for i in rebuilt.infolist()} == {zipfile.ZIP_STORED}
        assert [(i.filename, rebuilt.read(i)) for i in rebuilt.infolist()] == [
            (i.filename, upload.read(i)) for i in upload.infolist()
        ]


def test_the_time_cap_refuses(good_docx):
    with pytest.raises(WordImportError) as caught:
        check_container(good_docx, Limits(max_seconds=-1))
    assert caught.value.code == "timeout" and caught.value.message


def test_caps_come_from_settings(good_docx, settings):
    settings.QMS_WORD_LIMITS = {"max_xml_part": 20_000}
    assert default_limits().max_xml_part == 20_000
    refused(good_docx, "zip_bomb")
    settings.QMS_WORD_LIMITS = {}
    assert default_limits() == Limits()


def test_a_part_of_the_wrong_type_is_refused_not_crashed(good_docx):
    """python-docx hands back a plain Part when the styles' content type is changed: a refusal, not a 500."""
    types = read_part(good_docx, CONTENT_TYPES).replace(b"wordprocessingml.styles+xml", b"wordprocessingml.x+xml")
    refused(replace_part(good_docx, CONTENT_TYPES, types), "corrupt")
