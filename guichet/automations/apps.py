from django.apps import AppConfig


class AutomationsConfig(AppConfig):
    name = "guichet.automations"
    label = "automations"
    verbose_name = "Automations and webhooks"

    def ready(self) -> None:
        # Triggers run on the ticket's audit events, in a job after commit (docs/automations.md).
        from django.db.models.signals import post_delete, post_save

        from guichet.audit.models import Event
        from guichet.automations import hooks
        from guichet.automations.models import Automation

        post_save.connect(
            hooks.on_event_saved, sender=Event, dispatch_uid="automations.on_event_saved"
        )
        # The triggers listening, memoised per transaction, are read again after a change.
        uid = "automations.on_automation_changed"
        post_save.connect(hooks.on_automation_changed, sender=Automation, dispatch_uid=uid)
        post_delete.connect(hooks.on_automation_changed, sender=Automation, dispatch_uid=uid)
        from guichet.automations import timeline_lines

        timeline_lines.register()
