"""Keep the index table in step with the page tree: publish, unpublish, delete, move."""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indexing import index_page, is_searchable, remove_page, searchable_models
from .models import Synonym
from .query import forget_synonyms
from .vocabulary import bump as bump_vocabulary

logger = logging.getLogger("qms.search")


def mirror(page_id: int, entry=None) -> None:
    """Keep Elasticsearch in step when it is configured; a failure is logged, never raised to the editor."""
    from .service import elasticsearch_url

    url = elasticsearch_url()
    if not url:
        return
    from .backends.elastic import ElasticsearchBackend

    try:
        backend = ElasticsearchBackend(url)
        backend.index_entry(entry) if entry is not None else backend.delete(page_id)
    except Exception as exc:
        logger.warning("search: Elasticsearch not updated for page %s (%s); run search_reindex", page_id, exc)


def on_published(sender, instance, **kwargs):
    mirror(instance.pk, index_page(instance))


def on_unpublished(sender, instance, **kwargs):
    remove_page(instance.pk)
    mirror(instance.pk)


def on_deleted(sender, instance, **kwargs):
    remove_page(instance.pk)
    mirror(instance.pk)


def on_moved(sender, instance, **kwargs):
    """A move changes URLs (and maybe agency and department) of the page and everything under it."""
    for page in Page.objects.descendant_of(instance, inclusive=True).live().type(*searchable_models()).specific():
        if is_searchable(page):
            mirror(page.pk, index_page(page))


def on_visibility_may_change(sender, **kwargs):
    """A view restriction, or a document saved without publishing, may change who sees an indexed entry."""
    bump_vocabulary()


def on_synonym_saved(sender, **kwargs):
    forget_synonyms()


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="qms_search_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="qms_search_unpublished")
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="qms_search_deleted")
    for model in searchable_models():
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"qms_search_deleted_{model.__name__}")
    post_page_move.connect(on_moved, dispatch_uid="qms_search_moved")
    for sender in (PageViewRestriction, *searchable_models()):
        uid = f"qms_search_vocabulary_{sender.__name__}"
        post_save.connect(on_visibility_may_change, sender=sender, dispatch_uid=f"{uid}_saved")
        post_delete.connect(on_visibility_may_change, sender=sender, dispatch_uid=f"{uid}_deleted")
    post_save.connect(on_synonym_saved, sender=Synonym, dispatch_uid="qms_search_synonym_saved")
    post_delete.connect(on_synonym_saved, sender=Synonym, dispatch_uid="qms_search_synonym_deleted")
