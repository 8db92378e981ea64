"""Every message of the shared corpus goes through intake: none lost, none raising."""

import pytest

from guichet.channels.email import intake
from guichet.channels.email.models import InboundEmail
from guichet.core.tests.fixtures import media_root  # noqa: F401
from guichet.tickets.models import Message

from .intake_support import mailbox
from .paths import MAIL, corpus_files, require

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
FINAL = {"processed", "ignored", "held", "quarantined"}


def test_every_corpus_message_ends_processed_ignored_held_or_quarantined():
    # Given every raw message of ../shared/data/mail, in one mailbox (no rate limit)
    files = corpus_files()
    require(MAIL)
    assert len(files) > 100
    box = mailbox(rate_limit_per_hour=0)

    # When each is stored and processed
    for path in files:
        inbound, _created = intake.store(box, path.read_bytes(), via="upload")
        intake.process(inbound.pk)

    # Then nothing is left behind, nothing crashed, and only the unreadable is quarantined
    rows = InboundEmail.objects.filter(mailbox=box)
    statuses = {row.status for row in rows}
    assert statuses <= FINAL
    quarantined = list(rows.filter(status="quarantined").values_list("reason", flat=True))
    assert quarantined == ["empty message"]
    assert not rows.filter(reason__startswith="processing error").exists()
    processed = rows.filter(status="processed")
    assert processed.count() == Message.objects.filter(channel="email").count()
    assert rows.count() == len(
        {intake.store(box, p.read_bytes(), via="upload")[0].pk for p in files}
    )
