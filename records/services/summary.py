"""Keeping the monthly summaries (records.MonthlySummary) in step with the dossiers, and reading them.

Every change is made in the transaction of the act it counts, after locking the agency row: that
is the lock the hash chain of the agency's records already takes, and the one ``rebuild`` takes, so
a rebuild running beside the desks neither loses nor double-counts an act.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from documents.models import Agency

from ..models import Dossier, MonthlySummary, Outcome, Rating

KEY_FIELDS = ("agency_id", "procedure_id", "department_id", "receiving_department_id")
OUTCOME_FIELDS = {Outcome.EARLY: "early", Outcome.ON_TIME: "on_time", Outcome.LATE: "late"}
COUNT_FIELDS = ("received", "finished", "early", "on_time", "late", "ratings", "score_total")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _row(keys: dict, day: dt.date) -> MonthlySummary:
    """The summary row of ``keys`` (agency, procedure, departments) for the month of ``day``, locked."""
    Agency.objects.select_for_update().filter(pk=keys["agency_id"]).first()
    row, _created = MonthlySummary.objects.select_for_update().get_or_create(
        **{name: keys[name] for name in KEY_FIELDS}, month=month_of(day)
    )
    return row


def _keys(dossier: Dossier) -> dict:
    return {name: getattr(dossier, name) for name in KEY_FIELDS}


@transaction.atomic
def count_received(dossier: Dossier) -> None:
    row = _row(_keys(dossier), dossier.received_on)
    row.received += 1
    row.save(update_fields=["received"])


@transaction.atomic
def count_finished(dossier: Dossier) -> None:
    """Count a dossier that just finished (and its rating, should it already have one)."""
    row = _row(_keys(dossier), dossier.finished_on)
    row.finished += 1
    fields = ["finished", "statutory_total", "days_histogram"]
    if outcome := OUTCOME_FIELDS.get(dossier.outcome):
        setattr(row, outcome, getattr(row, outcome) + 1)
        fields.append(outcome)
    row.statutory_total += dossier.statutory_days
    days = str(dossier.processing_days or 0)
    row.days_histogram[days] = row.days_histogram.get(days, 0) + 1
    rating = Rating.objects.filter(dossier=dossier).values_list("score", flat=True).first()
    if rating is not None:
        row.ratings += 1
        row.score_total += rating
        fields += ["ratings", "score_total"]
    row.save(update_fields=fields)


@transaction.atomic
def count_rating(rating: Rating, sign: int = 1) -> None:
    """Count (or, with sign=-1, uncount) a rating, in the month its dossier finished."""
    dossier = Dossier.objects.filter(pk=rating.dossier_id).values(*KEY_FIELDS, "finished_on").first()
    if dossier is None or dossier["finished_on"] is None:
        return  # counted by count_finished when the dossier finishes
    row = _row(dossier, dossier["finished_on"])
    row.ratings += sign
    row.score_total += sign * rating.score
    row.save(update_fields=["ratings", "score_total"])


def summarise(dossiers, ratings) -> dict[tuple, dict]:
    """Summary rows (key → fields) computed from scratch from a dossier queryset and its ratings."""
    rows: dict[tuple, dict] = defaultdict(_empty)

    def target(values: dict, prefix: str = "") -> dict:
        return rows[(*(values[f"{prefix}{name}"] for name in KEY_FIELDS), values["g_month"])]

    received = dossiers.values(*KEY_FIELDS, g_month=TruncMonth("received_on")).order_by().annotate(n=Count("pk"))
    for values in received:
        target(values)["received"] += values["n"]
    finished = (
        dossiers.filter(finished_on__isnull=False)
        .values(*KEY_FIELDS, g_month=TruncMonth("finished_on"), g_outcome=F("outcome"), g_days=F("processing_days"))
        .order_by()
        .annotate(n=Count("pk"), statutory=Sum("statutory_days"))
    )
    for values in finished:
        row = target(values)
        row["finished"] += values["n"]
        if outcome := OUTCOME_FIELDS.get(values["g_outcome"]):
            row[outcome] += values["n"]
        row["statutory_total"] += values["statutory"] or 0
        row["days_histogram"][str(values["g_days"] or 0)] += values["n"]
    rated = (
        ratings.filter(dossier__finished_on__isnull=False)
        .values(*(f"dossier__{name}" for name in KEY_FIELDS), g_month=TruncMonth("dossier__finished_on"))
        .order_by()
        .annotate(n=Count("pk"), total=Sum("score"))
    )
    for values in rated:
        row = target(values, "dossier__")
        row["ratings"] += values["n"]
        row["score_total"] += values["total"] or 0
    return normalise(rows)


def _empty() -> dict:
    return {name: 0 for name in COUNT_FIELDS} | {"statutory_total": Decimal(0), "days_histogram": Counter()}


def normalise(rows: dict[tuple, dict]) -> dict[tuple, dict]:
    """Every field present, histograms without empty bins, rows with nothing in them left out."""
    out = {}
    for key, row in rows.items():
        clean = _empty() | {name: row.get(name) or 0 for name in COUNT_FIELDS}
        clean["statutory_total"] = Decimal(row.get("statutory_total") or 0)
        clean["days_histogram"] = Counter({str(k): v for k, v in (row.get("days_histogram") or {}).items() if v})
        if any(clean[name] for name in COUNT_FIELDS):
            out[key] = clean
    return out


@transaction.atomic
def rebuild(agency: Agency | None = None, *, models=None) -> int:
    """Recompute the summaries of one agency (or all) from the dossiers; returns the number of rows.

    ``models`` (Agency, Dossier, Rating, MonthlySummary) lets a data migration pass historical models.
    """
    agency_model, dossier_model, rating_model, summary_model = models or (Agency, Dossier, Rating, MonthlySummary)
    agencies = agency_model.objects.select_for_update().order_by("pk")
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    created = 0
    for agency_id in agencies.values_list("pk", flat=True):
        summary_model.objects.filter(agency_id=agency_id).delete()
        rows = summarise(
            dossier_model.objects.filter(agency_id=agency_id),
            rating_model.objects.filter(dossier__agency_id=agency_id),
        )
        objects = [
            summary_model(**dict(zip((*KEY_FIELDS, "month"), key, strict=True)), **values)
            for key, values in rows.items()
        ]  # Counter histograms are stored as plain JSON objects
        summary_model.objects.bulk_create(objects, batch_size=1000)
        created += len(objects)
    return created


def stored(agency: Agency | None = None) -> dict[tuple, dict]:
    """The stored summaries, normalised as ``summarise`` returns them, to compare the two."""
    queryset = MonthlySummary.objects.all() if agency is None else MonthlySummary.objects.filter(agency=agency)
    fields = (*KEY_FIELDS, "month", *COUNT_FIELDS, "statutory_total", "days_histogram")
    return normalise({(*(row[name] for name in KEY_FIELDS), row["month"]): row for row in queryset.values(*fields)})


def differences(agency: Agency | None = None) -> list[tuple]:
    """Keys whose stored summary differs from a full recomputation (empty when all is in step)."""
    dossiers, ratings = Dossier.objects.all(), Rating.objects.all()
    if agency is not None:
        dossiers, ratings = dossiers.filter(agency=agency), ratings.filter(dossier__agency=agency)
    expected, actual = summarise(dossiers, ratings), stored(agency)
    return sorted((key for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)), key=str)


def scoped(q: Q | None):
    """Summary rows a staff scope may count (``q`` as built by measures.staff_q; None = nothing)."""
    return MonthlySummary.objects.none() if q is None else MonthlySummary.objects.filter(q)
