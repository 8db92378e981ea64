from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "guichet.triage"
    label = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from guichet.triage import timeline_lines

        timeline_lines.register()
