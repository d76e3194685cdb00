"""How a view lets the public page cache keep its response (portal.middleware stores and serves it).

In the project package so that any app (the portal, search) marks its public views the same way without
importing the portal; what may be cached, and for whom, is decided by the middleware (anonymous GET/HEAD
only, no cookie set, status 200).

A view declares the query parameters its answer depends on: ``@anonymous_cache(params=("q", "page"))``.
It then sees only those, normalised (``canonical_query``), and the page cache keys its answer by them in
canonical order, so ``?page=2&q=khai%20sinh&utm=x`` and ``?q=khai+sinh&page=2`` share one entry. A URL with
other parameters is served from that entry rather than redirected: one cache read instead of a second round
trip for every such request (a flood's included), and API clients that do not follow redirects still get
their answer. Since the view never sees the other parameters, the stored answer is exactly what any
spelling of the URL would have got. Without ``params`` the whole query string keys the answer (the safe
default for a view that reads parameters nobody declared).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from django.http import QueryDict

CACHEABLE = "portal_cacheable"  # the response attribute the middleware looks for


def normalise_value(value: str) -> str:
    """A parameter value as every view reads it: NFC, whitespace trimmed and collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def canonical_query(query: QueryDict, names: Iterable[str]) -> QueryDict:
    """Only the declared parameters, sorted by name, values normalised; empty ones dropped.

    Of a repeated parameter the last value is kept, the one ``QueryDict.get`` (what the views call) returns."""
    canonical = QueryDict(mutable=True)
    for name in sorted(set(names)):
        if name in query:
            value = normalise_value(query.get(name) or "")
            if value:
                canonical[name] = value
    canonical._mutable = False
    return canonical


def canonicalise_request(request, names: Iterable[str]) -> None:
    """Make the request show only the declared parameters, to the view and to whatever prints its URL (the
    language links use get_full_path), so that nothing of another spelling ends up in a shared answer."""
    request.GET = canonical_query(request.GET, names)
    request.META["QUERY_STRING"] = request.GET.urlencode()


def mark_public(response, page_id: int | None = None, params: tuple[str, ...] | None = None):
    """Let the page cache keep this response; `page_id` is counted as a view of that page on every hit.

    `params`: the query parameters the answer depends on (None: the whole query string)."""
    setattr(response, CACHEABLE, {"page_id": page_id, "params": params})
    return response


def is_cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def private(response):
    response.setdefault("Cache-Control", "private, no-cache")
    return response


def anonymous_cache(view=None, *, params: Iterable[str] | None = None):
    """Decorator for views whose output depends only on the URL, the language and published content.

    ``@anonymous_cache`` keys by the whole query string; ``@anonymous_cache(params=(...))`` by the declared
    parameters only, which are then all the view sees of ``request.GET`` (for every visitor, so a view behaves
    the same whoever asks)."""
    declared = tuple(sorted(set(params))) if params is not None else None

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if declared is not None:
                canonicalise_request(request, declared)
            response = view(request, *args, **kwargs)
            if is_cacheable_request(request):
                return mark_public(response, params=declared)
            return private(response)

        wrapped.cache_params = declared
        return wrapped

    return decorate(view) if view is not None else decorate
