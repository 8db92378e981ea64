"""Choosing the held-out tickets on which a new model and the active one are compared."""

from __future__ import annotations

from guichet.triage.comparison import MIN_UNSEEN, comparison_slice

LABELS = ["a", "b"] * 20


def test_tickets_the_active_model_trained_on_are_left_out() -> None:
    # given held-out tickets 1..40; the active model held out 2 and 4 and trained up to 30
    held = list(range(1, 41))

    chosen = comparison_slice(held, LABELS, frozenset({2, 4, 99}), 30, minimum=5)

    # then only its own held-out tickets and those newer than its training data remain
    assert [held[i] for i in chosen.positions] == [2, 4, *range(31, 41)]
    assert chosen.unseen_only and chosen.note == "on 12 tickets the active model never saw"


def test_whole_slice_when_the_active_model_recorded_nothing() -> None:
    chosen = comparison_slice([5, 6, 7], ["a", "b", "a"], None, None)

    assert chosen.positions == [0, 1, 2] and not chosen.unseen_only
    assert "did not record" in chosen.note and "(3 tickets)" in chosen.note


def test_whole_slice_when_too_few_tickets_are_unseen() -> None:
    held = list(range(1, 41))

    chosen = comparison_slice(held, LABELS, frozenset(range(1, MIN_UNSEEN)), 40)

    assert chosen.positions == list(range(40)) and not chosen.unseen_only
    assert f"only {MIN_UNSEEN - 1} of them unseen" in chosen.note


def test_whole_slice_when_the_unseen_tickets_are_of_a_single_class() -> None:
    held, labels = list(range(1, 41)), ["a"] * 30 + ["b"] * 10

    chosen = comparison_slice(held, labels, frozenset(), 30, minimum=5)  # 31..40: all "b"

    assert not chosen.unseen_only and len(chosen.positions) == 40


def test_a_slice_the_active_model_never_saw_is_compared_whole_however_small() -> None:
    chosen = comparison_slice([3, 8], ["a", "b"], frozenset({3, 8}), 10)

    assert chosen.positions == [0, 1] and chosen.unseen_only
    assert "never saw" in chosen.note
