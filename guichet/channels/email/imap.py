"""IMAP polling over TLS, with UIDVALIDITY/UID tracking and IDLE (docs/email.md#imap).

One poll:
1. Connect (IMAPS, or STARTTLS), log in with a password or an OAuth2 token (XOAUTH2), both
   read from the environment variables the mailbox names, or with an access token refreshed
   from the mailbox's token endpoint (oauth.py).
2. Select the folder. A new UIDVALIDITY means the server renumbered it: start again from UID 0
   (Message-ID deduplication keeps what was already stored from being stored twice).
3. Settle: messages whose ticket update is committed are marked seen, deleted or moved, as the
   mailbox says. Never earlier, so a crash before the commit leaves them to be fetched again.
4. Fetch messages above the last UID, oldest first, a batch at a time, in groups (intake.STORE_BATCH
   messages or STORE_BYTES at most): a group's raw bytes are committed together, with the new
   last UID, before the next group is fetched. A message over the size limit is not
   downloaded: its header block is kept and it is quarantined.
"""

from __future__ import annotations

import base64
import imaplib
import logging
import os
import re
import select
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import close_old_connections
from django.utils import timezone

from . import intake, oauth
from .actions import SETTLED_STATUSES
from .models import InboundEmail, Mailbox

logger = logging.getLogger("guichet.email")
BATCH = 100
HEADER_BYTES = 65536  # counted for a message over the size limit: only its header is fetched
TIMEOUT = 60.0
_FETCH_UID = re.compile(rb"UID (\d+)")
_FETCH_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class ImapError(Exception):
    """The server refused or the mailbox is set up wrongly; the message says which."""


@dataclass(frozen=True)
class PollResult:
    fetched: int
    stored: int
    settled: int
    more: bool  # another batch is waiting


def ssl_context() -> ssl.SSLContext:
    """Certificates are verified; GUICHET_IMAP_CA_FILE adds a private CA (tests, intranets)."""
    return ssl.create_default_context(cafile=os.environ.get("GUICHET_IMAP_CA_FILE") or None)


def secret(name: str) -> str:
    value = os.environ.get(name, "") if name else ""
    if not value:
        raise ImapError(f"environment variable {name or '(none)'} is not set")
    return value


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    """A logged-in connection to the mailbox's server."""
    if not mailbox.imap_host:
        raise ImapError("no IMAP host")
    context = ssl_context()
    conn: imaplib.IMAP4
    if mailbox.imap_security == Mailbox.Security.STARTTLS:
        conn = imaplib.IMAP4(mailbox.imap_host, mailbox.imap_port, timeout=TIMEOUT)
        conn.starttls(ssl_context=context)
    else:
        conn = imaplib.IMAP4_SSL(
            mailbox.imap_host, mailbox.imap_port, ssl_context=context, timeout=TIMEOUT
        )
    try:
        authenticate(conn, mailbox)
    except BaseException:
        conn.shutdown()
        raise
    return conn


def authenticate(conn: imaplib.IMAP4, mailbox: Mailbox) -> None:
    user = mailbox.imap_username or mailbox.address
    if mailbox.imap_oauth2_token_url:
        _authenticate_refreshing(conn, mailbox, user)
    elif mailbox.imap_oauth2_token_env:
        xoauth2(conn, user, secret(mailbox.imap_oauth2_token_env))
    else:
        conn.login(user, secret(mailbox.imap_password_env))


def xoauth2(conn: imaplib.IMAP4, user: str, token: str) -> None:
    """AUTHENTICATE XOAUTH2; on a refusal the server sends an error challenge, answered empty."""
    payload = f"user={user}\x01auth=Bearer {token}\x01\x01".encode()
    answers = iter([payload])
    conn.authenticate("XOAUTH2", lambda _challenge: next(answers, b""))


def _authenticate_refreshing(conn: imaplib.IMAP4, mailbox: Mailbox, user: str) -> None:
    """With the kept access token (a new one when it expired); refused, once with a new one."""
    token, fetched = _token(mailbox, refresh=False)
    try:
        xoauth2(conn, user, token)
    except imaplib.IMAP4.error:
        if fetched:
            raise
        logger.info("XOAUTH2 refused the kept token of %s: refreshing it", mailbox)
        oauth.forget(mailbox)
        xoauth2(conn, user, _token(mailbox, refresh=True)[0])


def _token(mailbox: Mailbox, *, refresh: bool) -> tuple[str, bool]:
    try:
        return oauth.access_token(mailbox, refresh=refresh)
    except oauth.TokenError as error:
        raise ImapError(str(error)) from None


@contextmanager
def session(mailbox: Mailbox) -> Iterator[imaplib.IMAP4]:
    conn = connect(mailbox)
    try:
        yield conn
    finally:
        try:
            conn.logout()
        except Exception:  # already gone: nothing to tidy
            conn.shutdown()


def select_folder(conn: imaplib.IMAP4, mailbox: Mailbox) -> int:
    """Select the folder; returns its UIDVALIDITY (and resets tracking when it changed)."""
    status, _ = conn.select(_quote(mailbox.imap_folder))
    if status != "OK":
        raise ImapError(f"cannot select folder {mailbox.imap_folder!r}")
    uidvalidity = int(conn.response("UIDVALIDITY")[1][0])
    if mailbox.imap_uidvalidity != uidvalidity:
        if mailbox.imap_uidvalidity is not None:
            logger.warning("UIDVALIDITY of %s changed: fetching from the start", mailbox)
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=uidvalidity, imap_last_uid=0)
        mailbox.imap_uidvalidity, mailbox.imap_last_uid = uidvalidity, 0
    return uidvalidity


def poll(mailbox: Mailbox, *, batch: int = BATCH) -> PollResult:
    """One poll of one mailbox (see the module docstring)."""
    with session(mailbox) as conn:
        return poll_connection(conn, mailbox, batch=batch)


def poll_connection(conn: imaplib.IMAP4, mailbox: Mailbox, *, batch: int = BATCH) -> PollResult:
    mailbox.refresh_from_db()
    uidvalidity = select_folder(conn, mailbox)
    settled = settle(conn, mailbox, uidvalidity)
    uids = new_uids(conn, mailbox.imap_last_uid)
    listed = sizes(conn, uids[:batch])
    downloaded = [size if size <= mailbox.max_bytes else HEADER_BYTES for _, size in listed]
    stored = 0
    for group in intake.store_groups(
        downloaded, count=intake.STORE_BATCH, max_bytes=intake.STORE_BYTES
    ):
        stored += fetch_and_store(conn, mailbox, [listed[i] for i in group], uidvalidity)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error="")
    return PollResult(min(len(uids), batch), stored, settled, len(uids) > batch)


def poll_safely(mailbox: Mailbox) -> PollResult | None:
    """poll(), with the error written on the mailbox for admins instead of raised."""
    try:
        return poll(mailbox)
    except (OSError, imaplib.IMAP4.error, ImapError) as error:
        text = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("Polling %s failed: %s", mailbox, text)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=text)
        return None


def new_uids(conn: imaplib.IMAP4, last_uid: int) -> list[int]:
    status, data = conn.uid("SEARCH", f"UID {last_uid + 1}:*")
    if status != "OK":
        raise ImapError("UID SEARCH failed")
    # "n:*" always matches the last message, even below n: keep only the new ones.
    return sorted(uid for uid in (int(v) for v in b" ".join(data or []).split()) if uid > last_uid)


def sizes(conn: imaplib.IMAP4, uids: list[int]) -> list[tuple[int, int]]:
    if not uids:
        return []
    status, data = conn.uid("FETCH", ",".join(str(uid) for uid in uids), "(RFC822.SIZE)")
    if status != "OK":
        raise ImapError("UID FETCH RFC822.SIZE failed")
    found: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid, size = _FETCH_UID.search(line), _FETCH_SIZE.search(line)
        if uid and size:
            found[int(uid.group(1))] = int(size.group(1))
    return [(uid, found[uid]) for uid in uids if uid in found]


def fetch_and_store(
    conn: imaplib.IMAP4, mailbox: Mailbox, wanted: list[tuple[int, int]], uidvalidity: int
) -> int:
    """Download messages (only the header block of one too large) and store them in one
    transaction; how many were new."""
    items = []
    for uid, size in wanted:
        raw = _fetch(conn, mailbox, uid, size)
        if raw is not None:
            items.append(
                intake.to_store(mailbox, raw, imap_uid=uid, imap_uidvalidity=uidvalidity, size=size)
            )
    stored = intake.store_many(mailbox, items, via=InboundEmail.Via.IMAP)
    copies = [
        item.imap_uid
        for item, (inbound, created) in zip(items, stored, strict=True)
        if item.imap_uid is not None
        and not created
        and inbound.status in SETTLED_STATUSES
        and not inbound.truncated
    ]  # copies of messages applied earlier (another path, or before a renumbering)
    if copies:
        _apply_after_fetch(conn, mailbox, copies)
    return sum(created for _, created in stored)


def _fetch(conn: imaplib.IMAP4, mailbox: Mailbox, uid: int, size: int) -> bytes | None:
    part = "BODY.PEEK[]" if size <= mailbox.max_bytes else "BODY.PEEK[HEADER]"
    status, data = conn.uid("FETCH", str(uid), f"({part})")
    raw = next((item[1] for item in data or [] if isinstance(item, tuple)), None)
    if status != "OK" or raw is None:
        logger.warning("UID %s of %s vanished before it was fetched", uid, mailbox)
        return None
    return bytes(raw)


def settle(conn: imaplib.IMAP4, mailbox: Mailbox, uidvalidity: int) -> int:
    """Mark seen / delete / move the messages whose processing is committed."""
    rows = InboundEmail.objects.filter(
        mailbox=mailbox, imap_settled=False, imap_uid__isnull=False, truncated=False,
        imap_uidvalidity=uidvalidity, status__in=SETTLED_STATUSES,
    )  # fmt: skip
    pending = list(rows.values_list("pk", "imap_uid", "imap_duplicate_uids")[:2000])
    for start in range(0, len(pending), 200):
        chunk = pending[start : start + 200]
        uids = sorted({int(u) for _, uid, more in chunk for u in [uid, *(more or [])] if u})
        _apply_after_fetch(conn, mailbox, uids)
        InboundEmail.objects.filter(pk__in=[pk for pk, _, _ in chunk]).update(imap_settled=True)
    return len(pending)


def _apply_after_fetch(conn: imaplib.IMAP4, mailbox: Mailbox, uids: list[int]) -> None:
    ids = ",".join(str(uid) for uid in uids)
    after = mailbox.imap_after_fetch
    if after == Mailbox.AfterFetch.MOVE and mailbox.imap_move_to:
        if "MOVE" in conn.capabilities:
            _ok(conn.uid("MOVE", ids, _quote(mailbox.imap_move_to)), "UID MOVE")
            return
        _ok(conn.uid("COPY", ids, _quote(mailbox.imap_move_to)), "UID COPY")
        after = Mailbox.AfterFetch.DELETE
    if after == Mailbox.AfterFetch.DELETE:
        _ok(conn.uid("STORE", ids, "+FLAGS.SILENT", r"(\Seen \Deleted)"), "UID STORE")
        if "UIDPLUS" in conn.capabilities:
            _ok(conn.uid("EXPUNGE", ids), "UID EXPUNGE")
        else:
            _ok(conn.expunge(), "EXPUNGE")
        return
    _ok(conn.uid("STORE", ids, "+FLAGS.SILENT", r"(\Seen)"), "UID STORE")


def _ok(response: tuple[str, object], what: str) -> None:
    if response[0] != "OK":
        raise ImapError(f"{what} failed: {response[1]!r}")


def _quote(folder: str) -> str:
    """A folder name as IMAP wants it: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    encoded = utf7_folder(folder)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def utf7_folder(name: str) -> str:
    """ "Traités" -> "Trait&AOk-s": printable ASCII as is ("&" as "&-"), the rest in base64."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            out.append(
                "&" + base64.b64encode(data).decode("ascii").rstrip("=").replace("/", ",") + "-"
            )
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


# --- IDLE (RFC 2177) ---------------------------------------------------------------------


def idle(conn: imaplib.IMAP4, timeout: float) -> bool:
    """Wait up to `timeout` seconds for new mail with IDLE; True when the server said so.

    Servers without IDLE: returns False at once (the caller polls on a timer instead).
    """
    if "IDLE" not in conn.capabilities:
        return False
    tag = conn._new_tag()  # type: ignore[attr-defined]
    conn.send(tag + b" IDLE\r\n")
    if not conn.readline().startswith(b"+"):
        raise ImapError("the server refused IDLE")
    arrived = False
    deadline = time.monotonic() + timeout
    while not arrived and (left := deadline - time.monotonic()) > 0:
        if not _readable(conn, left):
            break
        arrived = _announces_mail(conn.readline())
    conn.send(b"DONE\r\n")
    while True:
        line = conn.readline()
        if not line:
            raise ImapError("connection closed during IDLE")
        arrived = arrived or _announces_mail(line)
        if line.startswith(tag):
            return arrived


def _readable(conn: imaplib.IMAP4, timeout: float) -> bool:
    sock = conn.sock
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    return bool(select.select([sock], [], [], timeout)[0])


def _announces_mail(line: bytes) -> bool:
    return line.startswith(b"*") and (b"EXISTS" in line or b"RECENT" in line)


def watch(mailbox: Mailbox, *, idle_seconds: float = 25 * 60, poll_seconds: float = 60) -> None:
    """Poll, then wait with IDLE (or `poll_seconds` without it), for ever; reconnects on errors."""
    while True:
        try:
            with session(mailbox) as conn:
                while True:
                    poll_connection(conn, mailbox)
                    close_old_connections()
                    if "IDLE" not in conn.capabilities:
                        time.sleep(poll_seconds)
                    else:
                        idle(conn, idle_seconds)
        except (OSError, imaplib.IMAP4.error, ImapError) as error:
            logger.warning("IMAP watch of %s: %s; reconnecting", mailbox, error)
            Mailbox.objects.filter(pk=mailbox.pk).update(last_error=str(error)[:2000])
            close_old_connections()
            time.sleep(min(poll_seconds, 30))
