"""Portal views: thin, each calls the permission-filtered queries and renders."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from documents.models import ProcedurePage
from documents.permissions import viewable_pages
from qms.http_cache import anonymous_cache

from . import queries

PAGE_SIZE = 20


@require_GET
@anonymous_cache(params=("field", "level", "agency", "sort", "page"))
def procedure_list(request):
    """All procedures the visitor may open, filterable by field, level and agency, sortable, paginated."""
    visible = queries.procedures_for(request.user)
    filters = queries.ProcedureFilters.from_params(request.GET)
    listing = (
        filters.apply(visible)
        .select_related("agency")
        .only("title", "official_name", "tthc_code", "iso_code", "tthc_field", "tthc_level", "url_path", "agency__name")
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/procedure_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "fields": queries.field_counts(visible),
            "levels": queries.level_counts(visible),
            "agencies": queries.agency_counts(visible),
            "sorts": [(key, label) for key, (_, label) in queries.SORTS.items()],
            "base_query": params.urlencode(),
        },
    )


@require_GET
def procedure_by_code(request, code: str):
    """The stable address of a procedure by its national code: redirects to the page, or lets one choose."""
    found = queries.by_code(request.user, code, request.GET.get("agency", ""))
    if not found:
        raise Http404
    if len(found) == 1:
        return HttpResponseRedirect(found[0].url)
    return render(request, "portal/choose_agency.html", {"code": code, "procedures": found}, status=300)


@require_GET
@anonymous_cache(params=())
def procedure_print(request, page_id: int):
    """A one-sheet print view (A4) of a procedure, like the notice posted at the one-stop office."""
    try:
        procedure = queries.procedures_for(request.user).select_related("agency", "department").get(pk=page_id)
    except ProcedurePage.DoesNotExist as exc:
        raise Http404 from exc
    context = procedure.get_context(request)
    context["stable_url"] = request.build_absolute_uri(
        reverse("portal:procedure_by_code", args=[procedure.tthc_code]) if procedure.tthc_code else procedure.url
    )
    return render(request, "portal/procedure_print.html", context)


@require_GET
def switch_language(request, language: str):
    """Switch language with a plain link (no form, so cached pages need no CSRF token)."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    # translate_url resolves the path in the active language: activate the one the path is in.
    with translation.override(translation.get_language_from_path(urlsplit(target).path) or settings.LANGUAGE_CODE):
        target = translate_url(target, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_GET
@anonymous_cache(params=())
def sitemap(request):
    """sitemap.xml of every page an anonymous visitor may open, whoever asks."""
    pages = viewable_pages(AnonymousUser()).exclude(depth=1).order_by("path").only("url_path", "last_published_at")
    entries = [
        (request.build_absolute_uri(url), page.last_published_at) for page in pages if (url := page.get_url(request))
    ]
    return render(request, "portal/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8")


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /ban-in/",
        "Disallow: /ngon-ngu/",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
