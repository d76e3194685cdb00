"""HTTP entry points of search: the JSON API. Thin: validate, call the service, serialise."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from qms.http_cache import anonymous_cache

from .service import FILTER_KEYS, MAX_OFFSET, SearchResponse, autocomplete, clamp, search
from .throttle import flood_limited


def serialise(response: SearchResponse) -> dict:
    return {
        "query": response.query,
        "total": response.total,
        "took_ms": response.took_ms,
        "limit": response.limit,
        "offset": response.offset,
        "did_you_mean": response.did_you_mean or None,
        "backend": response.backend,
        "results": [
            {
                "title": hit.title,
                "url": hit.url,
                "doc_type": hit.doc_type,
                "iso_code": hit.iso_code or None,
                "tthc_code": hit.tthc_code or None,
                "agency": hit.agency,
                "department": hit.department,
                "field": hit.field,
                "level": hit.level,
                "edition": hit.edition,
                "highlight": hit.highlight,
                "title_highlight": hit.title_highlight,
            }
            for hit in response.results
        ],
        "facets": response.facets,
    }


API_PARAMS = ("q", "limit", "offset", *FILTER_KEYS)
PAGE_PARAMS = ("q", "page", *FILTER_KEYS)


@require_GET
@flood_limited(json=True)
@anonymous_cache(params=API_PARAMS)
def api_search(request):
    params = request.GET
    response = search(
        params.get("q", ""),
        user=request.user,
        filters={key: params.get(key, "") for key in FILTER_KEYS},
        limit=params.get("limit", 10),
        offset=params.get("offset", 0),
    )
    return JsonResponse(serialise(response), json_dumps_params={"ensure_ascii": False})


FACET_LABELS = {
    "agency": _("Cơ quan"),
    "department": _("Phòng ban"),
    "field": _("Lĩnh vực"),
    "level": _("Cấp thực hiện"),
    "type": _("Loại tài liệu"),
    "status": _("Trạng thái"),
}
PAGE_SIZE = 10


def _page_context(request) -> dict:
    params = request.GET
    page_number = clamp(params.get("page"), 1, MAX_OFFSET // PAGE_SIZE, 1)
    filters = {key: params.get(key, "") for key in FILTER_KEYS}
    response = search(
        params.get("q", ""), user=request.user, filters=filters, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE
    )
    pages = max(1, -(-response.total // PAGE_SIZE))
    facets = []
    for name, values in response.facets.items():
        if values:
            links = []
            for value in values:
                query = params.copy()
                query[name] = "" if filters.get(name) == value["value"] else value["value"]
                query.pop("page", None)
                links.append({**value, "selected": filters.get(name) == value["value"], "query": query.urlencode()})
            facets.append({"name": name, "label": FACET_LABELS.get(name, name), "values": links})

    def page_link(number):
        query = params.copy()
        query["page"] = number
        return query.urlencode()

    return {
        "response": response,
        "query": params.get("q", ""),
        "facets": facets,
        "page_number": page_number,
        "page_count": pages,
        "previous_query": page_link(page_number - 1) if page_number > 1 else "",
        "next_query": page_link(page_number + 1) if page_number < pages else "",
        "did_you_mean_query": urlencode({"q": response.did_you_mean}) if response.did_you_mean else "",
    }


@require_GET
@flood_limited(json=False)
@anonymous_cache(params=PAGE_PARAMS)
def search_page(request):
    """The public search page of the portal (staff who are logged in also find what they may open)."""
    context = _page_context(request) | {"search_action": reverse("qms_search:search")}
    return render(request, "qms_search/search_page.html", context)


@require_GET
def admin_search_page(request):
    """The staff search, inside the admin: the same service and permissions, in the admin's frame."""
    context = _page_context(request) | {"search_action": reverse("qms_search_admin")}
    return render(request, "qms_search/admin_search.html", context)


@require_GET
@flood_limited(json=True)
@anonymous_cache(params=("q",))
def autocomplete_api(request):
    titles = autocomplete(request.GET.get("q", ""), user=request.user)
    return JsonResponse({"results": titles}, json_dumps_params={"ensure_ascii": False})
