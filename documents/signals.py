"""Signal receivers of the documents app, connected in DocumentsConfig.ready()."""

from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished

from .models import Agency, Department
from .models.identification import IdentifiedDocument


def on_page_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, IdentifiedDocument) and revision is not None:
        from .services.editions import record_edition

        record_edition(instance, revision)


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, IdentifiedDocument):
        from .services.editions import withdraw_on_unpublish

        withdraw_on_unpublish(instance)


def on_agency_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services.roles import provision_agency

        provision_agency(instance)


def on_department_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services.roles import provision_department

        provision_department(instance)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="qms-record-edition")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="qms-withdraw-on-unpublish")
    post_save.connect(on_agency_saved, sender=Agency, dispatch_uid="qms-provision-agency")
    post_save.connect(on_department_saved, sender=Department, dispatch_uid="qms-provision-department")
