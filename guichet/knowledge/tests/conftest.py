import pytest

from guichet.core.tests import factories
from guichet.core.tests.fixtures import committed, media_root  # noqa: F401
from guichet.knowledge.search import _VOCABULARIES


@pytest.fixture(autouse=True)
def fresh_vocabularies():
    """The typo vocabulary cache is per process; ids repeat across test databases."""
    _VOCABULARIES.clear()
    yield
    _VOCABULARIES.clear()


@pytest.fixture
def brand():
    return factories.brand(slug="asclepia", name="Asclépia", ticket_prefix="ASC")


@pytest.fixture
def other_brand():
    return factories.brand(slug="telvia", name="Telvia", ticket_prefix="TEL")


@pytest.fixture
def supervisor():
    return factories.agent("supervisor")


@pytest.fixture
def writer():
    return factories.agent("agent")


@pytest.fixture
def customer(brand):
    return factories.customer(brand)
