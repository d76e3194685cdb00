from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """An app so that Wagtail finds its hook and Django its templates: the admin's widgets without inline scripts."""

    name = "qms.security"
    label = "qms_security"
    verbose_name = "QMS security"

    def ready(self):
        from . import admin_widgets

        admin_widgets.install()
