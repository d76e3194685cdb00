"""The monthly summaries kept by the desk acts equal a full recomputation, and give the live figures."""

import datetime as dt
import itertools

import pytest
from django.core.management import CommandError, call_command

from records.models import MonthlySummary, Rating
from records.services import dossiers, measures, summary

from .dossier_helpers import local, one_stop_procedure

D = dt.date


@pytest.fixture
def spread(org):
    """Dossiers received and finished across January–April 2026, some rated, some late, one still open."""
    procedure = one_stop_procedure(org)
    other = one_stop_procedure(org, "Cấp giấy chứng nhận quyền sử dụng đất", "1.000001", department=org.dept_b)
    made = []
    plan = [
        (procedure, local(2026, 1, 5, 9), local(2026, 1, 7, 10)),
        (procedure, local(2026, 1, 28, 16), local(2026, 2, 3, 9)),  # received after 15:00, finished next month
        (other, local(2026, 1, 30, 9), local(2026, 2, 27, 9)),  # late, across Tết
        (procedure, local(2026, 2, 2, 9), local(2026, 2, 5, 9)),
        (other, local(2026, 3, 2, 9), local(2026, 3, 4, 9)),
        (procedure, local(2026, 3, 16, 9), local(2026, 3, 31, 9)),
        (other, local(2026, 3, 31, 14), local(2026, 4, 1, 9)),
        (procedure, local(2026, 4, 1, 9), None),
    ]
    for n, (page, received, finished) in enumerate(plan):
        dossier, _secret = dossiers.receive(page, applicant_name=f"Người {n}", received_at=received)
        if finished is not None:
            dossiers.finish(dossier, at=finished)
        made.append(dossier)
    Rating.objects.create(dossier=made[0], score=5)
    Rating.objects.create(dossier=made[2], score=1, comment="Chậm")
    Rating.objects.create(dossier=made[5], score=4)
    return made


def test_incremental_summary_equals_full_recomputation(org, spread):
    assert MonthlySummary.objects.count() > 0
    assert summary.differences() == []
    incremental = summary.stored()
    assert summary.rebuild() == MonthlySummary.objects.count()
    assert summary.stored() == incremental
    call_command("rebuild_measures", "--check")


def test_rating_removed_and_rating_before_finish(org, spread):
    Rating.objects.get(dossier=spread[2]).delete()
    open_dossier = spread[-1]
    Rating.objects.create(dossier=open_dossier, score=3)  # counts only once the dossier finishes
    assert summary.differences() == []
    dossiers.finish(open_dossier, at=local(2026, 4, 3, 9))
    assert summary.differences() == []


def test_check_reports_a_summary_out_of_step(org, spread):
    MonthlySummary.objects.filter(month=D(2026, 2, 1)).update(received=99)
    with pytest.raises(CommandError):
        call_command("rebuild_measures", "--check")
    call_command("rebuild_measures", "--agency", org.agency.code)
    assert summary.differences() == []


@pytest.mark.parametrize("by", [(), ("month",), ("procedure",), ("department",), ("procedure", "month")])
def test_summarised_figures_equal_the_live_ones(org, spread, by):
    edges = [D(2025, 12, 20), D(2026, 1, 1), D(2026, 1, 6), D(2026, 1, 29), D(2026, 2, 3), D(2026, 2, 28)]
    edges += [D(2026, 3, 15), D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 30)]
    users = [org.users[name] for name in ("superuser", "officer", "staff_a", "staff_b")]
    for user, (date_from, date_to) in itertools.product(users, itertools.combinations(edges, 2)):
        live = measures.compute(measures.staff_dossiers(user), date_from, date_to, by)
        assert measures.summarised(user, date_from, date_to, by) == live, (user, date_from, date_to)
    for day in edges:  # a single day, and a period within one month
        live = measures.compute(measures.staff_dossiers(org.users["officer"]), day, day, by)
        assert measures.summarised(org.users["officer"], day, day, by) == live


def test_p90_and_satisfaction_from_summaries(org, spread):
    officer = org.users["officer"]
    figures = measures.total(measures.summarised(officer, D(2026, 1, 1), D(2026, 4, 30)))
    live = measures.total(measures.compute(measures.staff_dossiers(officer), D(2026, 1, 1), D(2026, 4, 30)))
    assert figures.finished == 7 and figures.received == 8
    mine = measures.total(measures.summarised(org.users["staff_b"], D(2026, 1, 1), D(2026, 4, 30)))
    assert (mine.received, mine.finished) == (3, 3)
    assert (figures.p90_days, figures.mean_days, figures.satisfaction) == (live.p90_days, live.mean_days, 10 / 3)
    assert measures.summarised(None, D(2026, 1, 1), D(2026, 4, 30)) == {}


def test_roll_up_of_the_finest_grain_equals_each_grouping(org, spread):
    full = ("procedure", "department", "month")
    officer = org.users["officer"]
    finest = measures.summarised(officer, D(2026, 1, 20), D(2026, 3, 31), full)
    for keep in [("procedure",), ("department",), ("month",), ()]:
        assert measures.roll_up(finest, full, keep) == measures.summarised(officer, D(2026, 1, 20), D(2026, 3, 31), keep)
