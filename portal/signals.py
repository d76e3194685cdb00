"""Everything that changes what the public sees bumps the page-cache generation."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from documents.models import Agency, Department, Edition
from search.models import Synonym

from .caching import bump


def on_page_change(sender, instance, **kwargs):
    """Any save or delete of a page (publish, import, direct edits of live pages, drafts) may change the site."""
    if isinstance(instance, Page):
        bump()


def connect() -> None:
    page_published.connect(bump, dispatch_uid="portal_bump_published")
    page_unpublished.connect(bump, dispatch_uid="portal_bump_unpublished")
    post_page_move.connect(bump, dispatch_uid="portal_bump_moved")
    post_save.connect(on_page_change, dispatch_uid="portal_bump_page_saved")
    post_delete.connect(on_page_change, dispatch_uid="portal_bump_page_deleted")
    # Synonyms change what a cached search page or search API answer would say.
    senders = (PageViewRestriction, Agency, Department, Edition, Synonym, get_document_model())
    for sender in senders:
        post_save.connect(bump, sender=sender, dispatch_uid=f"portal_bump_saved_{sender.__name__}")
        post_delete.connect(bump, sender=sender, dispatch_uid=f"portal_bump_deleted_{sender.__name__}")
