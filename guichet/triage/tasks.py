"""Triage jobs: every new ticket and customer message, training on demand, nightly retraining.

See docs/triage.md.
"""

from __future__ import annotations

import logging

from django_tasks import task

from guichet.brands.models import Brand
from guichet.jobs.periodic import periodic
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import Target
from guichet.triage.training import NotEnoughData

logger = logging.getLogger("guichet.triage")


@task(queue_name="ai")
def triage_ticket(ticket_id: int, message_id: int | None = None) -> int:
    """Predict and store a new ticket's (or customer message's) triage; returns rows stored.

    Never fails: the ticket is already committed, and triage is advice (see ticket_actions).
    """
    from guichet.triage.ticket_actions import do_triage_ticket

    try:
        return len(do_triage_ticket(ticket_id, message_id))
    except Exception:
        logger.exception("Triage of ticket %s (message %s) failed", ticket_id, message_id)
        return 0


@task(queue_name="ai")
def train_triage_model(brand_id: int, target: str) -> bool:
    """Train one brand's model for one target now (the evaluation page's button)."""
    brand = Brand.objects.filter(pk=brand_id).first()
    if brand is None:
        return False
    try:
        return do_train_and_maybe_promote(brand, target).promoted
    except NotEnoughData as error:
        logger.info("Triage %s/%s not trained: %s", brand.slug, target, error)
        return False


@task(queue_name="ai")
def refresh_predictions(brand_id: int, target: str) -> int:
    """A model was promoted: its predictions for the brand's open tickets (refresh_actions)."""
    from guichet.triage.refresh_actions import do_refresh_predictions

    return do_refresh_predictions(brand_id, target)


@periodic(cron="40 3 * * *")
@task(queue_name="ai")
def retrain_triage_models() -> int:
    """Every night: retrain every brand's models; returns how many were promoted."""
    promoted = 0
    for brand in Brand.objects.all():
        for target in Target.values:
            try:
                promoted += do_train_and_maybe_promote(brand, target).promoted
            except NotEnoughData as error:
                logger.info("Triage %s/%s not trained: %s", brand.slug, target, error)
    return promoted
