"""Let the page cache keep Wagtail pages served to anonymous visitors, and count procedure views.

`on_serve_page` wraps the final serve step, which Wagtail reaches only after every `before_serve_page`
hook (view restrictions, document visibility) has let the request through. The page is only marked here:
portal.middleware stores it and serves later hits before Wagtail's routing runs (counting those views too).
"""

from wagtail import hooks

from documents.models import ProcedurePage
from qms.http_cache import is_cacheable_request, private

from .caching import mark_cacheable, record_view


@hooks.register("on_serve_page")
def serve_from_page_cache(next_serve):
    def serve(page, request, args, kwargs):
        counted = isinstance(page, ProcedurePage)
        if counted and request.method == "GET":
            record_view(page.pk)
        response = next_serve(page, request, args, kwargs)
        if is_cacheable_request(request):
            return mark_cacheable(response, page.pk if counted else None)
        return private(response)

    return serve
