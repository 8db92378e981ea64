"""Crawlers are not counted: article views and guided-flow runs are people's (crawlers.py)."""

from __future__ import annotations

import pytest

from guichet.knowledge.actions.flows import do_save_flow
from guichet.knowledge.crawlers import is_crawler
from guichet.knowledge.models import ArticleView, FlowRun
from guichet.knowledge.tests import factories as kb
from guichet.knowledge.tests.test_flowgraph import FLOW

pytestmark = pytest.mark.django_db

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [(GOOGLEBOT, True), ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
     ("Mozilla/5.0 (compatible; AhrefsBot/7.0)", True), ("Baiduspider-render/2.0", True),
     ("facebookexternalhit/1.1", True), ("curl/8.5.0", True), ("python-requests/2.32", True),
     (FIREFOX, False), ("Mozilla/5.0 (Linux; Android 13; CUBOT_X30 Build/TP1A) Chrome/120", False),
     ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
      False), ("", False)],
)  # fmt: skip
def test_which_user_agents_are_crawlers(agent, expected):
    assert is_crawler(agent) is expected


def test_a_crawler_reading_an_article_is_not_a_view(client, brand):
    article = kb.article(brand, "Configurer l'imprimante", "L'ordonnance ne s'imprime pas.")
    url = f"/help/asclepia/fr/articles/{article.pk}-{article.slug}"
    assert client.get(url, HTTP_USER_AGENT=GOOGLEBOT).status_code == 200
    assert not ArticleView.objects.exists()
    client.get(url, HTTP_USER_AGENT=FIREFOX)
    assert ArticleView.objects.count() == 1


def test_a_crawler_reading_a_flow_starts_no_run(client, brand):
    flow = do_save_flow(kb.admin(), brand, title="Imprimante", language="fr", definition=FLOW,
                        state="published")  # fmt: skip
    url = f"/help/asclepia/fr/flows/{flow.pk}-{flow.slug}/"
    assert client.get(url, HTTP_USER_AGENT=GOOGLEBOT).status_code == 200
    assert not FlowRun.objects.exists()
    client.get(url, HTTP_USER_AGENT=FIREFOX)
    assert FlowRun.objects.count() == 1
