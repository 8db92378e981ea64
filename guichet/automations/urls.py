"""/agent/automations/: automations and webhooks for admins (docs/automations.md)."""

from django.urls import path

from guichet.automations import views

app_name = "automations"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.automation_edit, name="new"),
    path("<int:pk>/", views.automation_edit, name="edit"),
    path("<int:pk>/delete/", views.automation_delete, name="delete"),
    path("presets/<slug:key>/", views.add_preset, name="add_preset"),
    path("webhooks/new/", views.webhook_edit, name="webhook_new"),
    path("webhooks/<int:pk>/", views.webhook_edit, name="webhook_edit"),
]
