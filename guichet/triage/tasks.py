"""Scheduled retraining of triage models. See docs/triage.md."""

from __future__ import annotations

import logging

from django_tasks import task

from guichet.brands.models import Brand
from guichet.jobs.periodic import periodic
from guichet.triage.actions import do_train_and_maybe_promote
from guichet.triage.models import Target
from guichet.triage.training import NotEnoughData

logger = logging.getLogger("guichet.triage")


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
