from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "guichet.tickets"
    label = "tickets"
