"""What a dossier needs from its procedure: the time limit, the 15:00 rule and the step table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from documents.models import Department, ProcedurePage
from documents.text import fold as _fold

_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngay|gio)")
_CUTOFF = re.compile(r"sau\s*15\s*(?:gio|h|:00)")
HOURS_PER_DAY = Decimal(8)
UNIT_DAYS = {"working_day": Decimal(1), "day": Decimal(1), "hour": 1 / HOURS_PER_DAY}


def fold(text: str) -> str:
    return _fold(text).lower()


class NoTimeLimit(ValueError):
    """The procedure states no time limit the system can read; the officer must enter one."""


def parse_days(text: str) -> Decimal | None:
    """Working days in a cell such as "03 ngày làm việc", "0,5 ngày" or "4 giờ"; None if there is none."""
    match = _AMOUNT.search(fold(text or ""))
    if not match:
        return None
    value = Decimal(match.group(1).replace(",", "."))
    return value if match.group(2) == "ngay" else value / HOURS_PER_DAY


def time_limit(procedure: ProcedurePage, channel: str) -> Decimal:
    """The statutory limit in working days for a channel, from the channel table or the time-limit text."""
    blocks = [block.value for block in procedure.channels]
    blocks.sort(key=lambda value: value.get("channel") != channel)
    for value in blocks:
        amount, unit = value.get("time_value"), value.get("time_unit")
        if amount is not None and unit in UNIT_DAYS:
            return Decimal(amount) * UNIT_DAYS[unit]
        if (days := parse_days(value.get("time_limit") or "")) is not None:
            return days
    if (days := parse_days(procedure.time_limit)) is not None:
        return days
    raise NoTimeLimit(procedure.title)


def has_cutoff_rule(procedure: ProcedurePage) -> bool:
    """Whether the procedure says a dossier received after 15:00 counts from the next working day."""
    texts = [procedure.time_limit, procedure.place]
    texts += [str(b.value.get("time_limit") or "") + str(b.value.get("description") or "") for b in procedure.channels]
    return any(_CUTOFF.search(fold(text or "")) for text in texts)


@dataclass(frozen=True)
class PlannedStep:
    order: int
    title: str
    responsible: str
    department: Department | None
    days: Decimal | None


def _department_for(responsible: str, departments: list[Department], default: Department) -> Department:
    folded = fold(responsible)
    for department in departments:
        if fold(department.name) in folded or f" {department.code.lower()} " in f" {folded} ":
            return department
    if "mot cua" in folded or "tiep nhan" in folded:
        return next((d for d in departments if d.is_one_stop), default)
    return default


def planned_steps(procedure: ProcedurePage) -> list[PlannedStep]:
    """The step table of the procedure, each row tied to the department named in "Trách nhiệm"."""
    departments = sorted(Department.objects.filter(agency_id=procedure.agency_id), key=lambda d: -len(d.name))
    steps = []
    for number, block in enumerate(procedure.steps, start=1):
        value = block.value
        steps.append(
            PlannedStep(
                order=number,
                title=str(value.get("step") or ""),
                responsible=str(value.get("responsible") or ""),
                department=_department_for(str(value.get("responsible") or ""), departments, procedure.department),
                days=parse_days(str(value.get("time") or "")),
            )
        )
    return steps
