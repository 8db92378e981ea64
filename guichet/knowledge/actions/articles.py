"""Every write to articles: create, edit (a new version), publish and the other transitions,
restore a version, translations. See docs/knowledge.md ("Publishing", "Versions").

`check_*` validates and checks permission; `do_*` writes in a transaction, records an audit
event and re-indexes the article once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.audit.actions import diff, record_event
from guichet.brands.models import Brand
from guichet.core import access
from guichet.core.errors import ActionError, NotAllowed
from guichet.knowledge.labels import label
from guichet.knowledge.models import (
    Article,
    ArticleVersion,
    Section,
    Shape,
    State,
    Visibility,
)
from guichet.knowledge.permissions import has_kb_perm, require_kb
from guichet.knowledge.rendering import render_markdown
from guichet.knowledge.workflow import TRANSITIONS, edit_permission
from guichet.search.hybrid.articles import reindex_articles_on_commit
from guichet.tickets.actions import check_tags
from guichet.tickets.models import Tag

TEXT_FIELDS = ("title", "summary", "body")
EDITABLE = (
    "title", "slug", "summary", "body", "section", "visibility", "shape", "owner", "review_by",
    "tags", "position",
)  # fmt: skip


@dataclass
class ArticleInput:
    """What a writer may set on an article (None: leave as it is)."""

    title: str | None = None
    slug: str | None = None
    summary: str | None = None
    body: str | None = None
    section: Section | None = None
    visibility: str | None = None
    shape: str | None = None
    owner: Any = None
    review_by: dt.date | None = None
    tags: list[str] | None = None
    position: int | None = None


# --- Checks ---------------------------------------------------------------------------------


def check_language(brand: Brand, language: str) -> str:
    allowed = list(brand.languages or []) or [brand.default_language]
    if language not in allowed:
        raise ActionError(
            _("%(brand)s n'a pas de centre d'aide en « %(language)s ».")
            % {"brand": brand.name, "language": language},
            field="language",
        )
    return language


def check_title(title: Any) -> str:
    cleaned = " ".join(str(title or "").split())[:200]
    if not cleaned:
        raise ActionError(_("Le titre est obligatoire."), code="required", field="title")
    return cleaned


def check_slug(slug: Any, title: str) -> str:
    return slugify(str(slug or "") or title)[:120] or "article"


def check_section(brand: Brand, section: Section | None) -> Section | None:
    if section is not None and section.category.brand_id != brand.pk:
        raise ActionError(_("Cette section appartient à une autre marque."), field="section")
    return section


def check_choice(value: Any, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise ActionError(
            _("« %(field)s » doit être l'un de : %(choices)s.")
            % {"field": field, "choices": ", ".join(choices.values)},
            field=field,
        )
    return str(value)


def check_owner(brand: Brand, owner: Any) -> Any:
    if owner is None:
        return None
    agent = access.agent_of(owner)
    brand_ids = access.agent_brand_ids(agent) if agent else None
    if agent is None or (brand_ids is not None and brand.pk not in brand_ids):
        raise ActionError(_("Le responsable doit être un agent de cette marque."), field="owner")
    return owner


def check_edit(actor: Any, article: Article) -> None:
    require_kb(actor, edit_permission(article.state), article.brand_id)


def _clean(brand: Brand, data: ArticleInput) -> dict[str, Any]:
    """The fields of `data` that were given, validated."""
    values: dict[str, Any] = {}
    if data.title is not None:
        values["title"] = check_title(data.title)
    if data.slug is not None:
        values["slug"] = check_slug(data.slug, values.get("title", ""))
    if data.summary is not None:
        values["summary"] = " ".join(data.summary.split())[:300]
    if data.body is not None:
        values["body"] = data.body.replace("\r\n", "\n")
    if data.section is not None:
        values["section"] = check_section(brand, data.section)
    if data.visibility is not None:
        values["visibility"] = check_choice(data.visibility, Visibility, "visibility")
    if data.shape is not None:
        values["shape"] = check_choice(data.shape, Shape, "shape")
    if data.owner is not None:
        values["owner"] = check_owner(brand, data.owner)
    if data.review_by is not None:
        values["review_by"] = data.review_by
    if data.tags is not None:
        values["tags"] = check_tags(data.tags)
    if data.position is not None:
        values["position"] = max(0, int(data.position))
    return values


# --- Writes ---------------------------------------------------------------------------------


def _set_tags(article: Article, names: Iterable[str]) -> None:
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])


def stored_note(message: Any, **params: Any) -> str:
    """A version note that Guichet writes itself (`message`: a lazy French msgid). Notes are
    stored and every reader of the history sees the same words, so they are written once,
    in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params


def _new_version(actor: Any, article: Article, note: str = "") -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        summary=article.summary,
        body=article.body,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:200],
    )


@transaction.atomic
def do_create_article(
    actor: Any,
    *,
    brand: Brand,
    language: str,
    data: ArticleInput,
    family: Any = None,
    note: str = "",
) -> Article:
    require_kb(actor, "kb.write", brand.pk)
    values = _clean(brand, data)
    if "title" not in values:
        raise ActionError(_("Le titre est obligatoire."), code="required", field="title")
    tags = values.pop("tags", [])
    values.setdefault("slug", check_slug(None, values["title"]))
    values.setdefault("owner", actor if access.agent_of(actor) else None)
    article = Article(
        brand=brand, language=check_language(brand, language), created_by=actor, **values
    )
    if family is not None:
        article.family = family
    article.body_html = render_markdown(article.body)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        raise ActionError(
            _("Cet article a déjà une traduction dans cette langue."), field="language"
        ) from None
    _set_tags(article, tags)
    _new_version(actor, article, note)
    record_event(actor, "kb_article_created", article, data={"title": article.title})
    reindex_articles_on_commit(article.pk)
    return article


@transaction.atomic
def do_update_article(actor: Any, article: Article, data: ArticleInput, note: str = "") -> Article:
    """Change an article; a change of title, summary or body is saved as a new version."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    check_edit(actor, article)
    values = _clean(article.brand, data)
    tags = values.pop("tags", None)
    before = {key: getattr(article, key) for key in values}
    for key, value in values.items():
        setattr(article, key, value)
    changes = diff(before, values)
    if tags is not None:
        old_tags = sorted(article.tags.values_list("name", flat=True))
        if sorted(tags) != old_tags:
            changes.append({"field": "tags", "old": old_tags, "new": sorted(tags)})
            _set_tags(article, tags)
    if not changes:
        return article
    text_changed = any(change["field"] in TEXT_FIELDS for change in changes)
    if text_changed:
        article.version += 1
        article.body_html = render_markdown(article.body)
    article.save()
    if text_changed:
        _new_version(actor, article, note)
    record_event(actor, "kb_article_updated", article, changes=_short(changes))
    reindex_articles_on_commit(article.pk)
    return article


def _short(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit changes without whole bodies (the versions keep those)."""
    return [{**c, "old": "…", "new": "…"} if c["field"] == "body" else c for c in changes]


def check_transition(actor: Any, article: Article, name: str) -> str:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ActionError(_("Action inconnue : « %(action)s ».") % {"action": name}, field="action")
    require_kb(actor, transition.permission, article.brand_id)
    if article.state not in transition.source:
        raise ActionError(
            _("Action « %(action)s » impossible sur un article à l'état « %(state)s ».")
            % {"action": label("transition", name), "state": label("state", article.state)},
            code="invalid_state",
        )
    if transition.target == State.PUBLISHED and not article.body.strip():
        raise ActionError(_("Un article vide ne peut pas être publié."), field="body")
    return transition.target


@transaction.atomic
def do_transition_article(actor: Any, article: Article, name: str) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    target = check_transition(actor, article, name)
    before = article.state
    article.state = target
    if target == State.PUBLISHED:
        article.published_at = timezone.now()
    article.save(update_fields=["state", "published_at", "updated_at"])
    record_event(
        actor,
        f"kb_article_{TRANSITION_VERBS[name]}",
        article,
        changes=[{"field": "state", "old": before, "new": target}],
    )
    reindex_articles_on_commit(article.pk)
    return article


TRANSITION_VERBS = {
    "submit": "submitted",
    "request_changes": "sent_back",
    "publish": "published",
    "unpublish": "unpublished",
    "archive": "archived",
    "reopen": "reopened",
}


@transaction.atomic
def do_delete_article(actor: Any, article: Article) -> None:
    """Delete an article for good (its versions, views and votes go with it) and take it out
    of the search index once the deletion commits. Archiving is the usual way out; deleting is
    for mistakes, so it needs the publishing permission."""
    require_kb(actor, "kb.publish", article.brand_id)
    article_id = article.pk
    record_event(actor, "kb_article_deleted", article, data={"title": article.title})
    article.delete()
    reindex_articles_on_commit(article_id)  # a deleted article is removed from the index


@transaction.atomic
def do_restore_version(actor: Any, article: Article, version: ArticleVersion) -> Article:
    """Bring back an old text as a new version (history is never rewritten)."""
    if version.article_id != article.pk:
        raise ActionError(_("Cette version appartient à un autre article."), field="version")
    restored = ArticleInput(title=version.title, summary=version.summary, body=version.body)
    note = stored_note(gettext_lazy("Restauration de la v%(number)s"), number=version.number)
    return do_update_article(actor, article, restored, note=note)


# --- Translations ------------------------------------------------------------------------------


@transaction.atomic
def do_create_translation(actor: Any, source: Article, language: str) -> Article:
    """A draft in `language` in the same family, starting from the source's text."""
    if Article.objects.filter(family=source.family, language=language).exists():
        raise ActionError(_("Cet article a déjà une traduction dans cette langue."),
                          field="language")  # fmt: skip
    data = ArticleInput(
        title=source.title, summary=source.summary, body=source.body, section=source.section,
        visibility=source.visibility, shape=source.shape, review_by=source.review_by,
        tags=list(source.tags.values_list("name", flat=True)),
    )  # fmt: skip
    return do_create_article(
        actor, brand=source.brand, language=language, data=data, family=source.family,
        note=stored_note(gettext_lazy("Traduction de l'article n° %(id)s"), id=source.pk),
    )  # fmt: skip


@transaction.atomic
def do_link_translation(actor: Any, article: Article, other: Article) -> Article:
    """Make `other` (and its own translations) translations of `article`."""
    require_kb(actor, "kb.write", article.brand_id)
    if other.brand_id != article.brand_id:
        raise ActionError(
            _("Les traductions doivent appartenir à la même marque."), field="translation"
        )
    if other.family == article.family:
        return other
    mine = set(Article.objects.filter(family=article.family).values_list("language", flat=True))
    theirs = set(Article.objects.filter(family=other.family).values_list("language", flat=True))
    if mine & theirs:
        raise ActionError(_("Les deux articles ont une version dans la même langue."),
                          field="translation")  # fmt: skip
    old_family = other.family
    Article.objects.filter(family=old_family).update(family=article.family)
    record_event(actor, "kb_translation_linked", article, data={"other": other.pk})
    other.refresh_from_db()
    return other


def translations_of(article: Article) -> list[Article]:
    return list(Article.objects.filter(family=article.family).exclude(pk=article.pk)
                .order_by("language"))  # fmt: skip


def can_edit(actor: Any, article: Article) -> bool:
    try:
        check_edit(actor, article)
    except NotAllowed:
        return False
    return True


def can_transition(actor: Any, article: Article, name: str) -> bool:
    transition = TRANSITIONS[name]
    return article.state in transition.source and has_kb_perm(actor, transition.permission)
