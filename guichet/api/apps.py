from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "guichet.api"
    label = "api"
