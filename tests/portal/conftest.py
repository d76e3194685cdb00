import pytest
from django.core.cache import cache

from portal import caching
from search import throttle

from .site import Portal, build_portal


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    caching.forget_generation()
    caching._pending.clear()
    throttle._used_up.clear()  # the search flood limit's memory of used-up windows goes with the cache
    yield
    cache.clear()
    caching._pending.clear()
    throttle._used_up.clear()


@pytest.fixture
def portal(agency, justice, land, other_agency) -> Portal:
    return build_portal(agency, justice, land, other_agency)
