import pytest

from tests.documents.org import build_org


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
