from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "guichet.brands"
    label = "brands"
