import pytest

from guichet.core.tests import factories
from guichet.core.tests.fixtures import committed, media_root  # noqa: F401


@pytest.fixture
def brand():
    return factories.brand()
