"""Attachment files leave the disk with their rows (after commit); the orphan sweep."""

import datetime as dt
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from guichet.core.tests import factories
from guichet.tickets.actions import do_delete_ticket
from guichet.tickets.files import attachment_storage, orphaned_files
from guichet.tickets.merge_actions import do_merge_tickets
from guichet.tickets.message_actions import do_reply
from guichet.tickets.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def admin():
    return factories.agent("admin")


def _ticket_with_file(admin, content=PDF):
    ticket = factories.ticket(factories.brand(), actor=admin)
    message = do_reply(admin, ticket, body="Voici le devis.", attachments=[("devis.pdf", content)])
    return ticket, message.attachments.get()


def _on_disk(name):
    return attachment_storage().exists(name)


def test_deleting_a_ticket_removes_its_files_after_commit(admin, media_root, committed):
    # given a ticket with an attached file
    ticket, attachment = _ticket_with_file(admin)
    name = attachment.file.name
    assert _on_disk(name)
    # when it is deleted and the transaction commits
    with committed():
        do_delete_ticket(admin, ticket)
        assert _on_disk(name)  # not before the commit
    # then the file is gone
    assert not _on_disk(name)


def test_a_rolled_back_deletion_keeps_the_files(admin, media_root, committed):
    ticket, attachment = _ticket_with_file(admin)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        do_delete_ticket(admin, ticket)
        raise RuntimeError("rolled back")
    assert _on_disk(attachment.file.name)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_file_another_attachment_still_names_is_kept(admin, media_root, committed):
    # given two tickets whose attachments name the same stored file
    ticket, attachment = _ticket_with_file(admin)
    other, other_attachment = _ticket_with_file(admin)
    Attachment.objects.filter(pk=other_attachment.pk).update(file=attachment.file.name)
    # when the first ticket is deleted
    with committed():
        do_delete_ticket(admin, ticket)
    # then the shared file stays for the other ticket
    assert _on_disk(attachment.file.name)


def test_the_same_bytes_twice_get_two_files_and_deleting_one_keeps_the_other(
    admin, media_root, committed
):
    ticket, first = _ticket_with_file(admin)
    other, second = _ticket_with_file(admin)
    assert first.sha256 == second.sha256
    assert first.file.name != second.file.name
    with committed():
        do_delete_ticket(admin, ticket)
    assert _on_disk(second.file.name)
    assert second.file.open("rb").read() == PDF


def test_merging_tickets_keeps_the_files(admin, media_root, committed):
    # given a ticket with a file merged into another one
    source, attachment = _ticket_with_file(admin)
    target = factories.ticket(source.brand, actor=admin)
    with committed():
        do_merge_tickets(admin, source, target)
    # then the file is still there, now under the target
    assert _on_disk(attachment.file.name)
    attachment.refresh_from_db()
    assert attachment.message.ticket_id == target.pk


def _age(name, hours):
    path = attachment_storage().path(name)
    old = time.time() - hours * 3600
    os.utime(path, (old, old))


def _leave_an_orphan(admin):
    """A file whose row went away without its file (as deletions did before this version)."""
    ticket, attachment = _ticket_with_file(admin, content=PDF + b"orphan")
    name = attachment.file.name
    ticket.delete()  # straight through the ORM: the file stays
    _age(name, 48)
    return name


def test_the_sweep_lists_orphans_without_deleting_by_default(admin, media_root):
    orphan = _leave_an_orphan(admin)
    _, kept = _ticket_with_file(admin)
    _age(kept.file.name, 48)
    out = StringIO()
    call_command("delete_orphaned_attachments", stdout=out)
    assert orphan in out.getvalue()
    assert kept.file.name not in out.getvalue()
    assert _on_disk(orphan)


def test_the_sweep_deletes_orphans_with_delete_and_keeps_used_files(admin, media_root):
    orphan = _leave_an_orphan(admin)
    _, kept = _ticket_with_file(admin)
    _age(kept.file.name, 48)
    call_command("delete_orphaned_attachments", "--delete", stdout=StringIO())
    assert not _on_disk(orphan)
    assert _on_disk(kept.file.name)


def test_the_sweep_skips_young_files_of_uploads_in_flight(admin, media_root):
    orphan = _leave_an_orphan(admin)
    _age(orphan, 1)
    assert orphaned_files(dt.timedelta(hours=24)) == []
    assert orphaned_files(dt.timedelta(0)) == [orphan]
