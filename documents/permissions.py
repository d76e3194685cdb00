"""One permission query per resource, reused by pages, search, downloads and APIs so they never disagree.

The workflow/permissions issue refines these (per-document visibility, guardian grants); every caller
goes through here, never through its own filter.
"""

from django.db.models import QuerySet
from wagtail.models import Page


def viewable_pages(user) -> QuerySet:
    """Pages this user may open on the site: the public sees only live pages without a view restriction."""
    pages = Page.objects.live()
    if user is None or not user.is_authenticated:
        return pages.public()
    return pages
