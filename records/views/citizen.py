"""The public side: look up a dossier with its receipt number and secret, and rate it once when finished.

Both are POST-only with CSRF (the secret never sits in a URL or access log). Throttles, counted exactly in the
database (records.ratelimit), per client address as qms.clients.client_ip reads it (an IPv6 /64 is one client):

- every attempt from one client (so one client cannot scan receipt numbers quickly);
- wrong secrets from one client on one receipt number, and from one client whatever the receipts.

No limit belongs to a receipt alone: an attacker failing on a receipt never locks its citizen out, who comes
from another address. An unknown receipt number and a wrong secret take the same path and get the same answer
(no oracle of which numbers exist). Why guessing the secret from many addresses is still hopeless: see
records.services.dossiers (SECRET_LENGTH).
"""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import LookupForm, RatingForm
from ..models import Dossier, DossierStatus, Rating
from ..ratelimit import allow, client_key, give_back, take_all
from ..services.dossiers import check_secret, current_step

PER_CLIENT = (20, 600)  # attempts per ten minutes from one client
FAILURES_PER_RECEIPT = (5, 3600)  # wrong secrets per hour from one client on one receipt number
FAILURES_PER_CLIENT = (30, 86400)  # wrong secrets per day from one client, across receipt numbers
RATABLE = (DossierStatus.FINISHED, DossierStatus.RETURNED)
LIMITED = "limited"
logger = logging.getLogger("qms.records.lookup")


def _failure_buckets(client: str, number: str) -> list[tuple[str, int, int]]:
    receipt = hashlib.sha256(number.encode()).hexdigest()[:24]  # bounded, whatever was typed
    return [(f"lookup-fail:{client}", *FAILURES_PER_CLIENT), (f"lookup-fail:{client}:{receipt}", *FAILURES_PER_RECEIPT)]


def _find(request, form) -> tuple[Dossier | None, str | None]:
    """The dossier if the number and secret match, else an error message; counts every attempt.

    A failure is counted before the secret is checked (and given back when it was right), so concurrent
    guesses cannot slip past the limit between the check and the count. The price: one client's own lookups
    in flight at the same moment hold failure slots meanwhile; never another client's.
    """
    client = client_key(request)
    if not allow(f"lookup:{client}", *PER_CLIENT):
        logger.warning("lookup throttled: %s (attempts)", client)
        return None, LIMITED
    if not form.is_valid():
        return None, _("Vui lòng nhập số biên nhận và mã tra cứu.")
    number = form.cleaned_data["receipt_number"]
    reserved = take_all(_failure_buckets(client, number))
    if reserved is None:
        logger.warning("lookup throttled: %s (wrong secrets)", client)
        return None, LIMITED
    dossier = Dossier.objects.select_related("procedure").filter(receipt_number=number).first()
    if check_secret(dossier, form.cleaned_data["secret"], receipt_number=number):
        give_back(*reserved)
        return dossier, None
    return None, _("Số biên nhận hoặc mã tra cứu không đúng.")


def _respond(request, form, dossier, error, **extra):
    if error == LIMITED:
        return render(request, "records/lookup.html", {"form": form, "limited": True}, status=429)
    context = {"form": form, "dossier": dossier, "error": error, **extra}
    if dossier is not None:
        context["step"] = current_step(dossier) if dossier.is_open else None
        context["can_rate"] = dossier.status in RATABLE and not Rating.objects.filter(dossier=dossier).exists()
        context["rating_form"] = RatingForm(initial=form.cleaned_data)
    status = 200 if dossier is not None or not error else 404 if form.is_valid() else 400
    return render(request, "records/lookup.html", context, status=status)


@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method == "GET":
        return render(request, "records/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    dossier, error = _find(request, form)
    return _respond(request, form, dossier, error)


@require_http_methods(["POST"])
def rate(request):
    form = RatingForm(request.POST)
    dossier, error = _find(request, form)
    if dossier is None:
        return _respond(request, form, None, error)
    if dossier.status not in RATABLE:
        return _respond(request, form, dossier, _("Chỉ đánh giá được hồ sơ đã có kết quả."))
    try:
        with transaction.atomic():
            Rating.objects.create(
                dossier=dossier, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
    except IntegrityError:
        return _respond(request, form, dossier, _("Hồ sơ này đã được đánh giá."))
    return _respond(request, form, dossier, None, thanks=True)
