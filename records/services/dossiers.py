"""The life of a one-stop dossier: receive, transfer between steps, pause for supplements, refuse or stop,
apologise when late, finish and return. Each act writes an event (the process control slip) and, where the
rules ask for a form, a Word slip kept as a quality record.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import Agency, Department, ProcedurePage

from ..models import Dossier, DossierEvent, DossierStatus, DossierStep, Outcome
from ..workdays import CUTOFF, calendar_for
from . import slips, summary
from .procedures import has_cutoff_rule, planned_steps, time_limit

# The lookup secret printed on the receipt, typed by the citizen from paper: no 0/O, 1/I/L, and grouped in fives.
# Ten symbols of 31 are 31^10 ≈ 8.2·10^14 (49 bits). The lookup lets one address (an IPv6 /64) make at most 30
# wrong guesses a day (records.views.citizen), so a distributed brute force stays infeasible: 100,000 addresses
# guessing at a million dossiers at once find one about every nine months (1e6 / 8.2e14 per guess, 3e6 guesses
# a day), and a find shows only that dossier's procedure, dates and status (no name or address). Dossiers
# received before the secrets grew from 8 symbols keep their 8-symbol secrets and they stay valid; those are
# weaker (31^8 ≈ 8.5·10^11: about 30,000 address-days per find among a million of them).
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105 (an alphabet, not a secret)
SECRET_LENGTH = 10
SECRET_GROUP = 5
_TYPED_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


class DossierStateError(Exception):
    """The act is not possible in the dossier's present state."""


class DuplicateSubmission(Exception):  # noqa: N818 (not an error: the form was sent twice)
    """The receipt form with this submission key was already received: ``dossier`` is the result."""

    def __init__(self, dossier: Dossier):
        super().__init__(dossier.receipt_number)
        self.dossier = dossier


def new_secret() -> str:
    """A fresh lookup secret as printed: ``ABCDE-FGHJK``."""
    symbols = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
    return "-".join(symbols[i : i + SECRET_GROUP] for i in range(0, SECRET_LENGTH, SECRET_GROUP))


def normalise_secret(secret: str) -> str:
    """What the citizen typed, as it was hashed: separators and spaces dropped, full-width letters folded."""
    return _TYPED_SEPARATORS.sub("", unicodedata.normalize("NFKC", secret or "")).upper()


def secret_hash(receipt_number: str, secret: str, *, key: str | None = None) -> str:
    message = f"{receipt_number}:{normalise_secret(secret)}".encode()
    return hmac.new((key or settings.SECRET_KEY).encode(), message, hashlib.sha256).hexdigest()


def check_secret(dossier: Dossier | None, secret: str, *, receipt_number: str = "") -> bool:
    """Whether ``secret`` opens ``dossier``; for no dossier the same work is done and the answer is no.

    Secrets hashed under a previous SECRET_KEY (SECRET_KEY_FALLBACKS) still open their dossier.
    """
    stored = dossier.secret_hash if dossier is not None else "0" * 64
    number = dossier.receipt_number if dossier is not None else receipt_number
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    matches = [hmac.compare_digest(stored, secret_hash(number, secret, key=key)) for key in keys]
    return dossier is not None and any(matches)


def _receipt_number(agency, day) -> str:
    prefix = f"{agency.code}.{day:%y%m%d}."
    # Every number with this prefix belongs to a dossier of this agency received that day: the
    # (agency, received_on) index finds them without a LIKE scan that depends on the collation.
    count = Dossier.objects.filter(agency=agency, received_on=day, receipt_number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _event(dossier, kind, *, by=None, at=None, note="", **fields) -> DossierEvent:
    return DossierEvent.objects.create(dossier=dossier, kind=kind, by=by, at=at or timezone.now(), note=note, **fields)


def receive(
    procedure: ProcedurePage,
    *,
    applicant_name: str,
    applicant_contact: str = "",
    applicant_address: str = "",
    channel: str = "direct",
    received_at=None,
    by=None,
    receiving_department: Department | None = None,
    days: Decimal | None = None,
    lookup_url: str = "",
    submission_key: str | None = None,
) -> tuple[Dossier, str]:
    """Receive a dossier for a published procedure; returns it with the secret printed on the receipt.

    All or nothing: the dossier, its steps, the first event, the receipt slip and the monthly summary
    are written in one transaction, under the agency's lock (which also makes receipt numbers and
    ``submission_key`` checks race-free). A key already used raises DuplicateSubmission.
    """
    if not procedure.live:
        raise DossierStateError("only a published procedure takes dossiers")
    received_at = received_at or timezone.now()
    local = timezone.localtime(received_at)
    calendar = calendar_for(procedure.agency)
    cutoff_rule = has_cutoff_rule(procedure)
    start_on = calendar.start_day(local.replace(tzinfo=None), cutoff=CUTOFF if cutoff_rule else None)
    statutory = Decimal(days) if days is not None else time_limit(procedure, channel)
    desk = receiving_department or Department.objects.filter(agency=procedure.agency, is_one_stop=True).first()
    steps = planned_steps(procedure)
    secret = new_secret()
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=procedure.agency_id).first()
        if submission_key and (done := Dossier.objects.filter(submission_key=submission_key).first()):
            raise DuplicateSubmission(done)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    number = _receipt_number(procedure.agency, local.date())
                    dossier = Dossier.objects.create(
                        agency=procedure.agency,
                        procedure=procedure,
                        department=procedure.department,
                        receiving_department=desk or procedure.department,
                        receipt_number=number,
                        secret_hash=secret_hash(number, secret),
                        applicant_name=applicant_name,
                        applicant_contact=applicant_contact,
                        applicant_address=applicant_address,
                        channel=channel,
                        received_at=received_at,
                        received_by=by,
                        received_on=local.date(),
                        start_on=start_on,
                        cutoff_rule=cutoff_rule,
                        statutory_days=statutory,
                        due_on=calendar.add_working_days(start_on, statutory),
                        submission_key=submission_key or None,
                    )
                break
            except IntegrityError:  # a number taken outside this lock (e.g. an import): take the next one
                continue
        else:
            raise DossierStateError("could not allocate a receipt number")
        summary.count_received(dossier)
        DossierStep.objects.bulk_create(
            DossierStep(
                dossier=dossier,
                order=s.order,
                title=s.title,
                responsible=s.responsible,
                department=s.department,
                days=s.days,
                started_at=received_at if s.order == 1 else None,
            )
            for s in steps
        )
        _event(dossier, DossierEvent.Kind.RECEIVED, by=by, at=received_at, to_department=dossier.receiving_department)
        slips.issue_slip(dossier, "receipt", by=by, secret=secret, lookup_url=lookup_url)
    return dossier, secret


def current_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(started_at__isnull=False, finished_at__isnull=True).order_by("order").first()


def _require_open(dossier: Dossier, *states) -> None:
    if dossier.status not in (states or (DossierStatus.IN_PROGRESS,)):
        raise DossierStateError(f"dossier {dossier.receipt_number} is {dossier.status}")


@transaction.atomic
def transfer(dossier: Dossier, *, by=None, at=None, note: str = "") -> DossierStep:
    """Hand the dossier to the next step of the step table (phiếu chuyển)."""
    _require_open(dossier)
    at = at or timezone.now()
    step = current_step(dossier)
    following = dossier.steps.filter(order__gt=step.order if step else 0, started_at__isnull=True).first()
    if following is None:
        raise DossierStateError("no further step: finish the dossier instead")
    if step is not None:
        step.finished_at, step.handled_by = at, by
        step.save(update_fields=["finished_at", "handled_by"])
    following.started_at = at
    following.save(update_fields=["started_at"])
    _event(
        dossier,
        DossierEvent.Kind.TRANSFER,
        by=by,
        at=at,
        note=note,
        from_department=step.department if step else None,
        to_department=following.department,
    )
    return following


@transaction.atomic
def request_supplement(dossier: Dossier, *, reason: str, by=None, at=None):
    """Ask the applicant to complete the dossier: the clock stops until the supplement arrives."""
    _require_open(dossier)
    at = at or timezone.now()
    dossier.status, dossier.paused_on = DossierStatus.WAITING_SUPPLEMENT, timezone.localtime(at).date()
    dossier.save(update_fields=["status", "paused_on"])
    _event(dossier, DossierEvent.Kind.SUPPLEMENT_REQUESTED, by=by, at=at, note=reason)
    return slips.issue_slip(dossier, "supplement", by=by, reason=reason)


@transaction.atomic
def receive_supplement(dossier: Dossier, *, by=None, at=None) -> Dossier:
    """The supplement arrived: the working days spent waiting are added to the due date."""
    _require_open(dossier, DossierStatus.WAITING_SUPPLEMENT)
    at = at or timezone.now()
    calendar = calendar_for(dossier.agency)
    waited = max(calendar.working_days_between(dossier.paused_on, timezone.localtime(at).date()), 0)
    dossier.due_on = calendar.add_working_days(dossier.due_on, waited)
    dossier.paused_days += waited
    dossier.status, dossier.paused_on = DossierStatus.IN_PROGRESS, None
    dossier.save(update_fields=["due_on", "paused_days", "status", "paused_on"])
    _event(dossier, DossierEvent.Kind.SUPPLEMENT_RECEIVED, by=by, at=at, new_due_on=dossier.due_on, note=f"{waited}")
    return dossier


def _close(dossier: Dossier, status: str, kind: str, slip: str, *, reason: str, by, at):
    _require_open(dossier, DossierStatus.IN_PROGRESS, DossierStatus.WAITING_SUPPLEMENT)
    at = at or timezone.now()
    dossier.status, dossier.note = status, reason
    dossier.save(update_fields=["status", "note"])
    _event(dossier, kind, by=by, at=at, note=reason)
    return slips.issue_slip(dossier, slip, by=by, reason=reason)


@transaction.atomic
def refuse(dossier: Dossier, *, reason: str, by=None, at=None):
    """Refuse the dossier (phiếu từ chối), with the reason given to the applicant."""
    return _close(dossier, DossierStatus.REFUSED, DossierEvent.Kind.REFUSED, "refusal", reason=reason, by=by, at=at)


@transaction.atomic
def stop(dossier: Dossier, *, reason: str, by=None, at=None):
    """Stop handling the dossier (thông báo dừng giải quyết)."""
    return _close(dossier, DossierStatus.STOPPED, DossierEvent.Kind.STOPPED, "stop", reason=reason, by=by, at=at)


@transaction.atomic
def apologise(dossier: Dossier, *, new_due_on, reason: str, by=None, at=None):
    """The dossier will be late: apology letter with a new date. The due date itself does not move."""
    _require_open(dossier)
    if new_due_on <= dossier.due_on:
        raise DossierStateError("an apology sets a date after the due date")
    dossier.promised_on = new_due_on
    dossier.save(update_fields=["promised_on"])
    _event(dossier, DossierEvent.Kind.APOLOGY, by=by, at=at or timezone.now(), note=reason, new_due_on=new_due_on)
    return slips.issue_slip(dossier, "apology", by=by, reason=reason)


@transaction.atomic
def finish(dossier: Dossier, *, by=None, at=None, note: str = ""):
    """The result is ready: measure the working days used and file the process control slip."""
    _require_open(dossier)
    at = at or timezone.now()
    calendar = calendar_for(dossier.agency)
    finished_on = timezone.localtime(at).date()
    dossier.steps.filter(finished_at__isnull=True, started_at__isnull=False).update(finished_at=at, handled_by=by)
    dossier.finished_on = finished_on
    dossier.processing_days = max(calendar.working_days_between(dossier.start_on, finished_on) - dossier.paused_days, 0)
    if finished_on < dossier.due_on:
        dossier.outcome = Outcome.EARLY
    else:
        dossier.outcome = Outcome.ON_TIME if finished_on == dossier.due_on else Outcome.LATE
    dossier.status = DossierStatus.FINISHED
    dossier.save(update_fields=["finished_on", "processing_days", "outcome", "status"])
    summary.count_finished(dossier)
    _event(dossier, DossierEvent.Kind.FINISHED, by=by, at=at, note=note, to_department=dossier.receiving_department)
    return slips.issue_slip(dossier, "control", by=by)


@transaction.atomic
def return_result(dossier: Dossier, *, by=None, at=None) -> Dossier:
    """The applicant collected the result."""
    _require_open(dossier, DossierStatus.FINISHED)
    at = at or timezone.now()
    dossier.status, dossier.returned_on = DossierStatus.RETURNED, timezone.localtime(at).date()
    dossier.save(update_fields=["status", "returned_on"])
    _event(dossier, DossierEvent.Kind.RETURNED, by=by, at=at)
    return dossier
