"""The English catalog covers every Vietnamese source string of the interface.

Source strings (gettext msgids) are Vietnamese; English comes from locale/en/LC_MESSAGES/django.po.
When a test here fails after you added or changed a string, update the catalog:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=static_collected
    # translate every empty msgstr in locale/en/LC_MESSAGES/django.po and remove "#, fuzzy" flags
    .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from documents.models import ControlledDocumentPage, Department, ProcedurePage

ROOT = Path(settings.BASE_DIR)
PO_PATH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
HOW_TO_FIX = (
    "run `.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules "
    "--ignore=static_collected` and translate every empty msgstr / remove '#, fuzzy' in "
    "locale/en/LC_MESSAGES/django.po, then `.venv/bin/python manage.py compilemessages --ignore=.venv`"
)


def parse_po(text: str) -> list[dict]:
    """A tiny .po parser: entries with msgctxt, msgid, msgid_plural, msgstr / msgstr[n] and flags.

    Obsolete entries (#~) and previous-msgid comments (#|) are skipped, as msgfmt does.
    """
    entries: list[dict] = []
    entry: dict = {"flags": set(), "msgstr": {}}
    key: tuple | None = None

    def flush():
        nonlocal entry, key
        if "msgid" in entry:
            entries.append(entry)
        entry, key = {"flags": set(), "msgstr": {}}, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if "msgid" in entry and key is not None and key[0] == "msgstr":
                flush()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key is None:
                raise ValueError(f"continuation line without keyword: {raw!r}")
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += value
            else:
                entry[key[0]] += value
            continue
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and "msgid" in entry and key is not None and key[0] == "msgstr":
            flush()
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry["msgstr"][index] = value
            key = ("msgstr", index)
        else:
            entry[keyword] = value
            key = (keyword,)
    flush()
    return entries


def catalog_problems(entries: list[dict]) -> tuple[list[str], list[str]]:
    untranslated = [e["msgid"] for e in entries if e["msgid"] and not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] or "(header)" for e in entries if "fuzzy" in e["flags"]]
    return untranslated, fuzzy


def assert_complete(entries: list[dict], where: str):
    untranslated, fuzzy = catalog_problems(entries)
    assert not untranslated and not fuzzy, (
        f"English catalog {where}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy "
        f"(e.g. {(untranslated + fuzzy)[:10]}). To fix: {HOW_TO_FIX}."
    )


def test_parse_po_reads_multiline_plural_and_flags():
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy, python-format\nmsgid "a %(x)s"\nmsgstr ""\n\n'
        'msgid ""\n"một "\n"hai"\nmsgid_plural "nhiều"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n#~ msgid "cũ"\n#~ msgstr ""\n'
    )
    assert [e["msgid"] for e in entries] == ["", "a %(x)s", "một hai"]
    assert catalog_problems(entries) == (["a %(x)s", "một hai"], ["a %(x)s"])


def test_en_catalog_has_no_untranslated_or_fuzzy_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing. To create it: {HOW_TO_FIX}."
    entries = parse_po(PO_PATH.read_text(encoding="utf-8"))
    assert len(entries) > 100
    assert_complete(entries, "locale/en/LC_MESSAGES/django.po")


def test_compiled_en_catalog_matches_po():
    entries = parse_po(PO_PATH.read_text(encoding="utf-8"))
    assert MO_PATH.exists(), "django.mo is missing: run `.venv/bin/python manage.py compilemessages --ignore=.venv`."
    with MO_PATH.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    stale = []
    for e in entries:
        if not e["msgid"] or "fuzzy" in e["flags"]:
            continue
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            ok = all(compiled.get((msgid, n)) == s for n, s in e["msgstr"].items())
        else:
            ok = compiled.get(msgid) == e["msgstr"][0]
        if not ok:
            stale.append(e["msgid"])
    assert not stale, (
        f"django.mo is older than django.po ({len(stale)} entries differ, e.g. {stale[:5]}): "
        "run `.venv/bin/python manage.py compilemessages --ignore=.venv`."
    )


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib")),
    reason="GNU gettext tools are not installed",
)
def test_en_catalog_covers_every_source_string(tmp_path):
    """makemessages, run on a copy of the project, finds no string the committed catalog lacks."""
    copy = tmp_path / "project"
    skipped = {"node_modules", "static_collected", "media", "__pycache__"}

    def ignore(directory, names):
        return [
            n
            for n in names
            if n.startswith(".")
            or n in skipped
            or ((Path(directory) / n).is_file() and Path(n).suffix not in {".py", ".html", ".txt", ".po"})
        ]

    shutil.copytree(ROOT, copy, ignore=ignore)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=static_collected",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    entries = parse_po((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    assert_complete(entries, "is missing strings that are in the code")


def render_base(language: str) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        return render_to_string("base.html", {"request": request}, request=request)


def test_base_template_in_english_and_vietnamese(db):
    english = render_base("en")
    for text in ("Skip to main content", "Procedures & ISO documents portal", "TCVN ISO 9001:2015", "Language"):
        assert text in english, f"{text!r} not in the English page. To fix: {HOW_TO_FIX}."
    assert "Chuyển đến nội dung chính" not in english
    vietnamese = render_base("vi")
    for text in ("Chuyển đến nội dung chính", "Cổng thủ tục & tài liệu ISO", "Ngôn ngữ"):
        assert text in vietnamese
    assert "Skip to main content" not in vietnamese


def test_model_labels_in_english_and_vietnamese():
    def labels():
        return [
            str(ProcedurePage._meta.verbose_name),
            str(ProcedurePage._meta.get_field("iso_code").verbose_name),
            str(ProcedurePage._meta.get_field("edition").verbose_name),
            str(ProcedurePage._meta.get_field("records_to_keep").verbose_name),
            str(Department._meta.get_field("is_one_stop").verbose_name),
            str(dict(ControlledDocumentPage._meta.get_field("document_type").choices)["policy"]),
        ]

    with translation.override("en"):
        assert labels() == [
            "procedure",
            "document code",
            "edition",
            "7. Records to keep",
            "one-stop shop",
            "Quality policy",
        ], HOW_TO_FIX
    with translation.override("vi"):
        assert labels() == [
            "quy trình",
            "mã hiệu",
            "lần ban hành",
            "7. Hồ sơ cần lưu",
            "bộ phận một cửa",
            "Chính sách chất lượng",
        ]
