"""Small bookkeeping tables of the portal: the page-cache generation and procedure view counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class CacheGeneration(models.Model):
    """A counter bumped whenever anything the public sees changes; cached pages carry it in their key.

    Kept in the database (not the cache) so every worker of every server sees the same value, whatever the
    cache backend is (per-process memory, a shared folder, Redis): each process re-reads it at most
    QMS_PORTAL_GENERATION_TTL seconds after another one bumped it (see caching.generation)."""

    key = models.CharField(max_length=32, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("thế hệ bộ nhớ đệm")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ViewCount(models.Model):
    """How often a page was opened (flushed from the cache in batches, so approximate)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    count = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        verbose_name = _("lượt xem")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"
