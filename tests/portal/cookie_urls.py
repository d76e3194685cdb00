"""Test-only URLs: portal-cached views that set a cookie or vary on a header, on top of the project's URLs."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from qms.http_cache import anonymous_cache
from qms.urls import urlpatterns as project_urlpatterns

calls = {"csrf": 0, "session": 0, "cookie": 0, "plain": 0, "varies": 0}


@anonymous_cache
def with_csrf_form(request):
    calls["csrf"] += 1
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


@anonymous_cache
def with_session(request):
    calls["session"] += 1
    request.session["seen"] = True
    return HttpResponse("session")


@anonymous_cache
def with_cookie(request):
    calls["cookie"] += 1
    response = HttpResponse("cookie")
    response.set_cookie("choice", "1")
    return response


@anonymous_cache
def plain(request):
    calls["plain"] += 1
    return HttpResponse(f"plain {calls['plain']}")


@anonymous_cache
def varies(request):
    calls["varies"] += 1
    response = HttpResponse(request.headers.get("User-Agent", ""))
    response["Vary"] = "User-Agent"
    return response


urlpatterns = [
    path("__test__/varies/", varies),
    path("__test__/csrf/", with_csrf_form),
    path("__test__/session/", with_session),
    path("__test__/cookie/", with_cookie),
    path("__test__/plain/", plain),
    *project_urlpatterns,
]
