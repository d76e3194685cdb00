"""The vocabulary a query is read against: word counts over the documents the asker may open, never more.

Typo correction ("did you mean"), term weights and retrieval read document counts of folded words and
two-word phrases. `SearchTerm` holds them over every indexed document, kept exact by indexing.py (publish,
unpublish, re-title, delete). A scope sees those counts less the counts of the index entries it may not open
(documents.permissions.viewable_pages decides): an anonymous visitor every non-public entry, a staff member
the non-public ones they cannot view, a superuser none. Hidden entries are few beside the public ones, so
subtracting theirs is cheap, and the public scope is the default whenever no user is given.

Consistency without locks: every change to the index, or to who may see an entry (a page saved, a view
restriction), writes a new random token into the version row of SearchTerm in the same transaction
(`bump`). The counts a query reads and the hidden entries are each read in one statement together with that
token and combined only when the tokens agree (else read again), so counts never hold a document that the
hidden set missed. Per process, hidden sets are cached by version, their term counts by the exact entries
(id and indexed_at) they hold, and each hidden entry's terms by its indexed_at.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from .models import SearchEntry, SearchTerm
from .permissions import filter_viewable, viewable_ids_sql
from .text import bigrams

logger = logging.getLogger("qms.search")

VERSION_TERM = " version"  # a row of SearchTerm that is not a term: tokens never start with a space
TERMS = SearchTerm._meta.db_table
ENTRIES = SearchEntry._meta.db_table
CHUNK = 500
ATTEMPTS = 3
CACHED_VERSIONS = 8
CACHED_COUNTERS = 32
MEMO_ENTRIES = 20_000
_WORDS = re.compile(r"[^\W_]+")

_lock = threading.Lock()
_hidden_by_version: OrderedDict[int, HiddenSet] = OrderedDict()
_counters: OrderedDict[frozenset, Counts] = OrderedDict()
_entry_terms: dict[int, tuple[object, set[str], set[str]]] = {}  # page id → (indexed_at, title terms, body terms)


@dataclass(frozen=True)
class HiddenSet:
    """The index entries an anonymous visitor may not open, as of one version: page id → indexed_at."""

    version: int | None
    stamps: dict[int, object]


@dataclass(frozen=True)
class Counts:
    title: Counter
    body: Counter


EMPTY = Counts(Counter(), Counter())


def bump() -> None:
    """A new vocabulary version: call in the transaction that changes the index or who may see an entry."""
    token = secrets.randbelow(2**31 - 2) + 1
    if not SearchTerm.objects.filter(term=VERSION_TERM).update(df=token):
        SearchTerm.objects.bulk_create([SearchTerm(term=VERSION_TERM, df=token)], ignore_conflicts=True)
        SearchTerm.objects.filter(term=VERSION_TERM).update(df=token)  # another writer created it meanwhile


def _remember(cache: OrderedDict, key, value, size: int) -> None:
    with _lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def read_counts(terms: list[str]) -> tuple[dict[str, tuple[int, int]], set]:
    """Global (df, df_body) of these terms and the versions the reading statements saw (one per chunk)."""
    found: dict[str, tuple[int, int]] = {}
    versions: set = set()
    with connection.cursor() as cursor:
        for start in range(0, max(len(terms), 1), CHUNK):
            chunk = [*terms[start : start + CHUNK], VERSION_TERM]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT term, df, df_body FROM {TERMS} WHERE term IN ({placeholders})", chunk)  # noqa: S608 (constant table name)
            version = None
            for term, df, df_body in cursor.fetchall():
                if term == VERSION_TERM:
                    version = df
                else:
                    found[term] = (df, df_body)
            versions.add(version)
    return found, versions


def read_hidden() -> HiddenSet:
    """The entries an anonymous visitor may not open and the version, read in one statement.

    viewable_pages reads the view restrictions in a statement of its own first: a version read before it
    must match, else a restriction saved in between could be missed (then read again)."""
    for _attempt in range(ATTEMPTS):
        before = read_counts([])[1].pop()
        if before is None:  # an index built before versions existed: give it one, once
            bump()
            continue
        sql, params = viewable_ids_sql(None)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT df FROM {TERMS} WHERE term = %s), e.page_id, e.indexed_at "  # noqa: S608 (constant names; parameters)
                f"FROM (SELECT 1 AS one) o LEFT JOIN {ENTRIES} e ON e.page_id NOT IN ({sql})",
                [VERSION_TERM, *params],
            )
            rows = cursor.fetchall()
        version = rows[0][0]
        if version == before:
            return HiddenSet(version, {pk: stamp for _v, pk, stamp in rows if pk is not None})
    raise VocabularyMoved


class VocabularyMoved(Exception):
    """The index kept changing while it was read."""


def hidden_at(version: int | None) -> HiddenSet | None:
    """The public scope's hidden entries as of `version`, or None when the index has moved on since."""
    cached = _hidden_by_version.get(version) if version is not None else None
    if cached is not None:
        return cached
    hidden = read_hidden()
    if hidden.version is not None:
        _remember(_hidden_by_version, hidden.version, hidden, CACHED_VERSIONS)
    return hidden if hidden.version == version else None


def terms_of(title_folded: str, body_folded: str) -> tuple[set[str], set[str]]:
    """Vocabulary of one entry: folded words and two-word phrases of the title; words of the body."""
    tokens = title_folded.split()
    title = {t for t in tokens if len(t) <= 64} | {b for b in bigrams(tokens) if len(b) <= 128}
    return title, {t for t in _WORDS.findall(body_folded) if len(t) <= 64}


def _terms_by_entry(stamps: dict[int, object]) -> dict[int, tuple[set[str], set[str]]] | None:
    """The terms of these entries (memoised by indexed_at); None when one changed since `stamps` was read."""
    out, missing = {}, []
    for pk, stamp in stamps.items():
        memo = _entry_terms.get(pk)
        if memo is not None and memo[0] == stamp:
            out[pk] = memo[1:]
        else:
            missing.append(pk)
    if len(_entry_terms) + len(missing) > MEMO_ENTRIES:
        with _lock:
            _entry_terms.clear()
    with connection.cursor() as cursor:
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT page_id, indexed_at, title_folded, body_folded FROM {ENTRIES} WHERE page_id IN ({placeholders})",  # noqa: S608 (constant table name)
                chunk,
            )
            for pk, stamp, title_folded, body_folded in cursor.fetchall():
                if stamp != stamps[pk]:  # both read raw, so of one type on every engine
                    return None  # re-indexed since the hidden set was read
                out[pk] = terms_of(title_folded, body_folded)
                with _lock:
                    _entry_terms[pk] = (stamp, *out[pk])
    return out if len(out) == len(stamps) else None  # else one was removed meanwhile


def counts_of(stamps: dict[int, object]) -> Counts | None:
    """Summed terms of these hidden entries (None when one of them changed meanwhile)."""
    if not stamps:
        return EMPTY
    key = frozenset(stamps.items())
    cached = _counters.get(key)
    if cached is not None:
        return cached
    terms = _terms_by_entry(stamps)
    if terms is None:
        return None
    counts = Counts(Counter(), Counter())
    for title_terms, body_terms in terms.values():
        counts.title.update(title_terms)
        counts.body.update(body_terms)
    _remember(_counters, key, counts, CACHED_COUNTERS)
    return counts


class Vocabulary:
    """Document counts as one user (None: an anonymous visitor) may know them; one per search."""

    def __init__(self, user=None):
        self.user = user if user is not None and user.is_authenticated else None
        self.hidden_ids: frozenset[int] = frozenset()
        self._known = False  # whether hidden_ids was read
        self._granted: dict[int | None, frozenset[int]] = {}  # version → hidden ids this user may open anyway

    def serves(self, user) -> bool:
        """Whether these are the counts of `user` (None or anonymous: the public)."""
        user = user if user is not None and user.is_authenticated else None
        return (user and user.pk) == (self.user and self.user.pk)

    def _hidden(self, version: int | None) -> Counts | None:
        public = hidden_at(version)
        if public is None:
            return None
        stamps = public.stamps
        if self.user is not None and stamps:
            if self.user.is_superuser:
                stamps = {}
            else:
                if version not in self._granted:
                    self._granted[version] = frozenset(filter_viewable(self.user, list(stamps)))
                stamps = {pk: s for pk, s in stamps.items() if pk not in self._granted[version]}
        counts = counts_of(stamps)
        if counts is not None:
            self.hidden_ids, self._known = frozenset(stamps), True
        return counts

    def counts(self, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
        """(df, df_body) of each term over the documents this user may open."""
        wanted = sorted({t for t in terms if t and t != VERSION_TERM})
        if not wanted:
            return {}
        try:
            for _attempt in range(ATTEMPTS):
                found, versions = read_counts(wanted)
                if len(versions) != 1:
                    continue  # the chunks saw different versions
                hidden = self._hidden(versions.pop())
                if hidden is None:
                    continue  # the index changed between the two readings
                return {
                    term: (max(0, df - hidden.title[term]), max(0, df_body - hidden.body[term]))
                    for term, (df, df_body) in found.items()
                }
        except VocabularyMoved:
            pass
        logger.warning("search: the vocabulary kept changing while read; the query is read without it")
        return {}

    def hidden_entry_ids(self) -> frozenset[int]:
        """The index entries this user may not open (read now if no counts were read yet)."""
        for _attempt in range(ATTEMPTS):
            if self._known:
                break
            try:
                self._hidden(read_counts([])[1].pop())
            except VocabularyMoved:
                continue
        return self.hidden_ids


def forget() -> None:
    """Drop this process's caches (tests; a reindex in this process)."""
    with _lock:
        _hidden_by_version.clear()
        _counters.clear()
        _entry_terms.clear()


def hidden_for(user, vocabulary: Vocabulary | None = None) -> frozenset[int]:
    """The index entries `user` may not open, from this query's vocabulary when it is that user's."""
    if vocabulary is None or not vocabulary.serves(user):
        vocabulary = Vocabulary(user)
    return vocabulary.hidden_entry_ids()
