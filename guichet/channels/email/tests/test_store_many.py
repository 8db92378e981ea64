"""Storing the messages of one IMAP fetch together (intake.store_many, store_actions)."""

import pytest
from django_tasks_db.models import DBTaskResult

from guichet.channels.email import intake, store_actions
from guichet.channels.email.models import InboundEmail
from guichet.core.tests.fixtures import media_root  # noqa: F401

from .intake_support import mailbox, raw_email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def jobs_for(rows):
    return DBTaskResult.objects.filter(
        task_path="guichet.channels.email.tasks.process_inbound_email",
        args_kwargs__args__0__in=[row.pk for row in rows],
    )


def items(box, raws, **kwargs):
    return [intake.to_store(box, raw, **kwargs) for raw in raws]


def test_a_group_is_stored_in_order_each_with_its_job():
    # Given three new messages fetched together
    box = mailbox()
    raws = [raw_email(subject=f"n{n}") for n in range(3)]

    # When they are stored
    stored = intake.store_many(box, items(box, raws), via="imap")

    # Then each is a new row, in order, with the bytes as received and one processing job
    assert [created for _, created in stored] == [True, True, True]
    rows = [row for row, _ in stored]
    assert [row.subject for row in rows] == ["n0", "n1", "n2"]
    assert [InboundEmail.objects.get(pk=row.pk).raw_bytes for row in rows] == raws
    assert jobs_for(rows).count() == 3


def test_copies_in_a_group_and_messages_stored_before_are_stored_once():
    box = mailbox()
    before, new = raw_email(subject="before"), raw_email(subject="new")
    first, _ = intake.store(box, before, via="smtp")

    stored = intake.store_many(box, items(box, [new, before, new]), via="imap")

    assert [created for _, created in stored] == [True, False, False]
    assert stored[1][0].pk == first.pk and stored[2][0].pk == stored[0][0].pk
    assert InboundEmail.objects.filter(mailbox=box).count() == 2
    assert jobs_for([first, stored[0][0]]).count() == 2


def test_imap_uids_of_a_group_are_kept_with_their_copies():
    box = mailbox(kind="imap")
    raw = raw_email()
    group = [intake.to_store(box, raw, imap_uid=uid, imap_uidvalidity=7) for uid in (4, 9)]
    stored = intake.store_many(box, group, via="imap")

    row = InboundEmail.objects.get(pk=stored[0][0].pk)
    assert (row.imap_uid, row.imap_uidvalidity, row.imap_duplicate_uids) == (4, 7, [9])
    box.refresh_from_db()
    assert box.imap_last_uid == 9


def test_a_message_over_the_limit_is_quarantined_at_once_in_a_group():
    box = mailbox(max_bytes=2000)
    big = raw_email(body="x" * 5000)
    stored = intake.store_many(box, items(box, [raw_email(), big]), via="imap")
    assert [row.status for row, _ in stored] == ["received", "quarantined"]
    assert InboundEmail.objects.get(pk=stored[1][0].pk).truncated
    assert jobs_for([stored[1][0]]).count() == 0


def test_a_message_stored_at_the_same_moment_elsewhere_makes_the_group_store_one_by_one(
    monkeypatch,
):
    # Given a message stored by another path that the group's read did not see
    box = mailbox()
    taken, new = raw_email(subject="taken"), raw_email(subject="new")
    elsewhere, _ = intake.store(box, taken, via="smtp")
    monkeypatch.setattr(store_actions, "stored_before", lambda mailbox, keys: {})

    # When the group is stored: its one INSERT clashes with the unique key
    stored = intake.store_many(box, items(box, [new, taken]), via="imap")

    # Then it is stored one message at a time: nothing lost, nothing twice
    assert [created for _, created in stored] == [True, False]
    assert stored[1][0].pk == elsewhere.pk
    assert InboundEmail.objects.filter(mailbox=box).count() == 2
    assert jobs_for([row for row, _ in stored]).count() == 2


def test_an_empty_group_stores_nothing():
    assert intake.store_many(mailbox(), [], via="imap") == []


@pytest.mark.parametrize(
    ("sizes", "groups"),
    [
        ([], []),
        ([10, 10, 10], [range(0, 2), range(2, 3)]),  # two at most
        ([60, 50, 10], [range(0, 1), range(1, 3)]),  # 100 bytes at most
        ([500, 10], [range(0, 1), range(1, 2)]),  # larger than the limit: alone
    ],
)
def test_store_groups(sizes, groups):
    assert intake.store_groups(sizes, count=2, max_bytes=100) == groups
