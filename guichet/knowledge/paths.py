"""URLs of help-centre pages, built in one place (views, search hits, sitemap, widget)."""

from __future__ import annotations

from django.urls import reverse

from guichet.brands.models import Brand
from guichet.knowledge.models import Article, Category, Flow


def article_path(brand: Brand, article: Article) -> str:
    return reverse(
        "help:article", args=[brand.slug, article.language, article.pk, article.slug or "article"]
    )


def category_path(brand: Brand, language: str, category: Category) -> str:
    return reverse("help:category", args=[brand.slug, language, category.pk, category.slug])


def flow_path(brand: Brand, flow: Flow) -> str:
    return reverse("help:flow", args=[brand.slug, flow.language, flow.pk, flow.slug])


def ticket_form_path(brand: Brand) -> str:
    return reverse("portal:ticket-new", args=[brand.slug])
