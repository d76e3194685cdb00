import pytest
from django.core.cache import cache

from portal import caching

from .site import Portal, build_portal


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    caching.forget_generation()
    caching._pending.clear()
    yield
    cache.clear()
    caching._pending.clear()


@pytest.fixture
def portal(agency, justice, land, other_agency) -> Portal:
    return build_portal(agency, justice, land, other_agency)
