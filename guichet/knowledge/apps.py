from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "guichet.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
