"""manage.py triage_train."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from guichet.core.tests import factories
from guichet.triage.models import TriageModel
from guichet.triage.tests.history import resolved_history

pytestmark = pytest.mark.django_db


def test_command_trains_the_brands_models_and_reports() -> None:
    brand = factories.brand(slug="pharma")
    resolved_history(brand)
    out = StringIO()

    call_command(
        "triage_train", "--brand", "pharma", "--target", "category", "--target", "type", stdout=out
    )

    assert "pharma category: v1" in out.getvalue() and "promoted" in out.getvalue()
    assert "pharma type: skipped" in out.getvalue()  # every ticket has the same type
    assert TriageModel.objects.filter(is_active=True).count() == 1


def test_nightly_job_retrains_every_brand_and_counts_promotions() -> None:
    from guichet.triage.tasks import retrain_triage_models

    resolved_history(factories.brand())
    factories.brand()  # no history: every target skipped

    assert retrain_triage_models.call() == 1  # category; the other targets have one class
    assert TriageModel.objects.count() == 1


def test_the_nightly_retrain_is_scheduled() -> None:
    from guichet.jobs.periodic import registry
    from guichet.triage import tasks

    entry = next(e for e in registry if e.task is tasks.retrain_triage_models)
    assert entry.schedule.expr == "40 3 * * *"  # type: ignore[attr-defined]
