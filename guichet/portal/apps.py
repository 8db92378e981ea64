from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "guichet.portal"
    label = "portal"
