"""Whole-page caching for anonymous visitors, invalidated by a generation counter bumped on publish.

A cached page is keyed by the current generation, the active language and the request path, so any
publish, unpublish, move, delete or view-restriction change (see signals.py) makes every older entry
unreachable at once, on every worker. Only anonymous GET/HEAD requests that set no cookie are cached;
staff always get a fresh page. Entries also expire after a while, for what depends on the clock
("changed recently") or on view counts ("most viewed").
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .models import CacheGeneration, ViewCount

GENERATION_KEY = "pages"
PAGE_TTL = 300
BROWSER_MAX_AGE = 60


def _token() -> int:
    return secrets.randbits(62)


def generation() -> int:
    """The current generation: a random token, so a database restored or rolled back never meets old entries."""
    value = CacheGeneration.objects.filter(key=GENERATION_KEY).values_list("value", flat=True).first()
    if value is None:
        value = CacheGeneration.objects.get_or_create(key=GENERATION_KEY, defaults={"value": _token()})[0].value
    return value


def bump(*_args, **_kwargs) -> None:
    """Make every cached page stale (connected to the signals that change what the public sees)."""
    CacheGeneration.objects.update_or_create(key=GENERATION_KEY, defaults={"value": _token()})


def is_cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _key(request: HttpRequest, gen: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{get_language()}"
    return f"portal:page:{gen}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def _finish(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    if request.headers.get("If-None-Match") == etag:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


def cached_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The cached copy of this page for an anonymous visitor, rendering and storing it on a miss."""
    if not is_cacheable_request(request):
        response = render()
        response.setdefault("Cache-Control", "private, no-cache")
        return response
    key = _key(request, generation())
    hit = cache.get(key)
    if hit is not None:
        status, content_type, content, etag = hit
        response = HttpResponse(content, content_type=content_type, status=status)
        response["X-Portal-Cache"] = "hit"
        return _finish(request, response, etag)
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200 or response.cookies or response.streaming:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:24] + '"'
    cache.set(key, (response.status_code, response["Content-Type"], response.content, etag), PAGE_TTL)
    response["X-Portal-Cache"] = "miss"
    return _finish(request, response, etag)


def anonymous_cache(view):
    """Decorator for portal views whose output depends only on the URL, the language and published content."""

    def wrapped(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def record_view(page_id: int) -> None:
    """Count a page view: counted in the cache, written to the database once every few views."""
    batch = max(1, getattr(settings, "QMS_PORTAL_VIEW_BATCH", 25))
    key = f"portal:views:{page_id}"
    try:
        pending = cache.incr(key)
    except ValueError:
        cache.add(key, 0, None)
        pending = cache.incr(key)
    if pending % batch:
        return
    if not ViewCount.objects.filter(page_id=page_id).update(count=F("count") + batch):
        ViewCount.objects.get_or_create(page_id=page_id, defaults={"count": batch})
