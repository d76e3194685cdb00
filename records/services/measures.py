"""Measures of the one-stop shop: received, finished early / on time / late, processing time against the
statutory limit, satisfaction, and the change against the previous period (the seed's 30% target).

Everything is grouped in the database (counts per processing-day value), so mean and p90 come from a
small histogram rather than from a million rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from documents.permissions import scope_for

from ..models import Dossier, Outcome, Rating

GROUPS = {"month": "", "procedure": "procedure_id", "department": "department_id"}
TARGET_REDUCTION = Decimal("0.30")


@dataclass
class Figures:
    received: int = 0
    outcomes: Counter = field(default_factory=Counter)
    histogram: Counter = field(default_factory=Counter)
    statutory_total: Decimal = Decimal(0)
    ratings: int = 0
    score_total: Decimal = Decimal(0)

    @property
    def finished(self) -> int:
        return sum(self.outcomes.values())

    @property
    def early(self) -> int:
        return self.outcomes[Outcome.EARLY]

    @property
    def on_time(self) -> int:
        return self.outcomes[Outcome.ON_TIME]

    @property
    def late(self) -> int:
        return self.outcomes[Outcome.LATE]

    @property
    def in_time_rate(self) -> float | None:
        return (self.early + self.on_time) / self.finished if self.finished else None

    @property
    def mean_days(self) -> float | None:
        total = sum(self.histogram.values())
        return sum(days * n for days, n in self.histogram.items()) / total if total else None

    @property
    def p90_days(self) -> int | None:
        total = sum(self.histogram.values())
        if not total:
            return None
        threshold, seen = 0.9 * total, 0
        for days in sorted(self.histogram):
            seen += self.histogram[days]
            if seen >= threshold:
                return days
        return None

    @property
    def mean_statutory(self) -> float | None:
        return float(self.statutory_total) / self.finished if self.finished else None

    @property
    def satisfaction(self) -> float | None:
        return float(self.score_total) / self.ratings if self.ratings else None

    def merge(self, other: Figures) -> None:
        self.received += other.received
        self.outcomes.update(other.outcomes)
        self.histogram.update(other.histogram)
        self.statutory_total += other.statutory_total
        self.ratings += other.ratings
        self.score_total += other.score_total


def staff_dossiers(user) -> QuerySet:
    """Dossiers a staff page may count: the agencies a user oversees and the departments they work in.

    A simpler (index-friendly) form of records.permissions.viewable_dossiers for aggregate pages.
    """
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    if user.is_superuser:
        return Dossier.objects.all()
    scope = scope_for(user)
    return Dossier.objects.filter(
        Q(agency_id__in=scope.overseen_agencies)
        | Q(department_id__in=scope.departments)
        | Q(receiving_department_id__in=scope.departments)
    )


def _fields(by: tuple[str, ...], prefix: str, date_field: str) -> dict:
    return {
        f"g_{name}": TruncMonth(f"{prefix}{date_field}") if name == "month" else F(f"{prefix}{GROUPS[name]}")
        for name in by
    }


def _key(row: dict, by: tuple[str, ...]) -> tuple:
    return tuple(row[f"g_{name}"] for name in by)


def compute(dossiers: QuerySet, date_from: dt.date, date_to: dt.date, by: tuple[str, ...] = ()) -> dict[tuple, Figures]:
    """Figures per group (any of "month", "procedure", "department") for [date_from, date_to]."""
    out: dict[tuple, Figures] = defaultdict(Figures)
    received = dossiers.filter(received_on__range=(date_from, date_to)).values(**_fields(by, "", "received_on"))
    for row in received.annotate(n=Count("pk")).order_by():
        out[_key(row, by)].received += row["n"]
    finished = (
        dossiers.filter(finished_on__range=(date_from, date_to))
        .values(**_fields(by, "", "finished_on"), g_outcome=F("outcome"), g_days=F("processing_days"))
        .annotate(n=Count("pk"), statutory=Sum("statutory_days"))
    )
    for row in finished.order_by():
        figures = out[_key(row, by)]
        figures.outcomes[row["g_outcome"]] += row["n"]
        figures.histogram[row["g_days"] or 0] += row["n"]
        figures.statutory_total += row["statutory"] or 0
    ratings = (
        Rating.objects.filter(dossier__in=dossiers.values("pk"), dossier__finished_on__range=(date_from, date_to))
        .values(**_fields(by, "dossier__", "finished_on"))
        .annotate(n=Count("pk"), total=Sum("score"))
    )
    for row in ratings.order_by():
        figures = out[_key(row, by)]
        figures.ratings += row["n"]
        figures.score_total += row["total"] or 0
    return dict(out)


def total(figures: dict[tuple, Figures]) -> Figures:
    result = Figures()
    for value in figures.values():
        result.merge(value)
    return result


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    length = date_to - date_from
    end = date_from - dt.timedelta(days=1)
    return end - length, end


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change (−0.3 = 30% less); None when either side is missing."""
    if current is None or not previous:
        return None
    return (current - previous) / previous
