"""A batch ends where the same messages applied one by one end: the same rows everywhere
(tickets, messages, contacts, participants, audit events, SLA clocks, jobs, search documents,
bounce records, rate counters), ids and timestamps aside."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from guichet.audit.models import Event
from guichet.brands.models import Brand
from guichet.channels.email import actions, intake
from guichet.channels.email.models import (
    BounceRecord,
    InboundEmail,
    Mailbox,
    OutboundEmail,
    SenderRate,
)
from guichet.core.tests import factories
from guichet.jobs.retry import running_attempt
from guichet.people.models import Contact
from guichet.search.models import TicketDocument
from guichet.sla.models import TicketSla, TicketTarget
from guichet.sla.tests.support import policy
from guichet.tickets.models import Message, Status, Ticket, TicketParticipant

from .intake_support import mailbox, raw_email, store

pytestmark = pytest.mark.django_db

OURS = "support{n}@help{n}.example"


def dsn(original_id: str) -> bytes:
    return (
        (
            "From: MAILER-DAEMON@mx.customer.example\r\nTo: {to}\r\n"
            "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-{oid}@mx>\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
            "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
            "Final-Recipient: rfc822; gone@customer.example\r\nAction: failed\r\n"
            "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 no such user\r\n"
            "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{oid}>\r\n--b--\r\n"
        )
        .format(to="support@help.example", oid=original_id)
        .encode()
    )


def corpus(n: int) -> list[bytes]:
    """New requests, replies (threaded by In-Reply-To on messages of the same set), CCs, an
    auto-replies, a DSN for our mail, a duplicate, a rate-limited sender, an invalid sender,
    broken mail; copied people on most (made contacts or not, depending on the outcome)."""
    first = raw_email(sender="Alice <alice@acme.example>", subject="Imprimante", message_id="a1@x")
    mails = [
        first,
        raw_email(sender="bob@other.example", subject="Facture", message_id="b1@x",
                  cc="Carol <carol@acme.example>, alice@acme.example"),
        raw_email(sender="carol@acme.example", subject="Re: Facture", message_id="c1@x",
                  references="<b1@x> <zz@x>"),  # at once, threaded by an older Reference
        raw_email(sender="alice@acme.example", subject="Re: Imprimante", message_id="a2@x",
                  in_reply_to="a1@x", references="<a1@x>"),
        raw_email(sender="dan@acme.example", subject="Re: Imprimante", message_id="d1@x",
                  in_reply_to="a1@x", cc="Fred <fred@acme.example>"),  # a stranger on Alice's
        raw_email(sender="x@y", subject="Adresse", message_id="i1@x",
                  cc="Ivan <ivan@acme.example>"),  # an invalid sender: held
        raw_email(sender="bob@other.example", subject="Absent", message_id="b2@x",
                  in_reply_to="b1@x", headers={"Auto-Submitted": "auto-replied"},
                  cc="Gina <gina@other.example>"),
        raw_email(sender="hal@other.example", subject="Absent", message_id="h1@x",
                  headers={"Auto-Submitted": "auto-replied"}, cc="Ida <ida@other.example>"),
        dsn(f"ours-{n}@help.example"),
        first,  # the same message again
        b"\x00\x01 not a header block at all",
        raw_email(sender="known@acme.example", subject="Client connu", message_id="k1@x"),
        *[
            raw_email(sender="spam@flood.example", subject=f"Flood {n}", message_id=f"f{n}@x",
                      cc=f"Copy{n} <copy{n}@flood.example>")
            for n in range(4)
        ],
        raw_email(sender="eve@acme.example", subject="Pièce jointe", message_id="e1@x",
                  attachments=[("note.txt", b"hello", "text/plain")]),
        raw_email(sender="zed@other.example", subject="Re: [REF] rien", message_id="z1@x",
                  in_reply_to="nowhere@x"),
    ]  # fmt: skip
    return mails


def setup(n: int, strangers: str) -> tuple[Brand, Mailbox]:
    brand = factories.brand(ticket_prefix=f"EQ{n}")
    policy(brand)
    factories.organisation(brand, name="Acme", domains=["acme.example"])
    factories.contact(brand, name="Known", email="known@acme.example")
    box = mailbox(
        brand, address=OURS.format(n=n), send_acknowledgement=True, rate_limit_per_hour=2,
        stranger_policy=strangers,
    )  # fmt: skip
    ticket = factories.ticket(brand, subject="Earlier")
    OutboundEmail.objects.create(
        mailbox=box, ticket=ticket, kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        message_id=f"ours-{n}@help.example", to=["gone@customer.example"], subject="Earlier",
    )  # fmt: skip
    return brand, box


def ingest(n: int, box: Mailbox, batch: bool, capture: Any) -> None:
    rows = [store(box, raw) for raw in corpus(n)]
    with capture(execute=True), running_attempt(1):
        if batch:
            intake.process_with_backlog(rows[0].pk)
        else:
            for row in rows:
                intake.process(row.pk)


def snapshot(n: int, brand: Brand, box: Mailbox) -> dict[str, Any]:
    tickets = Ticket.objects.filter(brand=brand)
    number: dict[Any, int] = dict(tickets.values_list("pk", "number"))
    contact: dict[Any, str] = {c.pk: c.name.split()[0] for c in Contact.objects.filter(brand=brand)}
    messages = Message.objects.filter(ticket__brand=brand)
    return {
        "tickets": sorted(
            (t.number, t.subject, t.status, contact.get(t.requester_id), t.reopen_count,
             t.organisation.name if t.organisation else None)
            for t in tickets
        ),
        "messages": sorted(
            (number[m.ticket_id], m.kind, m.body_text, m.external_id,
             contact.get(m.author_contact_id), sorted(a.filename for a in m.attachments.all()))
            for m in messages
        ),
        "contacts": sorted(
            (c.name.split()[0], c.preferred_language,
             c.organisation.name if c.organisation else None,
             sorted(v.split("@")[1] for v in c.identities.values_list("value", flat=True)))
            for c in Contact.objects.filter(brand=brand)
        ),
        "participants": sorted(
            (number[p.ticket_id], contact.get(p.contact_id), p.role)
            for p in TicketParticipant.objects.filter(ticket__brand=brand)
        ),
        "inbound": sorted(
            (i.dedupe_key.replace(f"ours-{n}", "ours"), i.status,
             i.reason.replace(brand.ticket_prefix, "EQ").replace(f"ours-{n}", "ours"),
             number.get(i.ticket_id), i.noise, i.attempts > 0)
            for i in InboundEmail.objects.filter(mailbox=box)
        ),
        "events": sorted(
            (e.verb, e.target_type, number.get(e.ticket_id), str(e.changes),
             str({**e.data, "target": number.get(e.data.get("target"))})
             .replace(brand.ticket_prefix, "EQ").replace(box.address, "BOX"))
            for e in Event.objects.filter(ticket__brand=brand)
        ),
        "contact_events": sorted(
            e.verb for e in Event.objects.filter(target_type="contact", target_id__in=contact)
        ),
        "sla": sorted(
            (number[s.ticket_id], s.status, s.priority) for s in TicketSla.objects.filter(
                ticket__brand=brand)
        ),
        "clocks": sorted(
            (number[c.ticket_id], c.metric, c.cycle, c.due_at is None, c.outcome)
            for c in TicketTarget.objects.filter(ticket__brand=brand)
        ),
        "outbound": sorted(
            (o.kind, number[o.ticket_id], o.to, o.status, o.in_reply_to)
            for o in OutboundEmail.objects.filter(mailbox=box)
        ),
        "bounces": sorted(
            (b.address, b.permanent, b.status) for b in BounceRecord.objects.filter(inbound__mailbox=box)
        ),
        "rates": sorted(SenderRate.objects.filter(mailbox=box).values_list("sender", "count")),
        "search": sorted(
            d.title for d in TicketDocument.objects.filter(ticket__brand=brand)
        ),
    }  # fmt: skip


def waiting_jobs() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True):
        counts[path] = counts.get(path, 0) + 1
    return counts


def run(n: int, batch: bool, capture: Any, strangers: str) -> tuple[dict[str, Any], dict[str, int]]:
    DBTaskResult.objects.all().delete()
    brand, box = setup(n, strangers)
    ingest(n, box, batch, capture)
    jobs = waiting_jobs()
    jobs.pop("guichet.channels.email.tasks.process_inbound_email", None)  # see below
    return snapshot(n, brand, box), jobs


@pytest.mark.parametrize(
    "strangers", [Mailbox.StrangerPolicy.NEW_TICKET, Mailbox.StrangerPolicy.HOLD]
)
def test_a_batch_ends_as_the_same_messages_applied_one_by_one(
    django_capture_on_commit_callbacks, strangers
):
    # Given the same mixed mail for two identical brands; when one brand's mail is applied
    # message by message and the other's in one batch
    one_by_one, jobs_one = run(1, False, django_capture_on_commit_callbacks, strangers)
    batched, jobs_batch = run(2, True, django_capture_on_commit_callbacks, strangers)

    # Then everything the messages made is the same
    for key in batched:
        extra = [row for row in batched[key] if row not in one_by_one[key]]
        missing = [row for row in one_by_one[key] if row not in batched[key]]
        assert (key, extra, missing) == (key, [], [])
        assert batched[key] == one_by_one[key]
    assert jobs_batch == jobs_one
    # ... and the mix was what it claims to be
    statuses = [row[1] for row in batched["inbound"]]
    assert statuses.count("quarantined") == 1 and statuses.count("held") >= 2
    assert {"ignored", "processed"} <= set(statuses)
    assert any(status == Status.NEW for _, _, status, *_ in batched["tickets"])
    assert batched["clocks"] and batched["sla"] and batched["bounces"]


def test_a_batch_closes_the_jobs_of_the_messages_it_settled():
    # Given three stored messages, each with its processing job
    box = mailbox()
    rows = [store(box, raw_email(subject=f"Demande {n}")) for n in range(3)]
    path = "guichet.channels.email.tasks.process_inbound_email"
    assert DBTaskResult.objects.filter(task_path=path, status="READY").count() == 3

    # When the first job applies the batch
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then the two others' jobs are done (the first one's is its worker's to finish)
    assert DBTaskResult.objects.filter(task_path=path, status="READY").count() == 1
    assert DBTaskResult.objects.filter(task_path=path, status="SUCCESSFUL").count() == 2


def test_a_failed_message_keeps_its_job_and_the_memo_is_read_again(monkeypatch):
    # Given four messages from one sender, the second of which fails while applied
    box = mailbox(rate_limit_per_hour=10)
    rows = [
        store(box, raw_email(sender="same@customer.example", subject=f"Demande {n}"))
        for n in range(4)
    ]
    real = actions._files
    calls = {"n": 0}

    def flaky(x):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("broken")
        return real(x)

    monkeypatch.setattr(actions, "_files", flaky)
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then the others are applied, on one contact, counted once each; the failed one waits
    statuses = [InboundEmail.objects.get(pk=r.pk).status for r in rows]
    assert statuses == ["processed", "received", "processed", "processed"]
    names = Contact.objects.filter(brand=box.brand).values_list("name", flat=True)
    assert sorted(names) == ["same", "support"]  # the sender, and the one in To
    assert SenderRate.objects.get(mailbox=box).count == 3
    path = "guichet.channels.email.tasks.process_inbound_email"
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
    assert sorted(j.args_kwargs["args"][0] for j in waiting) == [rows[0].pk, rows[1].pk]


def test_new_rate_counters_created_meanwhile_are_added_to(monkeypatch):
    # Given a batch whose sender's counter does not exist when the batch reads the counters
    box = mailbox(rate_limit_per_hour=10)
    rows = [store(box, raw_email(sender="x@customer.example", subject=f"D{n}")) for n in range(2)]
    real = actions.lookups.write_rates

    def racing(memo):  # type: ignore[no-untyped-def]
        # ... and another worker creates it before the batch writes its counts
        (key,) = memo.rates_owed
        SenderRate.objects.create(mailbox_id=key[0], sender=key[1], window_start=key[2], count=5)
        real(memo)

    monkeypatch.setattr(actions.lookups, "write_rates", racing)
    with running_attempt(1):
        intake.process_with_backlog(rows[0].pk)

    # Then the bulk insert falls back to adding, counter by counter
    assert SenderRate.objects.get(mailbox=box).count == 7
