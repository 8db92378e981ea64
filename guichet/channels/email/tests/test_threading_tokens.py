"""Signed reply tokens in plus addresses and Message-IDs."""

from django.test import override_settings

from guichet.channels.email import tokens


@override_settings(SECRET_KEY="token-tests")
def test_token_round_trips_through_a_plus_address():
    address = tokens.plus_address("support@help.example", 1042)
    assert address.startswith("support+t")
    assert len(address.split("@")[0]) <= 64
    assert tokens.ticket_from_address(address) == 1042


@override_settings(SECRET_KEY="token-tests")
def test_token_survives_a_server_that_changes_case():
    address = tokens.plus_address("support@help.example", 99).upper()
    assert tokens.ticket_from_address(address) == 99


@override_settings(SECRET_KEY="token-tests")
def test_forged_or_altered_token_is_refused():
    token = tokens.make_token(5)
    other = tokens.make_token(6)
    forged = token.split("-")[0] + "-" + other.split("-")[1]
    assert tokens.read_token(forged) is None
    assert tokens.read_token("t5-aaaaaaaaaaaaaaaa") is None
    assert tokens.read_token("support") is None


def test_token_made_with_another_secret_is_refused():
    with override_settings(SECRET_KEY="one"):
        token = tokens.make_token(5)
    with override_settings(SECRET_KEY="two"):
        assert tokens.read_token(token) is None


@override_settings(SECRET_KEY="token-tests")
def test_message_id_carries_the_token():
    message_id = tokens.make_message_id(77, "help.example")
    assert message_id.endswith("@help.example")
    assert tokens.ticket_from_message_id(f"<{message_id}>") == 77
    assert tokens.ticket_from_message_id("CAF123@mail.gmail.com") is None


def test_split_plus():
    assert tokens.split_plus("Support+abc@Help.Example") == ("support@help.example", "abc")
    assert tokens.split_plus("support@help.example") == ("support@help.example", "")
