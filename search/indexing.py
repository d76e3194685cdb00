"""Turning pages into index rows: what is indexed, and keeping the index table in step with the page tree.

Only live procedure and controlled-document pages are indexed. Who may see a row is decided at query
time by documents.permissions.viewable_pages, never stored here.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils.html import strip_tags
from wagtail.models import Page

from . import fts_schema, vocabulary
from .models import SearchEntry, SearchTerm
from .text import fold_token, index_text, normalize, phrase_tokens
from .vocabulary import terms_of

logger = logging.getLogger("qms.search")
BODY_MAX_CHARS = 12_000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

PROCEDURE_BODY_FIELDS = (
    "purpose",
    "scope",
    "references",
    "definitions",
    "time_limit",
    "place",
    "fees",
    "tthc_conditions",
    "tthc_subjects",
    "tthc_competent_authority",
    "tthc_implementing_agency",
)
PROCEDURE_STREAMS = (
    "public_steps",
    "dossier_components",
    "results",
    "channels",
    "steps",
    "forms",
    "records_to_keep",
    "legal_bases",
)


def searchable_models() -> tuple[type, ...]:
    from documents.models import ControlledDocumentPage, ProcedurePage

    return (ProcedurePage, ControlledDocumentPage)


def _strings(value) -> Iterable[str]:
    """Every string inside a StreamField's raw data (nested dicts and lists), in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id", "document", "issued", "time_value", "fee_vnd", "channel", "time_unit"):
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def stream_text(stream) -> str:
    raw = getattr(stream, "raw_data", stream) or []
    return "\n".join(s.strip() for s in _strings(list(raw)) if s and s.strip())


def attachment_text(document) -> str:
    """Plain text of an attached Word (.docx) or text file; empty when it cannot be read."""
    if document is None or not document.file:
        return ""
    name = document.file.name.lower()
    try:
        if document.file.size > ATTACHMENT_MAX_BYTES:
            return ""
        with document.file.open("rb") as handle:
            if name.endswith(".docx"):
                from documents.word.safety import open_docx  # the capped, checked road every user .docx takes

                doc = open_docx(handle)
                parts = [p.text for p in doc.paragraphs]
                for table in doc.tables:
                    for row in table.rows:
                        parts.extend(cell.text for cell in row.cells)
                return "\n".join(p for p in parts if p.strip())
            if name.endswith((".txt", ".csv")):
                return handle.read(BODY_MAX_CHARS * 4).decode("utf-8", errors="replace")
    except Exception as exc:  # a broken file must never stop indexing
        logger.warning("search: cannot read attachment %s: %s", name, exc)
    return ""


def _body(page) -> str:
    from documents.models import ProcedurePage

    parts: list[str] = []
    if isinstance(page, ProcedurePage):
        parts.extend(getattr(page, name) or "" for name in PROCEDURE_BODY_FIELDS)
        parts.extend(stream_text(getattr(page, name)) for name in PROCEDURE_STREAMS)
    else:
        parts.append(page.summary or "")
        parts.append(strip_tags(page.body or ""))
        parts.append(page.external_issuer or "")
        parts.append(attachment_text(page.attachment))
    text = "\n".join(p.strip() for p in parts if p and p.strip())
    return normalize(text[:BODY_MAX_CHARS])


def build_entry(page) -> SearchEntry:
    """The index row of a specific (procedure or controlled-document) page."""
    from documents.models import ProcedurePage

    is_procedure = isinstance(page, ProcedurePage)
    # The tree is the truth: a moved page's stored department may lag until its next save.
    section = page.find_department_section() if page.path else None
    department = section.department if section is not None else page.department
    agency = department.agency if department is not None else page.agency
    title = normalize(page.official_name or page.title)
    field = getattr(page, "tthc_field", "") or ""
    codes = [page.iso_code, getattr(page, "tthc_code", ""), getattr(page, "external_number", "")]
    # Codes, field and series only: agency, department and level names are in every row of an agency and
    # would drown the weight of words such as "xã", "nhận", "cấp" (they are facets instead).
    keywords = " ".join(filter(None, [*codes, field, page.series, getattr(page, "external_issuer", "")]))
    body = _body(page)
    title_folded, keywords_folded = index_text(title), index_text(keywords)
    url = ""
    try:
        url = page.get_url() or ""
    except Exception:  # no site configured: keep the page searchable without a link
        url = ""
    overdue = page.review_due_on and page.review_due_on < datetime.date.today()
    return SearchEntry(
        page_id=page.pk,
        title=title,
        url=url[:1000],
        doc_type="procedure" if is_procedure else page.document_type or "other",
        iso_code=page.iso_code,
        tthc_code=getattr(page, "tthc_code", "") or "",
        agency_id=agency.pk if agency else None,
        agency_code=agency.code if agency else "",
        agency_name=agency.name if agency else "",
        department_id=department.pk if department else None,
        department_code=department.code if department else "",
        department_name=department.name if department else "",
        field=field[:255],
        levels=(getattr(page, "tthc_levels", "") or "")[:64],
        status="review_overdue" if overdue else "published",
        edition=page.edition,
        body=body,
        title_folded=title_folded,
        keywords_folded=keywords_folded,
        phrases_folded=" ".join(phrase_tokens(title_folded.split()) + phrase_tokens(keywords_folded.split())),
        body_folded=fold_token(body),  # folded character for character: snippets reuse it
    )


def entry_terms(entry: SearchEntry) -> tuple[set[str], set[str]]:
    """Vocabulary of one entry: folded words and two-word phrases of the title; words of the body."""
    return terms_of(entry.title_folded, entry.body_folded)


def is_searchable(page) -> bool:
    return isinstance(page, searchable_models()) and page.live


def index_page(page) -> SearchEntry | None:
    """Add or refresh one page's row and its counts in the vocabulary; removes it when the page is no longer live."""
    page = page.specific if type(page) is Page else page
    if not is_searchable(page):
        remove_page(page.pk)
        return None
    entry = build_entry(page)
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=page.pk).values_list("title_folded", "body_folded").first()
        entry.save(force_insert=old is None, force_update=old is not None)
        (title, body), (old_title, old_body) = entry_terms(entry), terms_of(*old) if old else (set(), set())
        adjust_terms(title - old_title, body - old_body, old_title - title, old_body - body)
        vocabulary.bump()
    return entry


def remove_page(page_id: int) -> None:
    """Drop one page's row and take its words out of the vocabulary's counts."""
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=page_id).values_list("title_folded", "body_folded").first()
        if old is None:
            return
        SearchEntry.objects.filter(pk=page_id).delete()
        adjust_terms((), (), *terms_of(*old))
        vocabulary.bump()


def adjust_terms(
    title_added: Iterable[str], body_added: Iterable[str], title_removed: Iterable[str] = (), body_removed=()
) -> None:
    """Count one more document for the added terms and one fewer for the removed ones.

    Exact, not approximate: the vocabulary of each visibility scope is these counts less those of the entries
    the scope may not open (vocabulary.py), so a word left behind by a removed or re-titled restricted page
    would be a word nobody can see but everyone could be offered."""
    add_terms(title_added, body_added)
    title_removed, body_removed = set(title_removed), set(body_removed)
    if not title_removed | body_removed:
        return
    SearchTerm.objects.filter(term__in=title_removed, df__gt=0).update(df=F("df") - 1)
    SearchTerm.objects.filter(term__in=body_removed, df_body__gt=0).update(df_body=F("df_body") - 1)
    SearchTerm.objects.filter(term__in=title_removed | body_removed, df=0, df_body=0).delete()


def add_terms(title_terms: Iterable[str], body_terms: Iterable[str] = ()) -> None:
    """Count one more document for these terms."""
    title_terms, body_terms = set(title_terms), set(body_terms)
    every = sorted(title_terms | body_terms)
    if not every:
        return
    existing = set(SearchTerm.objects.filter(term__in=every).values_list("term", flat=True))
    SearchTerm.objects.filter(term__in=existing & title_terms).update(df=F("df") + 1)
    SearchTerm.objects.filter(term__in=existing & body_terms).update(df_body=F("df_body") + 1)
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(term=t, df=int(t in title_terms), df_body=int(t in body_terms))
            for t in every
            if t not in existing
        ],
        ignore_conflicts=True,
    )


def searchable_pages():
    models = searchable_models()
    return Page.objects.live().type(*models).specific().order_by("path")


def reindex_all(progress: Callable[[Iterable, int], Iterable] | None = None, chunk: int = 500) -> int:
    """Rebuild the index table and the vocabulary from every live searchable page, in one transaction."""
    pages = searchable_pages()
    total = pages.count()
    iterator = pages.iterator(chunk_size=chunk)
    if progress is not None:
        iterator = progress(iterator, total)
    counts: Counter = Counter()
    body_counts: Counter = Counter()
    count = 0
    with transaction.atomic():
        sqlite = connection.vendor == "sqlite"
        if sqlite:  # drop the full-text tables and triggers, empty the table, create them again empty
            with connection.cursor() as cursor:
                fts_schema.run(cursor, fts_schema.SQLITE_DOWN)
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        if sqlite:
            with connection.cursor() as cursor:
                fts_schema.run(cursor, fts_schema.SQLITE_UP)
        batch: list[SearchEntry] = []
        for page in iterator:
            entry = build_entry(page)
            title_terms, body_terms = entry_terms(entry)
            counts.update(title_terms)
            body_counts.update(body_terms)
            batch.append(entry)
            if len(batch) >= chunk:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
        terms = set(counts) | set(body_counts)
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=t, df=counts[t], df_body=body_counts[t]) for t in terms), batch_size=2000
        )
        vocabulary.bump()
    return count
