"""Webhooks: saving them (admins), queueing deliveries, delivering (a job). See docs/automations.md.

A delivery is a row; the job `tasks.deliver_webhook` posts it, signed, and is retried with
backoff on network errors, 5xx and 429. A refused address (netguard) or another 4xx fails the
delivery for good.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, NoReturn

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.automations import netguard, signing, transport
from guichet.automations.models import Webhook, WebhookDelivery
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.jobs.enqueue import on_commit
from guichet.jobs.retry import current_attempt

RETRY_ATTEMPTS = 6
USER_AGENT = "Guichet-Webhook/1"


class DeliveryFailed(Exception):
    """A temporary failure (network, 5xx, 429): the job is retried."""


def check_webhook_url(url: str, allow_private_network: bool = False) -> str:
    """A usable receiver URL; private addresses only if the admin allowed them for this
    webhook (or the whole server allows them: WEBHOOKS_ALLOW_PRIVATE_NETWORKS)."""
    url = (url or "").strip()
    try:
        netguard.check_url(url, allowed_by_admin(allow_private_network))
    except ValueError as error:
        raise ActionError(str(error), field="url") from None
    return url


def allowed_by_admin(allow_private_network: bool) -> bool | None:
    """True when an admin allowed private addresses for this webhook; else None: the
    server's setting decides (off by default)."""
    return True if allow_private_network else None


@transaction.atomic
def do_save_webhook(
    actor: Any, webhook: Webhook | None, *, name: str, url: str, brand: Any = None,
    active: bool = True, allow_private_network: bool = False,
) -> Webhook:  # fmt: skip
    access.require(actor, "settings.manage")
    name = " ".join((name or "").split())[:120]
    if not name:
        raise ActionError(_("Un nom est obligatoire."), field="name")
    webhook = webhook or Webhook(secret=signing.new_secret())
    webhook.name, webhook.url, webhook.brand, webhook.active = (
        name, check_webhook_url(url, allow_private_network), brand, active,
    )  # fmt: skip
    webhook.allow_private_network = bool(allow_private_network)
    webhook.save()
    record_event(actor, "webhook_saved", webhook,
                 data={"url": webhook.url, "allow_private_network": webhook.allow_private_network})  # fmt: skip
    return webhook


def do_enqueue_delivery(
    webhook: Webhook, event: str, payload: dict[str, Any], *, ticket: Any = None
) -> WebhookDelivery:
    """Queue one delivery (inside the caller's transaction; the job runs after commit)."""
    from guichet.automations.tasks import deliver_webhook

    delivery = WebhookDelivery.objects.create(
        webhook=webhook, ticket=ticket, event=event, payload=payload, created_at=timezone.now()
    )
    on_commit(deliver_webhook, delivery.pk)
    return delivery


def deliver(delivery_id: int) -> str:
    """Post one delivery; its final status, or DeliveryFailed to be retried."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.status != WebhookDelivery.Status.PENDING:
        return delivery.status
    body = json.dumps(
        {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"guichet-delivery-{delivery.pk}")),
         "event": delivery.event, "created_at": delivery.created_at.isoformat(),
         "data": delivery.payload},
        separators=(",", ":"), sort_keys=True,
    ).encode()  # fmt: skip
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Guichet-Event": delivery.event,
        "X-Guichet-Delivery": str(delivery.pk),
        signing.HEADER: signing.signature(delivery.webhook.secret, int(time.time()), body),
    }
    attempts = delivery.attempts + 1
    try:
        response = transport.post(
            delivery.webhook.url, body, headers,
            allow_private=allowed_by_admin(delivery.webhook.allow_private_network),
        )  # fmt: skip
    except netguard.AddressRefused as refused:
        return _finish(delivery, WebhookDelivery.Status.REFUSED, attempts, error=str(refused))
    except (OSError, ConnectionError) as error:
        _retry_or_fail(delivery, attempts, f"{type(error).__name__}: {error}", None)
    if 200 <= response.status < 300:
        return _finish(delivery, WebhookDelivery.Status.DELIVERED, attempts, code=response.status)
    if response.status >= 500 or response.status == 429:
        _retry_or_fail(delivery, attempts, response.body[:2000], response.status)
    return _finish(
        delivery, WebhookDelivery.Status.FAILED, attempts, code=response.status,
        error=response.body[:2000],
    )  # fmt: skip


def _retry_or_fail(
    delivery: WebhookDelivery, attempts: int, error: str, status: int | None
) -> NoReturn:
    """Record the failed attempt; raise DeliveryFailed so that the job runner retries (the
    delivery is marked failed when this was the last attempt)."""
    last = (current_attempt() or RETRY_ATTEMPTS) >= RETRY_ATTEMPTS
    _finish(
        delivery, WebhookDelivery.Status.FAILED if last else WebhookDelivery.Status.PENDING,
        attempts, code=status, error=error,
    )  # fmt: skip
    raise DeliveryFailed(error)


def _finish(
    delivery: WebhookDelivery, state: str, attempts: int, *, code: int | None = None,
    error: str = "",
) -> str:  # fmt: skip
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=state, attempts=attempts, response_status=code, last_error=error,
        delivered_at=timezone.now() if state == WebhookDelivery.Status.DELIVERED else None,
    )  # fmt: skip
    return state
