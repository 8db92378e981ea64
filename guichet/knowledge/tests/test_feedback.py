"""Was this helpful? Votes, replacing votes, comments."""

import pytest

from guichet.knowledge.models import ArticleFeedback
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(brand):
    return kb.article(brand, "Imprimante", "Réglages.")


def vote(client, article, **data):
    return client.post(f"/help/asclepia/fr/articles/{article.pk}/feedback/", data,
                       HTTP_HX_REQUEST="true")  # fmt: skip


def test_a_visitor_votes_yes(client, article):
    response = vote(client, article, helpful="yes")
    assert response.status_code == 200 and "Merci pour votre retour" in response.content.decode()
    assert ArticleFeedback.objects.get().helpful is True


def test_voting_again_replaces_the_vote_and_keeps_one_row(client, article):
    vote(client, article, helpful="yes")
    vote(client, article, helpful="no", comment="Il manque la procédure Mac.")
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (False, "Il manque la procédure Mac.")


def test_a_no_vote_offers_to_contact_support(client, article):
    assert "ouvrir une demande" in vote(client, article, helpful="no").content.decode()


def test_two_visitors_have_two_votes(client, article):
    vote(client, article, helpful="yes")
    client.cookies.clear()
    vote(client, article, helpful="no")
    assert ArticleFeedback.objects.count() == 2


def test_an_invalid_answer_is_refused(client, article):
    assert vote(client, article, helpful="maybe").status_code == 400


def test_nobody_votes_on_an_article_they_cannot_read(client, brand):
    internal = kb.article(brand, "Interne", visibility="internal")
    assert vote(client, internal, helpful="yes").status_code == 404


def test_without_htmx_the_vote_redirects_to_the_article(client, article):
    response = client.post(f"/help/asclepia/fr/articles/{article.pk}/feedback/", {"helpful": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("#feedback")
