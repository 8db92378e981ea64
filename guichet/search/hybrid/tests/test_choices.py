"""Word-valued search settings: case and blanks forgiven, unknown values logged once."""

import logging

from guichet.search.hybrid.choices import choice


def test_a_known_value_is_read_in_any_case(settings):
    settings.GUICHET_SEARCH_WORD_VECTORS = " NONE "
    assert choice("GUICHET_SEARCH_WORD_VECTORS", ("auto", "none"), "none") == "none"
    settings.GUICHET_SEARCH_WORD_VECTORS = ""
    assert choice("GUICHET_SEARCH_WORD_VECTORS", ("auto", "none"), "none") == "auto"


def test_an_unknown_value_falls_back_and_is_logged_once(settings, caplog):
    settings.GUICHET_SEARCH_SECOND_MODEL = "bert-please"
    with caplog.at_level(logging.WARNING, logger="guichet.search"):
        for _ in range(3):
            assert choice("GUICHET_SEARCH_SECOND_MODEL", ("auto", "use", "none"), "none") == "none"
    assert [r.getMessage() for r in caplog.records] == [
        "Unknown GUICHET_SEARCH_SECOND_MODEL 'bert-please': read as 'none'"
    ]
