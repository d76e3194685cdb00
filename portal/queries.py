"""Read-only queries of the portal. Every one starts from documents.permissions.viewable_pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from documents.models import Agency, ControlledDocumentPage, ProcedurePage
from documents.models.pages import DocumentType, LevelChoices
from documents.permissions import viewable_pages

from .models import ViewCount

SORTS = {
    "name": ("title", _("Tên thủ tục")),
    "code": ("tthc_code", _("Mã thủ tục")),
    "recent": ("-last_published_at", _("Mới cập nhật")),
}
DEFAULT_SORT = "name"


def procedures_for(user) -> QuerySet[ProcedurePage]:
    """The live procedures this user may open (anonymous: public ones only)."""
    return ProcedurePage.objects.filter(page_ptr__in=viewable_pages(user).values("pk"))


@dataclass
class ProcedureFilters:
    field: str = ""
    level: str = ""
    agency: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> ProcedureFilters:
        def text(name: str) -> str:
            return " ".join(str(params.get(name, "")).split())[:255]

        sort = text("sort")
        level = text("level")
        return cls(
            field=text("field"),
            level=level if level in LevelChoices.values else "",
            agency=text("agency"),
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )

    def apply(self, procedures: QuerySet[ProcedurePage]) -> QuerySet[ProcedurePage]:
        if self.field:
            procedures = procedures.filter(tthc_field=self.field)
        if self.level:
            procedures = procedures.filter(tthc_levels__regex=rf"(^|\s){self.level}(\s|$)")
        if self.agency:
            procedures = procedures.filter(agency__code__iexact=self.agency)
        return procedures.order_by(SORTS[self.sort][0], "title", "pk")


def field_counts(procedures: QuerySet[ProcedurePage]) -> list[dict]:
    rows = procedures.exclude(tthc_field="").values("tthc_field").annotate(count=Count("pk")).order_by("tthc_field")
    return [{"value": row["tthc_field"], "label": row["tthc_field"], "count": row["count"]} for row in rows]


def level_counts(procedures: QuerySet[ProcedurePage]) -> list[dict]:
    counts = []
    for code, label in LevelChoices.choices:
        count = ProcedureFilters(level=code).apply(procedures).count()
        if count:
            counts.append({"value": code, "label": label, "count": count})
    return counts


def agency_counts(procedures: QuerySet[ProcedurePage]) -> list[dict]:
    per_agency = dict(procedures.values_list("agency_id").annotate(count=Count("pk")).order_by())
    agencies = Agency.objects.filter(pk__in=per_agency).select_related("library")
    return [
        {"value": agency.code, "label": agency.name, "count": per_agency[agency.pk], "agency": agency}
        for agency in agencies
    ]


def most_viewed(procedures: QuerySet[ProcedurePage], limit: int = 8) -> list[ProcedurePage]:
    top = ViewCount.objects.filter(page__in=procedures.values("pk"), count__gt=0).order_by("-count", "page_id")
    ids = list(top.values_list("page_id", flat=True)[:limit])
    pages = procedures.in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]


def quality_documents(user) -> list[ControlledDocumentPage]:
    """The published quality policy and objectives this user may open."""
    return list(
        ControlledDocumentPage.objects.filter(
            page_ptr__in=viewable_pages(user).values("pk"),
            document_type__in=[DocumentType.POLICY, DocumentType.OBJECTIVES],
        )
        .select_related("agency")
        .order_by("agency__name", "document_type", "title")
    )


def by_code(user, code: str, agency: str = "") -> list[ProcedurePage]:
    """Procedures with this national code (one per agency at most), optionally of one agency."""
    found = procedures_for(user).filter(tthc_code__iexact=code).select_related("agency")
    if agency:
        found = found.filter(agency__code__iexact=agency)
    return list(found.order_by("agency__name"))
