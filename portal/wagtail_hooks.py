"""Let the page cache keep Wagtail pages served to anonymous visitors, and count procedure views.

`on_serve_page` wraps the final serve step, which Wagtail reaches only after every `before_serve_page`
hook (view restrictions, document visibility) has let the request through. The page is only marked here:
portal.middleware stores it and serves later hits before Wagtail's routing runs (counting those views too).
A page reads no query parameter, so it declares none: an anonymous visitor's page is served without them and
keyed by its path alone (``/thu-tuc/x/?anything`` is the cached ``/thu-tuc/x/``).
"""

from wagtail import hooks

from documents.models import ProcedurePage
from qms.http_cache import canonicalise_request, is_cacheable_request, private

from .caching import mark_cacheable, record_view


@hooks.register("on_serve_page")
def serve_from_page_cache(next_serve):
    def serve(page, request, args, kwargs):
        counted = isinstance(page, ProcedurePage)
        if counted and request.method == "GET":
            record_view(page.pk)
        cacheable = is_cacheable_request(request)
        if cacheable:
            canonicalise_request(request, ())
        response = next_serve(page, request, args, kwargs)
        if cacheable:
            return mark_cacheable(response, page.pk if counted else None, params=())
        return private(response)

    return serve
