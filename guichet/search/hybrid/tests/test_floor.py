"""The meaning floor (floor.py): each row's best score from a content-free query."""

import numpy as np
import pytest

from guichet.search.hybrid import floor
from guichet.search.hybrid.dense import DenseIndex


def test_a_rows_floor_is_the_best_score_any_probe_reaches_on_any_of_its_passages():
    index = DenseIndex(
        [np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros((0, 2)), np.array([[0.6, 0.8]])], 2
    )
    probes = np.array([[0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    floors = floor.row_floors(index, probes)
    # row 0: the second probe on its second passage (1.0); row 2: the first probe (0.96)
    assert floors[0] == 1.0
    assert floors[1] == np.inf
    assert floors[2] == pytest.approx(0.96)
    # the same as scoring each probe as a query and keeping each row's best
    best = np.max([index.scores(probe) for probe in probes], axis=0)
    assert floors[[0, 2]].tolist() == best[[0, 2]].tolist()


def test_a_row_without_vectors_never_matches_by_meaning():
    index = DenseIndex([np.zeros((0, 2)), np.array([[1.0, 0.0]])], 2)
    floors = floor.row_floors(index, np.array([[0.0, 1.0]], dtype=np.float32))
    assert floors[0] == np.inf
    assert floors[1] == 0.0


def test_the_probes_are_embedded_once_per_model_version():
    class Counting:
        model_version = "counting-1"
        calls = 0

        def embed_queries(self, texts):
            Counting.calls += 1
            return np.ones((len(texts), 2), dtype=np.float32)

    floor._probe_vectors.pop("counting-1", None)
    first = floor.probe_vectors(Counting())
    assert floor.probe_vectors(Counting()) is first
    assert Counting.calls == 1
    assert first.shape == (len(floor.PROBES), 2)
