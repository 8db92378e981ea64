from django.apps import AppConfig


class SearchHybridConfig(AppConfig):
    name = "guichet.search.hybrid"
    label = "search_hybrid"
    default_auto_field = "django.db.models.BigAutoField"
