from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "guichet.search"
    label = "search"
