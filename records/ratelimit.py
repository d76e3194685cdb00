"""Fixed-window throttles counted in the database, so the limits hold exactly under concurrency.

Each hit is one ``INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits`` on a row per (bucket,
window) of records.models.RateCounter: a single statement, atomic on SQLite (one writer at a time) and on
PostgreSQL (the row lock), whatever the number of workers or processes. The cache is not used: the production
fallback (FileBasedCache) increments by read-then-write and loses counts between processes.

A hit over the limit is taken back at once, and a caller may give back a hit it reserved (a lookup with the
right secret is not a failure), so a counter holds exactly the attempts that were let through.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.models import F

from qms.clients import client_bucket

from .models import RateCounter

LOCKED_RETRIES = 200
PURGE_CHANCE = 0.005  # about one hit in two hundred also deletes the counters of windows long gone


@dataclass(frozen=True)
class Slot:
    """One hit counted in one window: what ``give_back`` needs to take it back."""

    bucket: str
    window_start: int


def client_key(request) -> str:
    """The client's address as a throttle sees it: one IPv6 /64 counts as one client (qms.clients)."""
    return client_bucket(request)


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table, bucket, start, expires, hits = (
        quote(name) for name in (RateCounter._meta.db_table, "bucket", "window_start", "expires_at", "hits")
    )
    # Identifiers are the model's own, quoted; every value is a parameter.
    insert = f"INSERT INTO {table} ({bucket}, {start}, {expires}, {hits}) VALUES (%s, %s, %s, 1) "  # noqa: S608
    return insert + f"ON CONFLICT ({bucket}, {start}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}"


def _retrying(statement):
    """Run ``statement`` in a transaction of its own, again if SQLite's shared cache said "table is locked".

    SQLite in shared-cache mode (the in-memory database tests use) answers a concurrent writer with
    SQLITE_LOCKED at once, even at commit, instead of waiting out the busy timeout. The transaction is then
    rolled back whole, so running it again counts nothing twice. A file database (WAL, busy timeout, BEGIN
    IMMEDIATE) and PostgreSQL simply wait and never take this road.
    """
    for attempt in range(LOCKED_RETRIES):
        try:
            with transaction.atomic():
                return statement()
        except OperationalError as exc:
            if "table is locked" not in str(exc) or attempt == LOCKED_RETRIES - 1:
                raise
            time.sleep(0.001 * (attempt + 1))
    return None


def _upsert(bucket: str, start: int, expires: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [bucket, start, expires])
        return cursor.fetchone()[0]


def take(bucket: str, limit: int, window_seconds: int, *, now: float | None = None) -> Slot | None:
    """Count one hit on ``bucket``; the slot if it is within ``limit`` in this window, else None (not counted)."""
    now = int(time.time() if now is None else now)
    start = now - now % window_seconds
    hits = _retrying(lambda: _upsert(bucket, start, start + window_seconds))
    slot = Slot(bucket, start)
    if random.random() < PURGE_CHANCE:  # noqa: S311 (housekeeping, not security)
        _retrying(lambda: RateCounter.objects.filter(expires_at__lt=now).delete())
    if hits > limit:
        give_back(slot)
        return None
    return slot


def give_back(*slots: Slot) -> None:
    """Take back hits counted by ``take`` (an attempt that turned out not to count)."""
    for slot in slots:
        counter = RateCounter.objects.filter(bucket=slot.bucket, window_start=slot.window_start, hits__gt=0)
        _retrying(lambda counter=counter: counter.update(hits=F("hits") - 1))


def take_all(limits: list[tuple[str, int, int]]) -> list[Slot] | None:
    """One hit on every (bucket, limit, window), or none at all if any of them is used up."""
    taken: list[Slot] = []
    for bucket, limit, window in limits:
        slot = take(bucket, limit, window)
        if slot is None:
            give_back(*taken)
            return None
        taken.append(slot)
    return taken


def allow(bucket: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt under ``bucket``; False once ``limit`` attempts were let through in the window."""
    return take(bucket, limit, window_seconds) is not None
