"""Signal receivers of the email channel. Connected in `apps.EmailChannelConfig.ready`."""

from __future__ import annotations

from typing import Any

from .models import InboundEmail


def on_ticket_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted ticket takes the raw mail applied to it along (processed, or ignored noise about
    it): those bytes hold what the ticket held. Mail still waiting for an admin (held,
    quarantined) stays, without its link. (The tickets app knows nothing of channels, hence a
    signal rather than a call.)"""
    applied = (InboundEmail.Status.PROCESSED, InboundEmail.Status.IGNORED)
    InboundEmail.objects.filter(ticket_id=instance.pk, status__in=applied).delete()
