"""Working days (ngày làm việc) as Vietnamese public bodies count them.

The national calendar comes from the ``holidays`` library (``holidays.VN``): weekends, public holidays
including the lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng Vương), substituted days off and the Saturdays
worked in exchange (``weekend_workdays``). An agency adds its own extra days off and make-up working
days (``records.CalendarDay``). Time limits are counted in whole working days:

- the *start day* is the day of receipt when it is a working day and the dossier came in before the
  cut-off (15:00) where the procedure has that rule; otherwise the next working day;
- the due day of an ``n``-day limit is the ``n``-th working day after the start day (a "same day"
  limit of 0 is due on the start day itself); a fractional limit (0,5 ngày) is rounded up.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import holidays

CUTOFF = dt.time(15, 0)
MAX_SPAN_DAYS = 3660  # ten years: a guard against a runaway loop on bad data


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.VN(years=year)


def nationally_working(day: dt.date) -> bool:
    """Whether ``day`` is a working day in the national calendar (before agency exceptions)."""
    calendar = _national(day.year)
    if day in calendar:
        return False
    return day.weekday() < 5 or day in calendar.weekend_workdays


@dataclass(frozen=True)
class WorkCalendar:
    """The national calendar with one agency's extra days off and make-up working days."""

    extra_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_off:
            return False
        return nationally_working(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        for offset in range(1, MAX_SPAN_DAYS):
            candidate = day + dt.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within ten years after {day}")

    def start_day(self, received_at: dt.datetime, *, cutoff: dt.time | None = CUTOFF) -> dt.date:
        """The day the clock starts for something received at ``received_at`` (local time)."""
        day = received_at.date()
        late = cutoff is not None and received_at.time() >= cutoff
        if self.is_working_day(day) and not late:
            return day
        return self.next_working_day(day)

    def add_working_days(self, day: dt.date, days: int | Decimal | float) -> dt.date:
        """The ``days``-th working day after ``day`` (``day`` itself for 0 when it is a working day)."""
        whole = math.ceil(Decimal(str(days)))
        if whole < 0:
            raise ValueError("a time limit cannot be negative")
        current = day if self.is_working_day(day) else self.next_working_day(day)
        for _ in range(whole):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days ``d`` with ``start < d <= end`` (negative when ``end`` is before ``start``)."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("span too long")
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=n)))

    def due_date(self, received_at: dt.datetime, days, *, cutoff: dt.time | None = CUTOFF) -> dt.date:
        return self.add_working_days(self.start_day(received_at, cutoff=cutoff), days)


NATIONAL = WorkCalendar()


def calendar_for(agency) -> WorkCalendar:
    """The working calendar of an agency: national days plus its own ``CalendarDay`` exceptions."""
    from .models import CalendarDay

    if agency is None:
        return NATIONAL
    rows = list(CalendarDay.objects.filter(agency=agency).values_list("day", "kind"))
    return WorkCalendar(
        extra_off=frozenset(day for day, kind in rows if kind == CalendarDay.Kind.OFF),
        extra_working=frozenset(day for day, kind in rows if kind == CalendarDay.Kind.WORKING),
    )
