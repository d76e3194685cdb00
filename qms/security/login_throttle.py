"""Login throttling: django-axes per (username, client address), plus a higher limit per client address.

axes locks each (username, address) pair after ``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME``, so
a guesser is stopped while the same user still logs in from anywhere else (a lock per username alone would let
anyone lock any official out). axes compares every lockout parameter against that one limit, and 5 failures per
address would lock a whole office behind one NAT; so the address as a whole gets its own, higher limit
(``QMS_LOGIN_ADDRESS_FAILURE_LIMIT``, all usernames together, same cool-off), which stops one address spraying a
common password over many usernames. The address is ``qms.clients.client_ip`` as ``client_address`` hands it to
axes (AXES_CLIENT_IP_CALLABLE): an IPv6 address stands for its /64, the range one line gets, so stepping through
a /64 does not buy new tries.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from qms.clients import client_network

from .responses import throttled


def client_address(request) -> str | None:
    """The client address axes counts under (qms.clients.client_network: an IPv6 /64 as its first address, since
    axes stores an IP address), None when the connection gave none (all such logins then share one count;
    axes' GenericIPAddressField refuses a non-address on PostgreSQL)."""
    network = client_network(request)
    return None if network is None else str(network)


class AddressLimitAxesHandler(AxesDatabaseHandler):
    """axes' database handler whose failure count also reaches the limit when the client address, over every
    username, has reached ``QMS_LOGIN_ADDRESS_FAILURE_LIMIT`` (axes checks and flags lockouts through
    ``get_failures``, so both the refusal and the lockout page follow)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and address_failures(request) >= settings.QMS_LOGIN_ADDRESS_FAILURE_LIMIT:
            return limit
        return failures


def address_failures(request) -> int:
    """Failed logins from this request's client address within the cool-off window, all usernames together."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if get_cool_off(request) is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin's look, a Vietnamese explanation, status 429. The same page answers for
    any username once its limit is reached, so it says nothing about whether the account exists."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else 15
    return throttled(
        request,
        _("Tạm khóa đăng nhập"),
        _(
            "Bạn đã nhập sai tên đăng nhập hoặc mật khẩu quá nhiều lần. Việc đăng nhập từ địa chỉ mạng này "
            "tạm bị khóa; vui lòng thử lại sau %(minutes)d phút hoặc liên hệ quản trị hệ thống."
        )
        % {"minutes": minutes},
    )
