from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = _("Hồ sơ chất lượng và một cửa")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
        from .files import register_file_owners

        register_file_owners()
