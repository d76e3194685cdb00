"""The one 429 page of the admin's throttles (login lockout, password reset)."""

from django.shortcuts import render

THROTTLED_TEMPLATE = "security/throttled.html"


def throttled(request, title: str, message: str):
    return render(request, THROTTLED_TEMPLATE, {"title": title, "message": message}, status=429)
