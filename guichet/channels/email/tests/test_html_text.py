"""HTML to readable text: paragraphs, breaks, lists, links kept; style and script dropped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guichet.channels.email.html_text import html_to_text


def test_paragraphs_are_separated_by_a_blank_line():
    assert html_to_text("<p>One</p><p>Two</p>") == "One\n\nTwo"


def test_line_breaks_are_kept():
    assert html_to_text("One<br>Two<br/>Three") == "One\nTwo\nThree"


def test_whitespace_inside_text_is_collapsed():
    assert html_to_text("<p>  a \n\t b  </p>") == "a b"


def test_style_script_and_head_are_dropped():
    html = "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>Hi</body></html>"
    assert html_to_text(html) == "Hi"


def test_lists_get_markers_and_nested_lists_an_indent():
    html = "<ul><li>one</li><li>two<ol><li>a</li><li>b</li></ol></li></ul>"
    assert html_to_text(html) == "- one\n- two\n  1. a\n  2. b"


def test_link_target_follows_its_text():
    assert (
        html_to_text('See <a href="https://x.fr/aide">help</a>.') == "See help (https://x.fr/aide)."
    )


def test_link_whose_text_is_its_target_is_not_repeated():
    html = '<a href="mailto:a@x.fr">a@x.fr</a> <a href="https://x.fr">https://x.fr</a>'
    assert html_to_text(html) == "a@x.fr https://x.fr"


def test_javascript_links_are_not_shown():
    assert html_to_text('<a href="javascript:alert(1)">click</a>') == "click"


def test_blockquote_lines_are_prefixed_like_plain_text_quotes():
    html = "<p>Reply</p><blockquote><p>Old</p><blockquote>Older</blockquote></blockquote>"
    assert html_to_text(html) == "Reply\n\n> Old\n>\n>> Older"


def test_entities_and_non_breaking_spaces_are_decoded():
    assert html_to_text("caf&eacute;&nbsp;cr&#232;me") == "café crème"


def test_preformatted_text_keeps_its_lines_and_indent():
    assert html_to_text("<pre>a\n  b</pre>") == "a\n  b"


def test_table_cells_are_separated_and_rows_are_lines():
    assert (
        html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\nc"
    )


def test_image_alt_text_is_shown():
    assert html_to_text('Voir <img src="cid:x" alt="capture">') == "Voir [capture]"


def test_unclosed_and_broken_markup_still_gives_text():
    assert html_to_text("<p>a<div>b<span>c</p></div>") == "a\nbc"


def test_comments_and_conditional_comments_are_dropped():
    assert html_to_text("<!-- hidden --><!--[if mso]>x<![endif]-->shown") == "shown"


@given(st.text(max_size=300))
def test_html_to_text_never_raises(html):
    assert isinstance(html_to_text(html), str)


@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<blockquote>",
                "</blockquote>",
                "<br>",
                "<li>",
                "<ul>",
                "</ol>",
                "<a href='http://x'>",
                "</a>",
                "<pre>",
                "</pre>",
                "x",
                " ",
                "\n",
                "<script>",
                "</style>",
            ]
        ),
        max_size=40,
    )
)
def test_html_to_text_never_raises_on_tag_soup(tokens):
    assert isinstance(html_to_text("".join(tokens)), str)


def test_invisible_characters_are_dropped_from_text_pre_and_alt():
    # given zero-width spaces, BOMs, soft hyphens and NULs in text, <pre> and alt text
    html = "<p>Bon\u200bjour\ufeff le\u00ad monde\x00</p><pre>a\u200bb</pre><img alt='lo\u200bgo'>"
    # when it is turned into text
    text = html_to_text(html)
    # then none of them is left, and the text around them is intact
    assert text == "Bonjour le monde\n\nab\n\n[logo]"


def test_the_same_html_converted_twice_gives_the_same_text():
    # given an HTML body converted once (as parsing does for an HTML-only message)
    html = "<blockquote><p>cité</p></blockquote><p>réponse</p>"
    first = html_to_text(html)
    # when the quote stripper asks again, from an equal string
    second = html_to_text("".join([html[:10], html[10:]]))
    # then the text is the same
    assert first == second == "> cité\n\nréponse"
