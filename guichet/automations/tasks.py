"""Automation jobs: trigger cycles, time-based automations, webhook deliveries, emails.

See docs/automations.md and docs/jobs.md.
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from guichet.automations.webhook_actions import RETRY_ATTEMPTS, DeliveryFailed, deliver
from guichet.jobs.periodic import periodic
from guichet.jobs.retry import retrying


@task()
@retrying(max_attempts=3, base_delay=dt.timedelta(seconds=30))
def run_event_triggers(event_id: int) -> list[int]:
    from guichet.automations.runner import run_event_triggers as run

    return run(event_id)


@periodic(every=dt.timedelta(minutes=5))
@task()
def run_scheduled_automations() -> int:
    from guichet.automations.runner import run_scheduled

    return run_scheduled()


@task()
@retrying(
    max_attempts=RETRY_ATTEMPTS,
    base_delay=dt.timedelta(seconds=30),
    max_delay=dt.timedelta(hours=2),
    retry_on=(DeliveryFailed,),
)
def deliver_webhook(delivery_id: int) -> str:
    """Post a webhook delivery, signed; network errors, 5xx and 429 are retried with backoff."""
    return deliver(delivery_id)


@task(queue_name="mail")
@retrying(max_attempts=5, base_delay=dt.timedelta(minutes=1))
def send_automation_email(email_id: int) -> bool:
    from guichet.automations.models import AutomationEmail

    email = AutomationEmail.objects.get(pk=email_id)
    if email.sent_at is not None:
        return False
    EmailMessage(email.subject, email.body, email.from_email or None, [email.to]).send()
    AutomationEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True
