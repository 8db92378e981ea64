"""Editor buttons: state changes, versions (diff, restore), translations, ticket links,
Markdown preview and image upload. Each view calls one action."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.core.errors import ActionError
from guichet.knowledge.actions.articles import (
    do_create_translation,
    do_link_translation,
    do_restore_version,
    do_transition_article,
)
from guichet.knowledge.actions.images import do_upload_image
from guichet.knowledge.actions.tickets import do_link_ticket, do_unlink_ticket
from guichet.knowledge.diffing import diff_lines, diff_stats, version_text
from guichet.knowledge.labels import label
from guichet.knowledge.models import Article, ArticleImage, ArticleVersion
from guichet.knowledge.permissions import agent_brands, editable_articles
from guichet.knowledge.rendering import render_markdown
from guichet.knowledge.views.editor import editable, ticket_by_reference
from guichet.workspace.views.common import agent_required, render_ws


def _report(request: HttpRequest, error: ActionError) -> None:
    messages.error(request, error.message)


@agent_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    name = request.POST.get("action", "")
    try:
        do_transition_article(request.user, article, name)
    except ActionError as error:
        _report(request, error)
    else:
        messages.success(request, _("Fait : %(action)s.") % {"action": label("transition", name)})
    return redirect("kb:article", article.pk)


@agent_required
def version_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A version compared with the one before it (or with the current text: ?against=current)."""
    article = editable(request, pk)
    version = get_object_or_404(article.versions, number=number)
    old: ArticleVersion | None
    new: ArticleVersion | Article
    if request.GET.get("against") == "current":
        old, new = version, article
        title = _("Version %(n)s → actuelle") % {"n": number}
    else:
        old = article.versions.filter(number__lt=number).order_by("-number").first()
        new = version
        title = _("Version %(a)s → %(b)s") % {"a": old.number if old else 0, "b": number}
    old_lines = version_text(old.title, old.summary, old.body) if old else []
    lines = diff_lines(old_lines, version_text(new.title, new.summary, new.body))
    added, removed = diff_stats(lines)
    context = {"nav": "kb", "article": article, "version": version, "lines": lines,
               "added": added, "removed": removed, "title": title}  # fmt: skip
    return render_ws(request, "knowledge/agent/diff.html", context)


@agent_required
@require_POST
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = editable(request, pk)
    version = get_object_or_404(article.versions, number=number)
    try:
        do_restore_version(request.user, article, version)
    except ActionError as error:
        _report(request, error)
    else:
        messages.success(request, _("Version %(n)s restaurée.") % {"n": number})
    return redirect("kb:article", article.pk)


@agent_required
@require_POST
def translate(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    try:
        translation = do_create_translation(request.user, article, request.POST.get("language", ""))
    except ActionError as error:
        _report(request, error)
        return redirect("kb:article", article.pk)
    messages.success(request, _("Traduction créée : traduisez le texte puis publiez-la."))
    return redirect("kb:edit", translation.pk)


@agent_required
@require_POST
def link_translation(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    other_id = request.POST.get("other", "")
    other = (
        editable_articles(request.user).filter(pk=int(other_id)).first()
        if other_id.isdigit()
        else None
    )
    if other is None:
        messages.error(request, _("Article introuvable."))
        return redirect("kb:article", article.pk)
    try:
        do_link_translation(request.user, article, other)
    except ActionError as error:
        _report(request, error)
    else:
        messages.success(request, _("Traductions liées."))
    return redirect("kb:article", article.pk)


@agent_required
@require_POST
def link_ticket(request: HttpRequest, pk: int) -> HttpResponse:
    article = editable(request, pk)
    ticket = ticket_by_reference(request, request.POST.get("reference", ""))
    if ticket is None:
        messages.error(request, _("Ticket introuvable."))
        return redirect("kb:article", article.pk)
    try:
        do_link_ticket(request.user, article, ticket)
    except ActionError as error:
        _report(request, error)
    else:
        messages.success(request, _("Lié à %(ref)s.") % {"ref": ticket.reference})
    return redirect("kb:article", article.pk)


@agent_required
@require_POST
def unlink_ticket(request: HttpRequest, pk: int, ticket_id: int) -> HttpResponse:
    article = editable(request, pk)
    link = get_object_or_404(article.ticket_links.select_related("ticket"), ticket_id=ticket_id)
    try:
        do_unlink_ticket(request.user, article, link.ticket)
    except ActionError as error:
        _report(request, error)
    return redirect("kb:article", article.pk)


@agent_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown of the editor, rendered and sanitised as readers will see it (htmx)."""
    html = render_markdown(request.POST.get("body", ""))
    return render(request, "knowledge/agent/_preview.html", {"html": html})


@agent_required
@require_POST
def upload_image(request: HttpRequest) -> HttpResponse:
    """Returns the Markdown to paste (htmx fragment)."""
    brand = agent_brands(request.user).filter(pk=request.POST.get("brand") or 0).first()
    upload = request.FILES.get("image")
    context: dict[str, object] = {}
    if brand is None or upload is None:
        context["error"] = _("Choisissez une image.")
    elif upload.size and upload.size > getattr(settings, "KB_IMAGE_MAX_BYTES", 5 * 1024 * 1024):
        context["error"] = _("Image trop lourde.")
    else:
        try:
            image = do_upload_image(request.user, brand, upload.name or "image", upload.read())
        except ActionError as error:
            context["error"] = error.message
        else:
            context["markdown"] = f"![{_image_alt(image)}]({image_path(image)})"
    return render(request, "knowledge/agent/_upload.html", context)


def _image_alt(image: ArticleImage) -> str:
    return image.filename.rsplit(".", 1)[0].replace("]", "").replace("[", "")[:80]


def image_path(image: ArticleImage) -> str:
    return reverse("help:image", args=[image.brand.slug, image.pk, image.sha256])
