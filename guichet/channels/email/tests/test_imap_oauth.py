"""XOAUTH2 with refreshed access tokens: a real token endpoint (http.server on loopback) and
a real Dovecot, whose account password is the access token the endpoint hands out."""
# ruff: noqa: F811 (pytest fixtures imported from mailservers are used as arguments)

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from guichet.channels.email import imap, oauth
from guichet.channels.email.models import Mailbox
from guichet.core.tests.fixtures import media_root  # noqa: F401

from .intake_support import mailbox, raw_email
from .mailservers import dovecot  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

REFRESH_VARIABLE = "GUICHET_TEST_OAUTH_REFRESH"
SECRET_VARIABLE = "GUICHET_TEST_OAUTH_SECRET"


@dataclass
class TokenEndpoint:
    """Answers each refresh-token grant with the next of `answers` (status, JSON body)."""

    answers: list[tuple[int, dict]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    url: str = ""

    def grant(self, token: str, expires_in: int = 3600, **extra: str) -> None:
        self.answers.append((200, {"access_token": token, "token_type": "Bearer",
                                   "expires_in": expires_in, **extra}))  # fmt: skip


@pytest.fixture
def endpoint() -> Iterator[TokenEndpoint]:
    state = TokenEndpoint()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            state.requests.append(form)
            status, body = state.answers.pop(0) if state.answers else (500, {"error": "none"})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/oauth2/token"
    oauth.clear()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        oauth.clear()


@pytest.fixture
def oauth_box(dovecot, endpoint, monkeypatch):
    """An IMAP mailbox logging in with XOAUTH2, its tokens refreshed from `endpoint`."""
    user, token = dovecot.user()  # the account's "password" is the valid access token
    monkeypatch.setenv("GUICHET_IMAP_CA_FILE", str(dovecot.ca_file))
    monkeypatch.setenv(REFRESH_VARIABLE, "refresh-1")
    monkeypatch.setenv(SECRET_VARIABLE, "client-secret")
    box = mailbox(
        address=user, kind=Mailbox.Kind.IMAP, imap_host="127.0.0.1", imap_port=dovecot.port,
        imap_username=user, imap_oauth2_token_url=endpoint.url, imap_oauth2_client_id="guichet",
        imap_oauth2_client_secret_env=SECRET_VARIABLE,
        imap_oauth2_refresh_token_env=REFRESH_VARIABLE,
        imap_oauth2_scope="https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
    )  # fmt: skip
    dovecot.append(user, raw_email())
    return box, token


def test_first_login_fetches_an_access_token_with_the_refresh_token(oauth_box, endpoint):
    box, token = oauth_box
    endpoint.grant(token)
    assert imap.poll(box).stored == 1
    assert endpoint.requests == [{
        "grant_type": "refresh_token", "refresh_token": "refresh-1", "client_id": "guichet",
        "client_secret": "client-secret",
        "scope": "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
    }]  # fmt: skip


def test_a_fresh_access_token_is_kept_between_polls(oauth_box, endpoint):
    box, token = oauth_box
    endpoint.grant(token, expires_in=3600)
    imap.poll(box)
    imap.poll(box)
    assert len(endpoint.requests) == 1


def test_an_expired_access_token_is_refreshed_before_use(oauth_box, endpoint):
    # Given a token that expires at once
    box, token = oauth_box
    endpoint.grant(token, expires_in=0)
    endpoint.grant(token, expires_in=3600)
    imap.poll(box)
    # When the mailbox is polled again
    imap.poll(box)
    # Then a new token was fetched first (and no login was refused: a refusal would fetch a third)
    assert len(endpoint.requests) == 2


def test_a_new_token_that_is_refused_is_an_error_without_a_second_fetch(oauth_box, endpoint):
    box, _token = oauth_box
    endpoint.grant("revoked-token")
    assert imap.poll_safely(box) is None
    box.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in box.last_error
    assert len(endpoint.requests) == 1


def test_a_kept_token_that_is_refused_is_refreshed_once(oauth_box, endpoint):
    # Given a kept token, not expired, that the server no longer accepts (revoked)
    box, token = oauth_box
    endpoint.grant("revoked-token", expires_in=3600)
    imap.poll_safely(box)
    # When the mailbox is polled again
    endpoint.grant(token, expires_in=3600)
    # Then it logs in with a new token at once
    assert imap.poll(box).stored == 1
    assert len(endpoint.requests) == 2


def test_a_rotated_refresh_token_is_used_next_time(oauth_box, endpoint):
    box, token = oauth_box
    endpoint.grant(token, expires_in=0, refresh_token="refresh-2")
    endpoint.grant(token)
    imap.poll(box)
    imap.poll(box)
    assert [r["refresh_token"] for r in endpoint.requests] == ["refresh-1", "refresh-2"]


def test_a_refused_refresh_is_written_on_the_mailbox_without_secrets(oauth_box, endpoint):
    box, _token = oauth_box
    endpoint.answers.append((400, {"error": "invalid_grant", "error_description": "expired"}))
    assert imap.poll_safely(box) is None
    box.refresh_from_db()
    assert "HTTP 400 invalid_grant" in box.last_error
    assert "refresh-1" not in box.last_error and "client-secret" not in box.last_error


def test_a_missing_refresh_token_variable_is_written_on_the_mailbox(oauth_box, monkeypatch):
    box, _token = oauth_box
    monkeypatch.delenv(REFRESH_VARIABLE)
    assert imap.poll_safely(box) is None
    box.refresh_from_db()
    assert REFRESH_VARIABLE in box.last_error


@pytest.mark.parametrize(
    "url", ["http://login.example.com/token", "ftp://127.0.0.1/token", "https://", "token"]
)
def test_token_endpoints_must_be_https_except_on_loopback(url):
    with pytest.raises(oauth.TokenError):
        oauth.check_endpoint(url)


@pytest.mark.parametrize("url", ["https://login.example.com/t", "http://localhost:8080/t",
                                 "http://[::1]/t", "http://127.0.0.1/t"])  # fmt: skip
def test_https_and_loopback_token_endpoints_are_accepted(url):
    assert oauth.check_endpoint(url) == url
