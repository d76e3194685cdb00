"""A bare constant view, the throughput ceiling of the load benchmark (bench/portal_load.py).

Routed only when the environment variable QMS_BENCH_VIEWS=1 is set when the URLs load: never in production.
"""

import os

from django.http import HttpResponse
from django.urls import path


def constant(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


def bench_urlpatterns() -> list:
    if os.environ.get("QMS_BENCH_VIEWS") != "1":
        return []
    return [path("__bench__/constant/", constant, name="bench_constant")]
