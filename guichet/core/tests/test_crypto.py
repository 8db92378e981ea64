"""Secrets held in rows are stored encrypted, read back transparently, and survive a key
rotation."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from guichet.accounts.models import TotpDevice
from guichet.automations.models import Webhook
from guichet.core import crypto
from guichet.core.tests import factories

pytestmark = pytest.mark.django_db


def stored(model, pk):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(model, pk, value):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET secret = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_a_totp_seed_is_not_in_the_database_in_clear():
    device = TotpDevice.objects.create(user=factories.agent("agent"), secret="JBSWY3DPEHPK3PXP")
    raw = stored(TotpDevice, device.pk)
    assert raw.startswith(crypto.PREFIX) and "JBSWY3DPEHPK3PXP" not in raw
    assert TotpDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXP"
    assert TotpDevice.objects.values_list("secret", flat=True).get(pk=device.pk) == (
        "JBSWY3DPEHPK3PXP"
    )


def test_a_value_written_before_encryption_is_read_and_encrypted_when_saved():
    hook = Webhook.objects.create(name="CRM", url="https://crm.example/hook", secret="s3cret")
    write_raw(Webhook, hook.pk, "plain-old-secret")
    hook = Webhook.objects.get(pk=hook.pk)
    assert hook.secret == "plain-old-secret"
    hook.save()
    assert stored(Webhook, hook.pk).startswith(crypto.PREFIX)
    assert Webhook.objects.get(pk=hook.pk).secret == "plain-old-secret"


def test_the_same_secret_encrypts_differently_each_time():
    assert crypto.encrypt("abc") != crypto.encrypt("abc")
    assert crypto.decrypt(crypto.encrypt("abc")) == "abc"
    assert crypto.encrypt("") == ""


def test_a_missing_key_is_a_clear_configuration_error(settings):
    token = crypto.encrypt("abc")
    settings.GUICHET_FIELD_KEYS = ["another key"]
    with pytest.raises(ImproperlyConfigured, match="GUICHET_FIELD_KEYS"):
        crypto.decrypt(token)


def test_keys_rotate_with_the_command(settings):
    settings.GUICHET_FIELD_KEYS = ["old key"]
    device = TotpDevice.objects.create(user=factories.agent("agent"), secret="JBSWY3DPEHPK3PXP")
    hook = Webhook.objects.create(name="CRM", url="https://crm.example/hook", secret="s3cret")
    write_raw(Webhook, hook.pk, "never-encrypted")
    settings.GUICHET_FIELD_KEYS = ["new key", "old key"]
    call_command("reencrypt_fields", stdout=io.StringIO())
    settings.GUICHET_FIELD_KEYS = ["new key"]
    assert TotpDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXP"
    assert stored(Webhook, hook.pk).startswith(crypto.PREFIX)
    assert Webhook.objects.get(pk=hook.pk).secret == "never-encrypted"
