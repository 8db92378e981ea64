from django.urls import path

from guichet.workspace.views import live, notifications, queue, ticket, ticket_actions

app_name = "workspace"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bulk/", queue.bulk, name="bulk"),
    path("organisations/", queue.organisations, name="organisations"),
    path("views/", queue.save_view, name="save_view"),
    path("views/<int:pk>/", queue.open_view, name="saved_view"),
    path("views/<int:pk>/delete/", queue.delete_view, name="delete_view"),
    path("tickets/<int:pk>/", ticket.ticket_page, name="ticket"),
    path("tickets/<int:pk>/send/", ticket.send, name="send"),
    path("tickets/<int:pk>/macro/", ticket.macro_fill, name="macro_fill"),
    path("tickets/<int:pk>/update/", ticket_actions.update, name="update"),
    path("tickets/<int:pk>/escalate/", ticket_actions.escalate, name="escalate"),
    path("tickets/<int:pk>/merge/", ticket_actions.merge, name="merge"),
    path("tickets/<int:pk>/merge-contact/", ticket_actions.merge_contact, name="merge_contact"),
    path("tickets/<int:pk>/time/", ticket_actions.log_time, name="log_time"),
    path("tickets/<int:pk>/presence/", live.presence, name="presence"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/bell/", live.bell, name="bell"),
    path("notifications/read/", notifications.mark_read, name="mark_read"),
    path("notifications/<int:pk>/open/", notifications.open_notification, name="open_notification"),
    path("mentions/", live.mentions, name="mentions"),
]
