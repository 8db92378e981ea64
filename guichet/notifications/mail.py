"""The email copy of a notification: multipart text + HTML from templates in the reader's
language, marked as automatic mail so that auto-responders stay quiet (RFC 3834)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from guichet.notifications.labels import kind_label
from guichet.notifications.models import Notification


def language_of(user: Any) -> str:
    """The user's interface language (accounts.UserPreference), else the site's."""
    preference = getattr(user, "preference", None)
    language = getattr(preference, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def build_email(notification: Notification) -> EmailMultiAlternatives:
    ticket = notification.ticket
    url = ""
    if ticket is not None:
        url = settings.GUICHET_BASE_URL.rstrip("/") + reverse("workspace:ticket", args=[ticket.pk])
    with translation.override(language_of(notification.user)):
        label = kind_label(notification.kind)
        context = {"notification": notification, "label": label, "ticket": ticket, "url": url}
        text = render_to_string("notifications/mail/notification.txt", context)
        html = render_to_string("notifications/mail/notification.html", context)
    subject = f"[Guichet] {label} · {notification.text}"
    if ticket is not None and ticket.reference not in notification.text:
        subject = f"[Guichet] {label} · [{ticket.reference}] {notification.text}"
    email = EmailMultiAlternatives(
        subject=subject[:250],
        body=text,
        to=[notification.user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    email.attach_alternative(html, "text/html")
    return email
