from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "guichet.sla"
    label = "sla"
    verbose_name = "SLAs and escalation"

    def ready(self) -> None:
        # The ticket actions record audit events; the SLA clocks follow those events
        # (docs/adr/0008-sla-timers.md) instead of being called from each action.
        from django.db.models.signals import post_save

        from guichet.audit.models import Event
        from guichet.sla import hooks

        post_save.connect(hooks.on_event_saved, sender=Event, dispatch_uid="sla.on_event_saved")
        from guichet.sla import timeline_lines

        timeline_lines.register()
