"""Periodic review of documents (ISO 7.5.3: kept suitable): which are due, and reminding their owners."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ControlledDocumentPage, ProcedurePage

REMIND_DAYS_AHEAD = 30


@dataclass
class DueDocument:
    page: ProcedurePage | ControlledDocumentPage
    due_on: date
    overdue: bool


def documents_due_for_review(today: date | None = None, days_ahead: int = REMIND_DAYS_AHEAD, pages=None) -> list[DueDocument]:
    """Live documents whose review date falls within `days_ahead` days, or has passed, soonest first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days_ahead)
    due = []
    for model in (ProcedurePage, ControlledDocumentPage):
        queryset = model.objects.live().filter(review_due_on__isnull=False, review_due_on__lte=horizon)
        if pages is not None:
            queryset = queryset.filter(pk__in=pages.values("pk"))
        for page in queryset.select_related("department__head", "owner"):
            due.append(DueDocument(page, page.review_due_on, page.review_due_on < today))
    return sorted(due, key=lambda d: (d.due_on, d.page.title))


def owners_of(page) -> list:
    """Who answers for the review: the owning department's head, else the page owner."""
    head = page.department.head if page.department_id else None
    return [user for user in (head or page.owner,) if user is not None and user.email]


def send_review_reminders(today: date | None = None) -> dict[str, list[DueDocument]]:
    """E-mail each owner the list of their documents due for review; returns what was sent to whom."""
    by_owner: dict[str, list[DueDocument]] = defaultdict(list)
    for item in documents_due_for_review(today):
        for owner in owners_of(item.page):
            by_owner[owner.email].append(item)
    for email, items in by_owner.items():
        lines = [
            f"- {d.page.display_name} ({d.page.iso_code or getattr(d.page, 'tthc_code', '')}): "
            + (_("quá hạn từ %(d)s") if d.overdue else _("đến hạn %(d)s")) % {"d": d.due_on.strftime("%d/%m/%Y")}
            for d in items
        ]
        send_mail(
            subject=_("Tài liệu cần soát xét: %(n)d") % {"n": len(items)},
            message=_("Các tài liệu sau đến hạn hoặc quá hạn soát xét:") + "\n" + "\n".join(lines),
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[email],
        )
    return dict(by_owner)
