"""What the hooks memoise lives exactly as long as the transaction that read it."""

import pytest
from django.db import transaction

from guichet.core.transaction_memo import forget, memoised


class Loads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


@pytest.mark.django_db
def test_a_transaction_reads_once():
    loads = Loads()

    with transaction.atomic():
        values = [memoised("test", "k", loads) for _ in range(3)]

    assert values == [1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_autocommit_reads_every_time():
    loads = Loads()

    values = [memoised("test", "k", loads) for _ in range(3)]

    assert values == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_the_next_transaction_reads_again_after_a_commit():
    loads = Loads()
    with transaction.atomic():
        memoised("test", "k", loads)

    with transaction.atomic():
        value = memoised("test", "k", loads)

    assert value == 2


@pytest.mark.django_db(transaction=True)
def test_the_next_transaction_reads_again_after_a_rollback():
    loads = Loads()
    with pytest.raises(RuntimeError), transaction.atomic():
        memoised("test", "k", loads)
        raise RuntimeError

    with transaction.atomic():
        value = memoised("test", "k", loads)

    assert value == 2


@pytest.mark.django_db
def test_a_savepoint_rolled_back_drops_the_memo():
    loads = Loads()
    memoised("test", "k", loads)
    with pytest.raises(RuntimeError), transaction.atomic():
        raise RuntimeError

    assert memoised("test", "k", loads) == 2


@pytest.mark.django_db
def test_forget_drops_one_namespace():
    kept, dropped = Loads(), Loads()
    memoised("kept", "k", kept)
    memoised("dropped", "k", dropped)

    forget("dropped")

    assert (memoised("kept", "k", kept), memoised("dropped", "k", dropped)) == (1, 2)
