"""Template helpers the portal adds to the shared page templates (home, procedure page, language switch)."""

from __future__ import annotations

import datetime

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .. import queries

register = template.Library()

RECENT_DAYS = 30


@register.simple_tag(takes_context=True)
def portal_overview(context) -> dict:
    """What the home page shows: procedures by field, level and agency, the most viewed, quality documents."""
    user = context["request"].user
    procedures = queries.procedures_for(user)
    return {
        "total": procedures.count(),
        "fields": queries.field_counts(procedures),
        "levels": queries.level_counts(procedures),
        "agencies": queries.agency_counts(procedures),
        "most_viewed": queries.most_viewed(procedures),
        "quality_documents": queries.quality_documents(user),
    }


@register.simple_tag
def recent_change(edition, days: int = RECENT_DAYS):
    """The current edition when it is a revision (not the first issue) published or in force within `days`."""
    if edition is None or not edition.is_current or edition.number <= 1:
        return None
    since = timezone.now() - datetime.timedelta(days=days)
    effective = timezone.make_aware(datetime.datetime.combine(edition.effective_on, datetime.time.min))
    return edition if max(edition.published_at, effective) >= since else None


@register.simple_tag
def stable_url(page) -> str:
    """The address by national code that never changes, or the page's own address."""
    code = getattr(page, "tthc_code", "")
    return reverse("portal:procedure_by_code", args=[code]) if code else page.url


@register.inclusion_tag("portal/includes/language_links.html", takes_context=True)
def language_links(context) -> dict:
    request = context["request"]
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    return {
        "languages": [
            {"code": code, "name": name, "current": code == current,
             "url": reverse("portal:language", args=[code]) + "?next=" + _quote(request.get_full_path())}
            for code, name in settings.LANGUAGES
        ]
    }


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
