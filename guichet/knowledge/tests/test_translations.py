"""French and English translations linked to each other."""

import pytest

from guichet.core.errors import ActionError
from guichet.knowledge.actions.articles import (
    do_create_translation,
    do_link_translation,
    translations_of,
)
from guichet.knowledge.tests import factories as kb

pytestmark = pytest.mark.django_db


def test_a_translation_is_a_draft_of_the_same_family(brand):
    source = kb.article(brand, tags=["imprimante"])
    english = do_create_translation(kb.admin(), source, "en")
    assert (english.family, english.language, english.state) == (source.family, "en", "draft")
    assert english.section_id == source.section_id
    assert list(english.tags.values_list("name", flat=True)) == ["imprimante"]
    assert translations_of(source) == [english]


def test_a_second_translation_in_the_same_language_is_refused(brand):
    source = kb.article(brand)
    do_create_translation(kb.admin(), source, "en")
    with pytest.raises(ActionError):
        do_create_translation(kb.admin(), source, "en")


def test_two_existing_articles_can_be_linked(brand):
    french = kb.article(brand, "Imprimante")
    english = kb.article(brand, "Printer", language="en")
    do_link_translation(kb.admin(), french, english)
    english.refresh_from_db()
    assert english.family == french.family


def test_linking_two_articles_in_the_same_language_is_refused(brand):
    with pytest.raises(ActionError):
        do_link_translation(kb.admin(), kb.article(brand, "A"), kb.article(brand, "B"))


def test_the_article_page_announces_readable_translations_only(client, brand):
    french = kb.article(brand, "Imprimante")
    english = kb.article(brand, "Printer", language="en", family=french.family)
    kb.article(brand, "Drucker intern", language="en", visibility="internal")
    page = client.get(f"/help/asclepia/fr/articles/{french.pk}-{french.slug}").content.decode()
    assert (
        f'hreflang="en" href="http://testserver/help/asclepia/en/articles/{english.pk}-printer"'
        in page
    )
    assert 'hreflang="fr"' in page


def test_a_hidden_translation_is_not_announced(client, brand):
    french = kb.article(brand, "Imprimante")
    kb.article(brand, "Printer", language="en", family=french.family, visibility="internal")
    page = client.get(f"/help/asclepia/fr/articles/{french.pk}-{french.slug}").content.decode()
    assert "hreflang" not in page.split("</head>")[0]
