from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "guichet.workspace"
    label = "workspace"
    verbose_name = "Agent workspace"
