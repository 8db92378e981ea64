"""Who may read and write the knowledge base. See docs/knowledge.md ("Who sees what").

Readers are sorted into an *audience* per brand; every read of articles (help centre, search,
suggestions, related articles, sitemap, widget, flows) starts from `published_articles()`.
Writers need a role permission from `KB_PERMISSIONS` (on top of guichet.core.access's roles)
and to work for the article's brand.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import NotAllowed
from guichet.knowledge.models import Article, ArticleImage, State, Visibility

KB_PERMISSIONS: dict[str, set[str]] = {
    # write and submit for review
    "kb.write": {
        access.ADMIN,
        access.SUPERVISOR,
        access.AGENT,
        access.INCIDENT_MANAGER,
        access.CSM,
    },
    # publish, archive, edit what is live
    "kb.publish": {access.ADMIN, access.SUPERVISOR},
    # categories, sections, guided flows, analytics
    "kb.manage": {access.ADMIN, access.SUPERVISOR},
    # widget origins and rules
    "kb.configure": {access.ADMIN},
}


class Audience(enum.StrEnum):
    PUBLIC = "public"  # anonymous visitors, customers of other brands, the widget
    CUSTOMER = "customer"  # a signed-in customer (contact) of the brand
    AGENT = "agent"  # an agent who works for the brand


VISIBLE_TO: dict[Audience, tuple[str, ...]] = {
    Audience.PUBLIC: (Visibility.PUBLIC,),
    Audience.CUSTOMER: (Visibility.PUBLIC, Visibility.CUSTOMERS),
    Audience.AGENT: (Visibility.PUBLIC, Visibility.CUSTOMERS, Visibility.INTERNAL),
}


def audience_for(user: Any, brand: Brand) -> Audience:
    agent = access.agent_of(user)
    if agent is not None:
        brand_ids = access.agent_brand_ids(agent)
        return Audience.AGENT if brand_ids is None or brand.pk in brand_ids else Audience.PUBLIC
    contact = access.contact_of(user)
    if contact is not None and contact.brand_id == brand.pk:
        return Audience.CUSTOMER
    return Audience.PUBLIC


def can_read(audience: Audience, article: Article) -> bool:
    return article.state == State.PUBLISHED and article.visibility in VISIBLE_TO[audience]


def published_articles(
    brand: Brand | int, audience: Audience, language: str | None = None
) -> QuerySet[Article]:
    """The published articles of a brand that this audience may read (in one language)."""
    brand_id = brand if isinstance(brand, int) else brand.pk
    qs = Article.objects.filter(
        brand_id=brand_id, state=State.PUBLISHED, visibility__in=VISIBLE_TO[audience]
    )
    return qs.filter(language=language) if language else qs


# --- Writers ------------------------------------------------------------------------------


def has_kb_perm(user: Any, permission: str) -> bool:
    role = access.role_of(user)
    return role is not None and role in KB_PERMISSIONS.get(permission, set())


def require_kb(user: Any, permission: str, brand_id: int | None = None) -> None:
    if not has_kb_perm(user, permission):
        raise NotAllowed(
            _("Votre rôle ne permet pas de faire cela (%(permission)s).")
            % {"permission": permission}
        )
    if brand_id is not None:
        access.require_brand(user, brand_id)


def editable_articles(user: Any) -> QuerySet[Article]:
    """Every article (any state) of the brands an agent works for; nothing for others."""
    agent = access.agent_of(user)
    if agent is None:
        return Article.objects.none()
    brand_ids = access.agent_brand_ids(agent)
    qs = Article.objects.all()
    return qs if brand_ids is None else qs.filter(brand_id__in=brand_ids)


def agent_brands(user: Any) -> QuerySet[Brand]:
    agent = access.agent_of(user)
    if agent is None:
        return Brand.objects.none()
    brand_ids = access.agent_brand_ids(agent)
    qs = Brand.objects.all()
    return qs if brand_ids is None else qs.filter(pk__in=brand_ids)


# --- Images -------------------------------------------------------------------------------


def image_reference(image: ArticleImage) -> str:
    """The part of an image's URL that an article's Markdown contains when it shows the image."""
    return f"/images/{image.pk}-{image.sha256}"


def articles_showing(image: ArticleImage, audience: Audience) -> QuerySet[Article]:
    """Published articles of the image's brand that show it and that this audience may read."""
    return published_articles(image.brand_id, audience).filter(
        body__contains=image_reference(image)
    )


def may_read_image(user: Any, image: ArticleImage) -> bool:
    """Writers of the image's brand (drafts, editor preview) or readers of an article showing it."""
    if has_kb_perm(user, "kb.write"):
        agent = access.agent_of(user)
        brand_ids = access.agent_brand_ids(agent) if agent is not None else None
        if brand_ids is None or image.brand_id in brand_ids:
            return True
    return articles_showing(image, audience_for(user, image.brand)).exists()


def image_is_public(image: ArticleImage) -> bool:
    """Anonymous visitors may see it: a published public article shows it (cacheable by all)."""
    return articles_showing(image, Audience.PUBLIC).exists()
