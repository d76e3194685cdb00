"""The public side: look up a dossier with its receipt number and secret, and rate it once when finished.

Both are POST-only (the secret never sits in a URL or access log) and rate-limited per client address
and per receipt number through the shared cache.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import LookupForm, RatingForm
from ..models import Dossier, DossierStatus, Rating
from ..ratelimit import allow, client_ip, exhausted
from ..services.dossiers import check_secret, current_step

PER_CLIENT = (20, 600)  # attempts per ten minutes from one address
PER_RECEIPT = (5, 3600)  # failed secrets per hour on one receipt number
RATABLE = (DossierStatus.FINISHED, DossierStatus.RETURNED)


def _find(request, form) -> tuple[Dossier | None, str | None]:
    """The dossier if the number and secret match, else an error message; counts every attempt."""
    if not allow(f"ip:{client_ip(request)}", *PER_CLIENT):
        return None, "limited"
    if not form.is_valid():
        return None, _("Vui lòng nhập số biên nhận và mã tra cứu.")
    number = form.cleaned_data["receipt_number"]
    if exhausted(f"receipt-fail:{number}", PER_RECEIPT[0]):
        return None, "limited"
    dossier = Dossier.objects.select_related("procedure").filter(receipt_number=number).first()
    if dossier is not None and check_secret(dossier, form.cleaned_data["secret"]):
        return dossier, None
    if not allow(f"receipt-fail:{number}", *PER_RECEIPT):
        return None, "limited"
    return None, _("Số biên nhận hoặc mã tra cứu không đúng.")


def _respond(request, form, dossier, error, **extra):
    if error == "limited":
        return render(request, "records/lookup.html", {"form": form, "limited": True}, status=429)
    context = {"form": form, "dossier": dossier, "error": error, **extra}
    if dossier is not None:
        context["step"] = current_step(dossier) if dossier.is_open else None
        context["can_rate"] = dossier.status in RATABLE and not Rating.objects.filter(dossier=dossier).exists()
        context["rating_form"] = RatingForm(initial=form.cleaned_data)
    return render(request, "records/lookup.html", context, status=200 if dossier or not error else 404)


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
