"""Working-day arithmetic, hand-checked against the 2025–2026 Vietnamese calendar.

Tết Bính Ngọ 2026: Mon 16 – Fri 20 Feb off, so with the weekends nothing works from Sat 14 to Sun 22.
2025: Sat 26 Apr is worked in exchange for Fri 2 May; 30 Apr and 1 May are holidays.
2026: Sat 22 Aug is worked in exchange for Mon 31 Aug; 1–2 Sep are National Day.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from records.models import CalendarDay
from records.workdays import NATIONAL, WorkCalendar, calendar_for

D = dt.date


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 14), False),  # Saturday
        (D(2026, 2, 16), False),  # Lunar New Year's Eve
        (D(2026, 2, 20), False),  # fourth day of Tết
        (D(2026, 2, 23), True),  # first Monday back
        (D(2025, 4, 26), True),  # make-up Saturday
        (D(2025, 5, 2), False),  # the day off it pays for
        (D(2026, 4, 27), False),  # Hùng Kings observed (26 Apr is a Sunday)
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 31), False),
    ],
)
def test_national_calendar(day, working):
    assert NATIONAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "days", "cutoff", "due"),
    [
        (at(D(2026, 2, 13), 10), 1, True, D(2026, 2, 23)),  # over Tết and two weekends
        (at(D(2026, 2, 13), 15, 30), 1, True, D(2026, 2, 24)),  # after 15:00: counts from Mon 23
        (at(D(2026, 2, 13), 15, 30), 1, False, D(2026, 2, 23)),  # procedure without the 15:00 rule
        (at(D(2026, 2, 13), 14, 59), 1, True, D(2026, 2, 23)),
        (at(D(2026, 2, 12), 9), 3, True, D(2026, 2, 24)),  # 13, 23, 24
        (at(D(2026, 2, 14), 9), 0, True, D(2026, 2, 23)),  # online on Saturday, same-day procedure
        (at(D(2026, 2, 14), 9), 2, True, D(2026, 2, 25)),
        (at(D(2026, 2, 2), 8), 5, True, D(2026, 2, 9)),  # a plain week: 3, 4, 5, 6, 9
        (at(D(2026, 2, 9), 8), 5, True, D(2026, 2, 23)),  # 10–13, then Tết: 23
        (at(D(2026, 2, 9), 8), Decimal("0.5"), True, D(2026, 2, 10)),  # half a day rounds up
        (at(D(2025, 4, 25), 9), 1, True, D(2025, 4, 26)),  # the make-up Saturday counts
        (at(D(2025, 4, 25), 9), 2, True, D(2025, 4, 28)),
        (at(D(2025, 4, 29), 10), 1, True, D(2025, 5, 5)),  # 30/4, 1/5, substituted 2/5, weekend
        (at(D(2026, 8, 21), 16), 1, True, D(2026, 8, 24)),  # after 15:00 Fri: starts on make-up Sat 22
        (at(D(2026, 8, 28), 9), 1, True, D(2026, 9, 3)),  # 31/8 off, 1–2/9 holidays
        (at(D(2026, 4, 24), 9), 1, True, D(2026, 4, 28)),  # Hùng Kings observed on Monday
    ],
)
def test_due_date(received, days, cutoff, due):
    assert NATIONAL.due_date(received, days, cutoff=dt.time(15) if cutoff else None) == due


def test_working_days_between():
    assert NATIONAL.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert NATIONAL.working_days_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert NATIONAL.working_days_between(D(2025, 4, 24), D(2025, 5, 5)) == 5  # 25, 26, 28, 29, 5
    assert NATIONAL.working_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


def test_agency_exceptions():
    off = WorkCalendar(extra_off=frozenset({D(2026, 2, 23)}))
    assert off.due_date(at(D(2026, 2, 13), 10), 1) == D(2026, 2, 24)
    make_up = WorkCalendar(extra_working=frozenset({D(2026, 2, 21)}))
    assert make_up.due_date(at(D(2026, 2, 13), 10), 1) == D(2026, 2, 21)


def test_calendar_for_agency(agency):
    CalendarDay.objects.create(agency=agency, day=D(2026, 2, 23), kind=CalendarDay.Kind.OFF, reason="Lễ hội")
    CalendarDay.objects.create(agency=agency, day=D(2026, 2, 28), kind=CalendarDay.Kind.WORKING)
    calendar = calendar_for(agency)
    assert not calendar.is_working_day(D(2026, 2, 23))
    assert calendar.is_working_day(D(2026, 2, 28))
    assert calendar.due_date(at(D(2026, 2, 13), 10), 1) == D(2026, 2, 24)
    assert calendar_for(None) is NATIONAL


def test_negative_limit_refused():
    with pytest.raises(ValueError):
        NATIONAL.add_working_days(D(2026, 2, 13), -1)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)), st.integers(min_value=0, max_value=40))
def test_adding_then_counting_gives_back_the_days(start, days):
    first = NATIONAL.add_working_days(start, 0)
    assert NATIONAL.working_days_between(first, NATIONAL.add_working_days(first, days)) == days
