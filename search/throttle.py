"""A limit on uncached anonymous searches per client, so that a cache-busting flood cannot slow the portal.

Only requests that reach a search view are counted: the page cache answers repeated searches before any view
runs, so what is counted is exactly the cache misses of the search page, the search API and autocomplete
(and anonymous requests the cache may not serve, e.g. with a session cookie). Logged-in users are never
limited. Over the limit the visitor gets a 429 with Retry-After: the portal's page on the search page, a JSON
body on the APIs. Settings: QMS_SEARCH_FLOOD_LIMIT requests per QMS_SEARCH_FLOOD_WINDOW seconds per client
(qms.clients.client_ip, which believes X-Forwarded-For only from QMS_TRUSTED_PROXIES; an IPv6 client counts
by its /64, the range one line gets). A limit of 0 turns the throttle off.

Why not django-ratelimit: it counts the same way (cache.add, then cache.incr) but requires a cache with atomic
increment shared by every process, and its system check refuses (django_ratelimit.E003) the production
fallback FileBasedCache and the tests' LocMemCache. The small counter below runs on any cache: on Redis
(REDIS_URL) INCR is atomic and the limit exact; on FileBasedCache add and incr read then write, so workers
racing on one client's counter can lose a few counts and let through up to about one window's limit per
worker. For a flood limiter that is enough: the point is a few uncached searches per second, not thousands.
Why not the database counter of the citizen lookup (records.ratelimit): that limit must hold exactly, this
one must stay cheap under a flood, and a database write per flooding request is what it guards against.
"""

from __future__ import annotations

import functools
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qms.clients import client_ip
from qms.http_cache import private

KEY_PREFIX = "qms_search:flood"
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


def count_hit(client: str, window: int, now: float | None = None) -> tuple[int, int]:
    """Count one uncached search of this client in the current window: (hits so far, seconds left in it)."""
    now = time.time() if now is None else now
    number = int(now // window)
    key = f"{KEY_PREFIX}:{client}:{window}:{number}"
    if cache.add(key, 1, window + EXPIRY_SLACK):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window + EXPIRY_SLACK)
            hits = 1
    return hits, max(1, int((number + 1) * window - now))


def too_many(request, retry_after: int, *, json: bool):
    message = _("Bạn đã tìm kiếm quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %(seconds)d giây.") % {
        "seconds": retry_after
    }
    if json:
        body = {"detail": message, "retry_after": retry_after}
        response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    else:
        context = {"retry_after": retry_after, "message": message}
        response = render(request, "portal/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return private(response)


def flood_limited(*, json: bool):
    """Decorator: refuse a client's uncached anonymous searches past the limit (see the module docstring)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            limit, window = settings.QMS_SEARCH_FLOOD_LIMIT, settings.QMS_SEARCH_FLOOD_WINDOW
            if limit > 0 and not request.user.is_authenticated:
                hits, retry_after = count_hit(client_bucket(request), window)
                if hits > limit:
                    return too_many(request, retry_after, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
