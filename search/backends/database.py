"""The database backend: candidates from SQLite FTS5 or PostgreSQL full-text, then re-ranked in Python.

Retrieval is OR (a citizen's whole question still finds the procedure) in two small steps:
1. the title-and-keywords index, over the folded words, two-word phrases, synonyms and corrections;
2. the body index, over the rarer words only (a word in most bodies says nothing and costs the most).
Filters are applied inside both, and so is the exclusion of the entries the user may not open (the hidden
set of vocabulary.Vocabulary), so the engine never spends its candidate pool on them. The permission query
(documents.permissions.viewable_pages) then keeps only what the user may open, and asks for more candidates
when it removed some, so restricted pages can neither appear nor crowd out the others.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction

from ..models import SearchEntry
from ..permissions import filter_viewable
from ..query import QUESTION_WEIGHT, ParsedQuery
from ..ranking import Candidate, idf, rerank
from ..text import phrase_token
from ..vocabulary import hidden_for
from .base import FACET_COLUMNS, Backend, Hit, Outcome, facets_of

TITLE_CANDIDATES = 150
BODY_CANDIDATES = 40
PRUNE_FROM_DOCS = 1000  # below this many documents, retrieval keeps every term
TITLE_MAX_SHARE = 0.02  # title retrieval skips words found in more than this share of titles (phrases stay)
BODY_MAX_SHARE = 0.2  # body retrieval skips words found in more than this share of documents
BODY_WEIGHT = 0.5
RELATIVE_CUTOFF = 0.3
MAX_TERMS = 48
TABLE = SearchEntry._meta.db_table
FIELDS = [
    "page_id", "title", "title_folded", "keywords_folded", "url", "iso_code", "tthc_code", "edition",
    "agency_code", "agency_name", "department_code", "department_name", "field", "levels", "doc_type", "status",
]  # fmt: skip
CANDIDATES = TITLE_CANDIDATES
MAX_EXCLUDED = 5000  # past this many hidden entries, retrieval leaves them to the permission filter


def retrieval_terms(parsed: ParsedQuery, n_docs: int) -> list[str]:
    """Title-index terms: phrase tokens of adjacent words and single words, those rare enough to be worth a doclist.

    A word or phrase found in more than TITLE_MAX_SHARE of titles ("cấp", "đăng ký") is left to re-ranking,
    unless the query has nothing rarer.
    """
    content = [t for t in parsed.words if t.weight > QUESTION_WEIGHT]
    words = content or parsed.words
    keep = {t.folded for t in words}
    phrases = [t.folded for t in parsed.phrases if set(t.folded.split()) <= keep]
    phrases += [t.folded for t in parsed.extra if t.is_phrase]
    singles = [t.folded for t in words] + [t.folded for t in parsed.extra if not t.is_phrase]
    limit = max(1, int(n_docs * TITLE_MAX_SHARE))
    tokens = {phrase_token(*p.split()) or p: p for p in phrases if parsed.df.get(p, 0) > 0}
    candidates = [*tokens.items(), *((w, w) for w in singles)]
    if n_docs < PRUNE_FROM_DOCS:  # a small index: every term is cheap
        return list(dict.fromkeys(token for token, _term in candidates))[:MAX_TERMS]
    rare = [token for token, term in candidates if parsed.df.get(term, 0) <= limit]
    if not rare:  # only common words and phrases: the rarest few still narrow it down
        rare = [token for token, term in sorted(candidates, key=lambda c: parsed.df.get(c[1], 0))[:3]]
    return list(dict.fromkeys(rare))[:MAX_TERMS]


def body_terms(parsed: ParsedQuery, n_docs: int) -> list[str]:
    content = [t for t in parsed.words if t.weight > QUESTION_WEIGHT] or parsed.words
    words = [t.folded for t in content] + [t.folded for t in parsed.extra if not t.is_phrase]
    limit = n_docs if n_docs < PRUNE_FROM_DOCS else max(1, int(n_docs * BODY_MAX_SHARE))
    return [w for w in dict.fromkeys(words) if 0 < parsed.df_body.get(w, 0) <= limit][:MAX_TERMS]


def filter_sql(filters: dict) -> tuple[str, list]:
    """A condition on index rows (alias e) for the facet filters, or "" when there are none."""
    sql, params = [], []
    columns = {"agency": "agency_code", "department": "department_code", "field": "field", "type": "doc_type"}
    for key, column in [*columns.items(), ("status", "status")]:
        if filters.get(key):
            sql.append(f"e.{column} = %s")
            params.append(filters[key])
    if filters.get("level"):
        sql.append("(' ' || e.levels || ' ') LIKE %s")
        params.append(f"% {filters['level']} %")
    return " AND ".join(sql), params


def exclusion_sql(ids) -> tuple[str, list]:
    """A condition leaving these entries out of a full-text statement (alias f on SQLite, e on PostgreSQL)."""
    if not ids or len(ids) > MAX_EXCLUDED:
        return "", []
    column = "e.page_id" if connection.vendor == "postgresql" else "f.rowid"
    return f"{column} NOT IN ({', '.join(['%s'] * len(ids))})", sorted(ids)


def document_count() -> int:
    key = "qms_search:doc_count"
    count = cache.get(key)
    if count is None:
        count = SearchEntry.objects.count()
        cache.set(key, count, 60)
    return count


def _fts_sql(kind: str, terms: list[str], join: bool, weights: dict[str, float] | None = None) -> tuple[str, list]:
    """SQL returning (page id, score) ordered best first, with %s for the limit last, per engine."""
    if connection.vendor == "postgresql":
        column = "title_tsv" if kind == "title" else "body_tsv"
        tsquery = " | ".join(" <-> ".join(term.split()) for term in terms)
        if kind == "body":
            # ts_rank would read (de-TOAST) every matching body. One exact GIN lookup per word reads no vector;
            # the score is the summed rarity of the distinct words a body holds (BM25 without term counts).
            values = ", ".join(["(%s, %s::float)"] * len(terms))
            return (
                f"SELECT m.page_id, SUM(t.w) AS score FROM (VALUES {values}) AS t(term, w) "  # noqa: S608 (constant names; terms are parameters)
                f"CROSS JOIN LATERAL (SELECT e.page_id FROM {TABLE} e "
                "WHERE e.body_tsv @@ plainto_tsquery('simple', t.term) {where}) m GROUP BY m.page_id",
                [x for term in terms for x in (term, (weights or {}).get(term, 1.0))],
            )
        weights = "'{0.1, 0.3, 1.0, 0.7}'"  # D, C keywords, B phrases, A title words
        return (
            f"SELECT e.page_id, ts_rank({weights}, e.{column}, q) AS score "  # noqa: S608 (constant column names; the query text is a parameter)
            f"FROM {TABLE} e, to_tsquery('simple', %s) q WHERE e.{column} @@ q",
            [tsquery],
        )
    table = f"qms_search_fts_{kind}"
    rank = f"bm25({table}, 1.0, 0.3, 1.5)" if kind == "title" else f"bm25({table})"
    joined = f" JOIN {TABLE} e ON e.page_id = f.rowid" if join else ""
    return (
        f"SELECT f.rowid, -{rank} AS score FROM {table} f{joined} WHERE {table} MATCH %s",  # noqa: S608 (constant table names; the query text is a parameter)
        [" OR ".join(f'"{term}"' for term in terms)],
    )


def fts_candidates(
    kind: str,
    terms: list[str],
    filters: dict,
    limit: int,
    weights: dict[str, float] | None = None,
    exclude: frozenset[int] = frozenset(),
) -> list[tuple[int, float]]:
    if not terms:
        return []
    where, where_params = filter_sql(filters)
    join = bool(where)
    excluded, excluded_params = exclusion_sql(exclude)
    if excluded:
        where, where_params = (f"{where} AND {excluded}" if where else excluded), [*where_params, *excluded_params]
    sql, params = _fts_sql(kind, terms, join=join, weights=weights)
    if "{where}" in sql:  # the filter goes inside a subquery
        sql = sql.replace("{where}", f"AND {where}" if where else "")
        params = [*params, *where_params] if where else params
        where_params = []
    elif where:
        sql += f" AND {where}"
    sql += " ORDER BY score DESC LIMIT %s"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner prices a scan of every tsvector below the GIN index on small tables, yet reading
            # and matching each (TOASTed) vector costs ten times more than the index: measured 13 ms against
            # 1 ms on the 2,642 national records. For this statement only, the index is the way.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, [*params, *where_params, limit])
        return [(row[0], float(row[1] or 0.0)) for row in cursor.fetchall()]


def fetch_rows(ids: list[int]) -> dict[int, dict]:
    """Display and facet columns of these entries (raw SQL: a few hundred rows, no model instances)."""
    if not ids:
        return {}
    columns = ", ".join(FIELDS)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {TABLE} WHERE page_id IN ({placeholders})", ids)  # noqa: S608 (constant names, %s placeholders)
        return {row[0]: dict(zip(FIELDS, row, strict=True)) for row in cursor.fetchall()}


def _normalised(rows: list[tuple[int, float]]) -> dict[int, float]:
    top = max((score for _, score in rows), default=0.0) or 1.0
    return {pk: score / top for pk, score in rows}


class DatabaseBackend(Backend):
    name = "database"

    def candidates(
        self, parsed: ParsedQuery, filters: dict, n_docs: int, limit: int, exclude: frozenset[int] = frozenset()
    ) -> tuple[dict[int, float], bool]:
        """Engine scores of title and body candidates, and whether either list was cut at its limit."""
        titles, bodies = retrieval_terms(parsed, n_docs), body_terms(parsed, n_docs)
        body_limit = limit * BODY_CANDIDATES // TITLE_CANDIDATES
        title_rows = fts_candidates("title", titles, filters, limit, exclude=exclude)
        rarity = {w: idf(parsed.df_body.get(w, 0), n_docs) for w in bodies}
        body_rows = fts_candidates("body", bodies, filters, body_limit, rarity, exclude=exclude)
        scores = _normalised(title_rows)
        for pk, score in _normalised(body_rows).items():
            scores[pk] = scores.get(pk, 0.0) + BODY_WEIGHT * score
        return scores, len(title_rows) == limit or len(body_rows) == body_limit

    def search(self, parsed: ParsedQuery, *, user, filters: dict, limit: int, offset: int) -> Outcome:
        hidden = hidden_for(user, parsed.vocabulary)
        n_docs = max(1, document_count() - len(hidden))
        pool = TITLE_CANDIDATES
        for _attempt in range(3):
            scores, cut = self.candidates(parsed, filters, n_docs, pool, hidden)
            rows = fetch_rows(list(scores))
            candidates = [
                Candidate(pk, scores[pk], row["title"], row["title_folded"], row["keywords_folded"])
                for pk, row in rows.items()
            ]
            ranked = rerank(parsed, candidates, n_docs)
            # If the permission query removed some from a full pool, look further, so that pages
            # the user may open are not crowded out by ones they may not.
            allowed = filter_viewable(user, [c.page_id for c in ranked])
            kept = [c for c in ranked if c.page_id in allowed]
            if len(kept) == len(ranked) or not cut:
                break
            pool *= 4
        if kept:
            kept = [c for c in kept if c.score >= kept[0].score * RELATIVE_CUTOFF]
        page = kept[offset : offset + limit]
        bodies = {
            pk: (body, folded)
            for pk, body, folded in SearchEntry.objects.filter(pk__in=[c.page_id for c in page]).values_list(
                "pk", "body", "body_folded"
            )
        }
        hits = [Hit.from_row(rows[c.page_id], score=c.score, body=bodies.get(c.page_id, ("", ""))) for c in page]
        return Outcome(total=len(kept), hits=hits, facets=facets_of([rows[c.page_id] for c in kept], FACET_COLUMNS))


def autocomplete_ids(tokens: list[str], limit: int, exclude: frozenset[int] = frozenset()) -> list[int]:
    """Pages whose title holds every typed word, the last one as a prefix (as you type), best first."""
    if not tokens:
        return []
    excluded, excluded_params = exclusion_sql(exclude)
    excluded = f"AND {excluded} " if excluded else ""
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT e.page_id FROM {TABLE} e WHERE e.title_tsv @@ to_tsquery('simple', %s) {excluded}"  # noqa: S608 (constant name, placeholders)
            "ORDER BY length(e.title) LIMIT %s"
        )
        query = " & ".join([*tokens[:-1], f"{tokens[-1]}:*"])
    else:
        sql = (
            "SELECT f.rowid FROM qms_search_fts_title f JOIN qms_search_searchentry e ON e.page_id = f.rowid "  # noqa: S608 (constant names, placeholders)
            f"WHERE qms_search_fts_title MATCH %s {excluded}ORDER BY length(e.title) LIMIT %s"
        )
        query = "title_folded : (" + " AND ".join([*(f'"{t}"' for t in tokens[:-1]), f'"{tokens[-1]}" *']) + ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *excluded_params, limit])
        return [row[0] for row in cursor.fetchall()]
