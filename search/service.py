"""The one search interface: search(query, user=..., filters=..., limit=..., offset=...) → SearchResponse.

Portal pages, staff pages and the JSON API all call this; none of them talks to a backend. The backend
is Elasticsearch when QMS_SEARCH_ELASTICSEARCH_URL is set and reachable, else the database; when
Elasticsearch fails the same query is answered by the database and the failure is logged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from .backends.base import FACET_COLUMNS, Hit, Outcome
from .backends.database import DatabaseBackend
from .highlight import mark, snippet
from .query import parse
from .text import clean_query
from .vocabulary import Vocabulary

logger = logging.getLogger("qms.search")
FILTER_KEYS = ("agency", "department", "field", "level", "type", "status")
MAX_LIMIT = 50
MAX_OFFSET = 1000


@dataclass
class SearchResponse:
    query: str
    total: int = 0
    took_ms: float = 0.0
    results: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in FACET_COLUMNS})
    did_you_mean: str = ""
    backend: str = "database"
    limit: int = 10
    offset: int = 0


def clean_filters(filters: dict | None) -> dict[str, str]:
    out = {}
    for key in FILTER_KEYS:
        value = (filters or {}).get(key)
        if isinstance(value, str):
            value = clean_query(value)[:255]
            if value:
                out[key] = value
    return out


def clamp(value, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def elasticsearch_url() -> str:
    return getattr(settings, "QMS_SEARCH_ELASTICSEARCH_URL", "") or ""


def get_backend():
    if elasticsearch_url():
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend(elasticsearch_url())
    return DatabaseBackend()


def search(query: str, *, user=None, filters: dict | None = None, limit: int = 10, offset: int = 0) -> SearchResponse:
    """Search what `user` may open (anonymous: public live pages only)."""
    started = time.perf_counter()
    limit = clamp(limit, 1, MAX_LIMIT, 10)
    offset = clamp(offset, 0, MAX_OFFSET, 0)
    filters = clean_filters(filters)
    parsed = parse(query or "", vocabulary=Vocabulary(user))
    response = SearchResponse(query=parsed.text, limit=limit, offset=offset, did_you_mean=parsed.did_you_mean)
    if parsed.empty:
        response.took_ms = round((time.perf_counter() - started) * 1000, 1)
        return response
    backend = get_backend()
    try:
        outcome: Outcome = backend.search(parsed, user=user, filters=filters, limit=limit, offset=offset)
    except Exception as exc:
        if backend.name == "database":
            raise
        logger.warning("search: %s failed (%s: %s); answering from the database", backend.name, type(exc).__name__, exc)
        backend = DatabaseBackend()
        outcome = backend.search(parsed, user=user, filters=filters, limit=limit, offset=offset)
    words = parsed.highlight_words()
    for hit in outcome.hits:
        hit.highlight = snippet(hit.title, hit.body, words, folded=hit.body_folded)
        hit.title_highlight = mark(hit.title, words)
    response.total, response.results, response.facets = outcome.total, outcome.hits, outcome.facets
    response.backend = backend.name
    response.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return response


def autocomplete(prefix: str, *, user=None, limit: int = 8) -> list[dict]:
    """Titles (and links) of pages the user may open whose title starts with the typed words, for typing ahead.

    Pages the user may not open are left out of the lookup itself (the vocabulary's hidden set) and filtered
    again by the permission query; should that still drop some, a larger pool is read, so they neither show
    nor crowd out the ones the user may open."""
    from .backends.database import autocomplete_ids, fetch_rows
    from .permissions import filter_viewable
    from .text import folded_tokens
    from .vocabulary import hidden_for

    limit = clamp(limit, 1, MAX_LIMIT, 8)
    tokens = [t for t in folded_tokens(clean_query(prefix)) if t.isalnum()][:8]
    if not tokens:
        return []
    hidden = hidden_for(user)
    pool = limit * 3
    for _attempt in range(3):
        ids = autocomplete_ids(tokens, pool, hidden)
        allowed = filter_viewable(user, ids)
        kept = [pk for pk in ids if pk in allowed]
        if len(kept) >= limit or len(ids) < pool:
            break
        pool *= 4
    rows = fetch_rows(kept[:limit])
    return [{"title": rows[pk]["title"], "url": rows[pk]["url"]} for pk in kept[:limit] if pk in rows]
