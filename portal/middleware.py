"""Serve cached portal pages to anonymous visitors before the rest of the stack runs.

Placed right after SecurityMiddleware and WhiteNoise: a hit skips sessions, CSRF, authentication, URL
resolution and Wagtail's site lookup and page routing (a dozen queries), and costs one generation check
(in memory, see caching.generation) and one cache read.

A request may be served from the cache, or its response stored, only when it is a GET or HEAD that carries
no session cookie, no message cookie and no Authorization header: whoever is logged in, or has something
in a session (a message, a passed page password), always reaches the views. A response is stored only when
a portal view or page marked it (caching.mark_cacheable), it answers a GET with 200, it sets no cookie
(a form's CSRF token, a language switch), it is not streamed, it was rendered in the language of the key,
and it varies on nothing the key does not hold (e.g. Accept-Encoding once compressed). The stored copy keeps the
headers the inner middleware set (Vary, Content-Language, X-Frame-Options), so a hit answers exactly what a miss did.

The key holds the query parameters the view declared (qms.http_cache.anonymous_cache(params=...)), in canonical
order and normalised, not the raw query string: a random extra parameter cannot make a cached page a miss. The
middleware learns a path's parameters from the first marked response of that path (per process, bounded), so
after one miss per worker every spelling of a URL is served from one entry.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

from qms.http_cache import canonical_query, private
from search.throttle import refuse_early

from . import caching

MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage
NOT_STORED_HEADERS = {"x-portal-cache", "set-cookie"}
NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Vary", "Content-Language")
# What the key already accounts for: Cookie (only cookie-less visitors share a page) and the language.
KEYED_VARY = {"cookie", "accept-language"}
LEARNED_PATHS = 10_000  # paths whose declared parameters this process remembers

_params_by_path: OrderedDict[str, tuple[str, ...]] = OrderedDict()
_params_lock = threading.Lock()


def learn_params(path: str, params: tuple[str, ...]) -> None:
    with _params_lock:
        _params_by_path[path] = params
        _params_by_path.move_to_end(path)
        while len(_params_by_path) > LEARNED_PATHS:
            _params_by_path.popitem(last=False)


def forget_params() -> None:
    with _params_lock:
        _params_by_path.clear()


def request_language(request: HttpRequest) -> str:
    """The language LocaleMiddleware will activate for this request (same rules, computed before it runs)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    from_path = translation.get_language_from_path(request.path_info)
    if not from_path and i18n_patterns_used and not prefixed_default_language:
        language = settings.LANGUAGE_CODE
    return language


def may_use_cache(request: HttpRequest) -> bool:
    """Whether this request may be answered from, or stored in, the page cache (decided before any view runs)."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.DISALLOWED_USER_AGENTS:  # CommonMiddleware refuses these: let it
        return False
    return True


def cache_key(request: HttpRequest, language: str, params: tuple[str, ...] | None = None) -> str | None:
    """The page-cache key: by the declared parameters when known (given, or learned for this path), else the
    whole query string."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # let CommonMiddleware answer it as usual
    if params is None:
        params = _params_by_path.get(request.path)
    if params is None:
        target = f"raw|{request.get_full_path()}"
    else:
        target = f"canonical|{request.path}?{canonical_query(request.GET, params).urlencode()}"
    raw = f"{request.scheme}|{host}|{target}|{language}"
    return f"portal:page:{caching.generation()}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def get_vary(response: HttpResponse) -> list[str]:
    return [name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()]


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    etag = response.get("ETag")
    if etag and request.headers.get("If-None-Match") == etag:
        not_modified = HttpResponseNotModified()
        for header in NOT_MODIFIED_HEADERS:
            if header in response:
                not_modified[header] = response[header]
        not_modified["X-Portal-Cache"] = response["X-Portal-Cache"]
        return not_modified
    return response


class PortalCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = language = None
        if may_use_cache(request):
            language = request_language(request)
            key = cache_key(request, language)
        if key is not None:
            entry = cache.get(key)
            if entry is not None:
                return self.serve(request, entry)
            refused = refuse_early(request, language)  # a miss of a flood-limited search past its limit
            if refused is not None:
                return refused
        response = self.get_response(request)
        return self.store(request, response, key, language)

    def serve(self, request: HttpRequest, entry: tuple) -> HttpResponse:
        status, headers, content, page_id = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Portal-Cache"] = "hit"
        if page_id is not None and request.method == "GET":
            caching.record_view(page_id)
        return _conditional(request, response)

    def store(self, request: HttpRequest, response: HttpResponse, key: str | None, language: str | None):
        mark = getattr(response, caching.MARK, None)
        if mark is None:
            return response  # not a portal page: leave it alone
        user = getattr(request, "user", None)
        storable = (
            key is not None
            and not (user is not None and user.is_authenticated)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Language", translation.get_language()) == language
            and not set(get_vary(response)) - KEYED_VARY
        )
        if not storable:
            return private(response)
        if mark.get("params") is not None:  # key by the declared parameters, and remember them for this path
            learn_params(request.path, mark["params"])
            key = cache_key(request, language, mark["params"])
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:24] + '"'
        response["Cache-Control"] = f"public, max-age={caching.BROWSER_MAX_AGE}"
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        if request.method == "GET":
            headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
            cache.set(key, (response.status_code, headers, response.content, mark["page_id"]), caching.PAGE_TTL)
        response["X-Portal-Cache"] = "miss"
        return _conditional(request, response)
