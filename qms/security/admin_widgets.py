"""Wagtail's chooser widgets without their inline <script>, which the admin's Content-Security-Policy refuses.

``BaseChooser.render`` appends ``<script>new PageChooser("id", {…})</script>`` (or ``createTaskChooser("id")``) to
the widget; there is no template to override, so ``install()`` (from the app's ready()) replaces that method with
one that writes the same call as a marker, ``<span hidden data-qms-init="PageChooser" data-qms-init-args="…">``,
which qms/static/qms/admin-init.js performs. A chooser whose JS start-up we do not know keeps Wagtail's own
rendering (and shows up as a CSP violation in tests/browser/test_csp_browser.py).
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

_wagtail_render = BaseChooser.render


def init_marker(name: str, args: list) -> str:
    return format_html('<span hidden data-qms-init="{}" data-qms-init-args="{}"></span>', name, json.dumps(args))


def _init_call(widget: BaseChooser, id_: str, name: str, value_data) -> tuple[str, list] | None:
    if isinstance(widget, AdminTaskChooser) and type(widget).render_js_init is AdminTaskChooser.render_js_init:
        return "createTaskChooser", [id_]
    if type(widget).render_js_init is BaseChooser.render_js_init:
        return widget.js_constructor, [id_, widget.get_js_init_options(id_, name, value_data)]
    return None


def render(self, name, value, attrs=None, renderer=None):
    id_ = (attrs or {}).get("id")
    if not id_:
        return _wagtail_render(self, name, value, attrs, renderer)  # Wagtail raises its own error
    value_data = self.get_value_data(value)
    call = _init_call(self, id_, name, value_data)
    if call is None:
        return _wagtail_render(self, name, value, attrs, renderer)
    return mark_safe(self.render_html(name, value_data, attrs) + init_marker(*call))  # noqa: S308 (both escaped)


def install() -> None:
    BaseChooser.render = render
