"""Whether a request comes from a crawler (pure), so that article views and guided-flow runs
count people, not the search engines reading the sitemap. See docs/knowledge.md ("Analytics").

A user-agent test, as every analytics tool does it: crawlers announce themselves ("Googlebot/2.1",
"bingbot", "AhrefsBot", "YandexBot", "Baiduspider", "facebookexternalhit", ...). `bot` counts only
at the end of a word, so device names such as "CUBOT_X30" are not taken for one. A crawler that
pretends to be a browser is counted, as anywhere else; so is a request without a user agent.
"""

from __future__ import annotations

import re

_CRAWLER = re.compile(
    r"bot(?:[/;\s)\-]|$)|crawl|spider|slurp|facebookexternalhit|mediapartners|bingpreview|"
    r"python-requests|curl/|wget/",
    re.IGNORECASE,
)


def is_crawler(user_agent: str) -> bool:
    """True for a crawler's or a script's user agent (none at all is given the benefit)."""
    return _CRAWLER.search(user_agent[:500]) is not None
