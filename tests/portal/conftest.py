import pytest
from django.core.cache import cache

from .site import Portal, build_portal


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(agency, justice, land, other_agency) -> Portal:
    return build_portal(agency, justice, land, other_agency)
