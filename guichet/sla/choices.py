"""The SLA choices shared by the models, the pure modules and the views."""

from __future__ import annotations

from django.db import models


class Metric(models.TextChoices):
    FIRST_REPLY = "first_reply", "First reply"
    NEXT_REPLY = "next_reply", "Next reply"
    RESOLUTION = "resolution", "Resolution"


class Outcome(models.TextChoices):
    MET = "met", "Met"
    BREACHED = "breached", "Breached"
    CANCELLED = "cancelled", "Cancelled"


class RuleTrigger(models.TextChoices):
    ELAPSED = "elapsed", "After business time without the metric being met"
    WARNING = "warning", "On an SLA warning"
    BREACH = "breach", "On an SLA breach"
