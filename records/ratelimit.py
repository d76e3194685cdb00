"""A fixed-window counter in the shared cache (Redis in production), so every worker sees the same count."""

from django.core.cache import cache

from qms.clients import client_ip  # noqa: F401  (re-exported for the views)


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt under ``key``; False once more than ``limit`` happened in the window."""
    cache_key = f"records:rl:{key}"
    cache.add(cache_key, 0, window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds)
        count = 1
    return count <= limit


def exhausted(key: str, limit: int) -> bool:
    """Whether ``key`` already used up its attempts, without counting one more."""
    return (cache.get(f"records:rl:{key}") or 0) >= limit


