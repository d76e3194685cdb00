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
    throttle.forget()  # the search flood limit's memory of refused clients goes with the cache
    yield
    cache.clear()
    caching._pending.clear()
    throttle.forget()


@pytest.fixture
def portal(agency, justice, land, other_agency) -> Portal:
    return build_portal(agency, justice, land, other_agency)
