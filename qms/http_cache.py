"""The mark by which a view lets the public page cache keep its response (portal.middleware stores and serves).

In the project package so that any app can mark its public views without importing the portal; what may be
cached, and for whom, is decided by the middleware (anonymous GET/HEAD only, no cookie set, status 200).
"""

CACHEABLE = "portal_cacheable"


def mark_public(response, page_id: int | None = None):
    """Let the page cache keep this response; `page_id` is counted as a view of that page on every hit."""
    setattr(response, CACHEABLE, {"page_id": page_id})
    return response
