"""Jobs of the accounts app: sending magic links (queue "mail"; automatic mail, text + HTML,
retried with backoff on temporary errors)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from guichet.accounts.magic import LIFETIME, token_for
from guichet.accounts.models import MagicLink
from guichet.channels.email.outbound import is_permanent
from guichet.jobs.retry import retrying

logger = logging.getLogger("guichet.accounts")


@task(queue_name="mail")
@retrying(max_attempts=4, base_delay=timedelta(seconds=20))
def send_magic_link(link_id: int, url_template: str) -> None:
    link = (
        MagicLink.objects.select_related("brand", "contact")
        .filter(pk=link_id, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return
    url = url_template.replace("{token}", token_for(link))
    language = link.contact.preferred_language or link.brand.default_language
    with translation.override(language):
        context = {"brand": link.brand, "contact": link.contact, "url": url,
                   "minutes": int(LIFETIME.total_seconds() // 60)}  # fmt: skip
        subject = _("Votre lien de connexion à %(brand)s") % {"brand": link.brand.name}
        body = render_to_string("accounts/email/magic_link.txt", context)
        html = render_to_string("accounts/email/magic_link.html", context)
    email = EmailMultiAlternatives(
        subject, body, link.brand.support_email or None, [link.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )  # fmt: skip
    email.attach_alternative(html, "text/html")
    try:
        email.send(fail_silently=False)
    except Exception as error:
        if not is_permanent(error):
            raise  # retried with backoff: the link lives for LIFETIME anyway
        logger.warning("Magic link %s refused by the mail server: %s", link_id, error)
