"""HTML from outside keeps its formatting and loses anything active."""

import pytest

from guichet.core.sanitise import html_to_text, sanitise_html, text_to_html


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("<p>Bonjour <b>Léa</b></p>", "<p>Bonjour <b>Léa</b></p>"),
        ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ("<style>p{}</style><iframe src=x></iframe>ok", "ok"),
    ],
)
def test_sanitise_html(raw, clean):
    assert sanitise_html(raw) == clean


def test_links_get_a_safe_rel():
    assert sanitise_html('<a href="https://x.test">x</a>') == (
        '<a href="https://x.test" rel="noopener noreferrer nofollow">x</a>'
    )


def test_text_to_html_escapes_and_keeps_paragraphs():
    assert text_to_html("a < b\nc\n\nd") == "<p>a &lt; b<br>c</p><p>d</p>"


def test_html_to_text_drops_scripts_and_keeps_lines():
    assert html_to_text("<p>Un</p><p>Deux &amp; trois</p><script>x()</script>") == (
        "Un\nDeux & trois"
    )
