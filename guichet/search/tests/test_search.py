"""Ticket and contact search on the database in use (run on SQLite and on PostgreSQL)."""

import pytest
from django.core.management import call_command

from guichet.core import access
from guichet.core.tests import factories
from guichet.people.actions import do_add_identity, do_merge_contacts, do_update_contact
from guichet.search.index import rebuild, reindex_tickets
from guichet.search.models import TicketDocument
from guichet.search.queries import search_contacts, search_tickets
from guichet.tickets.actions import do_delete_ticket, do_update_ticket
from guichet.tickets.merge_actions import do_merge_tickets
from guichet.tickets.message_actions import do_add_note, do_reply
from guichet.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(ticket_prefix="TEL")


@pytest.fixture
def admin():
    return factories.agent("admin")


def refs(queryset):
    return [ticket.reference for ticket in queryset]


def new_ticket(committed, brand, admin, **kwargs):
    with committed():
        return factories.ticket(brand, actor=admin, **kwargs)


def find(q, **kwargs):
    return refs(search_tickets(Ticket.objects.all(), q, include_internal=True, **kwargs))


def test_accents_are_folded_both_ways(committed, brand, admin):
    new_ticket(committed, brand, admin, subject="Résilier mon abonnement")
    new_ticket(committed, brand, admin, subject="Facture", body="Je veux resilier")
    assert sorted(find("resilier")) == ["TEL-1", "TEL-2"]
    assert sorted(find("RÉSILIER")) == ["TEL-1", "TEL-2"]


def test_last_word_is_a_prefix_for_search_as_you_type(committed, brand, admin):
    new_ticket(committed, brand, admin, subject="Imprimante bloquée")
    assert find("imprim") == ["TEL-1"]
    assert find("imprimante bloq") == ["TEL-1"]


def test_every_word_must_match(committed, brand, admin):
    new_ticket(committed, brand, admin, subject="Imprimante bloquée")
    new_ticket(committed, brand, admin, subject="Imprimante neuve")
    assert find("imprimante neuve") == ["TEL-2"]


def test_ticket_is_found_by_reference(committed, brand, admin):
    for _ in range(3):
        new_ticket(committed, brand, admin)
    assert find("TEL-2") == ["TEL-2"]


def test_ticket_is_found_by_requester_email_name_and_organisation(committed, brand, admin):
    org = factories.organisation(brand, name="Boulangerie Ducasse")
    requester = factories.contact(brand, org, name="Amélie Poulain", email="amelie@cafe.example")
    new_ticket(committed, brand, admin, requester=requester)
    new_ticket(committed, brand, admin)
    for q in ("amelie@cafe.example", "poulain", "boulangerie"):
        assert find(q) == ["TEL-1"], q


def test_subject_match_ranks_above_body_match_then_newest_first(committed, brand, admin):
    new_ticket(committed, brand, admin, subject="Question", body="Mon routeur redémarre")
    new_ticket(committed, brand, admin, subject="Routeur en panne", body="Il ne marche plus")
    new_ticket(committed, brand, admin, subject="Autre", body="Le routeur chauffe")
    results = search_tickets(Ticket.objects.all(), "routeur", include_internal=True)
    assert refs(results) == ["TEL-2", "TEL-3", "TEL-1"]
    ranks = [t.search_rank for t in results]
    assert ranks[0] > ranks[1]


def test_note_only_text_is_found_by_agents_but_not_by_customers(committed, brand, admin):
    customer = factories.customer(brand)
    ticket = new_ticket(committed, brand, admin, requester=customer.contact, subject="Box")
    with committed():
        do_add_note(admin, ticket, body="Client connu du service contentieux")
    agent_results = search_tickets(access.visible_tickets(admin), "contentieux", user=admin)
    customer_results = search_tickets(
        access.visible_tickets(customer), "contentieux", user=customer
    )
    assert refs(agent_results) == ["TEL-1"]
    assert refs(customer_results) == []
    # Public words mixed with a note-only word do not leak either.
    assert refs(search_tickets(access.visible_tickets(customer), "box contentieux")) == []
    assert refs(search_tickets(access.visible_tickets(customer), "box", user=customer)) == ["TEL-1"]


def test_without_user_notes_are_not_searched(committed, brand, admin):
    ticket = new_ticket(committed, brand, admin)
    with committed():
        do_add_note(admin, ticket, body="contentieux")
    assert refs(search_tickets(Ticket.objects.all(), "contentieux")) == []


def test_search_narrows_the_given_queryset(committed, brand, admin):
    other_brand = factories.brand()
    new_ticket(committed, brand, admin, subject="Wifi lent")
    new_ticket(committed, other_brand, admin, subject="Wifi lent")
    agent = factories.agent(brands=[brand])
    assert refs(search_tickets(access.visible_tickets(agent), "wifi", user=agent)) == ["TEL-1"]


def test_org_admin_search_on_a_distinct_queryset(committed, brand, admin):
    org = factories.organisation(brand)
    boss = factories.customer(brand, org, is_org_admin=True)
    colleague = factories.contact(brand, org)
    new_ticket(committed, brand, admin, requester=colleague, subject="Wifi lent")
    results = search_tickets(access.visible_tickets(boss), "wifi", user=boss)
    assert refs(results) == ["TEL-1"]


@pytest.mark.parametrize(
    "q",
    ['"', "'", "-", "*", "AND", "OR NOT", "NEAR(a b)", "a:b", "title:x", "{title}: x",
     "^x", "(((", "' OR 1=1 --", "x & y | !z", "\\", "%", "é*", "💥", "a" * 500, "x " * 100],
)  # fmt: skip
def test_query_syntax_from_users_never_breaks_search(committed, brand, admin, q):
    new_ticket(committed, brand, admin)
    list(search_tickets(Ticket.objects.all(), q, include_internal=True))
    list(search_tickets(Ticket.objects.all(), q))


def test_blank_query_returns_the_queryset_and_punctuation_matches_nothing(committed, brand, admin):
    new_ticket(committed, brand, admin)
    assert [t.search_rank for t in search_tickets(Ticket.objects.all(), "  ")] == [0.0]
    assert search_tickets(Ticket.objects.all(), "--").order_by("-search_rank").count() == 0


def test_reply_is_indexed_on_commit(committed, brand, admin):
    ticket = new_ticket(committed, brand, admin)
    with committed():
        do_reply(admin, ticket, body="Essayez de redémarrer le modem")
    assert find("modem") == ["TEL-1"]


def test_nothing_is_indexed_before_commit(brand, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.ticket(brand, actor=admin, subject="Modem")
    assert callbacks
    assert find("modem") == []


def test_subject_change_is_indexed(committed, brand, admin):
    ticket = new_ticket(committed, brand, admin, subject="Ancien")
    with committed():
        do_update_ticket(admin, ticket, subject="Nouveau sujet")
    assert find("ancien") == []
    assert find("nouveau") == ["TEL-1"]


def test_merged_messages_are_found_on_the_target(committed, brand, admin):
    source = new_ticket(committed, brand, admin, subject="Doublon", body="Code erreur 0x80070005")
    target = new_ticket(committed, brand, admin, subject="Mise à jour Windows")
    with committed():
        do_merge_tickets(admin, source, target)
    assert find("0x80070005") == [target.reference]


def test_contact_merge_reindexes_their_tickets(committed, brand, admin):
    source = factories.contact(brand, name="Jean Dupont", email="jd@old.example")
    target = factories.contact(brand, name="Jean Dupont", email="jean@new.example")
    ticket = new_ticket(committed, brand, admin, requester=source)
    with committed():
        do_merge_contacts(admin, source, target)
    assert find("jean@new.example") == [ticket.reference]
    assert find("jd@old.example") == [ticket.reference]  # the identity moved with the merge


def test_contact_rename_and_new_identity_reindex_their_tickets(committed, brand, admin):
    person = factories.contact(brand, name="Jean Dupont")
    ticket = new_ticket(committed, brand, admin, requester=person)
    with committed():
        do_update_contact(admin, person, name="Jeanne Durand")
        do_add_identity(admin, person, "phone", "06 12 34 56 78")
    assert find("durand") == [ticket.reference]
    assert find("0612345678") == [ticket.reference]
    for q in ("0612345678", "+33612345678", "durand"):
        assert list(search_contacts(access.visible_contacts(admin), q)) == [person], q


def test_deleted_ticket_leaves_the_index(committed, brand, admin):
    ticket = new_ticket(committed, brand, admin, subject="Modem")
    with committed():
        do_delete_ticket(admin, ticket)
    assert not TicketDocument.objects.exists()
    assert find("modem") == []


def test_contacts_are_found_by_name_email_phone_and_organisation(brand, admin):
    org = factories.organisation(brand, name="Pâtisserie Léonard")
    lea = factories.contact(brand, org, name="Léa Martin", email="lea.martin@example.fr")
    factories.contact(brand, name="Paul Durand")
    rebuild()
    visible = access.visible_contacts(admin)
    for q in ("lea", "martin@example", "patisserie leo", "lea.martin@example.fr"):
        assert list(search_contacts(visible, q)) == [lea], q


def test_contact_search_ranks_name_above_organisation(brand, admin):
    org = factories.organisation(brand, name="Martin SA")
    in_org = factories.contact(brand, org, name="Paul Durand")
    named = factories.contact(brand, name="Léa Martin")
    rebuild()
    assert list(search_contacts(access.visible_contacts(admin), "martin")) == [named, in_org]


def test_search_reindex_command_rebuilds_bulk_loaded_tickets(brand, admin, capsys):
    ticket = factories.ticket(brand, actor=admin, subject="Fibre coupée")  # not committed
    assert find("fibre") == []
    call_command("search_reindex", "--clear")
    assert find("fibre") == [ticket.reference]
    assert "Indexed 1 tickets" in capsys.readouterr().out


def test_reindexing_twice_keeps_one_document(brand, admin):
    ticket = factories.ticket(brand, actor=admin, subject="Fibre")
    reindex_tickets([ticket.pk])
    reindex_tickets([ticket.pk, ticket.pk])
    assert TicketDocument.objects.count() == 1
    assert find("fibre") == [ticket.reference]
