"""Fixtures shared by the SLA tests."""

import pytest

from guichet.core.tests import factories


@pytest.fixture
def brand():  # type: ignore[no-untyped-def]
    return factories.brand()


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return factories.agent("agent")
