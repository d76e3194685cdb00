from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal: lists, stable procedure URLs, print view, open data API, page cache, sitemap."""

    name = "portal"
    verbose_name = _("Cổng thông tin công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
