"""Admin account views made safe: logout only by POST, password-reset mails throttled, one 429 page for both
throttles. Wired in qms/urls.py in front of Wagtail's own URLs of the same names."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views import account

from qms.clients import client_ip
from records.ratelimit import allow

from .responses import throttled

# Wagtail's LogoutView refuses GET with 405 but still deletes the session cookie on that answer, so a cross-site
# <img src="/admin/logout/"> logged staff out. Refuse anything but POST before Wagtail's view runs.
logout = require_POST(account.LogoutView.as_view())


class ThrottledPasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, with a limit per client address (a 429 page) and per e-mail address (silently
    no mail: the answer stays the "check your email" page whether or not an account holds that address)."""

    def post(self, request, *args, **kwargs):
        limit, window = settings.QMS_PASSWORD_RESET_ADDRESS_LIMIT
        if not allow(f"password-reset:client:{client_ip(request)}", limit, window):
            return throttled(
                request,
                _("Tạm dừng đặt lại mật khẩu"),
                _(
                    "Có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ mạng của bạn. "
                    "Vui lòng thử lại sau %(minutes)d phút."
                )
                % {"minutes": window // 60},
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        limit, window = settings.QMS_PASSWORD_RESET_EMAIL_LIMIT
        email = form.cleaned_data["email"].strip().lower()
        digest = hashlib.sha256(email.encode("utf-8")).hexdigest()
        if not allow(f"password-reset:email:{digest}", limit, window):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
