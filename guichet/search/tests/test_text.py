"""Pure functions: words, query parsing and each backend's query string."""

from guichet.search.backends.postgres import tsquery_text
from guichet.search.backends.sqlite import fts5_expression
from guichet.search.documents import contact_text, ticket_text
from guichet.search.text import parse_query, search_text, words


def test_words_split_on_anything_but_letters_and_digits():
    assert words("jean.dupont@example.fr TEL-12 l'imprimante foo_bar 3.5") == [
        "jean", "dupont", "example", "fr", "TEL", "12", "l", "imprimante", "foo", "bar", "3", "5",
    ]  # fmt: skip


def test_words_keep_a_decomposed_accent_inside_the_word():
    assert words("re\u0301silier") == ["résilier"]


def test_search_text_stops_at_the_limit_on_a_word_boundary():
    assert search_text(["alpha beta", "gamma"], limit=12) == "alpha beta"


def test_parse_query_makes_one_phrase_per_chunk_with_prefix_on_the_last_word():
    query = parse_query("TEL-12 imprim")
    assert [(p.words, p.prefix) for p in query.phrases] == [
        (("tel", "12"), True),
        (("imprim",), True),
    ]


def test_parse_query_does_not_prefix_single_letters():
    assert parse_query("a").phrases[0].prefix is False


def test_parse_query_drops_syntax_characters():
    query = parse_query('"unbalanced * - AND OR NOT NEAR( col:x ^ {}')
    assert [p.words for p in query.phrases] == [
        ("unbalanced",), ("and",), ("or",), ("not",), ("near",), ("col", "x"),
    ]  # fmt: skip


def test_parse_query_of_only_punctuation_is_empty():
    assert not parse_query("*** --- ''")


def test_fts5_expression_quotes_every_phrase():
    assert fts5_expression(parse_query("résil AND TEL-1")) == '"résil"* "and"* "tel 1"'


def test_fts5_expression_restricted_to_columns():
    expression = fts5_expression(parse_query("vpn"), ("title", "public_text"))
    assert expression == '{title public_text} : ("vpn"*)'


def test_tsquery_text_chains_words_of_a_phrase_and_restricts_weights():
    assert tsquery_text(parse_query("TEL-12 vpn"), "AB") == "('tel':AB <-> '12':*AB) & ('vpn':*AB)"


def test_tsquery_text_without_weights():
    assert tsquery_text(parse_query("x vpn")) == "('x') & ('vpn':*)"


def test_ticket_text_puts_notes_apart():
    text = ticket_text(
        reference="TEL-1",
        subject="Box en panne",
        requester_name="Léa Martin",
        requester_identities=["lea@example.fr"],
        organisation_name="ACME",
        tags=["vip"],
        messages=[("customer", "Ma box clignote"), ("note", "Client difficile"), ("reply", "Ok")],
    )
    assert text.title == "TEL 1 Box en panne Léa Martin lea example fr ACME vip"
    assert text.public_text == "Ma box clignote Ok"
    assert text.internal_text == "Client difficile"


def test_contact_text_has_identities_and_organisation_in_details():
    text = contact_text(name="Léa Martin", identities=["+33612345678"], organisation_name="ACME")
    assert (text.name, text.details) == ("Léa Martin", "33612345678 0612345678 ACME")
