"""The mailbox page's "test connection", against the real Dovecot on loopback."""
# ruff: noqa: F811 (pytest fixtures imported from mailservers are used as arguments)

import pytest
from django.test import Client

from guichet.channels.email import mailbox_actions
from guichet.channels.email.models import InboundEmail, Mailbox
from guichet.core.errors import ActionError
from guichet.core.tests import factories
from guichet.core.tests.fixtures import media_root  # noqa: F401

from .intake_support import mailbox, raw_email
from .mailservers import dovecot  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def imap_box(dovecot, monkeypatch):
    user, password = dovecot.user()
    variable = "GUICHET_TEST_IMAP_PASSWORD_" + user.split("@")[0].upper()
    monkeypatch.setenv(variable, password)
    monkeypatch.setenv("GUICHET_IMAP_CA_FILE", str(dovecot.ca_file))
    box = mailbox(
        address=user, kind=Mailbox.Kind.IMAP, imap_host="127.0.0.1", imap_port=dovecot.port,
        imap_username=user, imap_password_env=variable,
    )  # fmt: skip
    return box, user


@pytest.fixture
def admin(imap_box):
    return factories.agent("admin", brands=[imap_box[0].brand])


def test_connection_succeeds_and_counts_the_folder_without_fetching(dovecot, imap_box, admin):
    box, user = imap_box
    dovecot.append(user, raw_email())
    result = mailbox_actions.check_mailbox_connection(admin, box)
    assert result.ok, result.message
    assert "1 message" in result.message
    assert not InboundEmail.objects.exists()
    assert "\\Seen" not in dovecot.flags(user)[1]  # not even marked seen


def test_a_wrong_password_is_reported_as_refused(imap_box, admin, monkeypatch):
    box, _user = imap_box
    monkeypatch.setenv(box.imap_password_env, "not-the-password")
    result = mailbox_actions.check_mailbox_connection(admin, box)
    assert not result.ok
    assert "refusé" in result.message


def test_a_missing_environment_variable_is_named(imap_box, admin, monkeypatch):
    box, _user = imap_box
    monkeypatch.delenv(box.imap_password_env)
    result = mailbox_actions.check_mailbox_connection(admin, box)
    assert not result.ok
    assert box.imap_password_env in result.message


def test_a_port_where_nothing_listens_is_unreachable(imap_box, admin):
    box, _user = imap_box
    box.imap_port = 1
    result = mailbox_actions.check_mailbox_connection(admin, box)
    assert not result.ok
    assert "injoignable" in result.message


def test_a_folder_that_does_not_exist_is_reported(imap_box, admin):
    box, _user = imap_box
    box.imap_folder = "Nulle-part"
    result = mailbox_actions.check_mailbox_connection(admin, box)
    assert not result.ok
    assert "Dossier introuvable" in result.message


def test_a_non_imap_mailbox_has_no_connection_to_test(admin):
    box = mailbox(brand=admin.agent.brands.get(), kind=Mailbox.Kind.SMTP)
    with pytest.raises(ActionError):
        mailbox_actions.check_mailbox_connection(admin, box)


def test_the_page_shows_the_outcome_of_the_test(imap_box, admin, monkeypatch):
    box, _user = imap_box
    client = Client()
    client.force_login(admin)
    response = client.post(f"/email/mailboxes/{box.pk}/test/", follow=True)
    assert "Connexion réussie" in response.content.decode()
    monkeypatch.setenv(box.imap_password_env, "wrong")
    response = client.post(f"/email/mailboxes/{box.pk}/test/", follow=True)
    assert "Le serveur a refusé la connexion" in response.content.decode()


def test_a_supervisor_cannot_test_a_connection(imap_box):
    box, _user = imap_box
    client = Client()
    client.force_login(factories.agent("supervisor", brands=[box.brand]))
    assert client.post(f"/email/mailboxes/{box.pk}/test/").status_code == 403
