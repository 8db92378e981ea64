"""Publishing: writers draft and submit, publishers publish; permissions and brands."""

import pytest

from guichet.audit.models import Event
from guichet.core.errors import ActionError, NotAllowed
from guichet.core.tests import factories
from guichet.knowledge.actions.articles import (
    ArticleInput,
    do_create_article,
    do_transition_article,
    do_update_article,
)
from guichet.knowledge.models import State

pytestmark = pytest.mark.django_db


def draft(actor, brand, **kwargs):
    data = ArticleInput(
        title=kwargs.pop("title", "Configurer l'imprimante"),
        body=kwargs.pop("body", "Étapes."),
        **kwargs,
    )
    return do_create_article(actor, brand=brand, language="fr", data=data)


def test_an_agent_writes_a_draft_and_submits_it_for_review(brand, writer):
    article = draft(writer, brand)
    assert article.state == State.DRAFT and article.owner == writer and article.version == 1

    submitted = do_transition_article(writer, article, "submit")

    assert submitted.state == State.REVIEW
    assert Event.objects.filter(verb="kb_article_submitted", target_id=article.pk).exists()


def test_an_agent_cannot_publish(brand, writer):
    article = do_transition_article(writer, draft(writer, brand), "submit")
    with pytest.raises(NotAllowed):
        do_transition_article(writer, article, "publish")


def test_a_supervisor_publishes_and_the_date_is_kept(brand, writer, supervisor):
    article = do_transition_article(writer, draft(writer, brand), "submit")
    published = do_transition_article(supervisor, article, "publish")
    assert published.state == State.PUBLISHED and published.published_at is not None


def test_a_supervisor_sends_an_article_back_to_draft(brand, writer, supervisor):
    article = do_transition_article(writer, draft(writer, brand), "submit")
    assert do_transition_article(supervisor, article, "request_changes").state == State.DRAFT


def test_an_agent_cannot_edit_a_published_article_but_a_supervisor_can(brand, writer, supervisor):
    article = do_transition_article(supervisor, draft(writer, brand), "publish")
    with pytest.raises(NotAllowed):
        do_update_article(writer, article, ArticleInput(body="Autre texte"))
    assert do_update_article(supervisor, article, ArticleInput(body="Autre texte")).version == 2


def test_archive_then_reopen(brand, supervisor):
    article = do_transition_article(supervisor, draft(supervisor, brand), "publish")
    archived = do_transition_article(supervisor, article, "archive")
    assert archived.state == State.ARCHIVED
    assert do_transition_article(supervisor, archived, "reopen").state == State.DRAFT


def test_a_transition_from_the_wrong_state_is_refused(brand, supervisor):
    article = draft(supervisor, brand)
    with pytest.raises(ActionError):
        do_transition_article(supervisor, article, "reopen")


def test_an_empty_article_cannot_be_published(brand, supervisor):
    article = draft(supervisor, brand, body="   ")
    with pytest.raises(ActionError):
        do_transition_article(supervisor, article, "publish")


def test_customers_cannot_write(brand, customer):
    with pytest.raises(NotAllowed):
        draft(customer, brand)


def test_an_agent_of_another_brand_cannot_write_here(brand, other_brand):
    outsider = factories.agent("agent", brands=[other_brand])
    with pytest.raises(NotAllowed):
        draft(outsider, brand)


def test_a_language_the_brand_does_not_offer_is_refused(brand, writer):
    with pytest.raises(ActionError):
        do_create_article(writer, brand=brand, language="de", data=ArticleInput(title="Drucker"))


def test_a_section_of_another_brand_is_refused(brand, other_brand, writer):
    from guichet.knowledge.tests import factories as kb

    with pytest.raises(ActionError):
        draft(writer, brand, section=kb.section(other_brand))


def test_the_slug_comes_from_the_title_and_tags_are_cleaned(brand, writer):
    article = draft(writer, brand, title="Où est l'imprimante ?", tags=["Imprimante", "imprimante"])
    assert article.slug == "ou-est-limprimante"
    assert list(article.tags.values_list("name", flat=True)) == ["imprimante"]
