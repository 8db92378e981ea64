from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "guichet.triage"
    label = "triage"
    verbose_name = "Triage"
