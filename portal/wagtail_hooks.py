"""Serve Wagtail pages to anonymous visitors from the page cache, and count procedure views.

`on_serve_page` wraps the final serve step, which Wagtail reaches only after every `before_serve_page`
hook (view restrictions, document visibility) has let the request through.
"""

from wagtail import hooks

from documents.models import ProcedurePage

from .caching import cached_page, record_view


@hooks.register("on_serve_page")
def serve_from_page_cache(next_serve):
    def serve(page, request, args, kwargs):
        if isinstance(page, ProcedurePage) and request.method == "GET":
            record_view(page.pk)
        return cached_page(request, lambda: next_serve(page, request, args, kwargs))

    return serve
