"""Whole-page caching for anonymous visitors, invalidated by a generation counter bumped on publish.

Portal views (the `qms.http_cache.anonymous_cache` decorator) and Wagtail pages (the `on_serve_page` hook) only *mark* a
response as cacheable; `portal.middleware.PortalCacheMiddleware`, placed early in MIDDLEWARE, stores marked
responses and serves them again before sessions, authentication, URL resolution and Wagtail's page routing
run, which is where the time of a page view went.

A cached page is keyed by the current generation, the scheme, host, path, the query parameters the view
declared (or the whole query string when it declared none) and the language of the request,
so any publish, unpublish, move, delete or view-restriction change (see signals.py) makes every older entry
unreachable at once. The generation lives in the database, so every worker of every server sees a bump;
each process keeps the value it read for GENERATION_TTL seconds (a bump in the same process forgets it at
once), so another worker serves a page published elsewhere at most that much later. Only anonymous GET/HEAD
requests without a session cookie are served from or stored in the cache, and only responses that set no
cookie; staff always get a fresh page. Entries also expire after PAGE_TTL, for what depends on the clock
("changed recently") or on view counts ("most viewed").
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpResponse
from wagtail.models import Page

from qms.http_cache import CACHEABLE, mark_public

from .models import CacheGeneration, ViewCount

logger = logging.getLogger("qms.portal")

GENERATION_KEY = "pages"
PAGE_TTL = 300
BROWSER_MAX_AGE = 60
GENERATION_TTL = 1.0
# The attribute a view sets on its response to let the middleware cache it (value: a dict, see mark_cacheable).
MARK = CACHEABLE

_memo: tuple[int, float] | None = None  # (generation, monotonic time until which it is trusted)


def _token() -> int:
    return secrets.randbits(62)


def generation() -> int:
    """The current generation: a random token, so a database restored or rolled back never meets old entries.

    Read from the database at most once per GENERATION_TTL seconds per process."""
    global _memo
    memo = _memo
    now = time.monotonic()
    if memo is not None and now < memo[1]:
        return memo[0]
    value = CacheGeneration.objects.filter(key=GENERATION_KEY).values_list("value", flat=True).first()
    if value is None:
        value = CacheGeneration.objects.get_or_create(key=GENERATION_KEY, defaults={"value": _token()})[0].value
    _memo = (value, now + getattr(settings, "QMS_PORTAL_GENERATION_TTL", GENERATION_TTL))
    return value


def forget_generation() -> None:
    """Drop this process's copy of the generation: the next request reads it from the database."""
    global _memo
    _memo = None


def bump(*_args, **_kwargs) -> None:
    """Make every cached page stale (connected to the signals that change what the public sees)."""
    CacheGeneration.objects.update_or_create(key=GENERATION_KEY, defaults={"value": _token()})
    forget_generation()
    # Another thread of this process may read the old value before the transaction commits: forget it again then.
    transaction.on_commit(forget_generation)


def mark_cacheable(
    response: HttpResponse, page_id: int | None = None, params: tuple[str, ...] | None = None
) -> HttpResponse:
    """Let the middleware cache this response (if the request and the response allow it); `params` as in
    qms.http_cache.mark_public."""
    return mark_public(response, page_id, params)


_pending: Counter = Counter()
_pending_lock = threading.Lock()
_last_flush = 0.0
VIEW_BATCH = 25
VIEW_FLUSH_INTERVAL = 5.0


def record_view(page_id: int) -> None:
    """Count a page view: counted in this process, written to the database in one transaction once at least
    QMS_PORTAL_VIEW_BATCH views are pending and QMS_PORTAL_VIEW_FLUSH_INTERVAL seconds have passed since the
    last write (a write per view would cost more than serving the cached page).

    Approximate: a worker that stops drops the views it had not written yet (a few seconds' worth)."""
    global _last_flush
    batch = max(1, getattr(settings, "QMS_PORTAL_VIEW_BATCH", VIEW_BATCH))
    interval = getattr(settings, "QMS_PORTAL_VIEW_FLUSH_INTERVAL", VIEW_FLUSH_INTERVAL)
    now = time.monotonic()
    with _pending_lock:
        _pending[page_id] += 1
        if _pending.total() < batch or now - _last_flush < interval:
            return
        pending = sorted(_pending.items())
        _pending.clear()
        _last_flush = now
    try:
        with transaction.atomic():
            # Only pages that still exist: the page key is checked at commit, too late to skip one row.
            existing = set(Page.objects.filter(pk__in=[pk for pk, _ in pending]).values_list("pk", flat=True))
            for pk, count in pending:
                if pk not in existing:
                    continue
                if not ViewCount.objects.filter(page_id=pk).update(count=F("count") + count):
                    ViewCount.objects.get_or_create(page_id=pk, defaults={"count": count})
    except DatabaseError:  # a page deleted meanwhile, a busy database: never fail the page view for a count
        logger.warning("could not write %d page views", sum(count for _, count in pending), exc_info=True)
