import datetime as dt

import pytest

from guichet.core.tests import factories
from guichet.tickets.models import Ticket
from guichet.workspace import keyset

KEYS = (keyset.Key("created_at", True, "datetime"), keyset.Key("id", True))
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def tickets(brand):
    admin = factories.agent("admin")
    requester = factories.contact(brand)
    # Pairs share a creation time so that the id must break ties.
    return [
        factories.ticket(brand, requester, actor=admin, created_at=T0 + dt.timedelta(hours=i // 2))
        for i in range(7)
    ]


def test_pages_forward_cover_every_row_once_in_order(tickets):
    seen, after = [], ""
    while True:
        page = keyset.paginate(Ticket.objects.all(), KEYS, size=3, after=after)
        seen += [t.pk for t in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor
    expected = [t.pk for t in sorted(tickets, key=lambda t: (t.created_at, t.pk), reverse=True)]
    assert seen == expected


def test_previous_cursor_returns_the_page_before(tickets):
    first = keyset.paginate(Ticket.objects.all(), KEYS, size=3)
    second = keyset.paginate(Ticket.objects.all(), KEYS, size=3, after=first.next_cursor)
    back = keyset.paginate(Ticket.objects.all(), KEYS, size=3, before=second.prev_cursor)
    assert [t.pk for t in back.rows] == [t.pk for t in first.rows]
    assert back.prev_cursor is None and back.next_cursor


def test_first_page_has_no_previous_and_last_page_no_next(tickets):
    page = keyset.paginate(Ticket.objects.all(), KEYS, size=10)
    assert len(page.rows) == 7
    assert page.prev_cursor is None and page.next_cursor is None


def test_a_forged_cursor_is_ignored():
    assert keyset.decode(KEYS, "not-base64!!") is None
    assert keyset.decode(KEYS, keyset.encode((keyset.Key("id"),), type("R", (), {"id": 3}))) is None


def test_mixed_directions_follow_each_key():
    keys = (keyset.Key("a", True), keyset.Key("b", False))
    condition = keyset.beyond(keys, [5, 7])
    assert "('a__lt', 5)" in str(condition) and "('b__gt', 7)" in str(condition)
