"""Jobs of the accounts app: sending magic links (queue "mail")."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from guichet.accounts.magic import LIFETIME, token_for
from guichet.accounts.models import MagicLink


@task(queue_name="mail")
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
    send_mail(subject, body, link.brand.support_email or None, [link.email])
