from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "guichet.routing"
    label = "routing"
    verbose_name = "Routing"

    def ready(self) -> None:
        from guichet.routing import sign_out

        sign_out.register()
