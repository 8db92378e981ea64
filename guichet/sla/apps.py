from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "guichet.sla"
    label = "sla"
    verbose_name = "SLAs and escalation"

    def ready(self) -> None:
        # The ticket actions record audit events; the SLA clocks follow those events
        # (docs/adr/0008-sla-timers.md) instead of being called from each action.
        from django.db.models.signals import post_delete, post_save

        from guichet.audit.models import Event
        from guichet.sla import hooks
        from guichet.sla.models import BusinessCalendar, EscalationRule, SlaPolicy, SlaPolicyTarget

        post_save.connect(hooks.on_event_saved, sender=Event, dispatch_uid="sla.on_event_saved")
        # What the hooks memoise per transaction is read again after these change.
        for model in (SlaPolicy, SlaPolicyTarget, BusinessCalendar, EscalationRule):
            uid = f"sla.on_setup_changed.{model.__name__}"
            post_save.connect(hooks.on_setup_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(hooks.on_setup_changed, sender=model, dispatch_uid=uid)
        from guichet.sla import timeline_lines

        timeline_lines.register()
