"""Ticket numbers: allocated per brand, in order, with no gap, one at a time or several."""

import pytest

from guichet.core.tests import factories
from guichet.tickets.actions import allocate_number, allocate_numbers

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_whether_taken_one_by_one_or_together():
    brand = factories.brand(ticket_prefix="NUM")
    other = factories.brand(ticket_prefix="OTH")
    first = allocate_number(brand)
    together = allocate_numbers(brand, 3)
    after = allocate_number(brand)
    assert list(together) == [first + 1, first + 2, first + 3]
    assert after == first + 4
    assert allocate_numbers(other, 2) == range(
        allocate_number(other) - 2, allocate_number(other) - 1
    )
