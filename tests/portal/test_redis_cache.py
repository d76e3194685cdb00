"""The page cache on Redis, as production uses it when REDIS_URL is set (runs when QMS_TEST_REDIS_URL is set)."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal import caching

REDIS_URL = os.environ.get("QMS_TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="QMS_TEST_REDIS_URL is not set (a live Redis server)"),
]
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "qms-test",
    }
}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS_CACHES):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_a_page_cached_in_redis_is_served_and_a_publish_makes_it_stale(client, portal, redis_cache):
    url = portal.birth.url
    assert client.get(url)["X-Portal-Cache"] == "miss"
    assert client.get(url)["X-Portal-Cache"] == "hit"
    assert any(b"portal:page" in key for key in redis_cache._cache.get_client().keys("*qms-test*"))
    caching.bump()
    assert client.get(url)["X-Portal-Cache"] == "miss"
