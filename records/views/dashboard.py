"""Staff pages: the measures dashboard (with server-drawn SVG charts) and the tracking-book export.

The .xlsx book is a plain download (GET, nothing stored). The .docx book is kept as a closed quality record
that can never be deleted, so making one is a POST with CSRF from the dashboard's button: a link followed
from another site, a prefetch or a crawler never files records.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from documents.models import Agency, Department, ProcedurePage

from ..services import measures, tracking_book
from ..services.retention import add_months

CHART_HEIGHT = 160
FULL = ("procedure", "department", "month")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        date_to = dt.date.fromisoformat(params.get("den") or today.isoformat())
        default_from = add_months(date_to.replace(day=1), -11)
        date_from = dt.date.fromisoformat(params.get("tu") or default_from.isoformat())
    except (ValueError, OverflowError) as exc:
        raise Http404("bad date") from exc
    if date_from > date_to or (date_to - date_from).days > 3 * 366 or date_from.year < 1900 or date_to.year > 2999:
        raise Http404("bad period")
    return date_from, date_to


def _chart(by_month: dict) -> list[dict]:
    """Stacked bars (early, on time, late) per month, scaled to the busiest month."""
    peak = max((f.finished for f in by_month.values()), default=0) or 1
    bars = []
    for index, ((month,), figures) in enumerate(sorted(by_month.items(), key=lambda item: item[0][0])):
        scale = CHART_HEIGHT / peak
        early, on_time, late = (round(n * scale) for n in (figures.early, figures.on_time, figures.late))
        bars.append(
            {
                "x": 40 + index * 36,
                "month": month,
                "figures": figures,
                "early": early,
                "on_time": on_time,
                "late": late,
                "y_late": CHART_HEIGHT - early - on_time - late + 10,
                "y_on_time": CHART_HEIGHT - early - on_time + 10,
                "y_early": CHART_HEIGHT - early + 10,
            }
        )
    return bars


def _table(current: dict, previous: dict, names: dict) -> list[dict]:
    return [
        {
            "name": names.get(key[0], key[0]),
            "figures": figures,
            "change": measures.change(figures.mean_days, previous.get(key, measures.Figures()).mean_days),
        }
        for key, figures in sorted(current.items(), key=lambda item: -item[1].received)
    ]


def dashboard(request):
    date_from, date_to = _period(request.GET)
    user = request.user
    previous_from, previous_to = measures.previous_period(date_from, date_to)
    # Once per period at the finest grain, then regrouped: each call reads the summaries once.
    now = measures.summarised(user, date_from, date_to, FULL)
    before = measures.summarised(user, previous_from, previous_to, FULL)
    current, previous = (measures.roll_up(f, FULL, ("procedure",)) for f in (now, before))
    by_department, departments_before = (measures.roll_up(f, FULL, ("department",)) for f in (now, before))
    titles = dict(ProcedurePage.objects.filter(pk__in=[k[0] for k in current]).values_list("pk", "title"))
    names = dict(Department.objects.filter(pk__in=[k[0] for k in by_department]).values_list("pk", "name"))
    overall, overall_before = measures.total(current), measures.total(previous)
    context = {
        "date_from": date_from,
        "date_to": date_to,
        "overall": overall,
        "overall_change": measures.change(overall.mean_days, overall_before.mean_days),
        "target": -measures.TARGET_REDUCTION,
        "table": _table(current, previous, titles),
        "departments": _table(by_department, departments_before, names),
        "bars": _chart(measures.roll_up(now, FULL, ("month",))),
        "chart_height": CHART_HEIGHT + 40,
        "svg_width": 80 + 36 * 36,
    }
    return render(request, "records/dashboard.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def tracking_book_export(request, fmt: str):
    if fmt == "docx" and request.method != "POST":
        return HttpResponseNotAllowed(["POST"])  # it files a record: never on a GET
    date_from, date_to = _period(request.POST if request.method == "POST" else request.GET)
    dossiers = measures.staff_dossiers(request.user)
    name = f"so-theo-doi-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(tracking_book.xlsx(dossiers, date_from, date_to), content_type=XLSX)
    elif fmt == "docx":
        agency = Agency.objects.filter(pk__in=dossiers.values("agency_id")).order_by("pk").first()
        if agency is None:
            raise Http404("no dossiers")
        data, _record = tracking_book.docx_record(agency, dossiers, date_from, date_to, by=request.user)
        response = HttpResponse(data, content_type=DOCX)
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
