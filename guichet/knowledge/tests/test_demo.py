"""`kb_demo`: realistic help centres for the demo brands, loaded once."""

import io

import pytest
from django.core.management import call_command

from guichet.knowledge.models import Article, Flow, SearchEvent, WidgetRule
from guichet.knowledge.permissions import Audience
from guichet.knowledge.search import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo_setup", "--phase", "core", "--tickets", "20", "--seed", "7", verbosity=0)
    call_command("kb_demo", stdout=io.StringIO())


def test_the_printer_article_answers_the_printer_symptom(demo):
    from guichet.brands.models import Brand

    asclepia = Brand.objects.get(slug="asclepia")
    hits = search_articles("mon ordonnance ne s'imprime pas", brand=asclepia,
                           audience=Audience.PUBLIC, language="fr", limit=3)  # fmt: skip
    assert hits[0].title == "Installer et configurer l'imprimante d'ordonnances"


def test_every_brand_gets_content_once_however_often_it_runs(demo):
    for slug in ("asclepia", "telvia", "kolibri"):
        articles = Article.objects.filter(brand__slug=slug)
        assert articles.filter(language="fr", state="published").count() >= 7
        assert articles.filter(language="en").exists()
        assert articles.filter(visibility="internal").exists() or slug == "kolibri"
        assert Flow.objects.filter(brand__slug=slug, state="published").exists()
        assert WidgetRule.objects.filter(brand__slug=slug).exists()
        assert SearchEvent.objects.filter(brand__slug=slug).exists()

    # and running it again changes nothing
    before = Article.objects.count(), SearchEvent.objects.count()
    call_command("kb_demo", stdout=io.StringIO())
    assert (Article.objects.count(), SearchEvent.objects.count()) == before
