"""Counters of the citizen lookup's throttles, in the database so every worker and process counts together."""

from django.db import models


class RateCounter(models.Model):
    """Hits on one throttle key in one fixed time window.

    The cache is not enough: the production fallback (FileBasedCache) increments by read-then-write, so
    concurrent workers lose counts. One row per (key, window) and ``hits = hits + 1`` in a single upsert
    statement (records.ratelimit) are atomic on SQLite and PostgreSQL alike.
    """

    bucket = models.CharField(max_length=200)
    window_start = models.BigIntegerField()  # epoch seconds
    expires_at = models.BigIntegerField(db_index=True)  # epoch seconds; rows past it are purged
    hits = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "window_start"], name="rate_counter_window_unique")]

    def __str__(self) -> str:
        return f"{self.bucket} @{self.window_start}: {self.hits}"
