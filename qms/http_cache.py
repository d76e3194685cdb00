"""How a view lets the public page cache keep its response (portal.middleware stores and serves it).

In the project package so that any app (the portal, search) marks its public views the same way without
importing the portal; what may be cached, and for whom, is decided by the middleware (anonymous GET/HEAD
only, no cookie set, status 200).
"""

import functools

CACHEABLE = "portal_cacheable"  # the response attribute the middleware looks for


def mark_public(response, page_id: int | None = None):
    """Let the page cache keep this response; `page_id` is counted as a view of that page on every hit."""
    setattr(response, CACHEABLE, {"page_id": page_id})
    return response


def is_cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def private(response):
    response.setdefault("Cache-Control", "private, no-cache")
    return response


def anonymous_cache(view):
    """Decorator for views whose output depends only on the URL, the language and published content."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        return mark_public(response) if is_cacheable_request(request) else private(response)

    return wrapped
