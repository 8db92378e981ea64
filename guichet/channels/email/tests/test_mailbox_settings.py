"""Mailbox settings pages: admins only, per brand, validated, audited (docs/email.md#mailbox-settings)."""

import pytest
from django.test import Client

from guichet.audit.models import Event
from guichet.channels.email import mailbox_actions
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.core.tests.fixtures import media_root  # noqa: F401

from .intake_support import mailbox, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def box():
    return mailbox(address="support@help.example")


@pytest.fixture
def admin(box):
    return factories.agent("admin", brands=[box.brand])


def form_data(brand, **overrides):
    data = {
        "brand": brand.pk, "name": "Support", "address": "aide@help.example", "team": "",
        "language": "fr", "kind": "imap", "imap_host": "imap.help.example", "imap_port": "993",
        "imap_security": "tls", "imap_username": "", "imap_password_env": "GUICHET_AIDE_PASSWORD",
        "imap_folder": "INBOX", "imap_after_fetch": "seen", "max_bytes": str(10 * 1024 * 1024),
        "plus_addressing": "on", "stranger_policy": "new_ticket", "reopen_days": "14",
        "rate_limit_per_hour": "30", "send_acknowledgement": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_agents_and_supervisors_are_refused_the_mailbox_pages(box, role):
    client = signed_in(factories.agent(role, brands=[box.brand]))
    assert client.get("/email/mailboxes/").status_code == 403
    assert client.get(f"/email/mailboxes/{box.pk}/").status_code == 403
    assert client.post("/email/mailboxes/new/", form_data(box.brand)).status_code == 403
    assert not Mailbox.objects.filter(address="aide@help.example").exists()


def test_admin_sees_the_mailboxes_of_their_brand_with_waiting_counts(box, admin):
    receive(box, b"\r\n")  # unparseable: quarantined
    response = signed_in(admin).get("/email/mailboxes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "support@help.example" in page
    assert f"?status=quarantined&amp;mailbox={box.pk}" in page
    assert "1 en quarantaine" in page


def test_another_brands_admin_neither_sees_nor_edits_the_mailbox(box):
    other = signed_in(factories.agent("admin", brands=[factories.brand()]))
    assert "support@help.example" not in other.get("/email/mailboxes/").content.decode()
    assert other.get(f"/email/mailboxes/{box.pk}/").status_code == 404
    response = other.post(f"/email/mailboxes/{box.pk}/", form_data(box.brand))
    assert response.status_code == 404
    assert other.post(f"/email/mailboxes/{box.pk}/active/", {"active": "0"}).status_code == 404
    box.refresh_from_db()
    assert box.active and box.address == "support@help.example"


def test_another_brands_admin_cannot_create_a_mailbox_in_it(box):
    other = signed_in(factories.agent("admin", brands=[factories.brand()]))
    response = other.post("/email/mailboxes/new/", form_data(box.brand))
    assert response.status_code == 400  # the brand is not among the choices
    assert not Mailbox.objects.filter(address="aide@help.example").exists()


def test_the_action_refuses_a_supervisor_even_when_called_directly(box):
    supervisor = factories.agent("supervisor", brands=[box.brand])
    with pytest.raises(NotAllowed):
        mailbox_actions.do_set_mailbox_active(supervisor, box, active=False)


def test_the_quarantine_lists_only_the_mailbox_asked_for(box, admin):
    other_box = mailbox(brand=box.brand)
    receive(box, b"\r\n")
    receive(other_box, b"\r\n")
    response = signed_in(admin).get(f"/email/quarantine/?mailbox={box.pk}")
    assert [m.mailbox_id for m in response.context["page"].object_list] == [box.pk]


# --- Create, edit, deactivate ---------------------------------------------------------------


def test_admin_creates_an_imap_mailbox_and_it_is_audited(box, admin):
    response = signed_in(admin).post(
        "/email/mailboxes/new/", form_data(box.brand, address="Aide@Help.example")
    )
    assert response.status_code == 302
    created = Mailbox.objects.get(address="aide@help.example")
    assert (created.brand, created.kind, created.imap_password_env) == (
        box.brand, "imap", "GUICHET_AIDE_PASSWORD",
    )  # fmt: skip
    event = Event.objects.get(verb="mailbox_created")
    assert (event.actor, event.target_id) == (admin, created.pk)


def test_admin_edits_a_mailbox_and_the_changes_are_audited(box, admin):
    team = factories.team(brand_=box.brand)
    data = form_data(box.brand, address=box.address, kind="smtp", team=team.pk, language="en")
    response = signed_in(admin).post(f"/email/mailboxes/{box.pk}/", data)
    assert response.status_code == 302
    box.refresh_from_db()
    assert (box.team, box.language) == (team, "en")
    event = Event.objects.get(verb="mailbox_updated")
    changed = {change["field"]: change["new"] for change in event.changes}
    assert changed["team"] == team.pk and changed["language"] == "en"


def test_admin_deactivates_a_mailbox_and_it_is_audited(box, admin):
    response = signed_in(admin).post(f"/email/mailboxes/{box.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    box.refresh_from_db()
    assert not box.active
    event = Event.objects.get(verb="mailbox_deactivated")
    assert event.changes == [{"field": "active", "old": True, "new": False}]


def test_admin_reactivates_a_mailbox(box, admin):
    mailbox_actions.do_set_mailbox_active(admin, box, active=False)
    signed_in(admin).post(f"/email/mailboxes/{box.pk}/active/", {"active": "1"})
    box.refresh_from_db()
    assert box.active
    assert Event.objects.filter(verb="mailbox_reactivated", target_id=box.pk).exists()


def test_the_edit_page_offers_a_connection_test_for_imap_only(box, admin):
    client = signed_in(admin)
    assert "Tester la connexion" not in client.get(f"/email/mailboxes/{box.pk}/").content.decode()
    Mailbox.objects.filter(pk=box.pk).update(kind="imap", imap_host="imap.help.example")
    page = client.get(f"/email/mailboxes/{box.pk}/").content.decode()
    assert "Tester la connexion" in page and "Désactiver la boîte" in page


def test_the_new_mailbox_page_offers_only_the_admins_brands(box, admin):
    factories.brand(name="Ailleurs")
    response = signed_in(admin).get("/email/mailboxes/new/")
    assert list(response.context["form"].fields["brand"].queryset) == [box.brand]


def test_saving_unchanged_settings_records_no_event(box, admin):
    data = form_data(box.brand, address=box.address, kind="smtp", language=box.language)
    data.update(plus_addressing="on", send_acknowledgement="", max_bytes=str(box.max_bytes))
    signed_in(admin).post(f"/email/mailboxes/{box.pk}/", data)
    signed_in(admin).post(f"/email/mailboxes/{box.pk}/", data)
    assert Event.objects.filter(verb="mailbox_updated").count() == 1


def test_deactivating_keeps_the_stored_messages(box, admin):
    receive(box, b"\r\n")
    mailbox_actions.do_set_mailbox_active(admin, box, active=False)
    assert InboundEmail.objects.filter(mailbox=box).count() == 1


# --- Validation -----------------------------------------------------------------------------


def post_invalid(box, admin, **overrides):
    response = signed_in(admin).post("/email/mailboxes/new/", form_data(box.brand, **overrides))
    assert response.status_code == 400
    assert not Mailbox.objects.filter(address__startswith="aide").exists()
    return response.context["form"].errors


def test_a_malformed_address_is_refused(box, admin):
    assert "address" in post_invalid(box, admin, address="aide-at-help.example")


def test_an_address_already_used_is_refused(box, admin):
    errors = post_invalid(box, admin, address="support@help.example")
    assert "address" in errors


def test_a_secret_pasted_instead_of_its_variable_name_is_refused(box, admin):
    assert "imap_password_env" in post_invalid(box, admin, imap_password_env="hunter2 s3cret!")


def test_an_imap_mailbox_needs_a_host_a_valid_port_and_a_login(box, admin):
    errors = post_invalid(box, admin, imap_host="", imap_port="70000", imap_password_env="")
    assert {"imap_host", "imap_port", "imap_password_env"} <= set(errors)


def test_a_team_of_another_brand_is_refused(box, admin):
    foreign = factories.team(brand_=factories.brand())
    assert "team" in post_invalid(box, admin, team=foreign.pk)


def test_the_action_refuses_a_team_of_another_brand(box, admin):
    foreign = factories.team(brand_=factories.brand())
    values = {"address": "aide@help.example", "kind": "smtp", "language": "fr"}
    with pytest.raises(ActionError) as refused:
        mailbox_actions.do_create_mailbox(
            admin, box.brand, {**values, "team": foreign, "max_bytes": 1024 * 1024}
        )
    assert refused.value.field == "team"


def test_a_webhook_mailbox_needs_its_secret_variable(box, admin):
    errors = post_invalid(box, admin, kind="webhook", webhook_secret_env="")
    assert "webhook_secret_env" in errors


def test_a_size_limit_out_of_bounds_is_refused(box, admin):
    assert "max_bytes" in post_invalid(box, admin, max_bytes="100")


def test_a_language_the_brand_does_not_offer_is_refused(box, admin):
    assert "language" in post_invalid(box, admin, language="de")
