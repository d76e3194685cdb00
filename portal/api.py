"""The open-data API: published, public procedures as read-only JSON, described by OpenAPI.

Only the fields posted publicly on the national portal are exposed, by an explicit whitelist
(`serialise_*`), and every query goes through documents.permissions.viewable_pages as an anonymous
visitor — whoever asks, so a logged-in browser never sees more here than the public does.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.decorators import decorate_view
from ninja.renderers import JSONRenderer

from documents.models import ProcedurePage
from qms.http_cache import anonymous_cache

from . import queries

MAX_PAGE_SIZE = 100


class VietnameseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Open data: administrative procedures",
    version="1.0.0",
    description="Published public administrative procedures (thủ tục hành chính) of the agencies on this portal.",
    urls_namespace="portal_api",
    docs_url=None,
    renderer=VietnameseJSONRenderer(),
)


class AgencyOut(Schema):
    code: str
    name: str


class ChannelOut(Schema):
    channel: str
    time_limit: str
    fee: str
    description: str


class ComponentOut(Schema):
    group: str
    name: str
    form: str
    copies: str


class StepOut(Schema):
    title: str
    detail: str


class LegalBasisOut(Schema):
    number: str
    title: str
    issued: datetime.date | None
    issuer: str


class ResultOut(Schema):
    name: str
    code: str


class FormOut(Schema):
    code: str
    name: str
    url: str | None


class ProcedureSummary(Schema):
    code: str
    name: str
    field: str
    level: str
    level_codes: list[str]
    agency: AgencyOut
    edition: int
    issued_on: datetime.date | None
    effective_on: datetime.date | None
    updated_at: datetime.datetime | None
    url: str
    api_url: str


class ProcedureDetail(ProcedureSummary):
    decision_number: str
    procedure_type: str
    subjects: str
    implementing_agency: str
    competent_authority: str
    receiving_address: str
    conditions: str
    channels: list[ChannelOut]
    dossier_components: list[ComponentOut]
    steps: list[StepOut]
    legal_bases: list[LegalBasisOut]
    results: list[ResultOut]
    forms: list[FormOut]


class ProcedurePageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ProcedureSummary]


class ListParams(Schema):
    field: str = ""
    level: str = ""
    agency: str = ""
    sort: str = queries.DEFAULT_SORT
    page: int = 1
    page_size: int = 20


class ErrorOut(Schema):
    detail: str
    choices: list[str] = []


def _blocks(stream, names: tuple[str, ...]) -> list[dict]:
    return [{name: block.value.get(name) or "" for name in names} for block in stream]


def serialise_summary(request: HttpRequest, page: ProcedurePage) -> dict:
    agency = page.agency
    return {
        "code": page.tthc_code,
        "name": page.display_name,
        "field": page.tthc_field,
        "level": page.tthc_level,
        "level_codes": page.level_codes,
        "agency": {"code": agency.code if agency else "", "name": agency.name if agency else ""},
        "edition": page.edition,
        "issued_on": page.issued_on,
        "effective_on": page.effective_on,
        "updated_at": page.last_published_at,
        "url": request.build_absolute_uri(page.get_url(request)),
        "api_url": request.build_absolute_uri(
            reverse("portal_api:procedure_detail", args=[page.tthc_code]) + f"?agency={agency.code if agency else ''}"
        ),
    }


def serialise_detail(request: HttpRequest, page: ProcedurePage) -> dict:
    forms = [
        {
            "code": block.value.get("code") or "",
            "name": block.value.get("name") or "",
            "url": request.build_absolute_uri(block.value["document"].url) if block.value.get("document") else None,
        }
        for block in page.forms
    ]
    legal = [
        {**row, "issued": row["issued"] or None}
        for row in _blocks(page.legal_bases, ("number", "title", "issued", "issuer"))
    ]
    return {
        **serialise_summary(request, page),
        "decision_number": page.tthc_decision_number,
        "procedure_type": page.tthc_procedure_type,
        "subjects": page.tthc_subjects,
        "implementing_agency": page.tthc_implementing_agency,
        "competent_authority": page.tthc_competent_authority,
        "receiving_address": page.tthc_receiving_address,
        "conditions": page.tthc_conditions,
        "channels": _blocks(page.channels, ("channel", "time_limit", "fee", "description")),
        "dossier_components": _blocks(page.dossier_components, ("group", "name", "form", "copies")),
        "steps": _blocks(page.public_steps, ("title", "detail")),
        "legal_bases": legal,
        "results": _blocks(page.results, ("name", "code")),
        "forms": forms,
    }


def published_procedures():
    """Public, live procedures that carry a national code: the open data set."""
    return queries.procedures_for(AnonymousUser()).exclude(tthc_code="").select_related("agency")


@api.get("/procedures/", response=ProcedurePageOut, url_name="procedure_list", tags=["procedures"])
@decorate_view(anonymous_cache(params=tuple(ListParams.model_fields)))
def procedure_list(request, params: Query[ListParams]):
    """Published procedures, filtered by field (exact name), level (ministry/province/commune/other) and agency code."""
    filters = queries.ProcedureFilters.from_params(params.dict())
    page_size = max(1, min(MAX_PAGE_SIZE, params.page_size))
    paginator = Paginator(filters.apply(published_procedures()), page_size)
    page = paginator.get_page(params.page)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialise_summary(request, procedure) for procedure in page.object_list],
    }


@api.get(
    "/procedures/{code}/",
    response={200: ProcedureDetail, 300: ErrorOut, 404: ErrorOut},
    url_name="procedure_detail",
    tags=["procedures"],
)
@decorate_view(anonymous_cache(params=("agency",)))
def procedure_detail(request, code: str, agency: str = ""):
    """One published procedure by national code; when several agencies post it, pass `agency` (its code)."""
    found = published_procedures().filter(tthc_code__iexact=code)
    if agency:
        found = found.filter(agency__code__iexact=agency)
    found = list(found)
    if not found:
        return Status(404, {"detail": "Not found"})
    if len(found) > 1:
        choices = [serialise_summary(request, page)["api_url"] for page in found]
        return Status(300, {"detail": "Several agencies post this procedure: choose one", "choices": choices})
    return Status(200, serialise_detail(request, found[0]))
