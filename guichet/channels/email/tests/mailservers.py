"""Real mail servers on loopback for the tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Dovecot comes from Debian (scripts/mailservers.sh, run by `make test`); it is started once per
test process with a temporary configuration: TLS with a certificate made here, plain and
XOAUTH2 logins checked against a passwd-file, a Maildir per user in a temporary folder. When the
binary is missing the tests fail (they never fall back to a fake server).
"""

from __future__ import annotations

import atexit
import grp
import imaplib
import itertools
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from guichet.channels.email.imap import _quote as imap_quote

DOVECOT = "/usr/sbin/dovecot"
USERS = 200
_users = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after {timeout}s")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Dovecot:
    """A running Dovecot; `user()` makes a fresh account (and Maildir) for one test."""

    root: Path
    port: int  # IMAPS
    starttls_port: int  # IMAP with STARTTLS (required before login)
    ca_file: Path
    process: subprocess.Popen[bytes]
    passwords: dict[str, str] = field(default_factory=dict)

    def user(self) -> tuple[str, str]:
        """A fresh account (the passwd-file is written once: Dovecot caches it by mtime)."""
        name = f"box{next(_users)}@help.example"
        assert name in self.passwords, "more accounts than USERS: raise it"
        return name, self.passwords[name]

    def connect(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context)
        conn.login(user, self.passwords[user])
        return conn

    def append(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        conn = self.connect(user)
        try:
            for raw in messages:
                status, _ = conn.append(folder, None, None, raw)
                assert status == "OK"
        finally:
            conn.logout()

    def flags(self, user: str, folder: str = "INBOX") -> dict[int, set[str]]:
        """{uid: flags} of every message in the folder."""
        conn = self.connect(user)
        try:
            conn.select(imap_quote(folder))
            status, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            found: dict[int, set[str]] = {}
            for line in data:
                if not isinstance(line, bytes):
                    continue
                text = line.decode()
                uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
                flags = text.split("FLAGS (")[1].split(")")[0]
                found[uid] = set(flags.split())
            return found
        finally:
            conn.logout()

    def create_folder(self, user: str, folder: str) -> None:
        conn = self.connect(user)
        try:
            assert conn.create(imap_quote(folder))[0] == "OK"
        finally:
            conn.logout()


def _accounts() -> dict[str, str]:
    """Who runs what: as root, mail is stored as nobody (Dovecot refuses uid 0)."""
    if os.geteuid() == 0:
        return {"internal": "dovecot", "internal_group": "dovecot", "login": "dovenull",
                "mail_user": "nobody", "mail_group": "nogroup"}  # fmt: skip
    me, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name
    return {"internal": me, "internal_group": group, "login": me, "mail_user": me,
            "mail_group": group}  # fmt: skip


def dovecot_config(root: Path, port: int, starttls_port: int, cert: Path, key: Path) -> str:
    who = _accounts()
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = guichet-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain login xoauth2
auth_failure_delay = 0
mailbox_idle_check_interval = 1 secs
mail_location = maildir:{root}/mail/%u
default_internal_user = {who["internal"]}
default_internal_group = {who["internal_group"]}
default_login_user = {who["login"]}
mail_uid = {who["mail_user"]}
mail_gid = {who["mail_group"]}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={who["mail_user"]} gid={who["mail_group"]} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


_running: Dovecot | None = None


@pytest.fixture(scope="session")
def dovecot() -> Dovecot:
    """The test process's Dovecot (started once even when several modules import this)."""
    global _running
    if _running is None:
        _running = start_dovecot()
        atexit.register(stop_dovecot, _running)
    return _running


def start_dovecot() -> Dovecot:
    if not Path(DOVECOT).exists():
        pytest.fail("Dovecot is not installed: run scripts/mailservers.sh (make test does)")
    root = Path(tempfile.mkdtemp(prefix="guichet-dovecot-"))
    root.chmod(0o755)  # the mail user (nobody when root) must reach its Maildir
    (root / "mail").mkdir()
    who = _accounts()
    shutil.chown(root / "mail", who["mail_user"], who["mail_group"])
    cert, key = self_signed_certificate(root)
    passwords = {f"box{n}@help.example": f"secret-{n}" for n in range(1, USERS + 1)}
    lines = (f"{user}:{{PLAIN}}{password}" for user, password in passwords.items())
    (root / "passwd").write_text("\n".join(lines) + "\n")
    port, starttls_port = free_port(), free_port()
    (root / "dovecot.conf").write_text(dovecot_config(root, port, starttls_port, cert, key))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(port)
        wait_for_port(starttls_port)
    except AssertionError:
        process.kill()
        error = process.stderr.read().decode() if process.stderr else ""
        log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"Dovecot did not start: {error} {log}")
    return Dovecot(root, port, starttls_port, cert, process, passwords)


def stop_dovecot(server: Dovecot) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
    shutil.rmtree(server.root, ignore_errors=True)


# --- SMTP ---------------------------------------------------------------------------------


class CaptureHandler:
    """Keeps every delivered message: (mail_from, rcpt_tos, raw bytes)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.reply = "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reply.startswith("250"):
            self.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
        return self.reply


@pytest.fixture
def smtp_capture(settings: Any) -> Iterator[CaptureHandler]:
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    handler = CaptureHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
