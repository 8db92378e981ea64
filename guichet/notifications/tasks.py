"""Jobs that deliver notifications by email."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from guichet.notifications.models import Notification


@task(queue_name="mail")
def email_notification(notification_id: int) -> None:
    notification = Notification.objects.select_related("user", "ticket").get(pk=notification_id)
    if notification.emailed_at or not notification.user.email:
        return
    send_mail(
        subject=f"[Guichet] {notification.text}",
        message=notification.text,
        from_email=None,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
