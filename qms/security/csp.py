"""Content-Security-Policy by area: the strict portal policy everywhere, the measured admin allowances under /admin/.

django-csp applies one policy (``CONTENT_SECURITY_POLICY``); Wagtail's admin needs a few more sources than the
portal does (see ``QMS_ADMIN_CSP_DIRECTIVES`` in the settings for what and why), and those allowances must not
reach the public pages. A view's own ``csp_update``/``csp_replace`` still applies on top of either policy.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class AreaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.QMS_ADMIN_CSP_DIRECTIVES)
        return parts
