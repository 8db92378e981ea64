from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchHybridConfig(AppConfig):
    name = "guichet.search.hybrid"
    label = "search_hybrid"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guichet.search.hybrid import pgvector

        # the pgvector mirror is created (and backfilled) by plain SQL, not by a migration
        post_migrate.connect(pgvector.on_post_migrate, sender=self)
