"""Parsing the shared corpus gives exactly what it gave before the parsing speed-ups."""

from __future__ import annotations

import json

import pytest

from .parse_snapshot import SNAPSHOT, snapshot
from .paths import MAIL, require

EXPECTED = json.loads(SNAPSHOT.read_text())


def test_snapshot_covers_the_whole_corpus():
    require(MAIL)
    assert len(EXPECTED) == 140


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_message_parses_as_in_the_snapshot(name):
    # given one raw message of the shared corpus
    path = require(MAIL / name)
    # when it is parsed, its reply extracted and its noise classified
    result = json.loads(json.dumps(snapshot(path), sort_keys=True, ensure_ascii=False))
    # then every field is what the code gave before the speed-ups
    assert result == EXPECTED[name]
