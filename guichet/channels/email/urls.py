"""URLs of the email channel, under /email/ (docs/email.md#views)."""

from django.urls import path

from . import mailbox_views, views

app_name = "email_channel"

urlpatterns = [
    path("inbound/<int:mailbox_id>/", views.inbound_webhook, name="webhook"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("mailboxes/", mailbox_views.mailbox_list, name="mailboxes"),
    path("mailboxes/new/", mailbox_views.mailbox_create, name="mailbox_create"),
    path("mailboxes/<int:pk>/", mailbox_views.mailbox_edit, name="mailbox_edit"),
    path("mailboxes/<int:pk>/active/", mailbox_views.mailbox_set_active, name="mailbox_active"),
    path("mailboxes/<int:pk>/test/", mailbox_views.mailbox_test, name="mailbox_test"),
    path("messages/<int:pk>/", views.inbound_detail, name="inbound"),
    path("messages/<int:pk>/html/", views.inbound_html, name="inbound_html"),
    path("messages/<int:pk>/raw/", views.inbound_raw, name="inbound_raw"),
    path("messages/<int:pk>/retry/", views.inbound_retry, name="inbound_retry"),
    path("messages/<int:pk>/release/", views.inbound_release, name="inbound_release"),
    path("ticket-messages/<int:message_pk>/original/", views.message_original, name="original"),
]
