"""A limit on uncached anonymous searches per client, so that a cache-busting flood cannot slow the portal.

Only cache misses are counted: the page cache answers repeated searches first, and on a miss of the search
page, the search API or autocomplete it calls `refuse_early`, which counts the request and refuses it at once
when it is past the limit (before the rest of the stack runs: a refusal must cost much less than a search).
Anonymous requests the cache may not serve (a session cookie) are counted by the views' decorator instead.
Logged-in users are never limited. Over the limit the visitor gets a 429 with Retry-After: the portal's page
on the search page, a JSON body on the APIs; the refusal is logged once per client and window. Settings: QMS_SEARCH_FLOOD_LIMIT requests per QMS_SEARCH_FLOOD_WINDOW seconds per client
(qms.clients.client_ip, which believes X-Forwarded-For only from QMS_TRUSTED_PROXIES; an IPv6 client counts
by its /64, the range one line gets). A limit of 0 turns the throttle off.

Why not django-ratelimit: it counts the same way (cache.add, then cache.incr) but requires a cache with atomic
increment shared by every process, and its system check refuses (django_ratelimit.E003) the production
fallback FileBasedCache and the tests' LocMemCache. The small counter below runs on any cache: on Redis
(REDIS_URL) INCR is atomic and the limit exact; on FileBasedCache add and incr read then write, so workers
racing on one client's counter can lose a few counts and let through up to about one window's limit per
worker. Past the limit nothing more is written (see count_hit), so a flood's refusals stay cheap. For a flood limiter that is enough: the point is a few uncached searches per second, not thousands.
Why not the database counter of the citizen lookup (records.ratelimit): that limit must hold exactly, this
one must stay cheap under a flood, and a database write per flooding request is what it guards against.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qms.clients import client_ip
from qms.http_cache import private

logger = logging.getLogger("qms.search")
KEY_PREFIX = "qms_search:flood"
TEMPLATE = "portal/too_many_requests.html"
SECONDS = 2147480647  # stands for the seconds to wait in the rendered page (see `page`)
MAX_PAGES = 16
_pages: dict[tuple[str, str], str] = {}
COUNTED = "_qms_search_flood_counted"
MAX_USED_UP = 10_000
_used_up: dict[
    tuple[str, int, int], bool
] = {}  # (client, window, window number) past the limit, in this process  # request attribute: this request was counted already
LIMITED_VIEWS = {"qms_search:search": False, "qms_search:api": True, "qms_search:autocomplete": True}  # → JSON?
EXPIRY_SLACK = 5  # seconds a window's counter outlives the window (clock skew between workers)


def client_bucket(request) -> str:
    """The client as the throttle counts it: its address, or its /64 for IPv6."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def count_hit(client: str, window: int, limit: int, now: float | None = None) -> tuple[int, int]:
    """Count one uncached search of this client in the current window: (hits so far, seconds left in it).

    A window once used up stays used up, so past the limit nothing is written: this process remembers it
    (no cache access at all for the rest of the window), and another process reads the count without
    raising it. A flood's refusals then cost a dictionary lookup, not a cache write each."""
    now = time.time() if now is None else now
    number = int(now // window)
    left = max(1, int((number + 1) * window - now))
    if (client, window, number) in _used_up:
        return limit + 2, left
    key = f"{KEY_PREFIX}:{client}:{window}:{number}"
    current = cache.get(key)
    if current is not None and current >= limit:
        hits = current + 1
    elif cache.add(key, 1, window + EXPIRY_SLACK):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window + EXPIRY_SLACK)
            hits = 1
    if hits > limit:
        if len(_used_up) >= MAX_USED_UP:
            _used_up.clear()
        _used_up[(client, window, number)] = True
    return hits, left


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
    response._has_been_logged = True  # Django would log every refused request of a flood: we log once per window
    return private(response)


def over_limit(request) -> int | None:
    """Count this uncached anonymous search (once per request); the seconds to wait if it is past the limit."""
    if getattr(request, COUNTED, False):
        return None
    setattr(request, COUNTED, True)
    limit, window = settings.QMS_SEARCH_FLOOD_LIMIT, settings.QMS_SEARCH_FLOOD_WINDOW
    if limit <= 0:
        return None
    client = client_bucket(request)
    hits, retry_after = count_hit(client, window, limit)
    if hits <= limit:
        return None
    if hits == limit + 1:
        logger.warning("search flood limit reached by %s (%d in %d s)", client, limit, window)
    return retry_after


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

    A search is counted here and, past the limit, refused at once: before sessions, authentication, URL
    resolution and the view, so that a flood's refusals cost little. The decorator below counts the
    searches this does not see (anonymous requests with a session cookie) and never counts one twice."""
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
