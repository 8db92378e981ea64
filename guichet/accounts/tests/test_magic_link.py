import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from guichet.accounts.magic import do_request_magic_link, do_use_magic_link, token_for
from guichet.accounts.models import MagicLink
from guichet.accounts.tests.helpers import IMMEDIATE_TASKS, T0
from guichet.core.tests import factories
from guichet.people.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
TEMPLATE = "https://help.example/portal/acme/login/link/{token}/"


@pytest.fixture
def immediate_tasks():
    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


@pytest.fixture
def brand():
    return factories.brand(slug="acme", name="Acme")


def request_link(client, brand, email, capture):
    with capture(execute=True):
        return client.post(f"/portal/{brand.slug}/login/link/", {"email": email})


def link_in(message):
    return re.search(r"http://testserver(/portal/\S+/)", message.body).group(1)


def test_known_address_gets_a_link_by_mail(client, brand, django_capture_on_commit_callbacks):
    factories.contact(brand, email="marie@example.test", with_user=True)
    response = request_link(client, brand, "Marie@Example.test", django_capture_on_commit_callbacks)
    assert response.url == "/portal/acme/login/link/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["marie@example.test"]
    assert "/portal/acme/login/link/" in mail.outbox[0].body


def test_unknown_address_gets_the_same_answer_and_no_mail(
    client, brand, django_capture_on_commit_callbacks
):
    factories.contact(brand, email="marie@example.test", with_user=True)
    known = request_link(client, brand, "marie@example.test", django_capture_on_commit_callbacks)
    unknown = request_link(client, brand, "nobody@example.test", django_capture_on_commit_callbacks)
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1


def test_link_logs_the_customer_in_once(client, brand, django_capture_on_commit_callbacks):
    contact = factories.contact(brand, email="marie@example.test", with_user=True)
    request_link(client, brand, "marie@example.test", django_capture_on_commit_callbacks)
    url = link_in(mail.outbox[0])
    assert client.get(url).status_code == 200  # a confirmation page: GET uses nothing
    response = client.post(url)
    assert response.url == "/portal/acme/"
    assert client.session["_auth_user_id"] == str(contact.user_id)
    client.logout()
    assert client.post(url).status_code == 400
    assert "_auth_user_id" not in client.session


def test_link_expires_after_fifteen_minutes(brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    link = do_request_magic_link(brand, "marie@example.test", url_template=TEMPLATE, at=T0)
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        assert do_use_magic_link(token_for(link), brand) is None


def test_link_still_works_just_before_expiry(brand):
    contact = factories.contact(brand, email="marie@example.test", with_user=True)
    with time_machine.travel(T0, tick=False) as traveller:
        link = do_request_magic_link(brand, "marie@example.test", url_template=TEMPLATE)
        token = token_for(link)
        traveller.shift(dt.timedelta(minutes=14))
        assert do_use_magic_link(token, brand) == contact.user


def test_tampered_token_is_refused(brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    link = do_request_magic_link(brand, "marie@example.test", url_template=TEMPLATE)
    other_id = token_for(link).replace(f"{link.pk}:", f"{link.pk + 1}:", 1)
    assert do_use_magic_link(other_id, brand) is None


def test_link_of_one_brand_does_not_open_another(brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    link = do_request_magic_link(brand, "marie@example.test", url_template=TEMPLATE)
    assert do_use_magic_link(token_for(link), factories.brand()) is None


def test_contact_without_account_gets_one_on_first_use(brand):
    contact = factories.contact(brand, email="paul@example.test")
    link = do_request_magic_link(brand, "paul@example.test", url_template=TEMPLATE)
    user = do_use_magic_link(token_for(link), brand)
    contact.refresh_from_db()
    assert contact.user == user
    assert not user.has_usable_password()


def test_agents_never_get_magic_links(brand):
    agent = factories.agent()
    Contact.objects.create(brand=brand, name="Agent", user=agent).identities.create(
        brand=brand, kind="email", value="agent@example.test"
    )
    assert do_request_magic_link(brand, "agent@example.test", url_template=TEMPLATE) is None


def test_requests_for_one_address_are_rate_limited(brand):
    factories.contact(brand, email="marie@example.test", with_user=True)
    links = [
        do_request_magic_link(brand, "marie@example.test", url_template=TEMPLATE, at=T0)
        for _ in range(7)
    ]
    assert sum(link is not None for link in links) == 5
    assert MagicLink.objects.count() == 5


def test_the_link_mail_is_automatic_and_has_an_html_part(
    client, brand, django_capture_on_commit_callbacks
):
    factories.contact(brand, email="marie@example.test", with_user=True)
    request_link(client, brand, "marie@example.test", django_capture_on_commit_callbacks)
    sent = mail.outbox[0]
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and link_in(sent) in html
