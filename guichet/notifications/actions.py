"""Creating notifications; the email copy is sent by a job after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import translation

from guichet.jobs.enqueue import on_commit
from guichet.notifications.models import Notification


def do_notify(
    user: Any, kind: str, text: str, *, ticket: Any = None, email: bool = True
) -> Notification:
    mailed = bool(email and user.email)
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        text=text[:300],
        ticket=ticket,
        email_state=Notification.EmailState.QUEUED if mailed else "",
    )
    if mailed:
        from guichet.notifications.tasks import email_notification

        on_commit(email_notification, notification.pk)
    return notification


def do_notify_each(
    users: Iterable[Any],
    kind: str,
    text: Callable[[], str],
    *,
    ticket: Any = None,
    email: bool = True,
) -> list[Notification]:
    """Notify several people; `text()` is called once per person, under their language,
    because the text is stored and shown as written."""
    from guichet.notifications.mail import language_of

    sent = []
    for user in users:
        with translation.override(language_of(user)):
            sent.append(do_notify(user, kind, text(), ticket=ticket, email=email))
    return sent


def do_mark_read(user: Any, notification_ids: list[int]) -> int:
    from django.utils import timezone

    return Notification.objects.filter(
        user=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
