from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "guichet.people"
    label = "people"
