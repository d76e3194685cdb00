"""Walk the project's URL patterns: every leaf as one route string, filled with chosen values (for tests that
request every road)."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def leaf_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every leaf pattern as one route string (route syntax and regex syntax mixed as Django keeps them)."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            routes += leaf_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            routes.append(prefix + str(entry.pattern))
    return routes


def admin_routes() -> list[str]:
    return sorted({route for route in leaf_routes() if route.startswith("admin/")})


def parameters(route: str) -> list[tuple[str, str]]:
    """(name, kind) of each parameter: kind is the path converter, or "int" for a digits-only regex group."""
    found = [(m.group("name"), _group_kind(m.group("body"))) for m in GROUP.finditer(route)]
    return found + [(m.group("name"), m.group("converter") or "str") for m in PARAM.finditer(GROUP.sub("", route))]


def _group_kind(body: str) -> str:
    return "int" if body == r"\d+" or body.endswith(r"|\d+") else "str"


def fill(route: str, values: dict[str, str], default_int: str = "1", default_str: str = "x") -> str:
    """The URL of ``route`` with each parameter taken from ``values`` by name, else the default of its kind."""

    def pick(name, kind):
        if name in values:
            return values[name]
        return default_int if kind == "int" else default_str

    url = GROUP.sub(lambda m: pick(m.group("name"), _group_kind(m.group("body"))), route)
    url = PARAM.sub(lambda m: pick(m.group("name"), m.group("converter") or "str"), url)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    return "/" + url.lstrip("/")
