"""URLs of the email channel, under /email/ (docs/email.md#views)."""

from django.urls import path

from . import views

app_name = "email_channel"

urlpatterns = [
    path("inbound/<int:mailbox_id>/", views.inbound_webhook, name="webhook"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("messages/<int:pk>/", views.inbound_detail, name="inbound"),
    path("messages/<int:pk>/html/", views.inbound_html, name="inbound_html"),
    path("messages/<int:pk>/raw/", views.inbound_raw, name="inbound_raw"),
    path("messages/<int:pk>/retry/", views.inbound_retry, name="inbound_retry"),
    path("messages/<int:pk>/release/", views.inbound_release, name="inbound_release"),
    path("ticket-messages/<int:message_pk>/original/", views.message_original, name="original"),
]
