"""A limit on uncached anonymous searches per client, so that a cache-busting flood cannot slow the portal.

Only cache misses are counted: the page cache answers repeated searches first, and on a miss of the search
page, the search API or autocomplete it calls `refuse_early`, which counts the request and refuses it at once
when it is past the limit (before the rest of the stack runs: a refusal must cost much less than a search).
Anonymous requests the cache may not serve (a session cookie) are counted by the views' decorator instead.
Logged-in users are never limited. Over the limit the visitor gets a 429 with Retry-After: the portal's page
on the search page, a JSON body on the APIs; a client's refusals are logged once, not one line each.

The limit is a rate with a burst (GCRA, the "leaky bucket as a meter"): a client may run QMS_SEARCH_FLOOD_BURST
uncached searches at once, then QMS_SEARCH_FLOOD_RATE a minute. Fixed windows were tried first: a flood is
let through a whole window's allowance at each window start, and those searches at once tie up every worker
(cached pages waited up to half a second each time). With a rate, a flood gets one burst, then a trickle.
The client is qms.clients.client_bucket (X-Forwarded-For believed only from QMS_TRUSTED_PROXIES; an IPv6
client counts by its /64, the range one line gets). An office behind one address shares one allowance. A rate of
0 turns the limit off.

Why not django-ratelimit: it keeps fixed windows with cache.add and cache.incr, and requires a cache with
atomic increment shared by every process; its system check refuses (django_ratelimit.E003) the production
fallback FileBasedCache and the tests' LocMemCache. The meter below keeps one number per client (the time
its allowance is spent until) with cache.get and cache.set, which any cache shares between processes; two
workers reading it at the same moment may each let a search through, so under a concurrent flood up to one
more search per worker can pass at each step. That is enough for its purpose, a few uncached searches a
second rather than thousands. Once a client is refused, its worker remembers until when, and answers its
next requests without touching the cache. Why not the database counter of the citizen lookup
(records.ratelimit): that limit must hold exactly, this one must stay cheap under a flood, and a database
write per flooding request is what it guards against.
"""

from __future__ import annotations

import functools
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qms.clients import client_bucket
from qms.http_cache import private

logger = logging.getLogger("qms.search")
KEY_PREFIX = "qms_search:flood"
EXPIRY_SLACK = 5  # seconds a client's meter outlives what it holds (clock skew between workers)
COUNTED = "_qms_search_flood_counted"  # request attribute: this request was metered already
LIMITED_VIEWS = {"qms_search:search": False, "qms_search:api": True, "qms_search:autocomplete": True}  # → JSON?
TEMPLATE = "portal/too_many_requests.html"
SECONDS = 2147480647  # stands for the seconds to wait in the rendered page (see `page`)
MAX_PAGES = 16
MAX_REFUSED = 10_000
_pages: dict[tuple[str, str], str] = {}
_refused_until: dict[str, float] = {}  # client → time before which this process refuses it without asking


def take(client: str, per_minute: int, burst: int, now: float | None = None) -> float:
    """Meter one uncached search of this client: 0 when it may run, else the seconds until one may."""
    now = time.time() if now is None else now
    until = _refused_until.get(client)
    if until is not None and now < until:
        return until - now
    interval = 60 / per_minute
    tolerance = (max(1, burst) - 1) * interval
    key = f"{KEY_PREFIX}:{client}"
    spent_until = max(cache.get(key) or now, now)  # when the client's allowance is back to full
    if spent_until - now > tolerance:
        wait = spent_until - tolerance - now
        if until is None:
            logger.warning("search flood limit reached by %s (%d a minute, %d at once)", client, per_minute, burst)
        if len(_refused_until) >= MAX_REFUSED:
            _refused_until.clear()
        _refused_until[client] = now + wait
        return wait
    _refused_until.pop(client, None)
    cache.set(key, spent_until + interval, math.ceil(spent_until + interval - now) + EXPIRY_SLACK)
    return 0.0


def over_limit(request) -> int | None:
    """Meter this uncached anonymous search (once per request); the seconds to wait if it is past the limit."""
    if getattr(request, COUNTED, False):
        return None
    setattr(request, COUNTED, True)
    per_minute, burst = settings.QMS_SEARCH_FLOOD_RATE, settings.QMS_SEARCH_FLOOD_BURST
    if per_minute <= 0:
        return None
    wait = take(client_bucket(request), per_minute, burst)
    return max(1, math.ceil(wait)) if wait > 0 else None


def message(seconds: int) -> str:
    return _("Bạn đã tìm kiếm quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %(seconds)d giây.") % {
        "seconds": seconds
    }


def page(request) -> str:
    """The 429 page of this path and language, with SECONDS in place of the wait: rendered once per process.

    Under a flood every refusal is this page, and rendering the portal's frame costs more than the rest of
    the refusal; it depends on nothing but the path and the language (it links to the search itself, without
    the refused query), so each worker renders it once and fills in the seconds."""
    key = (request.path, translation.get_language())
    html = _pages.get(key)
    if html is None:
        request.META["QUERY_STRING"] = ""
        html = render_to_string(TEMPLATE, {"message": message(SECONDS)}, request)
        if len(_pages) < MAX_PAGES:
            _pages[key] = html
    return html


def too_many(request, retry_after: int, *, json: bool) -> HttpResponse:
    if json:
        body = {"detail": message(retry_after), "retry_after": retry_after}
        response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(page(request).replace(str(SECONDS), str(retry_after)), status=429)
    response["Retry-After"] = str(retry_after)
    response._has_been_logged = True  # Django would log every refused request of a flood: `take` logs once
    return private(response)


@functools.lru_cache(maxsize=8)
def _limited_paths(urlconf: str) -> dict[str, bool]:
    paths = {}
    for name, json in LIMITED_VIEWS.items():
        try:
            paths[reverse(name, urlconf=urlconf)] = json
        except NoReverseMatch:
            continue
    return paths


def refuse_early(request, language: str) -> HttpResponse | None:
    """The page cache's hook for a miss of a cookie-less anonymous request (portal.middleware).

    A search is metered here and, past the limit, refused at once: before sessions, authentication, URL
    resolution and the view, so that a flood's refusals cost little. The decorator below meters the
    searches this does not see (anonymous requests with a session cookie) and never meters one twice."""
    json = _limited_paths(getattr(request, "urlconf", None) or settings.ROOT_URLCONF).get(request.path)
    if json is None:
        return None
    retry_after = over_limit(request)
    if retry_after is None:
        return None
    with translation.override(language):
        response = too_many(request, retry_after, json=json)
    response["Content-Language"] = language
    return response


def flood_limited(*, json: bool):
    """Decorator: refuse a client's uncached anonymous searches past the limit (see the module docstring)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                retry_after = over_limit(request)
                if retry_after is not None:
                    return too_many(request, retry_after, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def forget() -> None:
    """Drop what this process remembers of refused clients (tests)."""
    _refused_until.clear()
