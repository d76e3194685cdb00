"""Measures of the one-stop shop: received, finished early / on time / late, processing time against the
statutory limit, satisfaction, and the change against the previous period (the seed's 30% target).

``compute`` groups the dossiers themselves in the database (counts per processing-day value, so mean
and p90 come from a small histogram); it is the reference. ``summarised`` gives the same figures from
the monthly summaries (records.services.summary): whole months from the summary rows, and a month the
period cuts through from the summary row corrected by the few days outside the period (or from those
inside it, whichever is shorter), counted live. Staff pages use ``summarised``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from documents.permissions import scope_for

from ..models import Dossier, Outcome

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

    def merge(self, other: Figures, sign: int = 1) -> None:
        self.received += sign * other.received
        for mine, theirs in ((self.outcomes, other.outcomes), (self.histogram, other.histogram)):
            for value, n in theirs.items():
                mine[value] += sign * n
                if not mine[value]:
                    del mine[value]
        self.statutory_total += sign * other.statutory_total
        self.ratings += sign * other.ratings
        self.score_total += sign * other.score_total

    @property
    def is_empty(self) -> bool:
        return not (self.received or self.outcomes or self.ratings)

    @classmethod
    def from_summary(cls, row: dict) -> Figures:
        outcomes = Counter({Outcome.EARLY: row["early"], Outcome.ON_TIME: row["on_time"], Outcome.LATE: row["late"]})
        outcomes[""] = row["finished"] - row["early"] - row["on_time"] - row["late"]  # finished with no outcome
        return cls(
            received=row["received"],
            outcomes=+outcomes,
            histogram=+Counter({int(days): n for days, n in row["days_histogram"].items()}),
            statutory_total=row["statutory_total"],
            ratings=row["ratings"],
            score_total=Decimal(row["score_total"]),
        )


def staff_q(user) -> Q | None:
    """What a staff page may count: the agencies a user oversees and the departments they work in.

    None means nothing. The same fields name the scope on dossiers and on monthly summaries; a
    simpler (index-friendly) form of records.permissions.viewable_dossiers for aggregate pages.
    """
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Q()
    scope = scope_for(user)
    return (
        Q(agency_id__in=scope.overseen_agencies)
        | Q(department_id__in=scope.departments)
        | Q(receiving_department_id__in=scope.departments)
    )


def staff_dossiers(user) -> QuerySet:
    q = staff_q(user)
    return Dossier.objects.none() if q is None else Dossier.objects.filter(q)


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
    # A dossier has at most one rating: the left join keeps one row per dossier, and the ratings
    # are counted with the finished dossiers they belong to (no scan of the ratings table).
    finished = (
        dossiers.filter(finished_on__range=(date_from, date_to))
        .values(**_fields(by, "", "finished_on"), g_outcome=F("outcome"), g_days=F("processing_days"))
        .annotate(n=Count("pk"), statutory=Sum("statutory_days"), rated=Count("rating"), score=Sum("rating__score"))
    )
    for row in finished.order_by():
        figures = out[_key(row, by)]
        figures.outcomes[row["g_outcome"]] += row["n"]
        figures.histogram[row["g_days"] or 0] += row["n"]
        figures.statutory_total += row["statutory"] or 0
        figures.ratings += row["rated"]
        figures.score_total += row["score"] or 0
    return dict(out)


def roll_up(figures: dict[tuple, Figures], by: tuple[str, ...], keep: tuple[str, ...]) -> dict[tuple, Figures]:
    """Figures grouped by ``by`` regrouped by the names in ``keep`` (a subset of ``by``)."""
    positions = [by.index(name) for name in keep]
    out: dict[tuple, Figures] = defaultdict(Figures)
    for key, value in figures.items():
        out[tuple(key[n] for n in positions)].merge(value)
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


def _month_after(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _plan(date_from: dt.date, date_to: dt.date):
    """Whole months to read from the summaries, day ranges to add live and day ranges to take away."""
    whole, add, take = [], [], []
    month = date_from.replace(day=1)
    while month <= date_to:
        last = _month_after(month) - dt.timedelta(days=1)
        first_in, last_in = max(month, date_from), min(last, date_to)
        outside = [(month, first_in - dt.timedelta(days=1))] if first_in > month else []
        outside += [(last_in + dt.timedelta(days=1), last)] if last_in < last else []
        if not outside:
            whole.append(month)
        elif (last_in - first_in).days + 1 <= sum((b - a).days + 1 for a, b in outside):
            add.append((first_in, last_in))
        else:
            whole.append(month)
            take += outside
        month = _month_after(month)
    return whole, add, take


SUMMARY_GROUPS = {"month": "month", "procedure": "procedure_id", "department": "department_id"}
SUMMARY_VALUES = (
    "received",
    "finished",
    "early",
    "on_time",
    "late",
    "statutory_total",
    "days_histogram",
    "ratings",
    "score_total",
)


def summarised(user, date_from: dt.date, date_to: dt.date, by: tuple[str, ...] = ()) -> dict[tuple, Figures]:
    """The figures ``compute(staff_dossiers(user), ...)`` gives, from the monthly summaries."""
    from .summary import scoped

    q = staff_q(user)
    if q is None:
        return {}
    whole, add, take = _plan(date_from, date_to)
    out: dict[tuple, Figures] = defaultdict(Figures)
    groups = [SUMMARY_GROUPS[name] for name in by]
    for row in scoped(q).filter(month__in=whole).values(*groups, *SUMMARY_VALUES).order_by():
        out[tuple(row[name] for name in groups)].merge(Figures.from_summary(row))
    dossiers = Dossier.objects.filter(q)
    for ranges, sign in ((add, 1), (take, -1)):
        for first, last in ranges:
            for key, figures in compute(dossiers, first, last, by).items():
                out[key].merge(figures, sign)
    return {key: figures for key, figures in out.items() if not figures.is_empty}
