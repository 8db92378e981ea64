"""Articles and tickets: link them, and write an article from a solved ticket.

See docs/knowledge.md ("From a ticket"). The prefill reads only what the agent may see
(guichet.core.access); the customer's first message becomes the symptom, public replies the
resolution, the subject the title. Internal notes are never copied.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.audit.actions import record_event
from guichet.core import access
from guichet.core.errors import ActionError
from guichet.knowledge.actions.articles import ArticleInput, do_create_article, stored_note
from guichet.knowledge.models import Article, ArticleTicketLink, Shape, Visibility
from guichet.knowledge.permissions import require_kb
from guichet.knowledge.shapes import from_conversation
from guichet.tickets.models import Message, Status, Ticket

PREFILL_STATES = (Status.SOLVED, Status.CLOSED)


def check_ticket_for_article(actor: Any, article: Article, ticket: Ticket) -> None:
    require_kb(actor, "kb.write", article.brand_id)
    access.require_ticket(actor, ticket)
    if ticket.brand_id != article.brand_id:
        raise ActionError(_("Ce ticket appartient à une autre marque."), field="ticket")


@transaction.atomic
def do_link_ticket(
    actor: Any, article: Article, ticket: Ticket, *, created_from: bool = False
) -> ArticleTicketLink:
    check_ticket_for_article(actor, article, ticket)
    link, created = ArticleTicketLink.objects.get_or_create(
        article=article, ticket=ticket,
        defaults={"linked_by": actor, "created_from": created_from},
    )  # fmt: skip
    if created:
        record_event(actor, "kb_article_linked", article, ticket=ticket,
                     data={"article": article.pk, "title": article.title})  # fmt: skip
    return link


@transaction.atomic
def do_unlink_ticket(actor: Any, article: Article, ticket: Ticket) -> None:
    check_ticket_for_article(actor, article, ticket)
    deleted, _by_model = ArticleTicketLink.objects.filter(article=article, ticket=ticket).delete()
    if deleted:
        record_event(actor, "kb_article_unlinked", article, ticket=ticket,
                     data={"article": article.pk})  # fmt: skip


def prefill_from_ticket(actor: Any, ticket: Ticket) -> ArticleInput:
    """Title, summary and a symptom → resolution body from a ticket's public conversation."""
    access.require_ticket(actor, ticket)
    messages = access.visible_messages(actor, ticket).exclude(kind=Message.Kind.NOTE)
    customer = [m.body_text for m in messages if m.kind == Message.Kind.CUSTOMER and m.body_text]
    replies = [m.body_text for m in messages if m.kind == Message.Kind.REPLY and m.body_text]
    return ArticleInput(
        title=ticket.subject,
        summary=ticket.subject,
        body=from_conversation(ticket.language, customer[:1], replies),
        shape=Shape.SYMPTOM,
        visibility=Visibility.PUBLIC,
        # No tags from the ticket: they are agents' vocabulary ("vip", "litige"), and an
        # article's tags are indexed for search (docs/knowledge.md).
        tags=[],
    )


@transaction.atomic
def do_create_article_from_ticket(
    actor: Any, ticket: Ticket, *, language: str, data: ArticleInput
) -> Article:
    access.require_ticket(actor, ticket)
    if ticket.status not in PREFILL_STATES:
        raise ActionError(
            _("Un article se rédige à partir d'un ticket résolu."), code="invalid_state"
        )
    article = do_create_article(
        actor, brand=ticket.brand, language=language, data=data,
        note=stored_note(gettext_lazy("Rédigé à partir du ticket %(reference)s"),
                         reference=ticket.reference),
    )  # fmt: skip
    do_link_ticket(actor, article, ticket, created_from=True)
    return article
