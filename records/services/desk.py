"""What the staff screens of the one-stop desk do, on top of records.services.dossiers: the work queue,
which acts a dossier allows now, and acting exactly once.

A screen shows the dossier at a *version* (its latest event). An act is performed under the dossier's
row lock and only if the dossier is still at the version the form was shown with, so a form sent
twice, or two officers pressing the same button, acts once; the second gets ``StaleForm``. A receipt
form carries a one-time key, so sending it twice receives one dossier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import OPEN_STATUSES, Dossier, DossierStatus, DossierStep
from ..permissions import can_act, receivable_procedures, receiving_desk, viewable_dossiers
from . import dossiers


class StaleForm(Exception):  # noqa: N818 (the form is stale, not an error of the program)
    """The dossier changed since the form was shown (the act was already done, or someone else acted)."""


@dataclass(frozen=True)
class Act:
    label: str
    states: tuple[str, ...]
    form: str  # which form the screen shows: "note", "reason", "apology" or "plain"
    run: Callable


ACTS = {
    "transfer": Act(
        _("Chuyển bước tiếp theo"),
        (DossierStatus.IN_PROGRESS,),
        "note",
        lambda d, by, note="": dossiers.transfer(d, by=by, note=note),
    ),
    "supplement": Act(
        _("Yêu cầu bổ sung hồ sơ"),
        (DossierStatus.IN_PROGRESS,),
        "reason",
        lambda d, by, reason: dossiers.request_supplement(d, reason=reason, by=by),
    ),
    "supplement_received": Act(
        _("Đã nhận hồ sơ bổ sung"),
        (DossierStatus.WAITING_SUPPLEMENT,),
        "plain",
        lambda d, by: dossiers.receive_supplement(d, by=by),
    ),
    "apology": Act(
        _("Xin lỗi và hẹn lại ngày trả"),
        (DossierStatus.IN_PROGRESS,),
        "apology",
        lambda d, by, new_due_on, reason: dossiers.apologise(d, new_due_on=new_due_on, reason=reason, by=by),
    ),
    "finish": Act(
        _("Đã có kết quả"),
        (DossierStatus.IN_PROGRESS,),
        "note",
        lambda d, by, note="": dossiers.finish(d, by=by, note=note),
    ),
    "return": Act(
        _("Trả kết quả cho người nộp"),
        (DossierStatus.FINISHED,),
        "plain",
        lambda d, by: dossiers.return_result(d, by=by),
    ),
    "refuse": Act(
        _("Từ chối hồ sơ"),
        tuple(OPEN_STATUSES),
        "reason",
        lambda d, by, reason: dossiers.refuse(d, reason=reason, by=by),
    ),
    "stop": Act(
        _("Dừng giải quyết"),
        tuple(OPEN_STATUSES),
        "reason",
        lambda d, by, reason: dossiers.stop(d, reason=reason, by=by),
    ),
}

QUEUES = {
    "open": _("Đang giải quyết"),
    "late": _("Quá hạn"),
    "waiting": _("Chờ bổ sung"),
    "finished": _("Chờ trả kết quả"),
    "closed": _("Đã kết thúc"),
    "all": _("Tất cả"),
}


def version(dossier: Dossier) -> int:
    """The dossier's latest event: what a form was shown with."""
    return dossier.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def has_next_step(dossier: Dossier) -> bool:
    current = dossiers.current_step(dossier)
    return dossier.steps.filter(order__gt=current.order if current else 0, started_at__isnull=True).exists()


def available(dossier: Dossier) -> list[str]:
    """The acts the dossier allows in its present state."""
    names = [name for name, act in ACTS.items() if dossier.status in act.states]
    if "transfer" in names and not has_next_step(dossier):
        names.remove("transfer")
    return names


@transaction.atomic
def perform(dossier_id: int, name: str, *, user, shown_version: int, **data):
    """Do act ``name`` on the dossier as ``user``, once: see the module's note."""
    # FOR NO KEY UPDATE: a citizen's rating (a row pointing at the dossier) is not held up by it.
    dossier = Dossier.objects.select_for_update(no_key=True).get(pk=dossier_id)
    if not can_act(user, dossier):
        raise PermissionDenied
    if version(dossier) != shown_version:
        raise StaleForm(dossier.receipt_number)
    if name not in available(dossier):
        raise dossiers.DossierStateError(f"{name} is not possible on a {dossier.status} dossier")
    return ACTS[name].run(dossier, user, **data)


def receive_once(procedure, *, user, key: str, **fields) -> tuple[Dossier, bool]:
    """Receive a dossier from the receipt form; (dossier, False) when that form was already received."""
    if not receivable_procedures(user).filter(pk=procedure.pk).exists():
        raise PermissionDenied
    try:
        dossier, _secret = dossiers.receive(
            procedure, by=user, submission_key=key, receiving_department=receiving_desk(user, procedure), **fields
        )
    except dossiers.DuplicateSubmission as done:
        return done.dossier, False
    return dossier, True


def queue(user, name: str = "open", text: str = "", today: dt.date | None = None) -> QuerySet:
    """The dossiers of a work queue the user may see, most urgent first."""
    today = today or timezone.localdate()
    found = viewable_dossiers(user).select_related("procedure", "department")
    if text := text.strip():
        by_number = found.filter(receipt_number=text.upper())
        if by_number.exists():  # a receipt number finds its dossier whatever the queue
            return by_number
        found = found.filter(applicant_name__icontains=text)
    filters = {
        "open": Q(status__in=OPEN_STATUSES),
        "late": Q(status__in=OPEN_STATUSES, due_on__lt=today),
        "waiting": Q(status=DossierStatus.WAITING_SUPPLEMENT),
        "finished": Q(status=DossierStatus.FINISHED),
        "closed": Q(status__in=[DossierStatus.RETURNED, DossierStatus.REFUSED, DossierStatus.STOPPED]),
    }
    if name in filters:
        found = found.filter(filters[name])
    if name in ("open", "late", "waiting"):
        return found.order_by("due_on", "pk")
    return found.order_by("-received_on", "-pk")


def current_steps(dossier_ids) -> dict[int, DossierStep]:
    """The current step of each dossier, in one query (for a page of the queue)."""
    steps = DossierStep.objects.filter(dossier_id__in=dossier_ids, started_at__isnull=False, finished_at__isnull=True)
    current: dict[int, DossierStep] = {}
    for step in steps.select_related("department").order_by("dossier_id", "order"):
        current.setdefault(step.dossier_id, step)
    return current
