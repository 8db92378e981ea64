"""Markdown → sanitised HTML for articles (see docs/adr/0009-markdown.md).

Markdown may hold raw HTML; the output always goes through guichet.core.sanitise, so a
`<script>` or an `onclick` written in an article never reaches a reader.
"""

from __future__ import annotations

import markdown

from guichet.core.sanitise import html_to_text, sanitise_html

EXTENSIONS = ["extra", "sane_lists"]
MAX_MARKDOWN_CHARS = 200_000


def render_markdown(source: str) -> str:
    html = markdown.markdown((source or "")[:MAX_MARKDOWN_CHARS], extensions=EXTENSIONS)
    return sanitise_html(html)


def plain_text(html: str) -> str:
    """Readable text of rendered HTML (for the index and snippets)."""
    return html_to_text(html or "")
