import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.core.tests import factories
from guichet.tickets.actions import do_change_status
from guichet.tickets.message_actions import do_add_note, do_reply
from guichet.tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand():
    return factories.brand(slug="acme", name="Acme", ticket_prefix="ACM")


@pytest.fixture
def org(brand):
    return factories.organisation(brand, name="Dupont SA")


@pytest.fixture
def customer(brand, org):
    return factories.contact(brand, org, with_user=True, name="Marie Curie")


def sign_in(client, contact):
    client.force_login(contact.user)
    return client


def ticket_of(brand, contact, **kwargs):
    return factories.ticket(brand, contact, **kwargs)


def test_customer_submits_a_ticket_with_an_attachment(client, brand, customer):
    sign_in(client, customer)
    upload = SimpleUploadedFile("capture.txt", b"error 42 on screen", content_type="text/plain")
    response = client.post(
        "/portal/acme/tickets/new/",
        {"subject": "Imprimante en panne", "description": "Rien ne sort.", "attachments": upload},
    )
    ticket = Ticket.objects.get()
    assert response.url == f"/portal/acme/tickets/{ticket.reference}/"
    assert (ticket.requester, ticket.channel) == (customer, "portal")
    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.message.ticket) == ("capture.txt", ticket)


def test_too_large_attachment_is_refused_with_a_message(client, brand, customer, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    sign_in(client, customer)
    upload = SimpleUploadedFile("big.bin", b"x" * 11)
    response = client.post(
        "/portal/acme/tickets/new/",
        {"subject": "Gros fichier", "description": "Voir PJ", "attachments": upload},
    )
    assert response.status_code == 200
    assert "big.bin" in response.content.decode()
    assert not Ticket.objects.exists()


def test_list_shows_my_tickets_only(client, brand, org, customer):
    mine = ticket_of(brand, customer, subject="Mon souci")
    colleague = factories.contact(brand, org)
    ticket_of(brand, colleague, subject="Souci du collègue")
    page = sign_in(client, customer).get("/portal/acme/").content.decode()
    assert mine.reference in page
    assert "Souci du collègue" not in page


def test_plain_customer_cannot_switch_to_the_organisation_view(client, brand, org, customer):
    ticket_of(brand, factories.contact(brand, org), subject="Souci du collègue")
    page = sign_in(client, customer).get("/portal/acme/?scope=org").content.decode()
    assert "Souci du collègue" not in page


def test_org_admin_sees_the_organisation_tickets_when_asked(client, brand, org):
    admin = factories.contact(brand, org, with_user=True, is_org_admin=True)
    ticket_of(brand, factories.contact(brand, org), subject="Souci du collègue")
    sign_in(client, admin)
    assert "Souci du collègue" not in client.get("/portal/acme/").content.decode()
    assert "Souci du collègue" in client.get("/portal/acme/?scope=org").content.decode()


def test_org_admin_opens_a_colleague_ticket(client, brand, org):
    admin = factories.contact(brand, org, with_user=True, is_org_admin=True)
    ticket = ticket_of(brand, factories.contact(brand, org))
    assert (
        sign_in(client, admin).get(f"/portal/acme/tickets/{ticket.reference}/").status_code == 200
    )


def test_plain_customer_gets_404_for_a_colleague_ticket(client, brand, org, customer):
    ticket = ticket_of(brand, factories.contact(brand, org))
    response = sign_in(client, customer).get(f"/portal/acme/tickets/{ticket.reference}/")
    assert response.status_code == 404


def test_other_organisation_ticket_is_404_by_url(client, brand, customer):
    other_org = factories.organisation(brand)
    stranger = factories.contact(brand, other_org, is_org_admin=True)
    ticket = ticket_of(brand, stranger)
    sign_in(client, customer)
    assert client.get(f"/portal/acme/tickets/{ticket.reference}/").status_code == 404
    reply = client.post(f"/portal/acme/tickets/{ticket.reference}/reply/", {"body": "Coucou"})
    assert reply.status_code == 404
    assert ticket.messages.count() == 1


def test_customer_of_another_brand_is_refused(client, brand, customer):
    other = factories.brand(slug="globex")
    response = sign_in(client, customer).get("/portal/globex/")
    assert response.status_code == 403
    assert other.name in response.content.decode()


def test_agent_is_refused_by_the_portal(client, brand):
    client.force_login(factories.agent())
    assert client.get("/portal/acme/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_brand_login(client, brand):
    response = client.get("/portal/acme/tickets/new/")
    assert response.url == "/portal/acme/login/?next=/portal/acme/tickets/new/"


def test_ticket_page_shows_replies_but_never_internal_notes(client, brand, customer):
    agent = factories.agent()
    ticket = ticket_of(brand, customer)
    do_reply(agent, ticket, body="Avez-vous redémarré ?")
    do_add_note(agent, ticket, body="SECRET interne : client difficile")
    page = sign_in(client, customer).get(f"/portal/acme/tickets/{ticket.reference}/")
    html = page.content.decode()
    assert "Avez-vous redémarré ?" in html
    assert "SECRET interne" not in html


def test_customer_replies_with_an_attachment(client, brand, customer):
    ticket = ticket_of(brand, customer)
    do_reply(factories.agent(), ticket, body="Une capture ?", status="pending")
    sign_in(client, customer)
    upload = SimpleUploadedFile("ecran.txt", b"voila")
    response = client.post(
        f"/portal/acme/tickets/{ticket.reference}/reply/", {"body": "Voici", "attachments": upload}
    )
    message = ticket.messages.order_by("-id").first()
    assert response.url == f"/portal/acme/tickets/{ticket.reference}/#message-{message.pk}"
    assert (message.kind, message.body_text) == ("customer", "Voici")
    assert message.attachments.get().filename == "ecran.txt"
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_closed_ticket_has_no_reply_form_and_refuses_replies(client, brand, customer):
    ticket = ticket_of(brand, customer)
    admin = factories.agent("admin")
    do_change_status(admin, ticket, "solved")
    do_change_status(admin, ticket, "closed")
    sign_in(client, customer)
    page = client.get(f"/portal/acme/tickets/{ticket.reference}/").content.decode()
    assert 'name="body"' not in page
    response = client.post(f"/portal/acme/tickets/{ticket.reference}/reply/", {"body": "Re"})
    assert response.status_code == 400
    assert ticket.messages.count() == 1


def test_status_is_shown_in_customer_words(client, brand, customer):
    ticket = ticket_of(brand, customer)
    do_reply(factories.agent(), ticket, body="Pouvez-vous préciser ?", status="pending")
    page = sign_in(client, customer).get(f"/portal/acme/tickets/{ticket.reference}/")
    assert "En attente de votre réponse" in page.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_list_page_query_count_does_not_grow_with_rows(
    client, brand, org, rows, django_assert_max_num_queries
):
    admin = factories.contact(brand, org, with_user=True, is_org_admin=True)
    colleague = factories.contact(brand, org)
    for n in range(rows):
        ticket_of(brand, admin if n % 2 else colleague, subject=f"Sujet {n}")
    sign_in(client, admin)
    with django_assert_max_num_queries(7):
        assert client.get("/portal/acme/?scope=org").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get("/portal/acme/").status_code == 200


def test_ticket_page_query_count_does_not_grow_with_messages(
    client, brand, customer, django_assert_max_num_queries
):
    ticket = ticket_of(brand, customer)
    agent = factories.agent()
    for n in range(10):
        do_reply(agent, ticket, body=f"Réponse {n}", attachments=[(f"f{n}.txt", b"data")])
    sign_in(client, customer)
    with django_assert_max_num_queries(8):
        assert client.get(f"/portal/acme/tickets/{ticket.reference}/").status_code == 200


def test_portal_root_follows_the_brand_host_name(client, brand):
    brand.host = "support.acme.localhost"
    brand.save()
    response = client.get("/portal/", HTTP_HOST="support.acme.localhost")
    assert response.url == "/portal/acme/"


def test_portal_root_on_an_unknown_host_is_404(client, brand):
    assert client.get("/portal/").status_code == 404


def test_attachments_link_to_the_session_download_view(client, brand, customer):
    ticket = ticket_of(brand, customer, attachments=[("devis.txt", b"total: 42")])
    attachment = Attachment.objects.get(message__ticket=ticket)
    sign_in(client, customer)
    page = client.get(f"/portal/acme/tickets/{ticket.reference}/").content.decode()
    url = f"/attachments/{attachment.pk}/download"
    assert f'href="{url}"' in page
    assert b"".join(client.get(url).streaming_content) == b"total: 42"
