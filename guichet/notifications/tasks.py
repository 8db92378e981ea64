"""The job that emails a notification, with retries and backoff (queue "mail")."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from guichet.channels.email.outbound import is_permanent
from guichet.jobs.retry import current_attempt, retrying
from guichet.notifications.mail import build_email
from guichet.notifications.models import Notification

logger = logging.getLogger("guichet.notifications")
MAX_ATTEMPTS = 6


@task(queue_name="mail")
@retrying(max_attempts=MAX_ATTEMPTS, base_delay=timedelta(minutes=1))
def email_notification(notification_id: int) -> str:
    return deliver(notification_id)


def deliver(notification_id: int) -> str:
    """Send one notification's email; its final state. Raises to be retried on temporary
    errors (the job's retry policy); a 5xx answer or the last attempt marks it failed."""
    notification = (
        Notification.objects.select_related("user__preference", "ticket")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at or not notification.user.email:
        return notification.email_state if notification else ""
    email = build_email(notification)
    rows = Notification.objects.filter(pk=notification_id)
    rows.update(email_attempts=F("email_attempts") + 1)
    try:
        email.send(fail_silently=False)
    except Exception as error:
        text = f"{type(error).__name__}: {error}"[:2000]
        attempt = current_attempt()
        if is_permanent(error) or attempt is None or attempt >= MAX_ATTEMPTS:
            rows.update(email_state=Notification.EmailState.FAILED, email_error=text)
            logger.warning("Notification %s could not be emailed: %s", notification_id, text)
            return Notification.EmailState.FAILED
        rows.update(email_error=text)
        raise
    rows.filter(emailed_at__isnull=True).update(
        emailed_at=timezone.now(), email_state=Notification.EmailState.SENT, email_error=""
    )
    return Notification.EmailState.SENT
