from django.apps import AppConfig


class AutomationsConfig(AppConfig):
    name = "guichet.automations"
    label = "automations"
    verbose_name = "Automations and webhooks"

    def ready(self) -> None:
        # Triggers run on the ticket's audit events, in a job after commit (docs/automations.md).
        from django.db.models.signals import post_save

        from guichet.audit.models import Event
        from guichet.automations import hooks

        post_save.connect(
            hooks.on_event_saved, sender=Event, dispatch_uid="automations.on_event_saved"
        )
        from guichet.automations import timeline_lines

        timeline_lines.register()
